"""The coverage stage of a new plan over several weeks, a week (or a group of agents) at a time.

A team whose agents each have many placements a day (shift lengths from 4 to 10 h on a
30-minute grid, several duties) makes a whole-period model CP-SAT cannot get through in a
default solve: the demo team's 28 days are 36,000 variables, and the whole model's coverage
search either gave up in presolve or found little (238 uncovered hours at 20 s). Coverage is
local in time: who covers Tuesday's evening hardly depends on the third week. So the stage
re-plans one week (and a day either side, for agents whose local day straddles it) of every
agent at a time against every other shift held fixed, the weeks missing most first, sweep after
sweep, with the week's shortfall as the objective and the plan as a complete hint: the same
model (:func:`solver.neighbourhoods.replan_step`), so every rule, the rest and consecutive days
across the window's borders included, holds. A week of a large team is split into groups of
agents of a size CP-SAT builds and solves in about a second, agents who serve the same requirements
together, and the group that can serve the most of what its window misses is searched next. In a
team cut into many groups, every other step instead takes the week around the day that misses most
and the agents who could work most of what it misses (:mod:`solver.gap_groups`). Demand no free
candidate can reach is left out of what the steps chase.

Measured (quiet machine, 2 workers): demo team, 28 days, 20 s: 137.5-154 h uncovered instead of
219-245 h, alike agents still within one shift; support desk of 40 agents: 10.8 / 0 h at
10 / 30 s instead of 21.5 / 15 h; of 150 agents, 60 s: 90.5 h instead of 165 h. Small whole
models (under :data:`WHOLE_MODEL_CANDIDATES`) and teams with fixed shifts (a few placements per
agent and day) keep the whole model: it loads fast, its weekly counts couple the weeks, and it
proves optimality (follow-the-sun families: week by week was 4-35 times worse; support desk of
10 agents: 644.5 h against 602.5 h at 30 s), unless it is too big for CP-SAT to move at all
(:data:`WEEKS_ALWAYS_CANDIDATES`). Such a team on fixed shifts is then re-planned a group of
agents over the whole period at a time rather than a week (:func:`cut_for`): five shifts a
week and six days in a row tie its agents' weeks together.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from models.coverage import SlotCoverage
from solver.coverage_moves import move_in_run, report_coverage
from solver.gap_groups import centred, gap_day, gap_group, reach_of, reachable
from solver.model import Prepared
from solver.neighbourhood_choice import Neighbourhood
from solver.neighbourhoods import plan_rows, replan_step
from solver.rules import served_by
from solver.search import Run
from solver.soft import TIER_COVERAGE

# Days of one window (plus one either side).
WINDOW_DAYS = 7
# Free shift booleans in one step: more are split into groups of agents. A step of 3,000 is
# built in about 0.3 s and proven optimal in about 1 s, so more of a large team's week is
# searched in the stage's time: support desk of 400 agents at 60 s (the stage's share 0.8),
# 0-5 h uncovered in 3 runs with 3,000, 13.5-26.25 h with 6,000; of 150 agents and of 40, 0 h
# either way.
FREE_CANDIDATES = 3000
# Weeks are searched one at a time when the agents have at least this many placements a day
# (demo team: 37; support-desk family: 24-26; fixed 8 h shifts on whole hours: 2-6)...
PLACEMENTS_PER_AGENT_DAY = 12
# ... and the whole model has at least this many: smaller ones CP-SAT loads in about a second
# and searches well (support desk of 10 agents, 6,700 candidates: 602.5 h uncovered at 30 s
# whole, 644.5 h week by week; of 40 agents, 29,000: 15.0 h whole, 0 h week by week).
WHOLE_MODEL_CANDIDATES = 12_000
# A model this big is searched week by week whatever the placements a day: 400 agents on
# fixed 8 h shifts (58,000 candidates) did not move from its start in 45 s as a whole
# (1,525 h uncovered at 60 s), and went from 1,534 h to 1,258 h week by week.
WEEKS_ALWAYS_CANDIDATES = 40_000
# A team on a few fixed shifts a day that is searched this way (too big for the whole model)
# re-plans groups of agents of this many free candidates over the whole period instead: its
# agents' weeks are tied by five shifts a week and six days in a row, which a week's window
# holds fixed. Follow-the-sun, 400 agents, 28 days, 60 s: 1,076-1,090 h uncovered week by
# week (groups of 6,000 a week), 585-625 h with groups of 4,500 over the period (3,000:
# 692-804 h; 6,000: 914 h; 1,500: 995 h). Flexible teams keep the week: support desk of 400
# agents, 262.75 h week by week against 283.5 h over the period.
FREE_CANDIDATES_WHOLE_PERIOD = 4500
# Of the time left, for the coverage stage searched this way (a week or the whole period at
# a time): as much as a whole model's coverage stage gets. A team on fixed shifts: the same
# 400 agents at 60 s, 471-498 h uncovered with 0.8 against 575-625 h with 0.6, alike agents'
# nights 46-48 h apart against 44 h (the people stage moves little in a team this big either
# way). A flexible team: support desk of 400 agents at 60 s (steps of 3,000), 0-5 h with 0.8
# against 24.25-31 h with 0.6, nights 73 h apart against 57 h and weekends 86 h against 85 h;
# of 150 agents, 0 h either way, nights 30 h against 32 h; the demo team, 72 h either way,
# nights within 9-10 h.
SHARE = 0.8
# Steps around the days missing most (:mod:`solver.gap_groups`) take turns with the others
# when a window's agents are cut into at least this many groups: support desk of 400 agents (28
# groups a week) at 60 s, 0 h uncovered after the stage, by 28 s, in each of 4 runs (without
# them: 14-37.25 h after the stage, 0-23 h in the end); of 150 agents (11 groups), 0 h. The
# demo team (2 groups) at 20 s missed 127.5-129.75 h with them, 114.75-116.75 h without.
GAP_GROUPS = 4
# The last share of the stage's time is for moving single shifts (:mod:`solver.coverage_moves`),
# which end sooner when no move is left. Follow the sun of 400 agents at 60 s, one run each:
# 248-270 h uncovered without; with 0.1, 0.2, 0.3: 181, 171, 174 h; 0.2 and 3 s of moves
# before the steps too: 179 h.
MOVES_SHARE = 0.2
# A flexible team's first share of the stage's time is for moving single shifts before the
# steps as well: its first rota misses much, and moves gain more a second then than steps do.
# Demo team, 28 days, 10 s: from 30 Nov, 73-73.75 h uncovered in 9 runs (shares 0.2 and 0.3,
# solver seeds 0-2) against, with seed 0, 74.25-77 h in 16 runs of 24 and 99.75-105 h in the
# other 8 (three steps fitted, and the moves after them ended unfinished); from 7 Dec, 118-122
# h in 5 runs against 115-122.5 h in 8 of 9 and 141.75 h; at 30 s, 72 h against 73.25-73.5 h
# and 114.25 h either way. With 0.4, 73-74.5 and 122.5-123.25 h. Support desk of 40, 150 and 400
# agents, 10, 30 and 60 s: 0 h either way. Teams on fixed shifts keep moves after the steps
# only (follow the sun of 400 agents at 60 s, one run each: 179 h with a share of 0.3 first,
# 174 h without).
FIRST_MOVES_SHARE = 0.2
# Less than this for a step: it is not started (building a week's model takes 0.3-1.0 s).
MIN_STEP_S = 1.0
# A step gets at least this when the time left does not go round every step of a sweep.
STEP_S = 2.0


def by_windows(prepared: Prepared) -> bool:
    """Whether the coverage stage of a new plan searches week by week (see the module)."""
    free = sum(not c.fixed for c in prepared.candidates)
    return prepared.params.period.days > WINDOW_DAYS + 2 and (
        free >= WEEKS_ALWAYS_CANDIDATES
        or (free >= WHOLE_MODEL_CANDIDATES and flexible(prepared)))


def flexible(prepared: Prepared) -> bool:
    """Whether the agents have many placements a day (several lengths and starts), not a few
    fixed shifts."""
    free = sum(not c.fixed for c in prepared.candidates)
    days = prepared.params.period.days
    return free >= PLACEMENTS_PER_AGENT_DAY * len(prepared.facts) * days


@dataclass(frozen=True)
class Cut:
    """How the stage cuts its work: days of a window, free candidates of a step, and whether
    steps around the days missing most come first (:func:`solver.gap_groups.gap_group`)."""

    days: int
    candidates: int
    gaps: bool = False


def cut_for(prepared: Prepared) -> Cut:
    """A week for a flexible team, the whole period for one on fixed shifts (see
    :data:`FREE_CANDIDATES_WHOLE_PERIOD`)."""
    if flexible(prepared):
        return Cut(WINDOW_DAYS, FREE_CANDIDATES, gaps=True)
    return Cut(prepared.params.period.days, FREE_CANDIDATES_WHOLE_PERIOD)


def improve_coverage(prepared: Prepared, run: Run, deadline: float) -> None:
    """Sweep the period's windows until ``deadline`` (seconds since the run started), each step
    kept when it misses less, then move single shifts (:mod:`solver.coverage_moves`) in the
    last :data:`MOVES_SHARE` of the time; a flexible team moves them in the first
    :data:`FIRST_MOVES_SHARE` too. A window whose step was proven optimal for the whole team
    is not searched again until a step next to it changes the plan; when every window is, the
    moves start early, and what they leave of the time passes on."""
    assert run.values is not None
    if flexible(prepared):
        move_in_run(prepared, run, run.elapsed + FIRST_MOVES_SHARE * (deadline - run.elapsed))
    _sweep(prepared, run, deadline - MOVES_SHARE * (deadline - run.elapsed))
    move_in_run(prepared, run, deadline)


def _sweep(prepared: Prepared, run: Run, deadline: float) -> None:
    """The CP-SAT steps of :func:`improve_coverage` until ``deadline``."""
    assert run.values is not None
    period = prepared.params.period
    cut = cut_for(prepared)
    agents = sorted(prepared.facts)
    sizes: dict[str, dict[date, int]] = {a: {} for a in agents}
    for c in prepared.candidates:
        if not c.fixed:
            day_sizes = sizes[c.agent.id]
            day_sizes[c.day] = day_sizes.get(c.day, 0) + 1
    shuffle = random.Random(prepared.params.seed)
    serves = served_by(prepared.scenario, (prepared.scenario.agent(a) for a in agents))
    settled: set[date] = set()  # windows proven optimal for every agent, as their first day
    tried: dict[date, int] = {}  # days whose gap steps found nothing since a change near them
    reach = reach_of(prepared)
    turn = 0
    within_reach = reachable(reach, serves)
    sweep = 0
    rows = plan_rows(prepared, run.values)
    while not run.cancelled:
        missing = _missing_by_day(rows, within_reach)
        windows = sorted((first for first in _window_starts(period.first_day, period.days,
                                                             sweep, cut.days)
                          if first not in settled and _missing(missing, first, cut.days)),
                         key=lambda first: -_missing(missing, first, cut.days))
        steps = [(first, group) for first in windows
                 for group in _groups(agents, sizes, _span(first, cut.days), shuffle,
                                      cut.candidates, serves)]
        if not steps:
            break  # every window is covered, or as well as the rest of the plan allows
        split = cut.gaps and max(Counter(first for first, _ in steps).values()) >= GAP_GROUPS
        searched = False
        while steps:
            gap = gap_day(missing, tried) if split and not turn % 2 else None
            turn += 1
            if gap is not None:
                level = tried.get(gap, 0)
                first = centred(gap, period.first_day, period.days, cut.days)
                span = _span(first, cut.days)
                group = gap_group(rows, span, reach, serves, _sizes(sizes, span),
                                   cut.candidates << level, shuffle)
                least = STEP_S * (1 << level)
            else:
                taken = _take_next(steps, missing, cut.days, serves)
                if taken is None:
                    break  # no step left can serve anything its window misses
                first, group = taken
                least = STEP_S
            left = deadline - run.elapsed
            # The most missing windows first: when there is too little time for every step
            # of a large team, each step still gets enough to improve its window.
            limit = min(left, max(left / (len(steps) + 1), least))
            if run.cancelled or limit < MIN_STEP_S:
                return
            free = Neighbourhood(group, *_span(first, cut.days))
            step = replan_step(prepared, run, run.values, free, (), TIER_COVERAGE, limit)
            searched = True
            if step is not None and step.values != run.values:
                near = cut.days + 1
                settled = {day for day in settled if abs((day - first).days) > near}
                tried = {day: n for day, n in tried.items() if abs((day - first).days) > near}
                run.values = step.values
                rows = plan_rows(prepared, run.values)
                missing = _missing_by_day(rows, within_reach)
                report_coverage(run, sum(row.missing_minutes for row in rows))
            elif gap is not None:
                tried[gap] = tried.get(gap, 0) + 1
            if step is not None and step.step_optimal and len(group) == len(agents):
                settled.add(first)
        if not searched:
            break  # what is missing, no group of agents can serve
        sweep += 1


def _take_next(steps: list[tuple[date, frozenset[str]]],
               missing: dict[tuple[date, str], int], days: int,
               serves: dict[str, frozenset[str]]) -> tuple[date, frozenset[str]] | None:
    """The step whose group can serve the most of what its window misses now (the first of
    equals: the windows missing most when the sweep began), taken out of ``steps``; None
    when no step's group can serve anything its window misses.

    Chosen again after every step, so that a window a step has mended gives way to the next:
    a sweep of the support desk of 400 agents has some 80 steps, of which the stage runs
    about 20 at 60 s. Chosen once a sweep, its first 7 of 11 steps went to the week missing
    most (groups of 6,000, the stage's share 0.6: 106-117 h uncovered after the stage; chosen
    each time, 59.25 h)."""
    serving = [_missing(missing, first, days, _needs(serves, group)) for first, group in steps]
    best = max(range(len(steps)), key=lambda i: (serving[i], -i), default=None)
    if best is None or not serving[best]:
        steps.clear()
        return None
    return steps.pop(best)


def _sizes(sizes: dict[str, dict[date, int]], span: tuple[date, date]) -> dict[str, int]:
    return {a: sum(n for day, n in by_day.items() if span[0] <= day <= span[1])
            for a, by_day in sizes.items()}


def _missing_by_day(rows: list[SlotCoverage],
                    reachable: dict[str, set[int]]) -> dict[tuple[date, str], int]:
    """Person-minutes a plan's coverage ``rows`` miss where a free candidate could be on duty
    (``reachable``), by the UTC day they fall on and the requirement: no step changes the
    rest, so no step is spent on it."""
    found: dict[tuple[date, str], int] = {}
    for row in rows:
        if row.missing_minutes and row.slot in reachable.get(row.requirement_id, ()):
            key = (row.start.date(), row.requirement_id)
            found[key] = found.get(key, 0) + row.missing_minutes
    return found


def _missing(missing: dict[tuple[date, str], int], first: date, days: int,
             needs: frozenset[str] | None = None) -> int:
    """What the window from ``first`` misses (of ``needs`` only, when given)."""
    low, high = _span(first, days)
    return sum(minutes for (day, need), minutes in missing.items()
               if low <= day <= high and (needs is None or need in needs))


def _needs(serves: dict[str, frozenset[str]], group: frozenset[str]) -> frozenset[str]:
    return frozenset().union(*(serves[a] for a in group))


def _window_starts(first_day: date, days: int, sweep: int,
                   window: int = WINDOW_DAYS) -> list[date]:
    """First days of the windows of ``window`` days of one sweep; every other sweep is offset
    by half a window so that no border stays where it was."""
    offset = (sweep % 2) * (window // 2)
    last = max(0, days - window)
    starts = list(range(offset, last + 1, window))
    if not starts or starts[-1] < last:
        starts.append(last)
    if offset and starts[0] > 0:
        starts.insert(0, 0)
    return [first_day + timedelta(days=k) for k in starts]


def _span(first: date, days: int) -> tuple[date, date]:
    """The local days re-planned: the window and a day either side (an agent's local day may
    start the evening before the team's)."""
    return first - timedelta(days=1), first + timedelta(days=days)


def _groups(agents: list[str], sizes: dict[str, dict[date, int]], span: tuple[date, date],
            shuffle: random.Random, cap: int = FREE_CANDIDATES,
            serves: dict[str, frozenset[str]] | None = None) -> list[frozenset[str]]:
    """The agents split into as few groups as keep each under ``cap`` free candidates in
    ``span`` (one group, everyone, when they fit).

    With ``serves`` (the requirements each agent counts for) and agents who serve different
    ones, agents who serve the same requirements go together, so that a step can hand a
    requirement's hours from one of them to another: support desk of 400 agents at 60 s
    (groups of 6,000, the stage's share 0.6), 106-116 h uncovered after the stage instead of
    168-169 h (38.75-44 h at the end instead of 42.75-83 h); of 150 agents, 0 h (proven)
    instead of 0.5-3.25 h."""
    size = _sizes({a: sizes[a] for a in agents}, span)
    order = list(agents)
    shuffle.shuffle(order)
    count = max(1, -(-sum(size.values()) // cap))
    if serves is not None and count > 1 and len({serves[a] for a in agents}) > 1:
        return _kin_groups(sorted(order, key=lambda a: sorted(serves[a])), size,
                           sum(size.values()) / count, cap)
    while True:
        groups: list[list[str]] = [[] for _ in range(count)]
        loads = [0] * count
        for agent_id in order:  # each to the lightest group so far
            lightest = loads.index(min(loads))
            groups[lightest].append(agent_id)
            loads[lightest] += size[agent_id]
        if max(loads) <= cap or count >= len(agents):
            return [frozenset(g) for g in groups if g]
        count += 1


def _kin_groups(order: list[str], size: dict[str, int], target: float,
                cap: int) -> list[frozenset[str]]:
    """``order`` cut into consecutive groups of about ``target`` free candidates, none over
    ``cap`` (but for one agent alone)."""
    groups: list[list[str]] = [[]]
    load = 0
    for agent_id in order:
        if groups[-1] and (load >= target or load + size[agent_id] > cap):
            groups.append([])
            load = 0
        groups[-1].append(agent_id)
        load += size[agent_id]
    return [frozenset(g) for g in groups]

