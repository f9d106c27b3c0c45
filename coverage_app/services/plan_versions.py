"""The plan history as the manager reads it (no Qt): one working draft, then named versions.

Autosave writes the working draft in place; drafts retired by a new solve ("Working draft until
…") and unnamed stored drafts are earlier states of the same work, so they are folded into the
working-draft row (its "earlier drafts" count) instead of each being a row named by an id.
Published versions read "Published 28 Nov 10:42 EET by Maria" (this computer's clock and zone:
saving and publishing are its own events, whatever zone the rota is shown in), with the name
the manager gave them; drafts kept under a name (a copy after a conflict) stay as rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from models.storage.plans import PlanRecord
from models.timerules import to_local

RETIRED_DRAFT_PREFIX = "Working draft"


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: str
    title: str  # "Working draft", the version's name, or "Published 28 Nov 10:42 by Maria"
    status: str  # "working draft", "published" or "draft"
    detail: str  # when and by whom, in words
    first_day: date
    days: int
    shifts: int
    folded: int = 0  # earlier drafts folded into the working draft

    @property
    def period(self) -> str:
        return f"{self.first_day:%d %b %Y} + {self.days} d"


def _clock(when: datetime, zone_name: str | None) -> str:
    """``28 Nov 10:42 EET`` on this computer's clock, or the time in ``zone_name`` if given."""
    if zone_name is None:
        local = when.astimezone()
        return f"{local:%d %b %H:%M} {local:%Z}".strip()
    return f"{to_local(when, zone_name):%d %b %H:%M}"


def published_words(when: datetime, by: str | None, zone_name: str | None = None) -> str:
    """``Published 28 Nov 10:42 EET by Maria``."""
    return f"Published {_clock(when, zone_name)} by {by or 'someone'}"


def _saved_words(record: PlanRecord, zone_name: str | None) -> str:
    when = record.updated_at or record.created_at
    by = f" by {record.updated_by}" if record.updated_by else ""
    return f"saved {_clock(when, zone_name)}{by}"


def _folded(record: PlanRecord) -> bool:
    """An earlier state of the working draft rather than a version someone named."""
    if record.working or record.published_at is not None:
        return False
    return not record.name.strip() or record.name.startswith(RETIRED_DRAFT_PREFIX)


def version_rows(records: Sequence[PlanRecord],
                 zone_name: str | None = None) -> tuple[VersionRow, ...]:
    """The working draft (with the earlier drafts folded in), then the named versions, newest
    first. Without a working draft the newest folded draft stands for it."""
    folded = [r for r in records if _folded(r)]
    working = next((r for r in records if r.working), None)
    if working is None and folded:
        working, folded = folded[0], folded[1:]
    rows: list[VersionRow] = []
    if working is not None:
        earlier = f"; {len(folded)} earlier {'draft' if len(folded) == 1 else 'drafts'} " \
                  "folded in" if folded else ""
        rows.append(VersionRow(working.id, "Working draft", "working draft",
                               f"Autosaved, {_saved_words(working, zone_name)}{earlier}",
                               working.first_day, working.days, working.shifts, len(folded)))
    for record in records:
        if record is working or _folded(record):
            continue
        if record.published_at is not None:
            words = published_words(record.published_at, record.published_by, zone_name)
            rows.append(VersionRow(record.id, record.name.strip() or words, "published", words,
                                   record.first_day, record.days, record.shifts))
        else:
            rows.append(VersionRow(record.id, record.name.strip(), "draft",
                                   f"Kept draft, {_saved_words(record, zone_name)}",
                                   record.first_day, record.days, record.shifts))
    return tuple(rows)
