"""Plan versions as the history lists them: one working draft, then named versions (rows are
:class:`coverage_app.services.plan_versions.VersionRow`, built from the stored records)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from coverage_app.qtmodels.base import GREY, Column, Index, TupleTableModel
from coverage_app.services.plan_versions import VersionRow, version_rows


def _tip(r: VersionRow) -> str:
    return f"{r.detail} (plan id {r.id})"


COLUMNS: tuple[Column[VersionRow], ...] = (
    Column("Version", lambda r: r.title, _tip),
    Column("Status", lambda r: r.status, _tip),
    Column("Period", lambda r: r.period, _tip),
    Column("Shifts", lambda r: str(r.shifts), _tip, align_right=True),
    Column("When", lambda r: r.detail, _tip),
)


class PlanHistoryModel(TupleTableModel[VersionRow]):
    """Rows are ``VersionRow``; :meth:`set_records` takes the store's ``PlanRecord`` list."""

    def __init__(self, records: tuple[Any, ...] = (), parent: Any = None,
                 zone_name: str | None = None) -> None:
        super().__init__(COLUMNS, version_rows(records, zone_name), parent)
        self.zone_name = zone_name
        self._records: tuple[Any, ...] = tuple(records)

    def set_records(self, records: tuple[Any, ...], zone_name: str | None = None) -> None:
        """``zone_name`` None: times on this computer's clock."""
        self.zone_name = zone_name
        self._records = tuple(records)
        self.set_rows(version_rows(records, self.zone_name))

    @property
    def records(self) -> tuple[Any, ...]:
        """The stored records behind the rows (folded drafts included)."""
        return self._records

    @property
    def versions(self) -> tuple[VersionRow, ...]:
        return self.rows()

    def foreground(self, row: VersionRow) -> QBrush | None:
        return GREY if row.status == "draft" else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and (
                self.row_of(index).status == "working draft"):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)
