"""Stored plan versions (drafts and published), as a read-only table over immutable records."""

from __future__ import annotations

from typing import Any

from coverage_app.qtmodels.base import Column, TupleTableModel


def _when(value: Any) -> str:
    """When this computer saved or published a version: its own clock and zone."""
    if value is None:
        return ""
    local = value.astimezone()  # aware UTC -> this machine's zone (still aware)
    return f"{local:%Y-%m-%d %H:%M} {local:%Z}".strip()


def _published_at(r: Any) -> Any:
    return getattr(r, "published_at", None)


def _tip(r: Any) -> str:
    return f"plan id {r.id}"


COLUMNS: tuple[Column[Any], ...] = (
    Column("Version", lambda r: r.name or r.id[:8], _tip),
    Column("Created", lambda r: _when(r.created_at), _tip),
    Column("Period", lambda r: f"{r.first_day:%d %b %Y} + {r.days} d", _tip),
    Column("Shifts", lambda r: str(r.shifts), _tip, align_right=True),
    Column("Status", lambda r: "published" if _published_at(r) else "draft", _tip),
    Column("Published by", lambda r: getattr(r, "published_by", None) or "", _tip),
    Column("Published", lambda r: _when(_published_at(r)), _tip),
)


class PlanHistoryModel(TupleTableModel[Any]):
    """Rows are ``PlanRecord`` (id, name, created_at, first_day, days, shifts, published_*)."""

    def __init__(self, records: tuple[Any, ...] = (), parent: Any = None) -> None:
        super().__init__(COLUMNS, records, parent)

    def set_records(self, records: tuple[Any, ...]) -> None:
        self.set_rows(records)

    @property
    def records(self) -> tuple[Any, ...]:
        return self.rows()
