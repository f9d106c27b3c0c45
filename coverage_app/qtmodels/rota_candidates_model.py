"""The candidates for a gap ("who can take this?") as a read-only table, ranked as given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QBrush

from coverage_app.qtmodels.base import RED, Column, TupleTableModel


@dataclass(frozen=True, slots=True)
class CandidateRow:
    candidate: Any  # solver.advice.Candidate
    agent: str
    span: str
    reason: str
    breaks: str


COLUMNS: tuple[Column[CandidateRow], ...] = (
    Column("Agent", lambda r: r.agent, lambda r: r.agent),
    Column("Proposed shift (agent's time)", lambda r: r.span, lambda r: r.span),
    Column("Why", lambda r: r.reason, lambda r: r.reason),
    Column("Breaks", lambda r: r.breaks, lambda r: r.breaks),
    Column("", lambda r: ""),  # the Assign button sits here
)


class CandidatesModel(TupleTableModel[CandidateRow]):
    def __init__(self, rows: tuple[CandidateRow, ...] = (), parent: Any = None) -> None:
        super().__init__(COLUMNS, rows, parent)

    def foreground(self, row: CandidateRow) -> QBrush | None:
        """A candidate who would break a rule reads in red."""
        return RED if row.breaks else None
