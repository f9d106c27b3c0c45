"""Gaps with reasons: where the plan misses the target, and why.

A reason is a claim, so each is given only when it holds; the first that holds, in this order:
1. nobody in the team has the skills (``NO_SKILL``);
2. people with the skills exist but none is available then, nor already working then:
   availability, time off, public holiday (``NOT_AVAILABLE``);
3. someone could take it: a placement (a new shift on the grid, or one of the agent's shifts
   started earlier or ended later) that the checker accepts next to the agent's other shifts.
   The gap names the best one: agent, local start–end in the team's reference zone, how much of
   the gap it covers (``NOT_PROVEN``: best found, not proven unavoidable);
4. everyone with the skills who is available then already works then: counted here, or on
   another duty (``ALL_BUSY``); when all of them hold other dedicated duties, the duties are
   named instead (``OTHER_DUTY``);
5. every placement of every available agent breaks a contract rule, and the rules are named:
   weekly hours, rest, consecutive days, night shifts, already working that day
   (``CONTRACT_LIMIT``).
A gap the time limit left no time to search gets only what needs no search: 1, or
``NOT_EXAMINED``.
Each gap names its candidates and why each could not take it, or the shift that would.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping

from models.coverage import ShortRun, SlotCoverage, coverage, short_runs
from models.domain import Gap, GapCandidate, GapReason, Plan, Requirement, Scenario
from models.horizon import horizon
from models.timerules import to_local
from solver.advice import RULE_WORDS, Advisor, Answer
from solver.rules import AgentCalendar

MAX_NAMED = 8
NAMES_SHOWN = 3


def explain_gaps(scenario: Scenario, plan: Plan, *, proven: bool,
                 rows: Iterable[SlotCoverage] | None = None,
                 calendars: Mapping[str, AgentCalendar] | None = None,
                 deadline: float | None = None) -> tuple[Gap, ...]:
    """The plan's gaps with reasons. ``rows`` (the plan's coverage) and ``calendars`` (agent
    calendars over the plan's horizon) save recomputing what the caller already has. Past
    ``deadline`` (``time.monotonic()``; a solve's time limit covers its explanations) a gap
    gets only the reasons that need no search: nobody has the skills, or ``NOT_EXAMINED``
    (400 agents, 138 gaps: 15 s of placements)."""
    if rows is None:
        rows = coverage(scenario, plan, horizon(scenario, plan.period))
    advisor = Advisor(scenario, plan, calendars)
    requirements = {r.id: r for r in scenario.target.requirements}
    gaps = []
    zone = scenario.team.reference_zone
    for run in short_runs(rows):
        requirement = requirements[run.requirement_id]
        if deadline is not None and time.monotonic() >= deadline:
            reason, message = unexamined(scenario, requirement)
            named: list[GapCandidate] = []
        else:
            answer = advisor.answer(requirement, run.start, run.end)
            reason, message = classify(scenario, requirement, answer, proven)
            named = [*(GapCandidate(c.agent_id, c.reason) for c in answer.candidates),
                     *(GapCandidate(o.agent_id, o.reason) for o in answer.on_shift)]
        when = (f"{to_local(run.start, zone):%a %d %b %H:%M}–{to_local(run.end, zone):%H:%M} "
                f"{zone}")
        allowed = (f" for {_minutes(run)}, not within the {requirement.allowance_minutes}-minute "
                   f"response time" if requirement.allowance_minutes else "")
        gaps.append(Gap(run.requirement_id, run.start, run.end, run.missing, reason,
                        f"{requirement.name}, {when}: {run.missing} missing{allowed}. {message}",
                        tuple(named[:MAX_NAMED])))
    return tuple(gaps)


def unexamined(scenario: Scenario, requirement: Requirement) -> tuple[GapReason, str]:
    """The reason of a gap there was no time to search placements for."""
    if not any(a.meets(requirement) for a in scenario.active_agents()):
        return _no_skill(scenario, requirement)
    return GapReason.NOT_EXAMINED, (
        "Not examined: the time limit ran out before the shifts that could take it were "
        'tried; "Who can take this?" in the gap list asks now.')


def _no_skill(scenario: Scenario, requirement: Requirement) -> tuple[GapReason, str]:
    needed = ", ".join(scenario.skill(s).name for s in requirement.skills) or "any skill"
    if requirement.min_level > 1:
        needed += f" at level {requirement.min_level} or higher"
    return GapReason.NO_SKILL, f"Nobody in the team has {needed}."


def classify(scenario: Scenario, requirement: Requirement, answer: Answer,
             proven: bool) -> tuple[GapReason, str]:
    with_skill = [a for a in scenario.active_agents() if a.meets(requirement)]
    if not with_skill:
        return _no_skill(scenario, requirement)
    available = [c for c in answer.candidates if c.available]
    if not available and not answer.on_shift:
        return GapReason.NOT_AVAILABLE, (
            f"{_agents(len(with_skill))} have the skills but none is available then "
            f"(availability, time off or public holiday).")
    free = [c for c in available if c.free]
    if free:
        others = _names(scenario, [c.agent_id for c in free[1:]])
        also = f" Also free: {others}." if others else ""
        if proven:
            return GapReason.NOT_PROVEN, (
                f"{free[0].reason}, a shift the planner did not consider; the checker accepts "
                f"it.{also}")
        return GapReason.NOT_PROVEN, (
            f"Best found, not proven: {free[0].reason}; the checker accepts it.{also}")
    elsewhere = [c for c in available if c.other_duty is not None]
    at_limit = [c for c in available if c.other_duty is None]
    away = len(with_skill) - len(available) - len(answer.on_shift)
    not_there = f" {_more(away)} {_be(away)} not available then." if away else ""
    if not at_limit:
        if not answer.on_shift:
            duties = sorted({str(c.other_duty) for c in elsewhere})
            return GapReason.OTHER_DUTY, (
                f"The available agents hold other duties: {', '.join(duties)}.{not_there}")
        busy = [o.agent_id for o in answer.on_shift] + [c.agent_id for c in elsewhere]
        on_duty = (f"; {len(elsewhere)} of them on other duties "
                   f"({', '.join(sorted({str(c.other_duty) for c in elsewhere}))})"
                   if elsewhere else "")
        return GapReason.ALL_BUSY, (
            f"Everyone with the skills who is available then is already on shift "
            f"({_agents(len(busy))}: {_names(scenario, busy)}{on_duty}).{not_there}")
    limits = Counter(RULE_WORDS.get(rule, rule) for c in at_limit
                     for rule in (c.blocked_by or tuple(v.rule for v in c.violations))
                     if rule != "availability")
    words = ", ".join(f"{w} ({n})" for w, n in limits.most_common())
    busy_count = len(answer.on_shift) + len(elsewhere)
    busy_words = (f" {_more(busy_count)} already {'works' if busy_count == 1 else 'work'} then."
                  if busy_count else "")
    return GapReason.CONTRACT_LIMIT, (
        f"Every shift the available agents could work then breaks a rule: "
        f"{words}.{busy_words}{not_there}")


def _minutes(run: ShortRun) -> str:
    minutes = int((run.end - run.start).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def _agents(n: int) -> str:
    return f"{n} agent" if n == 1 else f"{n} agents"


def _more(n: int) -> str:
    return f"{n} more agent" if n == 1 else f"{n} more agents"


def _be(n: int) -> str:
    return "is" if n == 1 else "are"


def _names(scenario: Scenario, agent_ids: list[str]) -> str:
    shown = ", ".join(scenario.agent(a).label for a in agent_ids[:NAMES_SHOWN])
    more = len(agent_ids) - NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown
