"""Typed cells for the workbook: numbers with number formats, text that is only ever text,
formulas that carry their computed value.

Excel stores no time zone, so instants are converted here, once: a *local* column holds the
wall-clock reading in the zone named on the same row, a *UTC* column holds UTC. Dates are written
as Excel serial numbers computed from aware datetimes (no naive datetime is ever made).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from xlsxwriter.worksheet import Worksheet

from exports.table import Kind, Value, column_letter

EXCEL_EPOCH = date(1899, 12, 30)

NUMBER_FORMATS: dict[Kind, str | None] = {
    Kind.TEXT: None,
    Kind.INT: "0",
    Kind.HOURS: "0.00",
    Kind.MONEY: "#,##0.00_)",  # a little room before the currency to its right
    Kind.RATE: "0.00",
    Kind.DATE: "yyyy-mm-dd",
    Kind.LOCAL_DATETIME: "yyyy-mm-dd hh:mm",
    Kind.UTC_DATETIME: "yyyy-mm-dd hh:mm",
    Kind.LOCAL_TIME: "hh:mm",
    Kind.DURATION: "[h]:mm",
    Kind.MONTH: "yyyy-mm",
}


def serial_date(day: date) -> float:
    return float((day - EXCEL_EPOCH).days)


def serial_wall_clock(moment: datetime) -> float:
    """The Excel serial of an aware datetime's wall-clock reading in its own zone."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}")
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return serial_date(moment.date()) + seconds / 86400


def serial_utc(moment: datetime) -> float:
    return serial_wall_clock(moment.astimezone(UTC))


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula with ``{r}`` for its own (1-based) row, and the value it computes."""

    text: str
    value: float


@dataclass(frozen=True, slots=True)
class SheetColumn:
    header: str
    kind: Kind
    width: float = 12


class Decor(Protocol):
    """The title block and print layout every sheet gets (see :mod:`exports.xlsx_title`)."""

    def write(self, sheet: Any, formats: dict[str, Any], title: str,
              widths: Sequence[float]) -> int: ...

    def page_setup(self, sheet: Any, name: str, header_row: int, last_row: int,
                   last_col: int) -> None: ...


class SheetWriter:
    """Writes rows of typed values under a title block and a bold header row, with frozen
    panes just under the header and an autofilter on it.

    ``intro`` lines (a short guide) go between the title block and the header.
    ``print_columns`` leaves the columns after it off the printed page (ids, for instance).
    """

    def __init__(self, workbook: Any, name: str, columns: Sequence[SheetColumn],
                 formats: dict[str, Any], *, decor: Decor | None = None, title: str = "",
                 intro: Sequence[str] = (), existing: Any = None,
                 print_columns: int | None = None) -> None:
        self.sheet = existing if existing is not None else add_sheet(workbook, name)
        self.name = name
        self.columns = list(columns)
        self.formats = formats
        self.decor = decor
        self.print_columns = print_columns or len(self.columns)
        widths = [c.width for c in self.columns]
        for col, width in enumerate(widths):
            self.sheet.set_column(col, col, width)
        top = (decor.write(self.sheet, formats, title or name, widths[:self.print_columns])
               if decor else 0)
        if intro:
            top = self._intro(top, intro, sum(widths[:self.print_columns]))
        self.header_row = top
        self.row = top + 1
        self.sheet.set_row(top, 45)  # up to three lines for the wrapped headers
        for col, column in enumerate(self.columns):
            self.sheet.write_string(top, col, column.header, formats["header"])
        self._fmt = [formats.get(c.kind.value) for c in self.columns]
        # Long text columns wrap; their rows are made tall enough (no program autofits them).
        self._wrapped = [i for i, c in enumerate(self.columns)
                         if c.kind is Kind.TEXT and c.width >= WRAP_WIDTH]
        for i in self._wrapped:
            self._fmt[i] = formats["wrap"]
        self._serial = [serial_utc if c.kind is Kind.UTC_DATETIME else serial_wall_clock
                        for c in self.columns]

    def _intro(self, row: int, lines: Sequence[str], width: float) -> int:
        sheet, last = self.sheet, max(self.print_columns - 1, 1)
        sheet.write_string(row, 0, "How to read this", self.formats["subtitle"])
        for line in lines:
            row += 1
            sheet.set_row(row, 15 * text_lines(f"• {line}", width))
            sheet.merge_range(row, 0, row, last, f"• {line}", self.formats["title_line"])
        return row + 2

    def write(self, values: Sequence[Value | Formula | None]) -> int:
        """One row; returns its 0-based index."""
        sheet, r = self.sheet, self.row
        number, string, formula = sheet.write_number, sheet.write_string, sheet.write_formula
        for col, value in enumerate(values):
            fmt = self._fmt[col]
            if value is None or value == "":
                continue
            if isinstance(value, Formula):
                formula(r, col, value.text.replace("{r}", str(r + 1)), fmt, value.value)
            elif isinstance(value, str):
                string(r, col, value, fmt)
            elif isinstance(value, datetime):
                number(r, col, self._serial[col](value), fmt)
            elif isinstance(value, date):
                number(r, col, serial_date(value), fmt)
            else:
                number(r, col, value, fmt)
        if self._wrapped:
            lines = max(text_lines(values[i], self.columns[i].width) for i in self._wrapped)
            if lines > 1:
                sheet.set_row(r, 15 * lines)
        self.row += 1
        return r

    @property
    def first_data_row(self) -> int:
        """The 1-based number of the first data row, as formulas name it."""
        return self.header_row + 2

    def finish(self, *, print_last_row: int | None = None) -> None:
        """Filter, frozen panes and print layout; rows written below the table (totals) are
        printed up to ``print_last_row`` (0-based)."""
        last = max(self.row - 1, self.header_row + 1)
        self.sheet.autofilter(self.header_row, 0, last, len(self.columns) - 1)
        self.sheet.freeze_panes(self.header_row + 1, 0)
        if self.decor is not None:
            self.decor.page_setup(self.sheet, self.name, self.header_row,
                                  max(last, print_last_row or 0), self.print_columns - 1)
        else:
            print_setup(self.sheet, self.header_row)

    def column_range(self, col: int, last_row: int | None = None) -> str:
        """``'Sheet'!$C$2:$C$99`` over the data rows (never empty, so formulas stay valid)."""
        first = self.first_data_row
        last = max(last_row if last_row is not None else self.row, first)
        return block(self.name, col, first, last)


def block(sheet: str, col: int, first: int, last: int) -> str:
    """``'Sheet'!$C$5:$C$9``: rows ``first``..``last`` (1-based) of one column."""
    letter = column_letter(col)
    return f"'{sheet}'!${letter}${first}:${letter}${last}"


_KNOWN_CALL = re.compile(r"\b(?:SUMIFS|COUNTIFS|SUM|COUNT|MAX)\(")
_ANY_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(")


class PlainFormulaSheet(Worksheet):  # type: ignore[misc]
    """A worksheet that skips XlsxWriter's future-function rewriting for formulas that call
    only SUM, SUMIFS, COUNT, COUNTIFS and MAX (Excel 2007 functions that need no ``_xlfn.`` prefix).

    The rewriting runs some thirty regular expressions per formula, most of the time spent on
    a large workbook; any other formula goes through XlsxWriter's own path.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if formula.startswith("=") and not _ANY_CALL.search(_KNOWN_CALL.sub("(", formula)):
            return formula[1:]
        result: str = super()._prepare_formula(formula, expand_future_functions)
        return result


