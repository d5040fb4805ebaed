"""A small writer for compound files ([MS-CFB] version 3), enough for ``vbaProject.bin``.

olefile can only overwrite existing streams in place, so new files are written here: 512-byte
sectors, a FAT, a mini stream of 64-byte sectors for streams under 4096 bytes and a directory
whose sibling trees are valid red-black trees. CLSIDs and timestamps are zero, so the same
streams always give the same bytes.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
DIFAT_IN_HEADER = 109
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN


def _sort_key(name: str) -> tuple[int, str]:
    # [MS-CFB] 2.6.4: shorter names first, then code points of the upper-cased names.
    return (len(name.encode("utf-16-le")), name.upper())


def _build_tree(streams: dict[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            node = node.children.setdefault(part, _Entry(part, _STORAGE))
            if node.kind != _STORAGE:
                raise ValueError(f"{path}: {part} is a stream, not a storage")
        if parts[-1] in node.children:
            raise ValueError(f"duplicate entry {path}")
        node.children[parts[-1]] = _Entry(parts[-1], _STREAM, bytes(data))
    return root


def _flatten(root: _Entry) -> list[_Entry]:
    entries = [root]
    queue = [root]
    while queue:
        node = queue.pop(0)
        for child in sorted(node.children.values(), key=lambda e: _sort_key(e.name)):
            if len(child.name) > 31:
                raise ValueError(f"name longer than 31 characters: {child.name}")
            child.sid = len(entries)
            entries.append(child)
            queue.append(child)
    return entries


def _link_siblings(node: _Entry) -> None:
    """Hang the children on a balanced tree; red leaves on the deepest level keep it red-black."""
    kids = sorted(node.children.values(), key=lambda e: _sort_key(e.name))
    depths: dict[int, int] = {}

    def place(lo: int, hi: int, depth: int) -> int:
        if lo >= hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        kid = kids[mid]
        depths[mid] = depth
        kid.left = place(lo, mid, depth + 1)
        kid.right = place(mid + 1, hi, depth + 1)
        return kid.sid

    node.child = place(0, len(kids), 0)
    deepest = max(depths.values(), default=0)
    for i, kid in enumerate(kids):
        kid.color = _RED if deepest > 0 and depths[i] == deepest else _BLACK
        _link_siblings(kid)


def _dir_entry(e: _Entry, size: int) -> bytes:
    name = e.name.encode("utf-16-le") + b"\0\0"
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name),
        e.kind,
        e.color,
        e.left,
        e.right,
        e.child,
        b"\0" * 16,  # CLSID
        0,  # state bits
        0,  # creation time
        0,  # modified time
        e.start if e.kind != _STORAGE else 0,
        size,
    )


_EMPTY_ENTRY = struct.pack(
    "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0
)


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN


def _fat_bytes(table: list[int]) -> bytes:
    """A (mini)FAT as whole sectors, unused entries free."""
    padded = table + [FREESECT] * (-len(table) % (SECTOR // 4))
    return struct.pack(f"<{len(padded)}I", *padded)


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """Return a compound file holding ``streams``, keyed by paths like ``"VBA/dir"``."""
    root = _build_tree(streams)
    entries = _flatten(root)
    _link_siblings(root)

    small = [e for e in entries if e.kind == _STREAM and len(e.data) < MINI_CUTOFF]
    large = [e for e in entries if e.kind == _STREAM and len(e.data) >= MINI_CUTOFF]

    mini_stream = bytearray()
    minifat: list[int] = []
    for e in small:
        count = math.ceil(len(e.data) / MINI_SECTOR)
        if count == 0:
            continue
        e.start = len(minifat)
        minifat.extend([0] * count)
        _chain(minifat, e.start, count)
        mini_stream += _pad(e.data, MINI_SECTOR)

    dir_sectors = math.ceil(len(entries) * 128 / SECTOR)
    minifat_sectors = math.ceil(len(minifat) * 4 / SECTOR)
    mini_sectors = math.ceil(len(mini_stream) / SECTOR)
    large_sectors = [math.ceil(len(e.data) / SECTOR) for e in large]
    body = dir_sectors + minifat_sectors + mini_sectors + sum(large_sectors)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < body + fat_sectors:
        fat_sectors += 1
    if fat_sectors > DIFAT_IN_HEADER:
        raise ValueError("compound file too large for a header-only DIFAT (about 6.8 MB)")

    fat = [FREESECT] * (fat_sectors * SECTOR // 4)
    for i in range(fat_sectors):
        fat[i] = FATSECT
    nxt = fat_sectors
    dir_start = nxt
    _chain(fat, nxt, dir_sectors)
    nxt += dir_sectors
    minifat_start = nxt if minifat_sectors else ENDOFCHAIN
    _chain(fat, nxt, minifat_sectors)
    nxt += minifat_sectors
    root.start = nxt if mini_sectors else ENDOFCHAIN
    _chain(fat, nxt, mini_sectors)
    nxt += mini_sectors
    for e, count in zip(large, large_sectors, strict=True):
        e.start = nxt
        _chain(fat, nxt, count)
        nxt += count

    directory = b"".join(
        _dir_entry(e, len(mini_stream) if e.kind == _ROOT else len(e.data)) for e in entries
    )
    directory += _EMPTY_ENTRY * (dir_sectors * SECTOR // 128 - len(entries))
    difat = list(range(fat_sectors)) + [FREESECT] * (DIFAT_IN_HEADER - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        SIGNATURE,
        b"\0" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian byte order mark
        9,  # sector shift: 2**9
        6,  # mini sector shift: 2**6
        b"\0" * 6,
        0,  # directory sector count: must be 0 in version 3
        fat_sectors,
        dir_start,
        0,  # transaction signature
        MINI_CUTOFF,
        minifat_start,
        minifat_sectors,
        ENDOFCHAIN,  # first DIFAT sector: none
        0,
        *difat,
    )
    parts = [
        header,
        _fat_bytes(fat),
        directory,
        _fat_bytes(minifat),
        _pad(bytes(mini_stream), SECTOR),
        *(_pad(e.data, SECTOR) for e in large),
    ]
    return b"".join(parts)
