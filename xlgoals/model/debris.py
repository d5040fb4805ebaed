"""OCR and HTML debris from published PDFs: `<p>` tags, entities, LaTeX like `$\\geq 100\\%$`.

One place knows what debris looks like: the target parser strips it, the text importer
strips and logs it, and the structure checks report it when it is left in a cell.
"""

from __future__ import annotations

import re

HTML_TAG = re.compile(r"</?\s*[a-zA-Z][^<>]*>")
PARAGRAPH_BREAK = re.compile(r"</p>\s*<p[^<>]*>", re.IGNORECASE)
LATEX_SPAN = re.compile(r"\$([^$]*)\$")
#: anything that betrays debris: tags, entities, LaTeX commands and math delimiters
ANY = re.compile(r"</?\s*[a-zA-Z][^<>]*>|&(?:nbsp|lt|gt|amp|quot|#\d+);|\\[a-zA-Z]+|\$|\\[%,;!]")

_LATEX = [
    (re.compile(r"\\geq(slant)?|\\ge\b"), "≥"),
    (re.compile(r"\\leq(slant)?|\\le\b"), "≤"),
    (re.compile(r"\\neq?\b"), "≠"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\\[,;! ]"), ""),
]


def latex_to_text(body: str) -> str:
    """`\\geq 100\\%` → `≥ 100%`."""
    for pattern, replacement in _LATEX:
        body = pattern.sub(replacement, body)
    return body


def strip(text: str) -> str:
    """The text without debris: a paragraph break becomes a line break, tags go, LaTeX is
    turned into the symbols it stands for."""
    if HTML_TAG.search(text):
        text = HTML_TAG.sub("", PARAGRAPH_BREAK.sub("\n", text)).strip()
    if "$" in text or "\\" in text:
        text = LATEX_SPAN.sub(lambda m: latex_to_text(m.group(1)).replace(" ", ""), text)
        text = latex_to_text(text).replace("$", "")
    return text


def find(text: str | None) -> list[str]:
    """The pieces of debris in a text, each once, in order."""
    return list(dict.fromkeys(ANY.findall(text or "")))
