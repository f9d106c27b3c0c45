"""The plan explained by rule: what each part of the objective came to, in a manager's words.

Built from the plan itself (coverage per requirement with overstaffing, by the one definition of
:mod:`models.requirement_coverage`; preferences met; hours under the weekly minimum), so a plan
read from a file or edited by hand is explained as well as a solver's, plus, for a solver's plan,
the per-rule totals of its penalty summary (:class:`solver.types.PenaltySummary`, one line per
soft rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from models.coverage import coverage
from models.domain import Plan, Scenario
from models.horizon import horizon
from models.requirement_coverage import RequirementCoverage, requirement_coverage
from solver.check import HoursWarning, under_minimum_hours
from solver.engine import STAGE_NAMES
from solver.rules import agent_calendar
from solver.soft import TIER_CHANGES, TIER_COVERAGE
from solver.types import PenaltySummary, StageOutcome

# The rules whose terms are about fairness between agents (the peaks the solver lowers).
FAIRNESS_RULES = ("fair_night", "fair_night_largest", "fair_night_alike", "fair_weekend",
                  "fair_weekend_largest", "fair_weekend_alike", "fair_holiday",
                  "fair_holiday_largest", "fair_holiday_alike", "contract_spread")
# Of those, the peaks (one term per pool of agents): the highest counts, not a sum.
PEAK_RULES = ("fair_night_largest", "fair_night_alike", "fair_weekend_largest",
              "fair_weekend_alike", "fair_holiday_largest", "fair_holiday_alike",
              "contract_spread")


@dataclass(frozen=True, slots=True)
class RuleWords:
    title: str
    unit: str  # "person_slots", "minutes", "permille", "count", "money"


RULE_WORDS = {
    "shortfall": RuleWords("Coverage shortfall", "person_slots"),
    "response_hole": RuleWords("Holes longer than a response time", "person_slots"),
    "change": RuleWords("Shifts changed against the previous plan", "count"),
    "under_min_hours": RuleWords("Under weekly minimum hours", "minutes"),
    "fair_night": RuleWords("Night hours above the fair share", "minutes"),
    "fair_night_largest": RuleWords("Most night hours above the fair share", "minutes"),
    "fair_weekend": RuleWords("Weekend hours above the fair share", "minutes"),
    "fair_weekend_largest": RuleWords("Most weekend hours above the fair share", "minutes"),
    "fair_holiday": RuleWords("Holiday hours above the fair share", "minutes"),
    "fair_holiday_largest": RuleWords("Most holiday hours above the fair share", "minutes"),
    "fair_night_alike": RuleWords("Most night hours among alike agents, above the share",
                                  "minutes"),
    "fair_weekend_alike": RuleWords("Most weekend hours among alike agents, above the share",
                                    "minutes"),
    "fair_holiday_alike": RuleWords("Most holiday hours among alike agents, above the share",
                                    "minutes"),
    "contract_spread": RuleWords("Highest load, share of contract maximum", "permille"),
    "unpreferred": RuleWords("Hours outside preferred windows", "minutes"),
    "overstaffing": RuleWords("Overstaffing a dedicated duty", "person_slots"),
    "work": RuleWords("Hours worked", "minutes"),
    "cost": RuleWords("Hourly cost", "money"),
}


@dataclass(frozen=True, slots=True)
class RuleTotal:
    """One soft rule of a solver's plan: its terms added up."""

    rule: str
    title: str
    amount: str  # the total in the rule's unit, in words ("12.5 person-hours")
    weighted: int  # what it added to the objective of its stage
    terms: int  # how many non-zero terms (slots, agents, weeks) it is made of
    tier: int  # 1 coverage, 2 changes, 3 people and money


@dataclass(frozen=True, slots=True)
class PreferencesMet:
    """Hours of agents who stated preferred windows, and how many of them lie inside those."""

    agents: int  # agents with preferred windows who work in the plan
    worked_minutes: int
    preferred_minutes: int

    @property
    def percent(self) -> float | None:
        """Share of their hours inside preferred windows; None when nobody stated any."""
        if not self.worked_minutes:
            return None
        return 100.0 * self.preferred_minutes / self.worked_minutes


@dataclass(frozen=True, slots=True)
class PlanExplanation:
    coverage: tuple[RequirementCoverage, ...]  # per requirement, as the CLI and the app show it
    preferences: PreferencesMet
    under_minimum: tuple[HoursWarning, ...]
    rules: tuple[RuleTotal, ...]  # a solver's plan only: its penalty summary by rule
    worked_minutes: int
    # Stages whose rules the search never optimised (time ran out before them): their terms
    # are left out of ``rules``, since the plan was not searched for them.
    not_optimised: tuple[str, ...] = ()
    standby_minutes: int = 0  # on standby: not in ``worked_minutes``

    @property
    def fairness(self) -> tuple[RuleTotal, ...]:
        return tuple(r for r in self.rules if r.rule in FAIRNESS_RULES)

    @property
    def overstaffed(self) -> tuple[RequirementCoverage, ...]:
        return tuple(r for r in self.coverage if r.over_minutes)


