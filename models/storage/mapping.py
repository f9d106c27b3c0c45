"""Domain objects <-> ORM rows, one pair of functions per kind. No queries, no sessions.

``*_row`` functions fill a row (new or loaded) from a domain object, replacing its parts;
``*_of`` functions build the domain object back. Positions keep every list in its order.

A stored row can break a domain rule (edited by hand or by another tool, or written before a
rule existed). ``*_of`` then raises one :class:`DomainError` listing every problem of that row,
with paths inside it (``time_zone``, ``availability.windows[0].end``), the bad value and a
suggestion: a bad part does not hide the problems of the rest. ``*_label`` functions name a row
for those messages (``agent 'Kadri Tamm' (id kadri-tamm)``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import datetime, time
from typing import Any, TypeVar

from models.domain import (
    WEEKDAY_NAMES,
    Agent,
    AgentSkill,
    Availability,
    AvailabilityException,
    AvailabilityKind,
    AvailabilityWindow,
    Contract,
    CoverageTarget,
    DomainError,
    DutyKind,
    Gap,
    GapCandidate,
    GapReason,
    Period,
    Plan,
    PlanStatistics,
    PlanStatus,
    Premiums,
    Problem,
    PublishedEvent,
    Requirement,
    Shift,
    ShiftKind,
    ShiftOrigin,
    Skill,
    SkillCategory,
    TargetOverride,
    Team,
    TimeOff,
    TimeOffKind,
    WeeklyWindow,
    suggest,
)
from models.storage.orm import (
    AgentRow,
    AgentSkillRow,
    AvailabilityExceptionRow,
    AvailabilityWindowRow,
    ContractRow,
    HistoryShiftRow,
    PlanRow,
    PlanShiftRow,
    PublishedEventRow,
    RequirementRow,
    RequirementSkillRow,
    SkillRow,
    TargetOverrideRow,
    TargetRow,
    TeamRow,
    TimeOffRow,
)

TEAM_ROW_ID = 1
# Checks the other fields of a requirement whose own window is broken (then left out).
_STAND_IN_WINDOW = WeeklyWindow(frozenset({0}), time(0), time(1))


def weekdays_text(days: frozenset[int]) -> str:
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))


T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


class RowReader:
    """Builds the domain object of one stored row, collecting every problem on the way.

    A part that breaks a rule is recorded and left out (or replaced by a stand-in, for a bad
    enum value) so that the rest of the row is still checked; :meth:`finish` raises one
    DomainError with everything found.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def part(self, path: str, factory: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        try:
            return factory(*args, **kwargs)
        except DomainError as error:
            self.problems.extend(p.at(path) for p in error.problems)
            return None

    def enum(self, kind: type[E], value: object, path: str) -> E:
        try:
            return kind(value)
        except ValueError:
            values = [str(member.value) for member in kind]
            self.problems.append(Problem(path, value, f"must be one of {', '.join(values)}",
                                         suggest(str(value), values)))
            return next(iter(kind))  # a stand-in, so the other fields are checked too

    def weekdays(self, text: str, path: str) -> frozenset[int]:
        days = set()
        for name in (text or "").split(","):
            if name in WEEKDAY_NAMES:
                days.add(WEEKDAY_NAMES.index(name))
            elif name:
                self.problems.append(Problem(path, name, "is not a weekday",
                                             "use mon, tue, wed, thu, fri, sat, sun"))
        return frozenset(days)

    def finish(self, built: T | None) -> T:
        if self.problems or built is None:
            raise DomainError(self.problems)
        return built


def _parts(reader: RowReader, path: str, rows: list[Any],
           build: Callable[[RowReader, Any, str], T | None]) -> tuple[T, ...]:
    """The parts of a row that could be built (``path[i]``), the others recorded."""
    built = (build(reader, row, f"{path}[{i}]") for i, row in enumerate(rows))
    return tuple(item for item in built if item is not None)


# Names of rows for messages about them ----------------------------------------------------


def named(kind: str, name: object, row_id: object) -> str:
    return f"{kind} {name!r} (id {row_id})"


def time_off_label(row: TimeOffRow, agent_names: Mapping[str, str]) -> str:
    who = agent_names.get(row.agent_id, row.agent_id)
    return f"time off of {who!r} from {row.first_day} to {row.last_day} (id {row.id})"


def history_label(row: HistoryShiftRow, agent_names: Mapping[str, str]) -> str:
    who = agent_names.get(row.agent_id, row.agent_id)
    start = f" starting {row.starts_at:%Y-%m-%d %H:%M} UTC" if row.starts_at else ""
    return f"past shift of {who!r}{start} (id {row.id})"


# --------------------------------------------------------------------------------------------
# Team, skills, contracts
# --------------------------------------------------------------------------------------------


def team_row(row: TeamRow, team: Team, active_target_id: str) -> TeamRow:
    row.id = TEAM_ROW_ID
    row.name = team.name
    row.reference_zone = team.reference_zone
    row.granularity_minutes = team.granularity_minutes
    row.night_start = team.night_start
    row.night_end = team.night_end
    row.week_start = team.week_start
    row.premium_night = team.premiums.night
    row.premium_weekend = team.premiums.weekend
    row.premium_holiday = team.premiums.holiday
    row.standby_rate = team.premiums.standby_rate
    row.active_target_id = active_target_id
    return row


def team_of(row: TeamRow) -> Team:
    reader = RowReader()
    premiums = reader.part("premiums", Premiums, night=row.premium_night,
                           weekend=row.premium_weekend, holiday=row.premium_holiday,
                           standby_rate=row.standby_rate)
    return reader.finish(reader.part(
        "", Team, name=row.name, reference_zone=row.reference_zone,
        granularity_minutes=row.granularity_minutes, night_start=row.night_start,
        night_end=row.night_end, week_start=row.week_start, premiums=premiums or Premiums()))


def skill_row(row: SkillRow, skill: Skill) -> SkillRow:
    row.id = skill.id
    row.name = skill.name
    row.category = skill.category.value
    return row


def skill_of(row: SkillRow) -> Skill:
    reader = RowReader()
    category = reader.enum(SkillCategory, row.category, "category")
    return reader.finish(reader.part("", Skill, id=row.id, name=row.name, category=category))


_CONTRACT_FIELDS = ("name", "min_hours_per_week", "max_hours_per_week", "max_hours_per_day",
                    "min_shift_hours", "max_shift_hours", "min_rest_hours",
                    "max_consecutive_days", "max_nights_per_week", "works_public_holidays")


def contract_row(row: ContractRow, contract: Contract) -> ContractRow:
    row.id = contract.id
    for name in _CONTRACT_FIELDS:
        setattr(row, name, getattr(contract, name))
    return row


def contract_of(row: ContractRow) -> Contract:
    reader = RowReader()
    return reader.finish(reader.part(
        "", Contract, id=row.id, **{name: getattr(row, name) for name in _CONTRACT_FIELDS}))


# --------------------------------------------------------------------------------------------
# Agents
# --------------------------------------------------------------------------------------------

_AGENT_FIELDS = ("name", "time_zone", "contract_id", "display_name", "email", "country",
                 "subdivision", "hourly_cost", "currency", "active", "employee_number")


def agent_row(row: AgentRow, agent: Agent) -> AgentRow:
    row.id = agent.id
    for name in _AGENT_FIELDS:
        setattr(row, name, getattr(agent, name))
    row.skills = [AgentSkillRow(skill_id=s.skill_id, level=s.level, position=i)
                  for i, s in enumerate(agent.skills)]
    row.windows = [
        AvailabilityWindowRow(position=i, weekdays=weekdays_text(w.window.weekdays),
                              start_time=w.window.start, end_time=w.window.end,
                              ends_next_day=w.window.ends_next_day, kind=w.kind.value)
        for i, w in enumerate(agent.availability.windows)
    ]
    row.exceptions = [
        AvailabilityExceptionRow(position=i, day=e.day, start_time=e.start, end_time=e.end,
                                 ends_next_day=e.ends_next_day, available=e.available,
                                 note=e.note)
        for i, e in enumerate(agent.availability.exceptions)
    ]
    return row


def agent_of(row: AgentRow) -> Agent:
    reader = RowReader()
    availability = Availability(
        windows=_parts(reader, "availability.windows", row.windows, _window_of),
        exceptions=_parts(reader, "availability.exceptions", row.exceptions, _exception_of),
    )
    skills = _parts(reader, "skills", row.skills, lambda r, s, path: r.part(
        path, AgentSkill, skill_id=s.skill_id, level=s.level))
    return reader.finish(reader.part(
        "", Agent, id=row.id, skills=skills, availability=availability,
        **{name: getattr(row, name) for name in _AGENT_FIELDS}))


def _window_of(reader: RowReader, w: AvailabilityWindowRow,
               path: str) -> AvailabilityWindow | None:
    kind = reader.enum(AvailabilityKind, w.kind, f"{path}.kind")
    window = reader.part(path, WeeklyWindow, reader.weekdays(w.weekdays, f"{path}.weekdays"),
                         w.start_time, w.end_time, w.ends_next_day)
    return AvailabilityWindow(window=window, kind=kind) if window is not None else None


def _exception_of(reader: RowReader, e: AvailabilityExceptionRow,
                  path: str) -> AvailabilityException | None:
    return reader.part(path, AvailabilityException, day=e.day, start=e.start_time,
                       end=e.end_time, ends_next_day=e.ends_next_day, available=e.available,
                       note=e.note)


def time_off_row(row: TimeOffRow, item: TimeOff) -> TimeOffRow:
    row.id = item.id
    row.agent_id = item.agent_id
    row.first_day = item.first_day
    row.last_day = item.last_day
    row.kind = item.kind.value
    row.note = item.note
    return row


def time_off_of(row: TimeOffRow) -> TimeOff:
    reader = RowReader()
    kind = reader.enum(TimeOffKind, row.kind, "kind")
    return reader.finish(reader.part(
        "", TimeOff, id=row.id, agent_id=row.agent_id, first_day=row.first_day,
        last_day=row.last_day, kind=kind, note=row.note))


def history_row(shift: Shift, position: int) -> HistoryShiftRow:
    return HistoryShiftRow(id=shift.id, position=position, agent_id=shift.agent_id,
                           starts_at=shift.start, ends_at=shift.end, duty=shift.duty,
                           locked=shift.locked, origin=shift.origin.value, note=shift.note,
                           kind=shift.kind.value)


def shift_of(row: HistoryShiftRow | PlanShiftRow) -> Shift:
    reader = RowReader()
    origin = reader.enum(ShiftOrigin, row.origin, "origin")
    kind = reader.enum(ShiftKind, row.kind, "kind")
    return reader.finish(reader.part(
        "", Shift, id=row.id, agent_id=row.agent_id, start=row.starts_at, end=row.ends_at,
        duty=row.duty, locked=row.locked, origin=origin, note=row.note, kind=kind))


# --------------------------------------------------------------------------------------------
# Coverage targets
# --------------------------------------------------------------------------------------------


def target_row(row: TargetRow, target: CoverageTarget) -> TargetRow:
    """Fill a target row; requirement rows are updated in place by id (their skills with them)."""
    row.id = target.id
    row.name = target.name
    row.description = target.description
    existing = {r.id: r for r in row.requirements} if row.requirements else {}
    requirements = []
    for i, r in enumerate(target.requirements):
        req = existing.get(r.id) or RequirementRow(target_id=target.id, id=r.id)
        req.position = i
        req.name = r.name
        req.weekdays = weekdays_text(r.window.weekdays)
        req.start_time = r.window.start
        req.end_time = r.window.end
        req.ends_next_day = r.window.ends_next_day
        req.headcount = r.headcount
        req.priority = r.priority
        req.duty = r.duty.value
        req.min_level = r.min_level
        req.allowance_minutes = r.allowance_minutes
        req.standby_reach_minutes = r.standby_reach_minutes
        req.skills = [RequirementSkillRow(target_id=target.id, requirement_id=r.id, skill_id=s,
                                          position=j) for j, s in enumerate(r.skills)]
        requirements.append(req)
    row.requirements = requirements
    row.overrides = [
        TargetOverrideRow(position=i, day=o.day, headcount=o.headcount,
                          requirement_id=o.requirement_id, note=o.note)
        for i, o in enumerate(target.overrides)
    ]
    return row


def target_of(row: TargetRow) -> CoverageTarget:
    reader = RowReader()
    requirements = _parts(reader, "requirements", row.requirements, _requirement_of)
    overrides = _parts(reader, "overrides", row.overrides, lambda r, o, path: r.part(
        path, TargetOverride, day=o.day, headcount=o.headcount,
        requirement_id=o.requirement_id, note=o.note))
    return reader.finish(reader.part(
        "", CoverageTarget, id=row.id, name=row.name, description=row.description,
        requirements=requirements, overrides=overrides))


def _requirement_of(reader: RowReader, r: RequirementRow, path: str) -> Requirement | None:
    duty = reader.enum(DutyKind, r.duty, f"{path}.duty")
    window = reader.part(path, WeeklyWindow, reader.weekdays(r.weekdays, f"{path}.weekdays"),
                         r.start_time, r.end_time, r.ends_next_day)
    requirement = reader.part(path, Requirement, id=r.id, name=r.name,
                              window=window or _STAND_IN_WINDOW, headcount=r.headcount,
                              skills=tuple(s.skill_id for s in r.skills), priority=r.priority,
                              duty=duty, min_level=r.min_level,
                              allowance_minutes=r.allowance_minutes,
                              standby_reach_minutes=r.standby_reach_minutes)
    return requirement if window is not None else None


# --------------------------------------------------------------------------------------------
# Plans and published events
# --------------------------------------------------------------------------------------------


def plan_row_values(plan: Plan) -> dict[str, object]:
    """The columns of a plan row that come from the plan itself (period, target, statistics)."""
    stats = plan.statistics
    return dict(
        target_id=plan.target_id, first_day=plan.period.first_day, days=plan.period.days,
        status=stats.status.value, objective=stats.objective, best_bound=stats.best_bound,
        shortfall_minutes=stats.shortfall_minutes,
        shortfall_proven_minimal=stats.shortfall_proven_minimal, variables=stats.variables,
        constraints=stats.constraints, solutions=stats.solutions,
        first_solution_seconds=stats.first_solution_seconds, wall_seconds=stats.wall_seconds,
        seed=stats.seed, workers=stats.workers,
    )


def plan_row(plan: Plan, plan_id: str, name: str, created_at: datetime) -> PlanRow:
    return PlanRow(id=plan_id, name=name, created_at=created_at, published_at=None,
                   published_by=None, **plan_row_values(plan))


def plan_shift_values(plan_id: str, plan: Plan) -> list[dict[str, object]]:
    """The plan's shifts as column values, for one bulk INSERT (plans have thousands)."""
    return [
        {"plan_id": plan_id, "id": s.id, "position": i, "agent_id": s.agent_id,
         "starts_at": s.start, "ends_at": s.end, "duty": s.duty, "locked": s.locked,
         "origin": s.origin.value, "note": s.note, "kind": s.kind.value}
        for i, s in enumerate(plan.shifts)
    ]


def plan_gap_values(plan_id: str, plan: Plan) -> list[dict[str, object]]:
    return [
        {"plan_id": plan_id, "position": i, "requirement_id": g.requirement_id,
         "starts_at": g.start, "ends_at": g.end, "missing": g.missing,
         "reason": g.reason.value, "message": g.message,
         "candidates": [{"agent_id": c.agent_id, "why": c.why} for c in g.candidates]}
        for i, g in enumerate(plan.gaps)
    ]


def plan_of(row: PlanRow) -> Plan:
    stats = PlanStatistics(
        status=PlanStatus(row.status), objective=row.objective, best_bound=row.best_bound,
        shortfall_minutes=row.shortfall_minutes,
        shortfall_proven_minimal=row.shortfall_proven_minimal, variables=row.variables,
        constraints=row.constraints, solutions=row.solutions,
        first_solution_seconds=row.first_solution_seconds, wall_seconds=row.wall_seconds,
        seed=row.seed, workers=row.workers)
    return Plan(
        period=Period(row.first_day, row.days),
        shifts=tuple(shift_of(s) for s in row.shifts),
        gaps=tuple(
            Gap(requirement_id=g.requirement_id, start=g.starts_at, end=g.ends_at,
                missing=g.missing, reason=GapReason(g.reason), message=g.message,
                candidates=tuple(GapCandidate(agent_id=c["agent_id"], why=c["why"])
                                 for c in g.candidates))
            for g in row.gaps),
        statistics=stats, target_id=row.target_id, created_at=row.created_at, id=row.id,
    )


def event_row(row: PublishedEventRow, calendar: str, event: PublishedEvent) -> PublishedEventRow:
    row.calendar = calendar
    row.shift_id = event.shift_id
    row.uid = event.uid
    row.agent_id = event.agent_id
    row.sequence = event.sequence
    row.starts_at = event.start
    row.ends_at = event.end
    row.fingerprint = event.fingerprint
    row.cancelled = event.cancelled
    row.summary = event.summary
    row.description = event.description
    return row


def event_of(row: PublishedEventRow) -> PublishedEvent:
    return PublishedEvent(uid=row.uid, shift_id=row.shift_id, agent_id=row.agent_id,
                          sequence=row.sequence, start=row.starts_at, end=row.ends_at,
                          fingerprint=row.fingerprint, cancelled=row.cancelled,
                          summary=row.summary, description=row.description)
