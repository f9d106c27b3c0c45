"""Plans and published calendar events, as rows. Takes a session; never commits.

A plan is kept as rows (a ``plans`` row, its shifts, its gaps), never as one JSON blob, so the
history of plans can be queried. There are two kinds of plan row:

- **the working draft**, at most one: the plan the app shows and autosaves. It is rewritten in
  place, guarded by an optimistic ``version``: a save names the version it was based on, and
  when another instance saved (or replaced the draft) in between, :class:`PlanConflictError`
  says who and when, and nothing is written;
- **stored versions**: written once with a new id and never rewritten; publishing marks one.
  Earlier published versions stay in the history with their own ``published_at``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from models.domain import Plan, PlanStatus, PublishedEvent
from models.storage import mapping as m
from models.storage.orm import WORKING, PlanGapRow, PlanRow, PlanShiftRow, PublishedEventRow


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """One stored plan, as the plan history lists it."""

    id: str
    name: str
    created_at: datetime
    first_day: date
    days: int
    solver_status: PlanStatus
    shifts: int
    published_at: datetime | None
    published_by: str | None
    updated_at: datetime | None = None
    updated_by: str = ""
    working: bool = False

    @property
    def status(self) -> str:
        """``working draft``, ``published`` or ``draft``."""
        if self.working:
            return "working draft"
        return "published" if self.published_at is not None else "draft"


@dataclass(frozen=True, slots=True)
class PlanStamp:
    """Which working draft, at which version, this program last read or wrote."""

    plan_id: str
    version: int
    updated_at: datetime
    updated_by: str


class UnknownPlanError(LookupError):
    def __init__(self, plan_id: str) -> None:
        self.plan_id = plan_id
        super().__init__(f"no plan with id {plan_id!r}")


class PlanConflictError(Exception):
    """The working draft was changed or replaced by someone else since this program read it."""

    def __init__(self, current: PlanStamp | None) -> None:
        self.current = current  # the draft as it is stored now (None: there is none any more)
        if current is None:
            text = "the working draft was removed by someone else"
        else:
            who = f" by {current.updated_by}" if current.updated_by else ""
            text = (f"the plan was changed in another window at "
                    f"{current.updated_at:%Y-%m-%d %H:%M} UTC{who}")
        super().__init__(text)


def _stamp(row: PlanRow) -> PlanStamp:
    return PlanStamp(row.id, row.version, row.updated_at, row.updated_by)


class PlanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # Stored versions ----------------------------------------------------------------------
    def add(self, plan: Plan, *, name: str, now: datetime, by: str = "",
            working: bool = False) -> str:
        """Store a plan as a new row; returns its id.

        The plan keeps its own id (from a plan file, say) only while no stored plan has it; a
        plan that was loaded from this database and then edited is stored under a new id, so
        storing a version never collides with the one it came from.
        """
        taken = bool(plan.id) and self.session.get(PlanRow, plan.id) is not None
        plan_id = plan.id if plan.id and not taken else str(uuid.uuid4())
        created_at = plan.created_at if plan.created_at and plan_id == plan.id else now
        row = m.plan_row(plan, plan_id, name, created_at)
        row.version, row.updated_at, row.updated_by = 1, now, by
        row.working = WORKING if working else None
        self.session.add(row)
        self.session.flush()
        self._write_contents(plan_id, plan)
        return plan_id

    def _write_contents(self, plan_id: str, plan: Plan) -> None:
        if plan.shifts:
            self.session.execute(insert(PlanShiftRow), m.plan_shift_values(plan_id, plan))
        if plan.gaps:
            self.session.execute(insert(PlanGapRow), m.plan_gap_values(plan_id, plan))

    def get(self, plan_id: str | None = None) -> Plan | None:
        """A plan by id, or the newest one when ``plan_id`` is None (None if there is none)."""
        query = select(PlanRow).options(selectinload(PlanRow.shifts),
                                        selectinload(PlanRow.gaps))
        if plan_id is None:
            query = query.order_by(PlanRow.updated_at.desc(), PlanRow.created_at.desc(),
                                   PlanRow.id.desc()).limit(1)
        else:
            query = query.where(PlanRow.id == plan_id)
        row = self.session.scalars(query).first()
        if row is None and plan_id is not None:
            raise UnknownPlanError(plan_id)
        return None if row is None else m.plan_of(row)

    def history(self) -> list[PlanRecord]:
        """Every stored plan, the working draft first, then newest first."""
        shift_count = (select(PlanShiftRow.plan_id, func.count().label("n"))
                       .group_by(PlanShiftRow.plan_id).subquery())
        query = (select(PlanRow, func.coalesce(shift_count.c.n, 0))
                 .outerjoin(shift_count, shift_count.c.plan_id == PlanRow.id)
                 .order_by(PlanRow.created_at.desc(), PlanRow.id.desc()))
        records = [
            PlanRecord(id=row.id, name=row.name, created_at=row.created_at,
                       first_day=row.first_day, days=row.days,
                       solver_status=PlanStatus(row.status), shifts=int(n),
                       published_at=row.published_at, published_by=row.published_by,
                       updated_at=row.updated_at, updated_by=row.updated_by,
                       working=row.working == WORKING)
            for row, n in self.session.execute(query)
        ]
        return sorted(records, key=lambda r: not r.working)  # stable: keeps newest first

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(PlanRow)) or 0)

    def last_published(self, first_day: date, last_day: date) -> tuple[Plan, PlanRecord] | None:
        """The newest published plan whose period overlaps ``first_day``..``last_day``."""
        rows = self.session.scalars(
            select(PlanRow).where(PlanRow.published_at.is_not(None))
            .options(selectinload(PlanRow.shifts), selectinload(PlanRow.gaps))
            .order_by(PlanRow.published_at.desc(), PlanRow.id.desc()))
        for row in rows:
            if row.first_day <= last_day and first_day <= row.first_day + timedelta(
                    days=row.days - 1):
                plan = m.plan_of(row)
                return plan, PlanRecord(
                    id=row.id, name=row.name, created_at=row.created_at,
                    first_day=row.first_day, days=row.days,
                    solver_status=PlanStatus(row.status), shifts=len(plan.shifts),
                    published_at=row.published_at, published_by=row.published_by,
                    updated_at=row.updated_at, updated_by=row.updated_by)
        return None

    def publish(self, plan_id: str, by: str, now: datetime) -> None:
        row = self.session.get(PlanRow, plan_id)
        if row is None:
            raise UnknownPlanError(plan_id)
        row.published_at = now
        row.published_by = by
        self.session.flush()

    # The working draft --------------------------------------------------------------------
    def working(self) -> tuple[Plan, PlanStamp] | None:
        """The working draft and its stamp, or None when there is none."""
        row = self.session.scalars(
            select(PlanRow).where(PlanRow.working == WORKING)
            .options(selectinload(PlanRow.shifts), selectinload(PlanRow.gaps))).first()
        return None if row is None else (m.plan_of(row), _stamp(row))

    def shown(self) -> tuple[Plan | None, PlanStamp | None]:
        """The plan to show: the working draft with its stamp, else the newest stored version
        (no stamp: it becomes a working draft at its first save), else nothing."""
        working = self.working()
        return working if working is not None else (self.get(), None)

    def working_stamp(self) -> PlanStamp | None:
        row = self.session.scalars(select(PlanRow).where(PlanRow.working == WORKING)).first()
        return None if row is None else _stamp(row)

    def save_working(self, plan: Plan, expected: PlanStamp | None, *, now: datetime, by: str,
                     name: str = "Working draft") -> PlanStamp:
        """Write ``plan`` as the working draft; raises PlanConflictError.

        ``expected`` is the draft this program last read or wrote (None: it knew of none). The
        version check and the increment are one ``UPDATE ... WHERE version = ...``, so of two
        instances saving at once exactly one wins, on SQLite and PostgreSQL alike.
        """
        current = self.working_stamp()
        if expected is None:
            if current is not None:
                raise PlanConflictError(current)
            plan_id = self.add(plan, name=name, now=now, by=by, working=True)
            return PlanStamp(plan_id, 1, now, by)
        if current is None or current.plan_id != expected.plan_id:
            raise PlanConflictError(current)
        values = m.plan_row_values(plan)
        done = self.session.execute(
            update(PlanRow)
            .where(PlanRow.id == expected.plan_id, PlanRow.version == expected.version)
            .values(**values, version=expected.version + 1, updated_at=now, updated_by=by)
            .execution_options(synchronize_session=False))
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise PlanConflictError(self.working_stamp())
        self.session.execute(delete(PlanShiftRow).where(PlanShiftRow.plan_id == expected.plan_id))
        self.session.execute(delete(PlanGapRow).where(PlanGapRow.plan_id == expected.plan_id))
        self._write_contents(expected.plan_id, plan)
        self.session.expire_all()
        return PlanStamp(expected.plan_id, expected.version + 1, now, by)

    def replace_working(self, plan: Plan, *, now: datetime, by: str, name: str,
                        retired_name: str) -> tuple[PlanStamp, str | None]:
        """Make ``plan`` the working draft whatever the draft was (a new solve).

        The draft it replaces is kept as a stored version named ``retired_name``; its id is
        returned too. An instance still editing that draft gets a conflict on its next save.
        """
        retired = self.session.scalars(
            select(PlanRow).where(PlanRow.working == WORKING)).first()
        retired_id = None
        if retired is not None:
            retired.working = None
            retired.name = retired_name
            retired_id = retired.id
            self.session.flush()
        plan_id = self.add(plan, name=name, now=now, by=by, working=True)
        return PlanStamp(plan_id, 1, now, by), retired_id

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
