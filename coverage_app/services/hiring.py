"""Use case "whom should we hire?": the fewest extra agents of each kind on a menu of possible
hires, and how much of the target's shortfall they close (Qt-free; the CLI calls it).

The team is solved first as it is: the shortfall that remains is what the team cannot close
however it is planned (as far as the search proves in its time). Then, for each menu entry,
1, 2, … candidate agents of that kind join the team (up to the entry's ``max_count``) and the
team is solved again; the count stops growing when the shortfall is gone or one more agent
closes nothing. A hire is therefore only ever proposed for hours the team could not cover
itself. Options are ranked by missing hours closed, then by fewest agents, then by cost.

Each solve is the engine's own (``solver.solve``), so hires meet every contract rule, their
availability and zone, exactly like the team. The menu format is in docs/formats.md.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from coverage_app.services.comparison import TargetOutcome, measure
from coverage_app.services.errors import UserError
from exports.hours import plan_hours
from models.coverage import coverage
from models.domain import DomainError, Period, Problem, Scenario, suggest
from models.files import read_json, write_json_atomic
from models.hiring_menu import HiringMenu, MenuEntry, entry_from_json, entry_to_json
from models.jsonio import JSON
from models.timerules import to_local
from solver import CancelToken, SolveParams, SolveResult, solve

__all__ = ["ClosedGap", "HiringAdvice", "HiringMenu", "HiringOption", "MenuEntry",
           "advise_hiring", "closed_gaps", "menu_from_json", "menu_problems", "menu_to_json",
           "read_menu", "with_hires", "write_menu"]

MENU_FORMAT = "coverage-scheduler/hiring-menu"
MENU_VERSION = 1
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True, slots=True)
class ClosedGap:
    """A stretch of one requirement's shortfall that an option's hires fill (all or part)."""

    requirement_id: str
    requirement_name: str
    start: datetime
    end: datetime
    people: int  # the most people closed at once in the stretch
    person_hours: float

    def describe(self, zone_name: str) -> str:
        """``Phone (24/7) Mon 07 Dec 22:00–Tue 06:00: 1 person`` in the team's zone."""
        start, end = to_local(self.start, zone_name), to_local(self.end, zone_name)
        until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %H:%M}"
        people = "1 person" if self.people == 1 else f"up to {self.people} people"
        return (f"{self.requirement_name} {start:%a %d %b %H:%M}–{until}: {people}, "
                f"{self.person_hours:,.1f} h")


@dataclass(frozen=True, slots=True)
class HiringOption:
    entry: MenuEntry
    count: int
    closes_hours: float  # missing person-hours closed against the team alone
    remaining_hours: float
    monthly_cost: float
    currency: str
    closed: tuple[ClosedGap, ...] = ()  # the gaps of the team alone that the hires fill

    @property
    def meets_target(self) -> bool:
        """Nothing of the target is missing any more with these hires (as the search found)."""
        return self.remaining_hours <= 1e-9

    def sentence(self, scenario: Scenario, missing_hours: float) -> str:
        agent = self.entry.agent
        skills = " + ".join(scenario.skill(s.skill_id).name for s in agent.skills)
        contract = scenario.contract(agent.contract_id).name
        people = "agent" if self.count == 1 else "agents"
        return (f"{self.count} {people} in {agent.time_zone} with {skills}, {contract}: closes "
                f"{self.closes_hours:,.0f} of {missing_hours:,.0f} missing hours, "
                f"+{self.monthly_cost:,.0f} {self.currency} a month")


@dataclass(frozen=True, slots=True)
class HiringAdvice:
    base: TargetOutcome
    options: tuple[HiringOption, ...]
    cancelled: bool = False

    @property
    def missing_hours(self) -> float:
        return self.base.figures.shortfall_hours


ProgressFn = Callable[[str], None]


def read_menu(path: Path, scenario: Scenario) -> tuple[MenuEntry, ...]:
    """The entries of a hiring menu file, or :class:`UserError` naming every problem."""
    try:
        return menu_from_json(read_json(Path(path)), scenario)
    except DomainError as error:
        raise UserError.of(error, str(path)) from None


