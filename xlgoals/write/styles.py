"""The house style of every workbook xlgoals writes: font and severity fills."""

from __future__ import annotations

#: A font that renders Chinese in Excel on Windows; LibreOffice falls back to Noto CJK.
FONT_NAME = "宋体"


#: The contract's fill colours for problem cells.
SEVERITY_FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
