"""The requirements of a coverage target, and the editable hour x weekday headcount grid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from coverage_app.qtmodels.base import Column, Index, TupleTableModel
from models.domain import WEEKDAY_NAMES, Requirement


def weekdays_label(days: frozenset[int]) -> str:
    if days == frozenset(range(7)):
        return "every day"
    if days == frozenset(range(5)):
        return "mon–fri"
    if days == frozenset({5, 6}):
        return "weekends"
    return ", ".join(WEEKDAY_NAMES[d] for d in sorted(days))


class RequirementsModel(TupleTableModel[Requirement]):
    def __init__(self, parent: Any = None) -> None:
        self._skill_names: dict[str, str] = {}
        super().__init__([
            Column("Name", lambda r: r.name),
            Column("Days", lambda r: weekdays_label(r.window.weekdays)),
            Column("Hours", lambda r: r.window.label()),
            Column("People", lambda r: str(r.headcount), align_right=True),
            Column("Skills", self._skills_text),
            Column("Priority", lambda r: {1: "1 must", 2: "2 should", 3: "3 nice"}[r.priority]),
            Column("Duty", lambda r: r.duty.value),
            Column("Standby", lambda r: f"within {r.standby_reach_minutes} min"
                   if r.accepts_standby else "no"),
            Column("Respond within", lambda r: f"{r.allowance_minutes} min"
                   if r.allowance_minutes else "every slot"),
        ], parent=parent)

    def _skills_text(self, r: Requirement) -> str:
        names = " + ".join(self._skill_names.get(s, s) for s in r.skills) or "any"
        return f"{names}, level {r.min_level}+" if r.min_level > 1 else names

    def set_skill_names(self, names: dict[str, str]) -> None:
        self._skill_names = dict(names)


class HeadcountGridModel(QAbstractTableModel):
    """24 hour rows x 7 weekday columns of headcounts; edits emit ``grid_edited``."""

    grid_edited = Signal(object)  # tuple[tuple[int, ...], ...] as [weekday][hour]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._grid: tuple[tuple[int, ...], ...] = tuple((0,) * 24 for _ in range(7))

    def set_grid(self, grid: Sequence[Sequence[int]]) -> None:
        new = tuple(tuple(row) for row in grid)
        if new == self._grid:
            return
        self._grid = new
        self.dataChanged.emit(self.index(0, 0), self.index(23, 6))

    def grid(self) -> tuple[tuple[int, ...], ...]:
        return self._grid

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 24

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._grid[index.column()][index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value if role == Qt.ItemDataRole.EditRole or value else ""
        if role == Qt.ItemDataRole.BackgroundRole and value:
            return QBrush(QColor(66, 133, 244, min(220, 50 + 40 * value)))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            day = WEEKDAY_NAMES[index.column()]
            return f"{day} {index.row():02d}:00–{(index.row() + 1) % 24:02d}:00: {value} people"
        return None

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            number = int(value)
        except (TypeError, ValueError):
            return False
        if not 0 <= number <= 500:
            return False
        grid = [list(row) for row in self._grid]
        grid[index.column()][index.row()] = number
        self._grid = tuple(tuple(row) for row in grid)
        self.dataChanged.emit(index, index)
        self.grid_edited.emit(self._grid)
        return True

    def set_cells(self, cells: Sequence[tuple[int, int]], value: int) -> None:
        """Set several (weekday, hour) cells at once (one edit)."""
        grid = [list(row) for row in self._grid]
        for day, hour in cells:
            grid[day][hour] = value
        self._grid = tuple(tuple(row) for row in grid)
        self.dataChanged.emit(self.index(0, 0), self.index(23, 6))
        self.grid_edited.emit(self._grid)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return WEEKDAY_NAMES[section].capitalize() if 0 <= section < 7 else None
        return f"{section:02d}:00" if 0 <= section < 24 else None
