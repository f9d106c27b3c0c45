"""Hours per agent per week or month, as a read-only table (an adapter over immutable rows)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from exports.hours import Totals

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class HoursRow:
    agent: str
    totals: Totals
    currency: str


COLUMNS: tuple[tuple[str, str], ...] = (
    ("Agent", ""),
    ("Period", "ISO week (Monday to Sunday) or calendar month, in the agent's zone"),
    ("Hours", "Real elapsed hours"),
    ("Night h", "Hours inside the team's night window, in the agent's local time"),
    ("Weekend h", "Hours on the agent's local Saturday and Sunday"),
    ("Holiday h", "Hours on a public holiday of the agent's country"),
    ("Weighted h", "Premium-weighted hours: each hour times the highest premium that applies "
                   "(not hours paid)"),
    ("Cost", "Premium-weighted hours × hourly cost"),
)


class HoursTableModel(QAbstractTableModel):
    def __init__(self, rows: tuple[HoursRow, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = rows

    @property
    def rows(self) -> tuple[HoursRow, ...]:
        return self._rows

    def set_rows(self, rows: tuple[HoursRow, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][1] or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        t = row.totals
        numbers = (t.hours, t.night_hours, t.weekend_hours, t.holiday_hours, t.paid_hours, t.cost)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.agent
            if col == 1:
                return f"{t.label} (from {t.start:%d %b})" if t.start and "W" in t.label else (
                    t.label)
            if col == 7:
                return f"{t.cost:,.2f} {row.currency}"
            return f"{numbers[col - 2]:.2f}"
        if role == Qt.ItemDataRole.UserRole:  # sortable raw value
            return (row.agent, t.label, *numbers)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
