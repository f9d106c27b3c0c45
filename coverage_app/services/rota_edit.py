"""Hand edits of a rota (Qt-free): move, resize, delete, add, lock, keep an override.

Every edit takes the current immutable Plan and returns a new one together with the violations the
independent checker (``solver.check``) finds in it, so the calendar can outline a broken shift at
once. An edited shift becomes ``origin=manual``; a shift that the manager keeps despite a violation
carries an ``override:`` note that the exports show. Shifts keep their id when moved, so a calendar
re-import updates the event instead of duplicating it.
"""

from __future__ import annotations

import bisect
import dataclasses
import inspect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from models.coverage import coverage
from models.domain import (
    OVERRIDE_NOTE_PREFIX,
    Gap,
    Plan,
    PlanStatus,
    Scenario,
    Shift,
    ShiftKind,
    ShiftOrigin,
)
from models.horizon import horizon
from models.timerules import to_local, to_utc

OVERRIDE_PREFIX = OVERRIDE_NOTE_PREFIX


class ViolationLike(Protocol):
    @property
    def rule(self) -> str: ...

    @property
    def agent_id(self) -> str: ...

    @property
    def shift_ids(self) -> tuple[str, ...]: ...

    @property
    def message(self) -> str: ...


CheckFn = Callable[[Scenario, Plan], Sequence[Any]]


def default_check(scenario: Scenario, plan: Plan,
                  agent_ids: Iterable[str] | None = None) -> list[Any]:
    """The solver's independent checker, or nothing while it is not installed."""
    try:
        from solver.check import check
    except ImportError:  # pragma: no cover - only while the solver is being built
        return []
    return list(check(scenario, plan, agent_ids=agent_ids))


def _takes_agent_ids(fn: Callable[..., Any]) -> bool:
    try:
        return "agent_ids" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class EditResult:
    plan: Plan
    violations: tuple[Any, ...] = ()
    shift_id: str | None = None  # the shift the edit concerned (None after a delete)
    label: str = ""

    def messages_for(self, shift_id: str) -> list[str]:
        return [v.message for v in self.violations if shift_id in tuple(v.shift_ids)]

    @property
    def edited_violations(self) -> list[Any]:
        """Violations that involve the edited shift."""
        if self.shift_id is None:
            return []
        return [v for v in self.violations if self.shift_id in tuple(v.shift_ids)]


