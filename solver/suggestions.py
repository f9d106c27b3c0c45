"""Changes that would fill a gap, rule-clean ones first: "who can take this?" as the manager acts
on it.

Four kinds of change, each a small edit of the plan the checker has judged:
- *extend*: one of the agent's shifts that counts for the requirement, started earlier or ended
  later (:class:`solver.advice.Advisor` finds the best legal lengthening);
- *add*: a new shift for an agent free then (likewise);
- *move*: one of the agent's own shifts on a nearby day moved, same length, over the gap;
- *swap*: a shift someone holds then who does not count for the requirement, handed over to an
  agent who does.
A change is *clean* when the checker finds no rule it breaks and it leaves no slot of any
requirement less covered than before (a move or swap must not open a gap where the shift was).
The others are listed apart, with the rules they break; moves and swaps are offered only clean.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.coverage import counts_for, demands, scheduled_counts
from models.domain import Agent, DutyKind, Plan, Requirement, Scenario, Shift, ShiftOrigin
from models.timerules import to_local
from solver.advice import RULE_WORDS, Advisor, Proposal
from solver.check import Violation
from solver.placements import PROPOSAL_ID, reasons

KIND_ORDER = {"extend": 0, "add": 1, "move": 2, "swap": 3}
NEARBY = timedelta(days=1)  # a move takes one of the agent's shifts starting this close


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str  # "extend", "add", "move" or "swap"
    agent_id: str  # who works the new shift
    shift: Shift  # the new shift (id ``proposal``)
    replaces: Shift | None  # the shift it replaces (the agent's own, or the other agent's)
    covered_minutes: int  # of the asked range
    closes_minutes: int  # person-minutes of shortfall it removes from the whole plan, net
    violations: tuple[Violation, ...] = ()
    opens_gap: bool = False  # leaves some slot less covered than before
    level: int = 0  # the agent's lowest level in the requirement's skills (0: not known)

    @property
    def clean(self) -> bool:
        return not self.violations and not self.opens_gap

    @property
    def extends(self) -> str | None:
        """The id of the shift the change replaces (the rota editor's ``replaces``)."""
        return self.replaces.id if self.replaces is not None else None

    def rules(self) -> str:
        words = [RULE_WORDS.get(v.rule, v.rule) for v in self.violations]
        if self.opens_gap:
            words.append("leaves another slot short")
        return "; ".join(dict.fromkeys(words))


@dataclass(frozen=True, slots=True)
class Suggestions:
    clean: tuple[Suggestion, ...]  # best first
    breaking: tuple[Suggestion, ...]  # each breaks a rule or opens a gap; least bad first


class _Coverage:
    """Demanded and scheduled headcount per (requirement, slot), to price an edit quickly."""

    def __init__(self, scenario: Scenario, plan: Plan, advisor: Advisor) -> None:
        self.scenario, self.grid = scenario, advisor.grid
        self.demand = {(d.requirement_id, d.slot): d.headcount
                       for d in demands(scenario, plan.period, self.grid)}
        planned = {s.id for s in plan.shifts}
        earlier = [s for s in scenario.history if s.id not in planned]
        self.base = scheduled_counts(scenario, [*plan.shifts, *earlier], self.grid)

    def effect(self, removed: Iterable[Shift], added: Iterable[Shift]) -> tuple[int, bool]:
        """(person-minutes of shortfall closed, net; whether any slot ends up less covered
        where it was short or becomes short)."""
        minus = scheduled_counts(self.scenario, removed, self.grid)
        plus = scheduled_counts(self.scenario, added, self.grid)
        closed, worse = 0, False
        for key in set(minus) | set(plus):
            need = self.demand.get(key)
            if need is None:
                continue
            before = self.base.get(key, 0)
            after = before - minus.get(key, 0) + plus.get(key, 0)
            closed += max(0, need - before) - max(0, need - after)
            worse = worse or (after < before and after < need)
        return closed * self.grid.granularity, worse


def suggest(scenario: Scenario, plan: Plan, requirement_id: str, start: datetime,
            end: datetime, advisor: Advisor | None = None) -> Suggestions:
    """Every kind of change that would put someone on ``requirement_id`` in ``[start, end)``."""
    requirement = scenario.target.requirement(requirement_id)
    advisor = advisor or Advisor(scenario, plan)
    cover = _Coverage(scenario, plan, advisor)
    found: list[Suggestion] = []
    answer = advisor.answer(requirement, start, end)
    by_id = {s.id: s for s in plan.shifts}
    for candidate in answer.candidates:
        found.append(_from_candidate(candidate, by_id, cover))
    skilled = [a for a in scenario.active_agents() if a.meets(requirement)]
    own: dict[str, list[Shift]] = defaultdict(list)
    for shift in sorted(plan.shifts, key=lambda s: s.start):
        own[shift.agent_id].append(shift)
    for agent in skilled:
        if not any(s.start < end and start < s.end for s in own[agent.id]):
            found.extend(_moves(advisor, cover, agent, requirement, own[agent.id], start, end))
    found.extend(_swaps(scenario, advisor, cover, requirement, skilled, own, start, end))
    clean = [s for s in found if s.clean and s.closes_minutes > 0]
    breaking = [s for s in found if not s.clean and s.kind in ("add", "extend")]
    # Among changes that cover as much, the more skilled agent first (levels: solver.advice).
    clean.sort(key=lambda s: (-s.covered_minutes, -s.closes_minutes, -s.level,
                              KIND_ORDER[s.kind], s.shift.minutes, s.agent_id))
    breaking.sort(key=lambda s: (len(s.violations), s.opens_gap, -s.level, -s.covered_minutes,
                                 s.agent_id))
    return Suggestions(tuple(_best_per_agent_and_kind(clean)), tuple(breaking))


def _from_candidate(candidate: Proposal, by_id: dict[str, Shift],
                    cover: _Coverage) -> Suggestion:
    replaced = by_id.get(candidate.extends) if candidate.extends else None
    closes, worse = cover.effect([replaced] if replaced else [], [candidate.shift])
    violations = tuple(candidate.violations)
    if candidate.other_duty is not None and not violations:
        violations = (Violation("other_duty", candidate.agent_id, (PROPOSAL_ID,), 0,
                                candidate.reason),)
    return Suggestion("extend" if replaced else "add", candidate.agent_id, candidate.shift,
                      replaced, candidate.covered_minutes, closes, violations, worse,
                      candidate.level)


def _moves(advisor: Advisor, cover: _Coverage, agent: Agent, requirement: Requirement,
           shifts: list[Shift], start: datetime, end: datetime) -> list[Suggestion]:
    """The agent's own nearby shifts moved (same length, same duty) over the gap: for each,
    the legal start covering most of it."""
    calendar = advisor.calendar(agent)
    grid = advisor.grid
    g = timedelta(minutes=grid.granularity)
    found = []
    for shift in shifts:
        if shift.locked or abs(shift.start - start) > NEARBY + (shift.end - shift.start):
            continue
        duty = shift.duty
        if requirement.duty is DutyKind.DEDICATED and duty != requirement.id:
            continue
        if requirement.duty is not DutyKind.DEDICATED and duty is not None:
            continue  # a dedicated duty's shift stays where its duty needs it
        length = shift.end - shift.start
        others = [s for s in shifts if s.id != shift.id]
        options = []
        at = grid.start + ((start - length + g - grid.start) // g) * g
        while at < end:
            moved = Shift(PROPOSAL_ID, agent.id, at, at + length, duty=duty,
                          origin=ShiftOrigin.MANUAL)
            covered = _overlap(at, at + length, start, end)
            if covered and grid.start <= at and counts_for(moved, agent, requirement):
                options.append((covered, moved))
            at += g
        options.sort(key=lambda o: (-o[0], o[1].start))
        for covered, moved in options:
            if reasons(advisor.search.judge(calendar, moved, others)):
                continue
            closes, worse = cover.effect([shift], [moved])
            found.append(Suggestion("move", agent.id, moved, shift, covered, closes, (), worse))
            break
    return found


def _swaps(scenario: Scenario, advisor: Advisor, cover: _Coverage, requirement: Requirement,
           skilled: list[Agent], own: dict[str, list[Shift]], start: datetime,
           end: datetime) -> list[Suggestion]:
    """Shared-work shifts held then by someone who does not count for the requirement, each
    handed over whole to a skilled agent free then, when the checker allows it."""
    if requirement.duty is DutyKind.DEDICATED:
        return []
    agents = {a.id: a for a in scenario.agents}
    found = []
    for held in (s for shifts in own.values() for s in shifts):
        holder = agents.get(held.agent_id)
        if (holder is None or held.locked or held.duty is not None
                or not (held.start < end and start < held.end)
                or counts_for(held, holder, requirement)):
            continue
        for agent in skilled:
            mine = own[agent.id]
            if any(s.start < held.end and held.start < s.end for s in mine):
                continue
            taken = Shift(PROPOSAL_ID, agent.id, held.start, held.end,
                          origin=ShiftOrigin.MANUAL)
            if reasons(advisor.search.judge(advisor.calendar(agent), taken, mine)):
                continue
            closes, worse = cover.effect([held], [taken])
            found.append(Suggestion("swap", agent.id, taken, held,
                                    _overlap(held.start, held.end, start, end), closes, (),
                                    worse))
    return found


def _overlap(a: datetime, b: datetime, start: datetime, end: datetime) -> int:
    return max(0, int((min(b, end) - max(a, start)).total_seconds() // 60))


def _best_per_agent_and_kind(items: list[Suggestion]) -> list[Suggestion]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in items:
        key = (item.agent_id, item.kind)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def describe(suggestion: Suggestion, scenario: Scenario, zone_name: str) -> str:
    """The change in words, every time in one zone (``zone_name``)."""

    def name(agent_id: str) -> str:
        try:
            return scenario.agent(agent_id).label
        except KeyError:
            return agent_id

    def span(shift: Shift) -> str:
        a, b = to_local(shift.start, zone_name), to_local(shift.end, zone_name)
        return f"{a:%a %d %b %H:%M}–{b:%H:%M}"

    who, new, old = name(suggestion.agent_id), span(suggestion.shift), suggestion.replaces
    if suggestion.kind == "add":
        return f"Add a shift for {who}: {new}"
    assert old is not None
    if suggestion.kind == "extend":
        return f"Lengthen {who}'s shift {span(old)} to {new}"
    if suggestion.kind == "move":
        return f"Move {who}'s shift {span(old)} to {new}"
    return f"Hand {name(old.agent_id)}'s shift {span(old)} over to {who}"
