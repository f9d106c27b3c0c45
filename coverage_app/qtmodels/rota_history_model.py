"""Stored plan versions (drafts and published), as a read-only table over immutable records."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Version", "Created (UTC)", "Period", "Shifts", "Status", "Published by", "Published")


def _when(value: Any) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M}"


class PlanHistoryModel(QAbstractTableModel):
    """Rows are ``PlanRecord`` (id, name, created_at, first_day, days, shifts, published_*)."""

    def __init__(self, records: tuple[Any, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._records = records

    def set_records(self, records: tuple[Any, ...]) -> None:
        self.beginResetModel()
        self._records = records
        self.endResetModel()

    @property
    def records(self) -> tuple[Any, ...]:
        return self._records

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        r = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            published_at = getattr(r, "published_at", None)
            values = (r.name or r.id[:8], _when(r.created_at),
                      f"{r.first_day:%d %b %Y} + {r.days} d", str(r.shifts),
                      "published" if published_at else "draft",
                      getattr(r, "published_by", None) or "", _when(published_at))
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"plan id {r.id}"
        return None