def add_sheet(workbook: Any, name: str) -> Any:
    return workbook.add_worksheet(name, worksheet_class=PlainFormulaSheet)


WRAP_WIDTH = 40


def text_lines(value: object, width: float) -> int:
    """How many lines a wrapped text needs in a column ``width`` characters wide (roughly)."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(int(width * 1.25), 1)  # text averages narrower than the digit width
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


def print_setup(sheet: Any, header_row: int = 0) -> None:
    """Printed (or saved as PDF): landscape, one page wide, the header on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)


def make_formats(workbook: Any) -> dict[str, Any]:
    formats: dict[str, Any] = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1,
                                       "text_wrap": True, "valign": "top"}),
        "title": workbook.add_format({"bold": True, "font_size": 14, "valign": "top"}),
        "title_line": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "title_text": workbook.add_format({}),
        "draft": workbook.add_format({"bold": True, "font_color": "#C00000"}),
        "published": workbook.add_format({"bold": True, "font_color": "#00703C"}),
        "subtitle": workbook.add_format({"bold": True, "font_size": 12}),
        "bold": workbook.add_format({"bold": True, "valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "rate_left": workbook.add_format({"num_format": "0.00", "align": "left",
                                          "valign": "top"}),
        "gap": workbook.add_format({"bg_color": "#F8D0D0", "font_color": "#9C0006"}),
    }
    for kind, num_format in NUMBER_FORMATS.items():
        formats[kind.value] = workbook.add_format(
            {"num_format": num_format, "valign": "top"} if num_format
            else {"valign": "top"})
    for kind in (Kind.HOURS, Kind.MONEY, Kind.INT):
        formats[f"total_{kind.value}"] = workbook.add_format(
            {"num_format": NUMBER_FORMATS[kind], "bold": True, "top": 1})
    return formats
