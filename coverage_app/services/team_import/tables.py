"""Which tables a file holds (agents or time off, told apart by their header row), their
columns, and the place of every row, so that each problem names file, sheet, row and column."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from coverage_app.services.errors import UserError
from coverage_app.services.team_import.files import Sheet, SheetFile
from models.domain import Problem, suggest

TEAM_COLUMNS = ("id", "name", "display_name", "email", "time_zone", "country", "subdivision",
                "contract", "skills", "hourly_cost", "currency", "active", "availability",
                "employee_number")
TEAM_ALIASES = {"zone": "time_zone", "timezone": "time_zone", "time zone": "time_zone",
                "cost": "hourly_cost", "hourly cost": "hourly_cost",
                "display name": "display_name", "e-mail": "email", "mail": "email",
                "contract_id": "contract", "employee no": "employee_number",
                "employee no.": "employee_number", "personnel number": "employee_number",
                "payroll number": "employee_number"}
TIME_OFF_COLUMNS = ("agent", "first_day", "last_day", "kind", "note")
TIME_OFF_ALIASES = {"agent_id": "agent", "agent id": "agent", "agent name": "agent",
                    "name": "agent", "id": "agent", "employee": "agent",
                    "first day": "first_day", "from": "first_day", "start": "first_day",
                    "start date": "first_day", "first": "first_day",
                    "last day": "last_day", "to": "last_day", "until": "last_day",
                    "end": "last_day", "end date": "last_day", "last": "last_day",
                    "type": "kind", "reason": "kind", "notes": "note", "comment": "note"}


class TableKind(enum.StrEnum):
    TEAM = "team"
    TIME_OFF = "time off"


@dataclass(frozen=True, slots=True)
class RowPlace:
    """Where a row is: file, sheet (xlsx), row number as the spreadsheet shows it, and the
    label of each column (``column C 'Time zone'``)."""

    file: str
    sheet: str
    line: int
    columns: Mapping[str, str]

    def __str__(self) -> str:
        sheet = f", sheet '{self.sheet}'" if self.sheet else ""
        return f"{self.file}{sheet}, row {self.line}"

    def near(self, other: RowPlace) -> str:
        """This row as seen from ``other``: ``row 5``, or ``sheet 'Team' row 5``."""
        if (self.file, self.sheet) == (other.file, other.sheet):
            return f"row {self.line}"
        return str(self) if self.file != other.file else f"sheet '{self.sheet}' row {self.line}"

    def column(self, key: str) -> str:
        return self.columns.get(key, f"column '{key}' (not in the file)")

    def in_cell(self, problem: Problem) -> Problem:
        """The problem with its column spelt out (row and file left to the reader's context)."""
        key = problem.path.split(".", 1)[0].split("[", 1)[0]
        return Problem(self.column(key) if key else "", problem.value, problem.message,
                       problem.suggestion)

    def locate(self, problem: Problem) -> Problem:
        """The problem naming file, sheet, row and column."""
        cell = self.in_cell(problem)
        path = f"{self}, {cell.path}" if cell.path else str(self)
        return Problem(path, cell.value, cell.message, cell.suggestion)


@dataclass(frozen=True, slots=True)
class TableRow:
    place: RowPlace
    values: Mapping[str, str]  # column key -> cell text
    flagged: Mapping[str, Problem]  # column key -> what is wrong with that cell (path = key)

    def problems_without(self, problems: list[Problem]) -> list[Problem]:
        """Flagged cells first; other problems of a flagged cell's column are its consequence
        (an unsaved formula reads as empty) and are dropped."""
        return [*self.flagged.values(),
                *(p for p in problems if p.path.split(".", 1)[0] not in self.flagged)]


@dataclass(frozen=True, slots=True)
class Table:
    kind: TableKind
    file: str
    sheet: str
    rows: tuple[TableRow, ...]


def tables_of(book: SheetFile) -> tuple[tuple[Table, ...], tuple[str, ...]]:
    """The agent and time-off tables in a file, and notices about what was not read."""
    tables: list[Table] = []
    notices = list(book.notices)
    unknown: list[UserError] = []
    for sheet in book.sheets:
        header_index = next((i for i, row in enumerate(sheet.rows) if any(row)), None)
        if header_index is None:
            continue
        header = sheet.rows[header_index]
        kind = _kind_of(header)
        where = f"{book.name}, sheet '{sheet.name}'" if sheet.name else book.name
        if kind is None:
            unknown.append(UserError.say(
                "the first row names neither an agent table nor a time-off table",
                ", ".join(h for h in header if h), f"{where}, row {header_index + 1}",
                f"agents need a 'name' column (columns: {', '.join(TEAM_COLUMNS)}); time "
                f"off needs 'agent' and 'first_day' (columns: {', '.join(TIME_OFF_COLUMNS)})"))
            notices.append(f"{where} was not read: its first row has neither a 'name' column "
                           f"(agents) nor 'agent' and 'first_day' columns (time off).")
            continue
        table, ignored = _table(book.name, sheet, header_index, kind)
        tables.append(table)
        if ignored:
            notices.append(f"{where}: {'; '.join(ignored)} not imported (unknown heading).")
    if not tables:
        raise unknown[0] if unknown else UserError.say("the file is empty", book.name, "file")
    return tuple(tables), tuple(notices)


def _key(header: str, kind: TableKind) -> str:
    text = " ".join(header.strip().lower().replace("_", " ").split())
    aliases, columns = ((TEAM_ALIASES, TEAM_COLUMNS) if kind is TableKind.TEAM
                        else (TIME_OFF_ALIASES, TIME_OFF_COLUMNS))
    key = aliases.get(text, text).replace(" ", "_")
    return key if key in columns else ""


def _kind_of(header: tuple[str, ...]) -> TableKind | None:
    """Time off has a first-day column and none of the columns only agents have (a 'Start'
    column beside 'Time zone' is not a vacation); agents have a name."""
    team = {_key(h, TableKind.TEAM) for h in header}
    if "first_day" in {_key(h, TableKind.TIME_OFF) for h in header} and not team - {"", "id",
                                                                                    "name"}:
        return TableKind.TIME_OFF
    if "name" in team:
        return TableKind.TEAM
    return None


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (as spreadsheets name their columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _table(file: str, sheet: Sheet, header_index: int,
           kind: TableKind) -> tuple[Table, list[str]]:
    header = sheet.rows[header_index]
    where = f"{file}, sheet '{sheet.name}'" if sheet.name else file
    keys: dict[int, str] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    known = TEAM_COLUMNS if kind is TableKind.TEAM else TIME_OFF_COLUMNS
    for i, text in enumerate(header):
        label = f"column {column_letter(i)} '{text}'"
        key = _key(text, kind)
        if key and key in labels:
            raise UserError.say(
                f"two columns are read as '{key}': {labels[key]} and {label}", text,
                f"{where}, row {header_index + 1}", "delete or rename one of them")
        if key:
            keys[i], labels[key] = key, label
        elif text:
            hint = suggest(text.lower().replace(" ", "_"), known)
            ignored.append(f"{label}" + (f" ({hint})" if hint else ""))
    if kind is TableKind.TIME_OFF and "agent" not in labels:
        raise UserError.say("a time-off table needs an 'agent' column (the agent's name or id)",
                            ", ".join(h for h in header if h),
                            f"{where}, row {header_index + 1}",
                            f"columns are: {', '.join(TIME_OFF_COLUMNS)}")
    rows = []
    for r in range(header_index + 1, len(sheet.rows)):
        cells = sheet.rows[r]
        values = {key: (cells[i] if i < len(cells) else "") for i, key in keys.items()}
        flagged = {keys[c]: Problem(keys[c], p.value, p.message, p.suggestion)
                   for (row, c), p in sheet.flagged.items() if row == r and c in keys}
        if not flagged and not any(values.values()):
            continue
        rows.append(TableRow(RowPlace(file, sheet.name, r + 1, labels), values, flagged))
    return Table(kind, file, sheet.name, tuple(rows)), ignored