def menu_from_json(data: JSON, scenario: Scenario) -> HiringMenu:
    if not isinstance(data, dict):
        raise DomainError([Problem("", type(data).__name__, "the menu must be a JSON object")])
    problems: list[Problem] = []
    if data.get("format") != MENU_FORMAT:
        problems.append(Problem("format", data.get("format"), f"expected {MENU_FORMAT!r}"))
    if data.get("version") != MENU_VERSION:
        problems.append(Problem("version", data.get("version"),
                                f"this program reads version {MENU_VERSION}"))
    hires = data.get("hires")
    if not isinstance(hires, list) or not hires:
        problems.append(Problem("hires", hires, "a non-empty list of possible hires"))
        raise DomainError(problems)
    entries: list[MenuEntry] = []
    seen: set[str] = set()
    for i, raw in enumerate(hires):
        entry = entry_from_json(raw, f"hires[{i}]", problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(Problem(f"hires[{i}].id", entry.id, "used twice"))
        seen.add(entry.id)
        found = list(entry_problems(entry, scenario))
        problems.extend(p.at(f"hires[{i}]") for p in found)
        if not found:
            entries.append(entry)
    if problems:
        raise DomainError(problems)
    return tuple(entries)


def menu_to_json(menu: HiringMenu) -> dict[str, JSON]:
    """The menu as the documented file (docs/formats.md); :func:`menu_from_json` reads it."""
    return {"format": MENU_FORMAT, "version": MENU_VERSION,
            "hires": [entry_to_json(entry) for entry in menu]}


def write_menu(path: Path, menu: HiringMenu) -> None:
    """Write a menu file whole or not at all (the old file stays if writing fails)."""
    if not menu:
        raise UserError.say("the menu has no possible hires to save", "", "hires",
                            "add a possible hire first")
    try:
        write_json_atomic(Path(path), menu_to_json(menu))
    except OSError as error:
        raise UserError.say(f"cannot write the menu: {error.strerror or error}", str(path),
                            "FILE") from None


def entry_problems(entry: MenuEntry, scenario: Scenario) -> Iterator[Problem]:
    """What in an entry does not fit the team: a contract or skill the scenario lacks."""
    contracts = {c.id for c in scenario.contracts}
    if entry.agent.contract_id not in contracts:
        yield Problem("agent.contract_id", entry.agent.contract_id,
                      "no such contract in the scenario",
                      suggest(entry.agent.contract_id, contracts))
    skills = {s.id for s in scenario.skills}
    for k, skill in enumerate(entry.agent.skills):
        if skill.skill_id not in skills:
            yield Problem(f"agent.skills[{k}].skill_id", skill.skill_id,
                          "no such skill in the scenario", suggest(skill.skill_id, skills))
    if not entry.agent.skills:
        yield Problem("agent.skills", [], "a hire needs at least one skill",
                      "tick the skills this hire would bring")
    if not entry.agent.availability.windows and not entry.agent.availability.exceptions:
        yield Problem("agent.availability", [], "a hire needs hours when they can work",
                      "give the days and hours they would be available")


def menu_problems(menu: HiringMenu, scenario: Scenario) -> list[Problem]:
    """Every problem of a menu against the team, each path naming its entry (``hires[2]``)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, entry in enumerate(menu):
        if entry.id in seen:
            problems.append(Problem(f"hires[{i}].id", entry.id, "used twice"))
        seen.add(entry.id)
        problems.extend(p.at(f"hires[{i}]") for p in entry_problems(entry, scenario))
    return problems


def with_hires(scenario: Scenario, entry: MenuEntry, count: int) -> Scenario:
    taken = {a.id for a in scenario.agents}
    hires = []
    for n in range(1, count + 1):
        agent_id = f"hire-{entry.id}-{n}"
        if agent_id in taken:
            raise UserError.say("the team already has an agent with a hire's id", agent_id,
                                "hires.id", "give the menu entry another id")
        hires.append(dataclasses.replace(entry.agent, id=agent_id,
                                         name=f"{entry.agent.name} #{n}", email=""))
    return dataclasses.replace(scenario, agents=(*scenario.agents, *hires))


def advise_hiring(scenario: Scenario, period: Period, menu: tuple[MenuEntry, ...], *,
                  time_limit_s: float = 5.0, workers: int = 2, seed: int = 0,
                  on_progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None,
                  solve_fn: Callable[..., SolveResult] | None = None) -> HiringAdvice:
    """Ranked options from ``menu`` for the scenario's active target over ``period``."""
    solve_fn = solve_fn or solve
    cancel = cancel or CancelToken()
    params = SolveParams(period, time_limit_s=time_limit_s, workers=workers, seed=seed)

    def run(variant: Scenario, what: str) -> TargetOutcome:
        if on_progress is not None:
            on_progress(what)
        result = solve_fn(variant, params, cancel=cancel)
        return measure(variant, result.plan, result.status)

    base = run(scenario, "the team as it is")
    missing = base.figures.shortfall_hours
    options: list[HiringOption] = []
    for entry in menu:
        if missing <= 0 or cancel.cancelled:
            break
        best: tuple[int, TargetOutcome, Scenario] | None = None
        for count in range(1, entry.max_count + 1):
            variant = with_hires(scenario, entry, count)
            outcome = run(variant, f"{count} × {entry.id}")
            if cancel.cancelled:
                break
            gain = missing - outcome.figures.shortfall_hours
            previous_gain = missing - best[1].figures.shortfall_hours if best else 0.0
            if gain <= previous_gain + 1e-9:
                break  # one more agent of this kind closes nothing more
            best = (count, outcome, variant)
            if outcome.figures.shortfall_hours <= 0:
                break
        if best is not None:
            count, outcome, variant = best
            monthly, currency = _monthly_cost(entry, count, variant, outcome, period)
            closed = closed_gaps(scenario, base, variant, outcome)
            options.append(HiringOption(entry, count, missing - outcome.figures.shortfall_hours,
                                        outcome.figures.shortfall_hours, monthly, currency,
                                        closed))
    options.sort(key=lambda o: (-round(o.closes_hours, 6), o.count, o.monthly_cost))
    return HiringAdvice(base, tuple(options), cancelled=cancel.cancelled)


def _monthly_cost(entry: MenuEntry, count: int, variant: Scenario, outcome: TargetOutcome,
                  period: Period) -> tuple[float, str]:
    currency = entry.agent.currency
    if entry.monthly_cost is not None:
        return entry.monthly_cost * count, currency
    hires = {f"hire-{entry.id}-{n}" for n in range(1, count + 1)}
    paid = sum(p.cost for row in plan_hours(variant, outcome.plan)
               if row.agent.id in hires for p in row.pieces)
    return paid * DAYS_PER_MONTH / period.days, currency



Steps = dict[str, tuple[list[datetime], list[datetime], list[int]]]  # starts, ends, missing


def _missing_steps(scenario: Scenario, outcome: TargetOutcome) -> Steps:
    """Per requirement, the stretches with people missing (sorted, not overlapping)."""
    rows = sorted((r for r in coverage(scenario, outcome.plan) if r.missing),
                  key=lambda r: (r.requirement_id, r.start))
    steps: Steps = defaultdict(lambda: ([], [], []))
    for row in rows:
        starts, ends, missing = steps[row.requirement_id]
        starts.append(row.start)
        ends.append(row.end)
        missing.append(row.missing)
    return steps


def _missing_at(steps: tuple[list[datetime], list[datetime], list[int]] | None,
                instant: datetime) -> int:
    if steps is None:
        return 0
    starts, ends, missing = steps
    i = bisect.bisect_right(starts, instant) - 1
    return missing[i] if i >= 0 and instant < ends[i] else 0


def closed_gaps(scenario: Scenario, base: TargetOutcome, variant: Scenario,
                option: TargetOutcome) -> tuple[ClosedGap, ...]:
    """The team's gaps (``base``, planned for ``scenario``) that the option's plan for
    ``variant`` (the team with the hires) fills: each stretch of a requirement where fewer
    people are missing with the hires than without, in time order."""
    before = _missing_steps(scenario, base)
    after = _missing_steps(variant, option)
    names = {r.id: r.name for r in scenario.target.requirements}
    found: list[ClosedGap] = []
    for requirement_id, steps in before.items():
        starts, ends, _ = steps
        other = after.get(requirement_id)
        points = sorted({*starts, *ends, *(other[0] if other else ()),
                         *(other[1] if other else ())})
        current: ClosedGap | None = None
        for a, b in pairwise(points):
            people = _missing_at(steps, a) - _missing_at(other, a)
            if people <= 0:
                if current is not None:
                    found.append(current)
                    current = None
                continue
            hours = people * (b - a).total_seconds() / 3600
            if current is not None and current.end == a:
                current = dataclasses.replace(current, end=b, people=max(current.people, people),
                                              person_hours=current.person_hours + hours)
            else:
                if current is not None:
                    found.append(current)
                current = ClosedGap(requirement_id, names.get(requirement_id, requirement_id),
                                    a, b, people, hours)
        if current is not None:
            found.append(current)
    return tuple(sorted(found, key=lambda g: (g.start, g.requirement_name)))