@dataclass(slots=True)
class RotaEditor:
    """Edits on a Plan of a Scenario, each checked by ``check``."""

    scenario: Scenario
    check: CheckFn = field(default=default_check)
    # Violations of the plan being edited, if known: then only touched agents are re-checked.
    known: tuple[Any, ...] | None = None

    # Edits -------------------------------------------------------------------------------------
    def move(self, plan: Plan, shift_id: str, start: datetime) -> EditResult:
        shift = _find(plan, shift_id)
        start = self.snap(plan, start, shift.agent_id)
        length = shift.end - shift.start
        return self._replace(plan, shift, start, start + length, "move shift")

    def resize(self, plan: Plan, shift_id: str, start: datetime, end: datetime) -> EditResult:
        shift = _find(plan, shift_id)
        start, end = self.snap(plan, start, shift.agent_id), self.snap(plan, end, shift.agent_id)
        grain = timedelta(minutes=self.scenario.team.granularity_minutes)
        if end - start < grain:
            end = start + grain
        return self._replace(plan, shift, start, end, "resize shift")

    def delete(self, plan: Plan, shift_id: str) -> EditResult:
        shift = _find(plan, shift_id)
        shifts = tuple(s for s in plan.shifts if s.id != shift.id)
        return self._result(plan, shifts, None, f"delete shift of {self._name(shift.agent_id)}")

    def add(self, plan: Plan, agent_id: str, start: datetime, end: datetime | None = None,
            duty: str | None = None, *, standby: bool = False) -> EditResult:
        """A shift of the contract's longest length from ``start`` (on the agent's grid); with
        ``standby``, the agent on standby for the requirement ``duty`` names."""
        agent = self.scenario.agent(agent_id)
        contract = self.scenario.contract_of(agent)
        start = self.snap(plan, start, agent_id)
        if end is None:
            end = start + timedelta(minutes=round(contract.max_shift_hours * 60))
        end = self.snap(plan, end, agent_id)
        kind = ShiftKind.STANDBY if standby else ShiftKind.ON_DUTY
        shift = Shift(new_shift_id(plan, agent_id, start), agent_id, start, end, duty=duty,
                      origin=ShiftOrigin.MANUAL, kind=kind)
        what = "standby" if standby else "shift"
        return self._result(plan, (*plan.shifts, shift), shift.id,
                            f"add {what} for {self._name(agent_id)}")

    def set_locked(self, plan: Plan, shift_id: str, locked: bool) -> EditResult:
        shift = _find(plan, shift_id)
        new = dataclasses.replace(shift, locked=locked)
        shifts = tuple(new if s.id == shift_id else s for s in plan.shifts)
        return self._result(plan, shifts, shift_id, "lock shift" if locked else "unlock shift")

    def keep_override(self, plan: Plan, shift_id: str, messages: Sequence[str]) -> EditResult:
        """Record that the manager keeps a shift that breaks a rule (visible in exports)."""
        shift = _find(plan, shift_id)
        note = OVERRIDE_PREFIX + "; ".join(messages) if messages else OVERRIDE_PREFIX.strip()
        new = dataclasses.replace(shift, origin=ShiftOrigin.MANUAL, note=note)
        shifts = tuple(new if s.id == shift_id else s for s in plan.shifts)
        return self._result(plan, shifts, shift_id, "keep override")

    def assign(self, plan: Plan, proposal: Shift, replaces: str | None = None) -> EditResult:
        """Add a proposed shift (from "who can take this?") as a manual shift.

        ``replaces`` names the shift the proposal replaces. The agent's own (lengthened or
        moved) keeps its id: the agent's calendar sees it change, not a second shift appear.
        Another agent's (a shift handed over) is removed and the proposal gets a new id.
        """
        old = next((s for s in plan.shifts if s.id == replaces), None)
        if old is not None and old.agent_id == proposal.agent_id:
            shift = dataclasses.replace(proposal, id=old.id, origin=ShiftOrigin.MANUAL)
            shifts = tuple(shift if s.id == old.id else s for s in plan.shifts)
            verb = ("extend" if shift.start <= old.start and old.end <= shift.end
                    else "move")
            return self._result(plan, shifts, shift.id,
                                f"{verb} {self._name(shift.agent_id)}'s shift")
        kept = tuple(s for s in plan.shifts if old is None or s.id != old.id)
        shift = dataclasses.replace(proposal, id=new_shift_id(plan, proposal.agent_id,
                                                              proposal.start)
                                    if any(s.id == proposal.id for s in plan.shifts)
                                    or old is not None else proposal.id,
                                    origin=ShiftOrigin.MANUAL)
        label = (f"hand {self._name(old.agent_id)}'s shift to {self._name(shift.agent_id)}"
                 if old is not None else f"assign {self._name(shift.agent_id)}")
        return self._result(plan, (*kept, shift), shift.id, label)

    # Helpers -----------------------------------------------------------------------------------
    def violations(self, plan: Plan, base: Plan | None = None) -> tuple[Any, ...]:
        """Violations of ``plan``; with ``base`` and ``known`` only changed agents are checked
        (every rule is per agent), which keeps a hand edit fast on a large team."""
        if base is None or self.known is None or not _takes_agent_ids(self.check):
            return tuple(self.check(self.scenario, plan))
        before, after = set(base.shifts), set(plan.shifts)
        touched = {s.agent_id for s in before ^ after}
        if not touched:
            return self.known
        kept = [v for v in self.known if v.agent_id not in touched]
        fresh = self.check(self.scenario, plan, agent_ids=sorted(touched))  # type: ignore[call-arg]
        return (*kept, *fresh)

    def snap(self, plan: Plan, instant: datetime, agent_id: str | None = None) -> datetime:
        """Round to the planning grid: the agent's own local quarter or half hours when an
        agent is given (a +05:45 agent's shift starts at 09:00 local, which is 03:15 UTC, not
        on the team's grid), else the team's grid from the period's first reference midnight."""
        grid = horizon(self.scenario, plan.period)
        g = grid.granularity
        start = grid.start
        if agent_id is not None:
            zone_name = self.scenario.agent(agent_id).time_zone
            start = to_utc(to_local(instant, zone_name).date(), time(0), zone_name)
        minutes = (instant - start).total_seconds() / 60
        return start + timedelta(minutes=round(minutes / g) * g)

    def _replace(self, plan: Plan, shift: Shift, start: datetime, end: datetime,
                 label: str) -> EditResult:
        new = dataclasses.replace(shift, start=start, end=end, origin=ShiftOrigin.MANUAL)
        shifts = tuple(new if s.id == shift.id else s for s in plan.shifts)
        return self._result(plan, shifts, shift.id, f"{label} of {self._name(shift.agent_id)}")

    def _result(self, plan: Plan, shifts: tuple[Shift, ...], shift_id: str | None,
                label: str) -> EditResult:
        statistics = dataclasses.replace(plan.statistics, status=PlanStatus.MANUAL)
        draft = dataclasses.replace(plan, shifts=shifts, statistics=statistics)
        new = dataclasses.replace(draft, gaps=still_open_gaps(self.scenario, draft))
        return EditResult(new, self.violations(new, plan), shift_id, label)

    def _name(self, agent_id: str) -> str:
        try:
            return self.scenario.agent(agent_id).label
        except KeyError:
            return agent_id


def _find(plan: Plan, shift_id: str) -> Shift:
    for shift in plan.shifts:
        if shift.id == shift_id:
            return shift
    raise KeyError(f"no shift {shift_id!r} in the plan")


def new_shift_id(plan: Plan, agent_id: str, start: datetime) -> str:
    """A fresh, readable shift id: ``manual-<agent>-<UTC start>`` (suffixed when taken)."""
    base = re.sub(r"[^A-Za-z0-9_.:@-]", "-", f"manual-{agent_id}-{start:%Y%m%dT%H%MZ}")[:120]
    taken = {s.id for s in plan.shifts}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def still_open_gaps(scenario: Scenario, plan: Plan) -> tuple[Gap, ...]:
    """The plan's gaps that a hand edit has not closed (a gap's reason stays with it)."""
    if not plan.gaps:
        return ()
    # Only shifts that overlap a gap can change the coverage of its slots.
    spans = sorted((g.start, g.end) for g in plan.gaps)
    longest = max(e - s for s, e in spans)
    near = tuple(s for s in plan.shifts if _overlaps_any(s.start, s.end, spans, longest))
    short: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for row in coverage(scenario, dataclasses.replace(plan, shifts=near)):
        if row.missing > 0:
            short[row.requirement_id].append((row.start, row.end))
    return tuple(g for g in plan.gaps
                 if any(s < g.end and g.start < e for s, e in short.get(g.requirement_id, ())))


def _overlaps_any(start: datetime, end: datetime, spans: Sequence[tuple[datetime, datetime]],
                  longest: timedelta) -> bool:
    """Whether ``[start, end)`` meets any span (``spans`` sorted, none longer than ``longest``)."""
    lo = bisect.bisect_left(spans, (start - longest,))
    hi = bisect.bisect_left(spans, (end,))
    return any(start < e for _s, e in spans[lo:hi])
