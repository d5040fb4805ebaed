"""The VBA compression and the compound-file writer, checked by readers we did not write."""

from __future__ import annotations

import io
import os
import struct
import warnings

import olefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlgoals.addin import cfb, ovba

with warnings.catch_warnings():  # oletools' pyparsing grammar warns on import
    warnings.simplefilter("ignore")
    from oletools.olevba import decompress_stream

SIZES_NEAR_EDGES = [0, 1, 2, 3, 63, 64, 65, 511, 512, 513, 4095, 4096, 4097, 8191, 8192, 12289]


def _decompress(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(data)))


# --- compression ---------------------------------------------------------------------------

text_like = st.text(alphabet="Sub End If Then\r\n\"'()=_.:xg0123456789", max_size=20_000)


@settings(max_examples=60, deadline=None)
@given(text_like)
def test_compress_round_trips_source_like_text(text: str) -> None:
    data = text.encode("ascii")
    assert _decompress(ovba.compress(data)) == data


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=12_000))
def test_compress_round_trips_any_bytes(data: bytes) -> None:
    out = _decompress(ovba.compress(data))
    # A short, incompressible last chunk is stored raw, padded with zeros to 4096 bytes.
    assert out[: len(data)] == data
    assert set(out[len(data) :]) <= {0}
    assert len(out) - len(data) < ovba.CHUNK


@pytest.mark.parametrize("size", SIZES_NEAR_EDGES)
def test_compress_sizes_near_chunk_edges(size: int) -> None:
    for data in (b"a" * size, bytes(range(256)) * (size // 256) + b"x" * (size % 256)):
        assert _decompress(ovba.compress(data)) == data


def test_compress_long_runs_use_copy_tokens() -> None:
    data = b'Attribute VB_Name = "x"\r\n' * 2000  # over 4 KiB: several chunks
    packed = ovba.compress(data)
    assert len(packed) < len(data) // 10
    assert _decompress(packed) == data


def test_compressed_chunk_header() -> None:
    packed = ovba.compress(b"abc")
    assert packed[0] == 1  # container signature
    (header,) = struct.unpack("<H", packed[1:3])
    assert header >> 12 == 0b1011  # compressed flag and signature 0b011
    assert (header & 0xFFF) + 3 == len(packed) - 1


def test_incompressible_full_chunk_is_raw() -> None:
    data = os.urandom(4096)
    packed = ovba.compress(data)
    assert packed[1:3] == struct.pack("<H", 0x3FFF)
    assert _decompress(packed) == data


def test_encrypt_matches_spec_shape() -> None:
    # [MS-OVBA] 2.4.3: seed, version ^ seed, key ^ seed, (seed & 6) / 2 ignored bytes,
    # 4 length bytes and the data.
    for data in (ovba.UNPROTECTED, ovba.NO_PASSWORD, ovba.VISIBLE):
        raw = bytes.fromhex(ovba.encrypt(data, seed=0x0B))
        assert raw[0] ^ raw[1] == 2
        assert len(raw) == 3 + (0x0B & 6) // 2 + 4 + len(data)


# --- compound file ---------------------------------------------------------------------------

names = st.text(alphabet="abcXYZ_0123456789", min_size=1, max_size=12)
sizes = st.one_of(st.sampled_from(SIZES_NEAR_EDGES), st.integers(0, 20_000))


@st.composite
def stream_sets(draw: st.DrawFn) -> dict[str, bytes]:
    top = draw(st.lists(names, max_size=4, unique_by=str.upper))
    inner = draw(st.lists(names, min_size=1, max_size=8, unique_by=str.upper))
    streams = {}
    for path in [*top, *(f"VBA/{n}" for n in inner)]:
        if path.upper() == "VBA":
            continue
        size = draw(sizes)
        streams[path] = (path.encode() * (size // len(path) + 1))[:size]
    return streams


def _open(data: bytes) -> olefile.OleFileIO:
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def _check_red_black(ole: olefile.OleFileIO) -> None:
    """Every sibling tree: no red node has a red child, equal black height on all paths."""

    def black_height(sid: int) -> int:
        if sid == olefile.NOSTREAM:
            return 1
        entry = ole.direntries[sid]
        for child in (entry.sid_left, entry.sid_right):
            if child != olefile.NOSTREAM and entry.color == 0:
                assert ole.direntries[child].color == 1, "red node with a red child"
        left, right = black_height(entry.sid_left), black_height(entry.sid_right)
        assert left == right, "unequal black heights"
        return left + entry.color

    for entry in ole.direntries:
        if entry is not None and entry.sid_child != olefile.NOSTREAM:
            black_height(entry.sid_child)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stream_sets())
def test_cfb_round_trips_through_olefile(streams: dict[str, bytes]) -> None:
    data = cfb.write_cfb(streams)
    assert len(data) % cfb.SECTOR == 0
    ole = _open(data)
    listed = {"/".join(p) for p in ole.listdir(streams=True, storages=False)}
    assert listed == set(streams)
    for path, content in streams.items():
        assert ole.get_size(path) == len(content)
        assert ole.openstream(path).read() == content
    _check_red_black(ole)


def test_cfb_several_fat_sectors() -> None:
    big = bytes(range(256)) * 1200  # 300 KiB: 600 sectors, more than one FAT sector maps
    streams = {"VBA/big": big, "VBA/small": b"x" * 4095, "VBA/edge": b"y" * 4096, "P": b"p"}
    ole = _open(cfb.write_cfb(streams))
    assert ole.num_fat_sectors >= 5
    for path, content in streams.items():
        assert ole.openstream(path).read() == content


def test_cfb_is_reproducible_and_has_no_clsids_or_times() -> None:
    streams = {"VBA/dir": b"d" * 100, "PROJECT": b"p" * 5000}
    first = cfb.write_cfb(streams)
    assert first == cfb.write_cfb(dict(reversed(streams.items())))
    ole = _open(first)
    for entry in ole.direntries:
        if entry is not None:
            assert entry.clsid == "" and entry.createTime == 0 and entry.modifyTime == 0


def test_cfb_rejects_long_names() -> None:
    with pytest.raises(ValueError):
        cfb.write_cfb({"x" * 32: b""})
