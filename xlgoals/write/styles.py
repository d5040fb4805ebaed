"""The house style of every workbook xlgoals writes, as plain values (hex colours, formats) that
both openpyxl (template, annotated copies, imports) and XlsxWriter (the district workbook) use."""

from __future__ import annotations

#: every cell, so Chinese text prints the same on every machine
FONT_NAME = "宋体"
#: problem cells, by severity: the fills Excel's own conditional formats use
SEVERITY_FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
#: 万元 amounts: thousands separated, two to four decimals (1,728.3777; 90.10 as published)
AMOUNT_FORMAT = "#,##0.00##"
HEADER_FILL = "D9E1F2"  # column headers
LABEL_FILL = "F2F2F2"  # labels beside inputs
SECTION_FILL = "E7E6E6"  # section rows of the template
TOTAL_FILL = "E2EFDA"  # totals (formulas)
