"""One previewed row of an import: what it becomes (an agent, a time-off entry) or its problems."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coverage_app.services.team_import.tables import RowPlace
from models.domain import Agent, Problem, TimeOff


@dataclass(frozen=True, slots=True)
class ImportRow:
    """A row of an agent table."""

    place: RowPlace
    values: Mapping[str, str]
    agent: Agent | None
    problems: tuple[Problem, ...]  # each problem's path is its column key ("time_zone")
    updates: bool = False  # the row replaces an existing agent
    unchanged: bool = False  # ... with exactly what it already is

    @property
    def line(self) -> int:
        return self.place.line

    @property
    def ok(self) -> bool:
        return self.agent is not None and not self.problems

    @property
    def action(self) -> str:
        if not self.ok:
            return "not imported"
        if self.unchanged:
            return "no change"
        return "update" if self.updates else "add"

    def cell_problems(self) -> tuple[Problem, ...]:
        """Problems naming their column (``column C 'Zone'``), for a table that shows the row."""
        return tuple(map(self.place.in_cell, self.problems))

    def located_problems(self) -> tuple[Problem, ...]:
        """Problems naming file, sheet, row and column."""
        return tuple(map(self.place.locate, self.problems))


@dataclass(frozen=True, slots=True)
class TimeOffRow:
    """A row of a time-off table: (agent, first day, last day, kind, note)."""

    place: RowPlace
    values: Mapping[str, str]
    time_off: TimeOff | None
    problems: tuple[Problem, ...]
    agent_label: str = ""  # the matched agent's name
    already_there: bool = False  # the scenario holds the same entry: importing adds nothing

    @property
    def line(self) -> int:
        return self.place.line

    @property
    def ok(self) -> bool:
        return self.time_off is not None and not self.problems

    @property
    def action(self) -> str:
        if not self.ok:
            return "not imported"
        return "already there" if self.already_there else "add"

    def cell_problems(self) -> tuple[Problem, ...]:
        return tuple(map(self.place.in_cell, self.problems))

    def located_problems(self) -> tuple[Problem, ...]:
        return tuple(map(self.place.locate, self.problems))
