"""Gaps with reasons: where the plan misses the target, and why, in the order a manager asks.

1. nobody in the team has the skills (``NO_SKILL``);
2. people with the skills exist but none is available then: availability, time off, public
   holiday (``NOT_AVAILABLE``);
3. the available ones are all at a contract limit then, named (weekly hours, rest, consecutive
   days, night shifts, already working that day) (``CONTRACT_LIMIT``), or hold another
   dedicated duty (``OTHER_DUTY``);
4. someone could have taken it and the solver did not prove the gap unavoidable
   (``NOT_PROVEN``: "best found, not proven").
Each gap names its candidates and why each could not take it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from models.coverage import SlotCoverage, coverage, horizon, short_runs
from models.domain import Gap, GapCandidate, GapReason, Plan, Scenario
from models.timerules import to_local
from solver.advice import RULE_WORDS, Advisor, Candidate
from solver.rules import AgentCalendar

MAX_NAMED = 8


def explain_gaps(scenario: Scenario, plan: Plan, *, proven: bool,
                 rows: Iterable[SlotCoverage] | None = None,
                 calendars: Mapping[str, AgentCalendar] | None = None) -> tuple[Gap, ...]:
    """The plan's gaps with reasons. ``rows`` (the plan's coverage) and ``calendars`` (agent
    calendars over the plan's horizon) save recomputing what the caller already has."""
    if rows is None:
        rows = coverage(scenario, plan, horizon(scenario, plan.period))
    advisor = Advisor(scenario, plan, calendars)
    requirements = {r.id: r for r in scenario.target.requirements}
    gaps = []
    for run in short_runs(rows):
        requirement = requirements[run.requirement_id]
        candidates = advisor.candidates(requirement, run.start, run.end)
        reason, message = classify(scenario, requirement.name, requirement.skills, candidates,
                                   proven)
        when = (f"{to_local(run.start, scenario.team.reference_zone):%a %d %b %H:%M}–"
                f"{to_local(run.end, scenario.team.reference_zone):%H:%M}")
        gaps.append(Gap(run.requirement_id, run.start, run.end, run.missing, reason,
                        f"{requirement.name}, {when}: {run.missing} missing. {message}",
                        tuple(GapCandidate(c.agent_id, c.reason)
                              for c in candidates[:MAX_NAMED])))
    return tuple(gaps)


def classify(scenario: Scenario, name: str, skills: tuple[str, ...],
             candidates: list[Candidate], proven: bool) -> tuple[GapReason, str]:
    with_skill = [a for a in scenario.active_agents()
                  if all(a.has_skill(s) for s in skills)]
    if not with_skill:
        needed = ", ".join(scenario.skill(s).name for s in skills) or "any skill"
        return GapReason.NO_SKILL, f"Nobody in the team has {needed}."
    available = [c for c in candidates if c.available]
    if not available:
        return GapReason.NOT_AVAILABLE, (
            f"{len(with_skill)} agent(s) have the skills but none is available then "
            f"(availability, time off or public holiday).")
    free = [c for c in available if c.free]
    if free:
        names = ", ".join(scenario.agent(c.agent_id).label for c in free[:3])
        if proven:
            return GapReason.NOT_PROVEN, (
                f"{names} could cover part of it with a shift outside the planner's grid.")
        return GapReason.NOT_PROVEN, (
            f"Best found, not proven: {names} could cover part of it; a longer solve may "
            "close it.")
    if all(c.other_duty is not None for c in available):
        duties = sorted({str(c.other_duty) for c in available})
        return GapReason.OTHER_DUTY, f"The available agents hold other duties: {', '.join(duties)}."
    limits = Counter(RULE_WORDS.get(v.rule, v.rule) for c in available for v in c.violations
                     if v.rule != "availability")
    words = ", ".join(f"{w} ({n})" for w, n in limits.most_common())
    return GapReason.CONTRACT_LIMIT, f"The available agents are at a contract limit: {words}."