def explain(scenario: Scenario, plan: Plan, penalties: Iterable[PenaltySummary] = (),
            stages: Iterable[StageOutcome] | None = None, *,
            covered: tuple[RequirementCoverage, ...] | None = None) -> PlanExplanation:
    """The plan by rule. ``penalties`` and ``stages``: the solver's summary and the stages that
    found a solution, when the plan is a solver's (``SolveResult.penalties``, ``.stages``).
    ``covered``: the plan's coverage per requirement, when the caller has counted it already."""
    penalties = list(penalties)
    ran = {s.name for s in stages} if stages is not None else None
    searched = [p for p in penalties if ran is None or stage_of(p.tier) in ran]
    skipped = sorted({stage_of(p.tier) for p in penalties} - ran) if ran is not None else []
    return PlanExplanation(
        coverage=(covered if covered is not None
                  else requirement_coverage(scenario, coverage(scenario, plan))),
        preferences=preferences_met(scenario, plan),
        under_minimum=tuple(under_minimum_hours(scenario, plan)),
        rules=rule_totals(scenario, searched),
        worked_minutes=sum(s.minutes for s in plan.shifts if not s.is_standby),
        not_optimised=tuple(skipped),
        standby_minutes=sum(s.minutes for s in plan.shifts if s.is_standby),
    )


def stage_of(tier: int) -> str:
    """The name of the search stage that optimises a tier (``solver.model.stage_tiers``: a
    re-plan's changes are weighed in the coverage stage)."""
    return STAGE_NAMES[TIER_COVERAGE] if tier == TIER_CHANGES else STAGE_NAMES.get(tier, str(tier))


def preferences_met(scenario: Scenario, plan: Plan) -> PreferencesMet:
    """Of the hours worked by agents who stated preferred windows, those inside them (the
    solver's ``unpreferred`` rule counts the rest)."""
    grid = horizon(scenario, plan.period)
    agents = worked = preferred = 0
    for agent in scenario.agents:
        shifts = [s for s in plan.shifts_of(agent.id) if not s.is_standby]
        if not shifts:
            continue
        start = min(grid.start, *(s.start for s in shifts))
        end = max(grid.end, *(s.end for s in shifts))
        calendar = agent_calendar(scenario, agent, start, end)
        if not calendar.preferred:
            continue
        agents += 1
        worked += sum(s.minutes for s in shifts)
        preferred += sum(calendar.preferred_minutes(s.start, s.end) for s in shifts)
    return PreferencesMet(agents, worked, preferred)


def rule_totals(scenario: Scenario, penalties: Iterable[PenaltySummary]) -> tuple[RuleTotal, ...]:
    """The penalty summary added up per rule, in the order the solver weighs them."""
    value: dict[str, int] = defaultdict(int)
    weighted: dict[str, int] = defaultdict(int)
    terms: dict[str, int] = defaultdict(int)
    tier: dict[str, int] = {}
    slot = scenario.team.granularity_minutes
    for p in penalties:
        if p.rule in PEAK_RULES:
            value[p.rule] = max(value[p.rule], p.value)  # peaks: the highest, not a sum
        elif p.rule in RULE_WORDS and RULE_WORDS[p.rule].unit == "person_slots":
            value[p.rule] += p.value * (p.unit_minutes or slot)  # person-minutes
        else:
            value[p.rule] += p.value
        weighted[p.rule] += p.weighted
        terms[p.rule] += 1
        tier[p.rule] = p.tier
    order = list(RULE_WORDS)
    rules = sorted(value, key=lambda r: (tier[r], order.index(r) if r in order else len(order),
                                         r))
    return tuple(RuleTotal(r, RULE_WORDS[r].title if r in RULE_WORDS else r.replace("_", " "),
                           _amount(r, value[r]), weighted[r], terms[r], tier[r])
                 for r in rules)


def _amount(rule: str, value: int) -> str:
    """``value`` in the rule's unit, in words (persons × slots: added up in person-minutes)."""
    unit = RULE_WORDS[rule].unit if rule in RULE_WORDS else ""
    if unit == "person_slots":
        return f"{value / 60:,.1f} person-hours"
    if unit == "minutes":
        return f"{value / 60:,.1f} h"
    if unit == "permille":
        return f"{value / 10:.1f} %"
    return f"{value:,}"  # a count, a sum of money, or a rule this module has no words for
