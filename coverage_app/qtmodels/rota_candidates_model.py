"""The candidates for a gap ("who can take this?") as a read-only table, ranked as given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Agent", "Proposed shift (agent's time)", "Why", "Breaks", "")


@dataclass(frozen=True, slots=True)
class CandidateRow:
    candidate: Any  # solver.advice.Candidate
    agent: str
    span: str
    reason: str
    breaks: str


class CandidatesModel(QAbstractTableModel):
    def __init__(self, rows: tuple[CandidateRow, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = rows

    @property
    def rows(self) -> tuple[CandidateRow, ...]:
        return self._rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        values = (row.agent, row.span, row.reason, row.breaks, "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return values[index.column()] or None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and row.breaks:
            from PySide6.QtGui import QColor

            return QColor("#c62828")
        return None
