"""The cells of a team sheet as text: a .csv file in any encoding Excel writes, or every
worksheet of an .xlsx workbook, with the cells whose value cannot be trusted flagged.

Encoding of a CSV file: UTF-8 (with or without the byte-order mark Excel's "CSV UTF-8" writes)
or UTF-16 with its byte-order mark (Excel's "Unicode Text"). Anything else is read as
Windows-1252, the code page Excel on Windows uses for plain "CSV" in Western Europe and the
Americas (Latin-1 for the five bytes Windows-1252 leaves undefined), and a notice says so:
a strict UTF-8 decode practically never succeeds on text that is not UTF-8, so the only guess
is the fallback, and the preview shows its result before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from coverage_app.services.errors import UserError
from models.domain import Problem

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
# Day 0 of Excel serial dates in the 1900 date system (the one CSV files and Windows use).
EXCEL_1900_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 (a calendar day, not an instant)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table of cells; ``flagged`` maps (row index, column index), both from 0, to what is
    wrong with that cell (a formula without a saved value, an Excel error value)."""

    name: str  # the worksheet's name, "" for a CSV file
    rows: tuple[tuple[str, ...], ...]
    flagged: Mapping[tuple[int, int], Problem] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SheetFile:
    name: str  # the file name, as messages show it
    sheets: tuple[Sheet, ...]
    epoch: datetime = EXCEL_1900_EPOCH  # day 0 of serial dates (1904 system for some workbooks)
    notices: tuple[str, ...] = ()


def read_sheets(path: Path) -> SheetFile:
    """Every table in the file; :class:`UserError` when the file cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UserError.say("old Excel 97-2003 workbooks (.xls) cannot be read", path.name,
                            "file", "save it as an Excel Workbook (.xlsx) or as CSV UTF-8")
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise UserError.say("unsupported file type", path.name, "file",
                            "use a .csv or .xlsx file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError.say(f"cannot read the file: {error.strerror or error}", str(path),
                            "file") from None
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path.name, data)
    return _read_csv(path.name, data)


# CSV -----------------------------------------------------------------------------------------
def decode_text(data: bytes, name: str) -> tuple[str, str | None]:
    """The text of a CSV file and, when it was not UTF-8, a notice saying how it was read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise UserError.say("the file starts like UTF-16 text but is not", name, "file",
                                "save it from Excel as CSV UTF-8") from None
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        byte = body[error.start]
    try:
        text, used = body.decode("cp1252"), "Windows-1252 (Western European)"
    except UnicodeDecodeError:
        text, used = body.decode("latin-1"), "Latin-1 (ISO 8859-1)"
    return text, (
        f"{name} is not UTF-8 text (byte 0x{byte:02X} on line {line}), so it was read as {used}, "
        f"the encoding Excel on Windows uses for CSV. Check that names with accents look right "
        f"below; if they do not, save the file from Excel as 'CSV UTF-8' and load it again.")


def _read_csv(name: str, data: bytes) -> SheetFile:
    if data.startswith(b"PK\x03\x04"):
        raise UserError.say("this is an Excel workbook, not a CSV file", name, "file",
                            "rename it to .xlsx, or save it from Excel as CSV UTF-8")
    text, notice = decode_text(data, name)
    if "\x00" in text:
        raise UserError.say("this is not a text file", name, "file",
                            "save the team sheet as CSV UTF-8 or as an Excel workbook")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        rows = [tuple(_clean(cell) for cell in row) for row in reader]
    except csv.Error as error:
        raise UserError.say(f"the CSV file is broken on line {reader.line_num}: {error}", name,
                            "file", "a quoted cell must end with a quote; check the quotes "
                                    "on that line, or save the file from Excel again") from None
    return SheetFile(name, (Sheet("", tuple(rows)),), notices=(notice,) if notice else ())


def _delimiter(text: str) -> str:
    """The separator the header line uses most: ',' (most of the world), ';' (Excel where the
    decimal mark is a comma) or a tab (Excel's 'Unicode Text')."""
    header = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _clean(cell: str) -> str:
    """Surrounding spaces go; line breaks inside a cell stay (as ``\\n``)."""
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


# Excel ---------------------------------------------------------------------------------------
def _read_xlsx(name: str, data: bytes) -> SheetFile:
    import openpyxl

    try:
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UserError.say(f"not a readable Excel workbook ({type(error).__name__})", name,
                            "file", "open it in Excel or LibreOffice and save it again as "
                                    ".xlsx") from None
    sheets = tuple(_sheet(v, f) for v, f in zip(values.worksheets, formulas.worksheets,
                                                strict=True))
    epoch: datetime = values.epoch
    return SheetFile(name, sheets, epoch)


def _sheet(values: Any, formulas: Any) -> Sheet:
    """A worksheet read twice: ``values`` holds what Excel last calculated (None for a formula
    whose result was never saved), ``formulas`` holds the formulas themselves."""
    rows: list[tuple[str, ...]] = []
    flagged: dict[tuple[int, int], Problem] = {}
    for r, row in enumerate(values.iter_rows(min_row=1, min_col=1)):
        texts = []
        for c, cell in enumerate(row):
            value = cell.value
            if value is None:
                source = formulas.cell(row=cell.row, column=cell.column)
                if source.data_type == "f":
                    formula = source.value if isinstance(source.value, str) else getattr(
                        source.value, "text", "a formula")
                    flagged[(r, c)] = Problem(
                        "", formula, "the cell holds a formula whose result was never saved "
                        "(the file was written by a program that does not calculate)",
                        "open the file in Excel or LibreOffice and save it, or replace the "
                        "formula by its value")
            elif cell.data_type == "e":
                flagged[(r, c)] = Problem("", value, f"the cell shows the Excel error {value}",
                                          "correct the formula or the cells it uses")
                value = None
            texts.append(cell_text(value))
        rows.append(tuple(texts))
    return Sheet(str(values.title), tuple(rows), flagged)


def cell_text(value: object) -> str:
    """A cell's value as the text a CSV export of it would hold (dates as ISO days)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return _clean(str(value))
