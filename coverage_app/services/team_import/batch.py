"""The import as a whole: preview every row of a file, then apply all of it, or, when the user
chooses so explicitly, only its valid rows."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from coverage_app.services.editing import unique_id
from coverage_app.services.errors import UserError
from coverage_app.services.team_import.agents import preview_agents
from coverage_app.services.team_import.dates import DateOrder
from coverage_app.services.team_import.files import read_sheets
from coverage_app.services.team_import.rows import ImportRow, TimeOffRow
from coverage_app.services.team_import.tables import TableKind, tables_of
from coverage_app.services.team_import.time_off import preview_time_off
from models.domain import DomainError, Problem, Scenario


def rows_text(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _count(n: int, what: str, plural: str = "") -> str:
    return f"{n} {what}" if n == 1 else f"{n} {plural or what + 's'}"


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a file would do, row by row; computed against one scenario and only
    valid for it."""

    source: str
    rows: tuple[ImportRow, ...]  # agent rows
    time_off: tuple[TimeOffRow, ...] = ()
    notices: tuple[str, ...] = ()  # how the file was read (encoding, columns or sheets skipped)
    date_order: DateOrder = DateOrder.AUTO

    @property
    def all_rows(self) -> tuple[ImportRow | TimeOffRow, ...]:
        return (*self.rows, *self.time_off)

    @property
    def errors(self) -> tuple[ImportRow | TimeOffRow, ...]:
        """Rows with problems, agents and time off alike."""
        return tuple(r for r in self.all_rows if not r.ok)

    @property
    def valid(self) -> tuple[ImportRow | TimeOffRow, ...]:
        return tuple(r for r in self.all_rows if r.ok)

    @property
    def changes(self) -> int:
        """Valid rows that change the team (not an unchanged agent or known time off)."""
        return sum(1 for r in self.valid if r.action in ("add", "update"))

    @property
    def can_import_all(self) -> bool:
        return not self.errors and self.changes > 0

    @property
    def can_import_valid(self) -> bool:
        return bool(self.errors) and self.changes > 0

    def blocked_reason(self) -> str:
        """Why importing the whole file is refused ("" when it is not)."""
        if self.errors:
            bad = len(self.errors)
            text = (f"Nothing can be imported as it is: {rows_text(bad)} "
                    f"{'has' if bad == 1 else 'have'} problems (shown in red). Correct the file "
                    f"and load it again")
            if self.changes:
                text += f", or import only the {rows_text(len(self.valid))} without problems"
            return text + "."
        if not self.all_rows:
            return "Nothing to import: the file has headings but no rows under them."
        if not self.changes:
            return "Nothing to import: every row matches the team as it is."
        return ""

    def summary(self) -> str:
        """``Agents: 2 to add, 1 to update. Time off: 3 to add. 1 row with problems.``"""
        parts = []
        if self.rows:
            actions = [r.action for r in self.rows]
            parts.append("Agents: " + _actions(actions, ("add", "to add"),
                                               ("update", "to update"),
                                               ("no change", "unchanged")) + ".")
        if self.time_off:
            actions = [r.action for r in self.time_off]
            parts.append("Time off: " + _actions(actions, ("add", "to add"),
                                                 ("already there", "already there")) + ".")
        if self.errors:
            parts.append(f"{rows_text(len(self.errors))} with problems.")
        return " ".join(parts)

    def located_problems(self) -> tuple[Problem, ...]:
        """Every problem, naming file, sheet, row and column."""
        return tuple(p for r in self.errors for p in r.located_problems())


def _actions(actions: list[str], *names: tuple[str, str]) -> str:
    words = [f"{actions.count(action)} {label}" for action, label in names
             if actions.count(action)]
    return ", ".join(words) or "none valid"


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    scenario: Scenario
    added: int
    updated: int
    time_off_added: int
    skipped: int  # rows with problems left out on the user's explicit choice

    @property
    def text(self) -> str:
        """``2 agents added, 1 updated, 3 time-off entries added``."""
        parts = []
        if self.added or not (self.updated or self.time_off_added):
            parts.append(f"{_count(self.added, 'agent')} added")
        if self.updated:
            parts.append(f"{_count(self.updated, 'agent')} updated")
        if self.time_off_added:
            parts.append(f"{_count(self.time_off_added, 'time-off entry', 'time-off entries')}"
                         f" added")
        text = ", ".join(parts)
        if self.skipped:
            text += f"; {rows_text(self.skipped)} with problems skipped"
        return text


def preview(scenario: Scenario, path: Path,
            date_order: DateOrder = DateOrder.AUTO) -> ImportPreview:
    """Every row of the file as an agent or time-off entry, or its problems; writes nothing.
    :class:`UserError` when the file as a whole cannot be read."""
    book = read_sheets(path)
    tables, notices = tables_of(book)
    agent_rows = preview_agents(scenario, (t for t in tables if t.kind is TableKind.TEAM))
    time_off_rows = preview_time_off(
        scenario, (t for t in tables if t.kind is TableKind.TIME_OFF), agent_rows, date_order,
        book.epoch)
    return ImportPreview(str(path), agent_rows, time_off_rows, notices, date_order)


def apply(scenario: Scenario, preview: ImportPreview, *,
          only_valid: bool = False) -> ImportOutcome:
    """The scenario with the file imported: all of it, or nothing while any row has a problem.
    ``only_valid`` (an explicit choice of the user) imports the valid rows and skips the rest.
    ``preview`` must have been made from ``scenario``."""
    if preview.errors and not only_valid:
        bad, valid = len(preview.errors), len(preview.valid)
        raise UserError([*preview.located_problems(), Problem(
            "", "", f"nothing was imported: {rows_text(bad)} "
                    f"{'has' if bad == 1 else 'have'} problems",
            "correct the file and load it again" + (
                f", or import only the {rows_text(valid)} without problems" if valid else ""))],
            preview.source)
    agent_rows = [r for r in preview.rows if r.ok and r.agent and not r.unchanged]
    time_off_rows = [r for r in preview.time_off if r.ok and r.time_off and not r.already_there]
    if not agent_rows and not time_off_rows:
        raise UserError.say("nothing to import", preview.source, "file",
                            "no valid row changes the team as it is")
    agents = {a.id: a for a in scenario.agents}
    for row in agent_rows:
        assert row.agent is not None
        agents[row.agent.id] = row.agent
    entries = list(scenario.time_off)
    taken = {t.id for t in entries}
    for off_row in time_off_rows:
        assert off_row.time_off is not None
        entry = dataclasses.replace(off_row.time_off,
                                    id=unique_id(off_row.time_off.id, taken))
        taken.add(entry.id)
        entries.append(entry)
    try:
        result = dataclasses.replace(scenario, agents=tuple(agents.values()),
                                     time_off=tuple(entries))
    except DomainError as error:
        raise UserError.of(error, preview.source) from None
    updated = sum(1 for r in agent_rows if r.updates)
    return ImportOutcome(result, len(agent_rows) - updated, updated, len(time_off_rows),
                         len(preview.errors) if only_valid else 0)
