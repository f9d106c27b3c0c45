"""The plan's gaps as a table (rows are :class:`coverage_app.services.gap_rows.GapRow`):
priority, when (in the display zone), requirement, missing, reason. Sortable through a proxy
on :attr:`GapTableModel.SORT_ROLE`, which gives each column a key that sorts right (time by
instant, priority by rank, missing as a number)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from coverage_app.qtmodels.base import Column, Index, TupleTableModel
from coverage_app.services.gap_rows import GapRow
from coverage_app.widgets.gap_style import gap_icon
from models.timerules import to_local

PRIORITY, WHEN, REQUIREMENT, MISSING, REASON = range(5)


def when_text(row: GapRow, zone_name: str) -> str:
    a, b = to_local(row.gap.start, zone_name), to_local(row.gap.end, zone_name)
    end = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%a %H:%M}"
    return f"{a:%a %d %b %H:%M}–{end}"


class GapTableModel(TupleTableModel[GapRow]):
    SORT_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, rows: Sequence[GapRow] = (), zone_name: str = "UTC",
                 parent: Any = None) -> None:
        self.zone_name = zone_name
        columns: tuple[Column[GapRow], ...] = (
            Column("Priority", lambda r: r.priority_text),
            Column("When", lambda r: when_text(r, self.zone_name),
                   lambda r: f"{r.gap.minutes / 60:g} h"),
            Column("Requirement", lambda r: r.requirement),
            Column("Missing", lambda r: str(r.gap.missing), align_right=True),
            Column("Reason", lambda r: r.reason, lambda r: r.reason),
        )
        super().__init__(columns, rows, parent)

    def set_gaps(self, rows: Sequence[GapRow], zone_name: str) -> None:
        if zone_name != self.zone_name:
            self.beginResetModel()
            self.zone_name = zone_name
            self.endResetModel()
        self.set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows()):
            return None
        row = self.row_of(index)
        column = index.column()
        if role == self.SORT_ROLE:
            keys: tuple[Any, ...] = (row.priority, row.gap.start.timestamp(),
                                     row.requirement.casefold(), row.gap.missing,
                                     row.reason.casefold())
            return keys[column]
        if role == Qt.ItemDataRole.DecorationRole and column == PRIORITY:
            return gap_icon(row.priority)
        return super().data(index, role)
