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

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from coverage_app.services.comparison import TargetOutcome, measure
from coverage_app.services.errors import UserError
from exports.hours import plan_hours
from models.domain import Agent, DomainError, Period, Problem, Scenario, suggest
from models.files import read_json
from models.jsonio import JSON, Decoder, _Invalid
from solver import CancelToken, SolveParams, SolveResult, solve

MENU_FORMAT = "coverage-scheduler/hiring-menu"
MENU_VERSION = 1
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True, slots=True)
class MenuEntry:
    id: str
    agent: Agent  # the kind of agent; copies get ids hire-<id>-<n>
    max_count: int
    monthly_cost: float | None  # what one such hire costs a month; None: from planned hours


@dataclass(frozen=True, slots=True)
class HiringOption:
    entry: MenuEntry
    count: int
    closes_hours: float  # missing person-hours closed against the team alone
    remaining_hours: float
    monthly_cost: float
    currency: str

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


def menu_from_json(data: JSON, scenario: Scenario) -> tuple[MenuEntry, ...]:
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
        entry = _entry(raw, f"hires[{i}]", scenario, problems)
        if entry is not None:
            if entry.id in seen:
                problems.append(Problem(f"hires[{i}].id", entry.id, "used twice"))
            seen.add(entry.id)
            entries.append(entry)
    if problems:
        raise DomainError(problems)
    return tuple(entries)


def _entry(raw: JSON, path: str, scenario: Scenario,
           problems: list[Problem]) -> MenuEntry | None:
    if not isinstance(raw, dict):
        problems.append(Problem(path, raw, "must be an object"))
        return None
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        problems.append(Problem(f"{path}.id", entry_id, "each hire needs an id"))
        return None
    count = raw.get("max_count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 20:
        problems.append(Problem(f"{path}.max_count", count, "a whole number from 1 to 20"))
        return None
    monthly = raw.get("monthly_cost")
    if monthly is not None and (isinstance(monthly, bool) or not isinstance(monthly, int | float)
                                or monthly < 0):
        problems.append(Problem(f"{path}.monthly_cost", monthly, "a cost of 0 or more"))
        return None
    body = raw.get("agent")
    if not isinstance(body, dict):
        problems.append(Problem(f"{path}.agent", body, "the kind of agent to hire, as an "
                                "agent of a scenario file (without id)"))
        return None
    decoder = Decoder()
    try:
        agent = cast(Agent, decoder.decode(Agent, {"id": f"hire-{entry_id}", **body},
                                           f"{path}.agent"))
    except _Invalid:
        problems.extend(decoder.problems)
        return None
    before = len(problems)
    contracts = {c.id for c in scenario.contracts}
    if agent.contract_id not in contracts:
        problems.append(Problem(f"{path}.agent.contract_id", agent.contract_id,
                                "no such contract in the scenario",
                                suggest(agent.contract_id, contracts)))
    skills = {s.id for s in scenario.skills}
    for k, skill in enumerate(agent.skills):
        if skill.skill_id not in skills:
            problems.append(Problem(f"{path}.agent.skills[{k}].skill_id", skill.skill_id,
                                    "no such skill in the scenario",
                                    suggest(skill.skill_id, skills)))
    if len(problems) > before:
        return None
    return MenuEntry(entry_id, agent, count, float(monthly) if monthly is not None else None)


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
            options.append(HiringOption(entry, count, missing - outcome.figures.shortfall_hours,
                                        outcome.figures.shortfall_hours, monthly, currency))
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

