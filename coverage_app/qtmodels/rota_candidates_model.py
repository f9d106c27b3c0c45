"""The changes that would fill a gap ("who can take this?") as read-only tables, ranked as given:
one of rule-clean changes, one of changes that break a rule (only those read in red)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QBrush

from coverage_app.qtmodels.base import RED, Column, TupleTableModel


@dataclass(frozen=True, slots=True)
class CandidateRow:
    candidate: Any  # solver.suggestions.Suggestion (or any object with .agent_id and .shift)
    agent: str
    span: str  # the change, every time in the dialog's one stated zone
    reason: str  # what it does for the gap
    breaks: str  # the rules it breaks; empty for a clean change


COLUMNS: tuple[Column[CandidateRow], ...] = (
    Column("Agent", lambda r: r.agent, lambda r: r.agent),
    Column("Change", lambda r: r.span, lambda r: r.span),
    Column("Effect", lambda r: r.reason, lambda r: r.reason),
    Column("Breaks", lambda r: r.breaks, lambda r: r.breaks),
    Column("", lambda r: ""),  # the Assign button sits here
)


class CandidatesModel(TupleTableModel[CandidateRow]):
    def __init__(self, rows: tuple[CandidateRow, ...] = (), parent: Any = None) -> None:
        super().__init__(COLUMNS, rows, parent)

    def foreground(self, row: CandidateRow) -> QBrush | None:
        """A change that would break a rule reads in red; a clean one in the normal colour."""
        return RED if row.breaks else None
