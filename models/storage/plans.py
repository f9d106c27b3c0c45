"""Plans and published calendar events, as rows. Takes a session; never commits.

A plan is kept as rows (a ``plans`` row, its shifts, its gaps), never as one JSON blob, so the
history of plans can be queried. Publishing marks one plan version; earlier published versions
stay in the history with their own ``published_at``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload

from models.domain import Plan, PlanStatus, PublishedEvent
from models.storage import mapping as m
from models.storage.orm import PlanGapRow, PlanRow, PlanShiftRow, PublishedEventRow


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """One stored plan version, as the plan history lists it."""

    id: str
    name: str
    created_at: datetime
    first_day: date
    days: int
    solver_status: PlanStatus
    shifts: int
    published_at: datetime | None
    published_by: str | None

    @property
    def status(self) -> str:
        """``published`` or ``draft``."""
        return "published" if self.published_at is not None else "draft"


class UnknownPlanError(LookupError):
    def __init__(self, plan_id: str) -> None:
        self.plan_id = plan_id
        super().__init__(f"no plan with id {plan_id!r}")


class PlanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, plan: Plan, *, name: str, now: datetime) -> str:
        """Store a plan as a new version; returns its id (the plan's own, or a new UUID)."""
        plan_id = plan.id or str(uuid.uuid4())
        created_at = plan.created_at or now
        self.session.add(m.plan_row(plan, plan_id, name, created_at))
        self.session.flush()
        if plan.shifts:
            self.session.execute(insert(PlanShiftRow), m.plan_shift_values(plan_id, plan))
        if plan.gaps:
            self.session.execute(insert(PlanGapRow), m.plan_gap_values(plan_id, plan))
        return plan_id

    def get(self, plan_id: str | None = None) -> Plan | None:
        """A plan by id, or the newest one when ``plan_id`` is None (None if there is none)."""
        query = select(PlanRow).options(selectinload(PlanRow.shifts),
                                        selectinload(PlanRow.gaps))
        if plan_id is None:
            query = query.order_by(PlanRow.created_at.desc(), PlanRow.id.desc()).limit(1)
        else:
            query = query.where(PlanRow.id == plan_id)
        row = self.session.scalars(query).first()
        if row is None and plan_id is not None:
            raise UnknownPlanError(plan_id)
        return None if row is None else m.plan_of(row)

    def history(self) -> list[PlanRecord]:
        """Every stored plan, newest first."""
        shift_count = (select(PlanShiftRow.plan_id, func.count().label("n"))
                       .group_by(PlanShiftRow.plan_id).subquery())
        query = (select(PlanRow, func.coalesce(shift_count.c.n, 0))
                 .outerjoin(shift_count, shift_count.c.plan_id == PlanRow.id)
                 .order_by(PlanRow.created_at.desc(), PlanRow.id.desc()))
        return [
            PlanRecord(id=row.id, name=row.name, created_at=row.created_at,
                       first_day=row.first_day, days=row.days,
                       solver_status=PlanStatus(row.status), shifts=int(n),
                       published_at=row.published_at, published_by=row.published_by)
            for row, n in self.session.execute(query)
        ]

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(PlanRow)) or 0)

    def publish(self, plan_id: str, by: str, now: datetime) -> None:
        row = self.session.get(PlanRow, plan_id)
        if row is None:
            raise UnknownPlanError(plan_id)
        row.published_at = now
        row.published_by = by
        self.session.flush()

    # Published calendar events ------------------------------------------------------------
    def events(self, calendar: str) -> dict[str, PublishedEvent]:
        rows = self.session.scalars(select(PublishedEventRow)
                                    .where(PublishedEventRow.calendar == calendar)
                                    .order_by(PublishedEventRow.shift_id))
        return {row.shift_id: m.event_of(row) for row in rows}

    def put_events(self, calendar: str, events: Iterable[PublishedEvent]) -> None:
        """Insert or update the events of a calendar by shift id; others are kept."""
        existing = {row.shift_id: row for row in self.session.scalars(
            select(PublishedEventRow).where(PublishedEventRow.calendar == calendar))}
        for event in events:
            row = existing.get(event.shift_id)
            if row is None:
                row = PublishedEventRow()
                self.session.add(row)
                existing[event.shift_id] = row
            m.event_row(row, calendar, event)
        self.session.flush()
