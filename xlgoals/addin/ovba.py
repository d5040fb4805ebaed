"""Write VBA projects ([MS-OVBA]) from module source text, without Excel.

The project carries source only: ``_VBA_PROJECT`` has version 0xFFFF and no performance cache,
and every module's text offset is 0, so Office compiles from source on first load.

Code page: 936 (GBK), what a Chinese-locale Office writes itself. Source is encoded strictly, so
text that does not fit fails the build instead of turning into "?". The shipped modules are
ASCII, which reads the same in any ANSI code page; Chinese labels live in the UTF-8 ribbon.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from xlgoals.addin.cfb import write_cfb

CODEPAGE = 936
ENCODING = "cp936"
CHUNK = 4096
# Fixed so builds are reproducible; identifies the project, nothing else.
PROJECT_ID = "{5E9F4D2A-7C31-4B8E-9A6D-2F0C1B3E8D47}"
# Class ids of Excel's Workbook and Worksheet objects, the bases of document modules.
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
EXCEL_HOST = "{3832D640-CF90-11CF-8E43-00A0C911005A}"
REFERENCES = (
    (
        "stdole",
        r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0"
        r"#C:\Windows\System32\stdole2.tlb#OLE Automation",
    ),
    # Ribbon callbacks take an IRibbonControl, which lives in the Office library. Version 2.0
    # lets VBA bind whichever 2.x (Office 2007 and later) is registered.
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0"
        r"#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL"
        r"#Microsoft Office 16.0 Object Library",
    ),
)


@dataclass(frozen=True)
class Module:
    """One VBA module: ``document`` modules belong to a workbook or sheet object."""

    name: str
    source: str
    document: bool = False


# --- compression ([MS-OVBA] 2.4.1) -------------------------------------------------------


def _bit_count(position: int) -> int:
    """Bits of a copy token spent on the offset, given the position inside the chunk."""
    return max((position - 1).bit_length(), 4)


def _longest_match(chunk: bytes, pos: int, candidates: list[int]) -> tuple[int, int]:
    max_len = min((0xFFFF >> _bit_count(pos)) + 3, len(chunk) - pos)
    best_len, best_off = 0, 0
    for cand in reversed(candidates[-64:]):  # nearest first; bounded for speed
        length = 0
        while length < max_len and chunk[cand + length] == chunk[pos + length]:
            length += 1
        if length > best_len:
            best_len, best_off = length, pos - cand
            if length == max_len:
                break
    return best_off, best_len


def _compress_chunk(chunk: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}  # 3-byte prefix -> earlier positions
    indexed = pos = 0
    while pos < len(chunk):
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(chunk):
                break
            offset, length = _longest_match(chunk, pos, seen.get(chunk[pos : pos + 3], []))
            if length >= 3:
                shift = 16 - _bit_count(pos)
                out += struct.pack("<H", ((offset - 1) << shift) | (length - 3))
                out[flag_at] |= 1 << bit
            else:
                length = 1
                out.append(chunk[pos])
            pos += length
            for p in range(indexed, min(pos, len(chunk) - 2)):
                seen.setdefault(chunk[p : p + 3], []).append(p)
            indexed = pos
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Return ``data`` as a CompressedContainer."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        body = _compress_chunk(chunk)
        if len(body) <= CHUNK:
            # header: size - 3 in 12 bits, signature 0b011, flag 1 = compressed
            out += struct.pack("<H", 0xB000 | (len(body) + 2 - 3)) + body
        else:
            # Incompressible: a raw chunk always holds 4096 bytes, so a short last chunk is
            # padded with zeros as the spec says. Source text never gets here.
            out += struct.pack("<H", 0x3FFF) + chunk.ljust(CHUNK, b"\0")
    return bytes(out)


# --- PROJECT stream protection fields ([MS-OVBA] 2.4.3) -----------------------------------


def encrypt(data: bytes, seed: int = 0x0B) -> str:
    """Data Encryption as used for CMG, DPB and GC; the seed is fixed for reproducibility."""
    version = 2
    key = sum(PROJECT_ID.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ key])
    unenc1, enc1, enc2 = key, seed ^ key, seed ^ version
    ignored = bytes([seed]) * ((seed & 6) // 2)
    for byte in ignored + struct.pack("<I", len(data)) + data:
        enc = byte ^ ((enc2 + unenc1) & 0xFF)
        out.append(enc)
        enc2, enc1, unenc1 = enc1, enc, byte
    return out.hex().upper()


# --- streams ------------------------------------------------------------------------------


def _mbcs(text: str) -> bytes:
    return text.encode(ENCODING)


def _rec(rec_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", rec_id, len(data)) + data


def _pair(id_mbcs: int, id_unicode: int, text: str) -> bytes:
    return _rec(id_mbcs, _mbcs(text)) + _rec(id_unicode, text.encode("utf-16-le"))


def _module_record(module: Module) -> bytes:
    return b"".join(
        [
            _rec(0x0019, _mbcs(module.name)),  # MODULENAME
            _rec(0x0047, module.name.encode("utf-16-le")),  # MODULENAMEUNICODE
            _pair(0x001A, 0x0032, module.name),  # MODULESTREAMNAME
            _pair(0x001C, 0x0048, ""),  # MODULEDOCSTRING
            _rec(0x0031, struct.pack("<I", 0)),  # MODULEOFFSET: source starts at 0
            _rec(0x001E, struct.pack("<I", 0)),  # MODULEHELPCONTEXT
            _rec(0x002C, struct.pack("<H", 0xFFFF)),  # MODULECOOKIE
            struct.pack("<HI", 0x0022 if module.document else 0x0021, 0),  # MODULETYPE
            struct.pack("<HI", 0x002B, 0),  # terminator
        ]
    )


def dir_stream(modules: list[Module], project_name: str = "VBAProject") -> bytes:
    """The decompressed ``dir`` stream ([MS-OVBA] 2.3.4.2)."""
    info = [
        _rec(0x0001, struct.pack("<I", 1)),  # PROJECTSYSKIND: Win32
        _rec(0x0002, struct.pack("<I", 0x0409)),  # PROJECTLCID (must be 0x409)
        _rec(0x0014, struct.pack("<I", 0x0409)),  # PROJECTLCIDINVOKE
        _rec(0x0003, struct.pack("<H", CODEPAGE)),  # PROJECTCODEPAGE
        _rec(0x0004, _mbcs(project_name)),  # PROJECTNAME
        _pair(0x0005, 0x0040, ""),  # PROJECTDOCSTRING
        _pair(0x0006, 0x003D, ""),  # PROJECTHELPFILEPATH
        _rec(0x0007, struct.pack("<I", 0)),  # PROJECTHELPCONTEXT
        _rec(0x0008, struct.pack("<I", 0)),  # PROJECTLIBFLAGS
        struct.pack("<HIIH", 0x0009, 4, 1, 0),  # PROJECTVERSION: its size field is fixed at 4
        _pair(0x000C, 0x003C, ""),  # PROJECTCONSTANTS
    ]
    refs = [
        _pair(0x0016, 0x003E, name)  # REFERENCENAME
        + _rec(0x000D, struct.pack("<I", len(libid)) + libid.encode("ascii") + b"\0" * 6)
        for name, libid in REFERENCES
    ]
    mods = [
        _rec(0x000F, struct.pack("<H", len(modules))),  # PROJECTMODULES
        _rec(0x0013, struct.pack("<H", 0xFFFF)),  # PROJECTCOOKIE
        *(_module_record(m) for m in modules),
    ]
    return b"".join(info + refs + mods) + struct.pack("<HI", 0x0010, 0)


UNPROTECTED = struct.pack("<I", 0)
NO_PASSWORD = bytes([0])
VISIBLE = bytes([0xFF])


def project_stream(modules: list[Module], project_name: str = "VBAProject") -> bytes:
    """The text ``PROJECT`` stream ([MS-OVBA] 2.3.1): module list, name, protection off."""
    lines = [f'ID="{PROJECT_ID}"']
    lines += [
        f"Document={m.name}/&H00000000" if m.document else f"Module={m.name}" for m in modules
    ]
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{encrypt(UNPROTECTED)}"',
        f'DPB="{encrypt(NO_PASSWORD)}"',
        f'GC="{encrypt(VISIBLE)}"',
        "",
        "[Host Extender Info]",
        f"&H00000001={EXCEL_HOST};VBE;&H00000000",
        "",
    ]
    return _mbcs("\r\n".join(lines) + "\r\n")


def projectwm_stream(modules: list[Module]) -> bytes:
    """``PROJECTwm``: each module name in MBCS and UTF-16, zero-terminated."""
    parts = [_mbcs(m.name) + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules]
    return b"".join(parts) + b"\0\0"


# _VBA_PROJECT: reserved 0x61CC, version 0xFFFF (forces recompilation), reserved 0x00, 0x0000
VBA_PROJECT_STREAM = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0000)


def crlf(text: str) -> str:
    """Normalise line endings to CRLF, as VBA stores them, ending with a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text if text.endswith("\n") else text + "\n").replace("\n", "\r\n")


def document_module(name: str, base: str) -> Module:
    """The source of an empty workbook or worksheet module."""
    attrs = [
        f'VB_Name = "{name}"',
        f'VB_Base = "{base}"',
        "VB_GlobalNameSpace = False",
        "VB_Creatable = False",
        "VB_PredeclaredId = True",
        "VB_Exposed = True",
        "VB_TemplateDerived = False",
        "VB_Customizable = True",
    ]
    return Module(name, "".join(f"Attribute {a}\r\n" for a in attrs), document=True)


def vba_project_bin(modules: list[Module], project_name: str = "VBAProject") -> bytes:
    """A complete ``vbaProject.bin`` for ``modules``."""
    names = [m.name.upper() for m in modules]
    if len(set(names)) != len(names):
        raise ValueError("module names must be unique (case-insensitive)")
    streams = {
        "PROJECT": project_stream(modules, project_name),
        "PROJECTwm": projectwm_stream(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(dir_stream(modules, project_name)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(_mbcs(crlf(m.source)))
    return write_cfb(streams)
