"""An agent's dated changes: time off and availability exceptions, in one list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coverage_app.qtmodels.base import Column, TupleTableModel
from models.domain import AvailabilityException, TimeOff, format_hhmm


@dataclass(frozen=True, slots=True)
class DatedEntry:
    """One row: either a TimeOff or an AvailabilityException."""

    item: TimeOff | AvailabilityException

    @property
    def first(self) -> str:
        item = self.item
        return (item.first_day if isinstance(item, TimeOff) else item.day).isoformat()

    @property
    def last(self) -> str:
        item = self.item
        return (item.last_day if isinstance(item, TimeOff) else item.day).isoformat()

    @property
    def what(self) -> str:
        item = self.item
        if isinstance(item, TimeOff):
            return f"time off ({item.kind.value})"
        hours = f"{format_hhmm(item.start)}–{format_hhmm(item.end, item.ends_next_day)}"
        return f"{'extra' if item.available else 'not available'} {hours}"

    @property
    def note(self) -> str:
        return self.item.note


def entries(time_off: tuple[TimeOff, ...],
            exceptions: tuple[AvailabilityException, ...]) -> tuple[DatedEntry, ...]:
    rows = [DatedEntry(t) for t in time_off] + [DatedEntry(e) for e in exceptions]
    return tuple(sorted(rows, key=lambda r: r.first))


class TimeOffModel(TupleTableModel[DatedEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column("From", lambda r: r.first),
            Column("To", lambda r: r.last),
            Column("What", lambda r: r.what),
            Column("Note", lambda r: r.note),
        ], parent=parent)
