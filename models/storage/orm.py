"""The database tables as SQLAlchemy 2.x typed declarative rows.

These classes are not the domain: they are rows, and only :mod:`models.storage.repository`
turns them into domain objects and back. Ids are the domain's own string ids (they become
iCalendar UIDs), never row numbers; lists keep their order through a ``position`` column, so a
scenario comes back exactly as it went in.

Rows a user edits (team, skills, contracts, agents, coverage targets, time off) carry a
``version`` column used by SQLAlchemy as ``version_id_col``: every UPDATE says
``WHERE version = <the version this program read>``, so a second instance's edit of the same row
is a conflict, never a lost update. The parts of an agent (skills, availability) and of a target
(requirements, overrides) are saved with their parent and guarded by the parent's version.
The counter is advanced by the repository only when the content changes (a new list order alone
is not an edit), hence ``version_id_generator=False``.

Nothing here is SQLite-only: the same tables work on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from models.storage.types import UTCDateTime

ID = 128  # the longest id the domain accepts
NAME = 200

# Named constraints, so Alembic can alter them later (SQLite batch mode needs names).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _version_args(version: Any) -> dict[str, Any]:
    return {"version_id_col": version, "version_id_generator": False}


# --------------------------------------------------------------------------------------------
# Team, skills, contracts
# --------------------------------------------------------------------------------------------


class TeamRow(Base):
    """The one team of this database (``id`` is always 1), with the active coverage target."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(NAME))
    reference_zone: Mapped[str] = mapped_column(String(64))
    granularity_minutes: Mapped[int] = mapped_column(Integer)
    night_start: Mapped[time] = mapped_column(Time)
    night_end: Mapped[time] = mapped_column(Time)
    week_start: Mapped[int] = mapped_column(Integer)
    premium_night: Mapped[float] = mapped_column(Float)
    premium_weekend: Mapped[float] = mapped_column(Float)
    premium_holiday: Mapped[float] = mapped_column(Float)
    # An hour on standby is paid this fraction of the agent's hourly cost.
    standby_rate: Mapped[float] = mapped_column(Float, default=0.25, server_default="0.25")
    active_target_id: Mapped[str] = mapped_column(String(ID))
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __mapper_args__ = _version_args(version)


class SkillRow(Base):
    __tablename__ = "skills"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME))
    category: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __mapper_args__ = _version_args(version)


class ContractRow(Base):
    __tablename__ = "contracts"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME))
    min_hours_per_week: Mapped[float] = mapped_column(Float)
    max_hours_per_week: Mapped[float] = mapped_column(Float)
    max_hours_per_day: Mapped[float] = mapped_column(Float)
    min_shift_hours: Mapped[float] = mapped_column(Float)
    max_shift_hours: Mapped[float] = mapped_column(Float)
    min_rest_hours: Mapped[float] = mapped_column(Float)
    max_consecutive_days: Mapped[int] = mapped_column(Integer)
    max_nights_per_week: Mapped[int] = mapped_column(Integer)
    works_public_holidays: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __mapper_args__ = _version_args(version)


# --------------------------------------------------------------------------------------------
# Agents and their parts
# --------------------------------------------------------------------------------------------


