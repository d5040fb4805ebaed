"""The 绩效目标 ribbon's actions as xlwings-server scripts: each runs `xlgoals.excel.<name>` on
the workbook the client sent (xlwings' remote interpreter) and returns its actions."""

import xlwings as xw
from xlwings.server import script

from xlgoals import excel


@script
def validate(book: xw.Book) -> None:
    excel.validate(book)


@script
def subtotals(book: xw.Book) -> None:
    excel.subtotals(book)


@script
def comparators(book: xw.Book) -> None:
    excel.comparators(book)


@script
def clear_marks(book: xw.Book) -> None:
    excel.clear_marks(book)


@script
def add_project_sheet(book: xw.Book) -> None:
    excel.add_project_sheet(book)


@script
def merge(book: xw.Book) -> None:
    excel.merge(book)


@script
def score(book: xw.Book) -> None:
    excel.score(book)
