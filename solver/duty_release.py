"""Shifts released from a dedicated duty that has enough people without them.

A shift on a dedicated duty (the phone) counts for that duty and for every shared requirement
the agent meets; the same shift with no duty counts for the shared ones alone
(:func:`solver.rules.counted_for`). Where the duty keeps its headcount in every slot of the
shift without it, the shift moves to the shared queues: the same agent and hours, so coverage,
rules, fairness and cost stay as they are, and the duty's overstaffing (the money stage's rule,
:func:`solver.soft.penalize_overstaffing`) falls.

The money stage of a new plan starts with this, in plain Python, before its CP-SAT steps: on
the demo team at 20 s it had about a sixth of the later stages' seconds, a step or two, and
left the phone 336 person-hours overstaffed over 28 days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models.domain import DutyKind
from solver.candidates import Candidate
from solver.model import Prepared


def release_idle_duties(prepared: Prepared, values: Sequence[bool]) -> list[bool]:
    """``values`` with each shift on a dedicated duty that the duty does not need moved to its
    no-duty twin (a candidate as well); locked shifts stay as they are. The longest shifts on
    a duty go first."""
    scenario, candidates = prepared.scenario, prepared.candidates
    dedicated = {r.id for r in scenario.target.requirements if r.duty is DutyKind.DEDICATED}
    values = list(values)
    on_duty = [c for c in candidates if values[c.index] and c.duty in dedicated
               and not c.standby]
    held = [c for c in on_duty if not c.fixed]  # locked shifts count, but stay
    if not held:
        return values
    need: dict[tuple[str, int], int] = {(d.requirement_id, d.slot): d.headcount
                                        for d in prepared.demands
                                        if d.requirement_id in dedicated}
    count: dict[tuple[str, int], int] = defaultdict(int)
    for c in on_duty:
        for slot in c.slots:
            count[(str(c.duty), slot)] += 1
    for c in sorted(held, key=lambda c: -len(c.slots)):
        duty = str(c.duty)
        if any(count[(duty, slot)] <= need.get((duty, slot), 0) for slot in c.slots):
            continue  # the duty needs this shift in some slot
        twin = _no_duty_twin(prepared, c)
        if twin is None:
            continue
        values[c.index], values[twin.index] = False, True
        for slot in c.slots:
            count[(duty, slot)] -= 1
    return values


def _no_duty_twin(prepared: Prepared, c: Candidate) -> Candidate | None:
    """The same agent's candidate of the same start and end on no duty, if there is one."""
    for i in prepared.by_agent.get(c.agent.id, ()):
        twin = prepared.candidates[i]
        if (twin.start == c.start and twin.end == c.end and twin.duty is None
                and not twin.standby and not twin.fixed):
            return twin
    return None