class AgentRow(Base):
    __tablename__ = "agents"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME))
    time_zone: Mapped[str] = mapped_column(String(64))
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(NAME))
    email: Mapped[str] = mapped_column(String(320))
    country: Mapped[str] = mapped_column(String(2))
    subdivision: Mapped[str] = mapped_column(String(16))
    hourly_cost: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    active: Mapped[bool] = mapped_column(Boolean)
    employee_number: Mapped[str] = mapped_column(String(64), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    skills: Mapped[list[AgentSkillRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AgentSkillRow.position")
    windows: Mapped[list[AvailabilityWindowRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True,
        order_by="AvailabilityWindowRow.position")
    exceptions: Mapped[list[AvailabilityExceptionRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True,
        order_by="AvailabilityExceptionRow.position")

    __mapper_args__ = _version_args(version)


class AgentSkillRow(Base):
    __tablename__ = "agent_skills"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"),
                                          primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)


class AvailabilityWindowRow(Base):
    """A weekly window in the agent's local time; weekdays as ``mon,tue,...``."""

    __tablename__ = "availability_windows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int] = mapped_column(Integer)
    weekdays: Mapped[str] = mapped_column(String(32))
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    ends_next_day: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(16))


class AvailabilityExceptionRow(Base):
    __tablename__ = "availability_exceptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    ends_next_day: Mapped[bool] = mapped_column(Boolean)
    available: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)


class TimeOffRow(Base):
    __tablename__ = "time_off"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"),
                                          index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __mapper_args__ = _version_args(version)


class HistoryShiftRow(Base):
    """A shift worked before the planning period (read for rest and consecutive days)."""

    __tablename__ = "history_shifts"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"),
                                          index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duty: Mapped[str | None] = mapped_column(String(ID))
    locked: Mapped[bool] = mapped_column(Boolean)
    origin: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    # on_duty, or standby (then ``duty`` names the requirement it stands by for).
    kind: Mapped[str] = mapped_column(String(16), default="on_duty", server_default="on_duty")


# --------------------------------------------------------------------------------------------
# Coverage targets
# --------------------------------------------------------------------------------------------


class TargetRow(Base):
    __tablename__ = "coverage_targets"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME))
    description: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    requirements: Mapped[list[RequirementRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RequirementRow.position")
    overrides: Mapped[list[TargetOverrideRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="TargetOverrideRow.position")

    __mapper_args__ = _version_args(version)


class RequirementRow(Base):
    """A requirement of a target: weekly window in the team's reference zone, headcount."""

    __tablename__ = "requirements"

    target_id: Mapped[str] = mapped_column(
        ForeignKey("coverage_targets.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME))
    weekdays: Mapped[str] = mapped_column(String(32))
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    ends_next_day: Mapped[bool] = mapped_column(Boolean)
    headcount: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer)
    duty: Mapped[str] = mapped_column(String(16))
    # The lowest level of each of its skills that counts (1 learning, 2 competent, 3 expert).
    min_level: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # A hole shorter than this many minutes is not a gap (0: the headcount in every slot).
    allowance_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A standby shift counts, reachable within this many minutes (0: only agents on duty).
    standby_reach_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    skills: Mapped[list[RequirementSkillRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True,
        order_by="RequirementSkillRow.position")


class RequirementSkillRow(Base):
    __tablename__ = "requirement_skills"

    target_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    requirement_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        ForeignKeyConstraint(["target_id", "requirement_id"],
                             ["requirements.target_id", "requirements.id"],
                             ondelete="CASCADE"),
    )


class TargetOverrideRow(Base):
    __tablename__ = "target_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_id: Mapped[str] = mapped_column(
        ForeignKey("coverage_targets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    headcount: Mapped[int] = mapped_column(Integer)
    requirement_id: Mapped[str | None] = mapped_column(String(ID))
    note: Mapped[str] = mapped_column(Text)


class HiringMenuRow(Base):
    """One possible hire on the hiring menu: the kind of agent (``agent``: an agent of the
    scenario format without id, as in the menu file), how many to consider and the cost.
    Not part of the scenario: it refers to contracts and skills by id only, and a missing one
    is reported when the menu is checked, never cascaded away."""

    __tablename__ = "hiring_menu"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    max_count: Mapped[int] = mapped_column(Integer)
    monthly_cost: Mapped[float | None] = mapped_column(Float)
    agent: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __mapper_args__ = _version_args(version)


# --------------------------------------------------------------------------------------------
# Plans (kept as history: a plan's shifts do not reference agent rows, which may be deleted)
# --------------------------------------------------------------------------------------------

WORKING = 1  # the value of ``PlanRow.working`` on the one working draft


class PlanRow(Base):
    """A stored plan version, or the working draft (``working == WORKING``).

    The working draft is the plan the app shows and autosaves: it is rewritten in place, and its
    ``version`` rises with each save (``UPDATE ... WHERE version = <read>``), so two instances
    editing it get a conflict instead of a lost update. Every other row is a stored version that
    is never rewritten, only marked published. ``working`` is NULL on stored versions; a unique
    index on it allows at most one working draft (NULLs never collide, on SQLite and
    PostgreSQL alike).
    """

    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    target_id: Mapped[str] = mapped_column(String(ID))
    first_day: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    objective: Mapped[float | None] = mapped_column(Float)
    best_bound: Mapped[float | None] = mapped_column(Float)
    shortfall_minutes: Mapped[int | None] = mapped_column(Integer)
    shortfall_proven_minimal: Mapped[bool] = mapped_column(Boolean)
    variables: Mapped[int] = mapped_column(Integer)
    constraints: Mapped[int] = mapped_column(Integer)
    solutions: Mapped[int] = mapped_column(Integer)
    first_solution_seconds: Mapped[float | None] = mapped_column(Float)
    wall_seconds: Mapped[float] = mapped_column(Float)
    seed: Mapped[int] = mapped_column(Integer)
    workers: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by: Mapped[str | None] = mapped_column(String(NAME))
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(NAME))
    working: Mapped[int | None] = mapped_column(Integer)

    shifts: Mapped[list[PlanShiftRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PlanShiftRow.position")
    gaps: Mapped[list[PlanGapRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PlanGapRow.position")

    # A unique index, not a constraint: the migration adds it without copying the table.
    __table_args__ = (Index("uq_plans_working", "working", unique=True),)


class PlanShiftRow(Base):
    __tablename__ = "plan_shifts"

    plan_id: Mapped[str] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         primary_key=True)
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    agent_id: Mapped[str] = mapped_column(String(ID))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duty: Mapped[str | None] = mapped_column(String(ID))
    locked: Mapped[bool] = mapped_column(Boolean)
    origin: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    # on_duty, or standby (then ``duty`` names the requirement it stands by for).
    kind: Mapped[str] = mapped_column(String(16), default="on_duty", server_default="on_duty")

    __table_args__ = (Index("ix_plan_shifts_agent_start", "agent_id", "starts_at"),)


class PlanGapRow(Base):
    """A gap of a plan; the agents who could not fill it are a JSON list of {agent_id, why}."""

    __tablename__ = "plan_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    requirement_id: Mapped[str] = mapped_column(String(ID))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    missing: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    candidates: Mapped[list[dict[str, str]]] = mapped_column(JSON)


class PublishedEventRow(Base):
    """What the last calendar export said about a shift; ``calendar`` is an agent id or 'team'."""

    __tablename__ = "published_events"

    calendar: Mapped[str] = mapped_column(String(ID), primary_key=True)
    shift_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    uid: Mapped[str] = mapped_column(String(255))
    agent_id: Mapped[str] = mapped_column(String(ID))
    sequence: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fingerprint: Mapped[str] = mapped_column(String(128))
    cancelled: Mapped[bool] = mapped_column(Boolean)
    # What the event showed; '' in rows written before the text was kept.
    summary: Mapped[str] = mapped_column(Text, server_default="")
    description: Mapped[str] = mapped_column(Text, server_default="")


VERSIONED: tuple[type[Base], ...] = (TeamRow, SkillRow, ContractRow, AgentRow, TargetRow,
                                      TimeOffRow, HiringMenuRow)
