"""Text as it is shown to people, in a terminal or a workbook: file names from any file
system, control characters and all, made readable and safe."""

from __future__ import annotations

import re

#: what a terminal or a workbook cannot show as it is: control characters (tab and line feed
#: aside), lone surrogates (a file name in bytes that were not UTF-8), bidirectional overrides
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
#: shown for a control character
SHOWN_CONTROL = "□"


def printable(text: str) -> str:
    """Text safe to show in a terminal or put in a workbook, for a person to read.

    A file name unpacked from a Windows zip on Linux comes in GBK bytes, which Python carries
    as surrogates: they are decoded as GB18030 (else shown as �); control characters are
    shown as □. Machine output (JSON) keeps the original instead, escaped."""
    if text.isprintable():
        return text
    if _SURROGATE.search(text):
        text = _undo_surrogates(text)
    return _UNPRINTABLE.sub(SHOWN_CONTROL, text)


def printable_path(path: str) -> str:
    """A path made printable part by part (a GBK name inside UTF-8 folders is decoded)."""
    return "/".join(printable(part) for part in path.split("/"))


def _undo_surrogates(text: str) -> str:
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that stand for no byte
        return _SURROGATE.sub("\ufffd", text)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return _SURROGATE.sub("\ufffd", text)  # bytes of several encodings: the rest kept
