"""Before a plan is published (no Qt): what the manager must have seen.

- gaps by priority (must / should / nice to have), with the missing person-hours;
- rule breaks still in the plan (a shift kept as an override, or an edit left as it is);
- agents under their contract's weekly minimum hours, prorated like the solver does: the days
  of the ISO week that lie in the period and are not time off or a public holiday.

A plan with a must-priority gap or a rule break is *blocked*: the app asks for an explicit
acknowledgement, the command line for ``--accept-gaps``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from coverage_app.services.gap_rows import GapRow, gap_rows, priority_word
from models.domain import Plan, Scenario

CheckFn = Callable[[Scenario, Plan], Iterable[Any]]
MINUTES_SLACK = 1  # rounding of prorated minimums never counts as "under"


@dataclass(frozen=True, slots=True)
class GapTally:
    priority: int
    gaps: int
    person_hours: float  # missing headcount x hours, summed

    @property
    def words(self) -> str:
        plural = "gap" if self.gaps == 1 else "gaps"
        return (f"{self.gaps} {priority_word(self.priority)} {plural} "
                f"({self.person_hours:g} person-hours missing)")


@dataclass(frozen=True, slots=True)
class RuleBreak:
    agent: str  # label
    rule: str
    message: str

    @property
    def words(self) -> str:
        """The checker's message, with the agent in front unless it names them already."""
        return self.message if self.agent in self.message else f"{self.agent}: {self.message}"


@dataclass(frozen=True, slots=True)
class UnderMinimum:
    agent: str  # label
    week: tuple[int, int]  # ISO year, week
    hours: float
    minimum: float  # prorated to the week's working days in the period

    @property
    def words(self) -> str:
        return (f"{self.agent}: {_hours(self.hours)} h in week {self.week[1]}, "
                f"minimum {_hours(self.minimum)} h")


def _hours(value: float) -> str:
    """One decimal, as the hours page and the command line show them (9.2, not 9.15)."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True, slots=True)
class PublishCheck:
    gaps: tuple[GapTally, ...]  # one per priority that has gaps, must first
    rule_breaks: tuple[RuleBreak, ...]
    under_minimum: tuple[UnderMinimum, ...]

    @property
    def must_gaps(self) -> int:
        return sum(t.gaps for t in self.gaps if t.priority == 1)

    @property
    def blocking(self) -> bool:
        """Publishing needs an acknowledgement (``--accept-gaps`` on the command line)."""
        return self.must_gaps > 0 or bool(self.rule_breaks)

    @property
    def clean(self) -> bool:
        return not (self.gaps or self.rule_breaks or self.under_minimum)

    def blocking_words(self) -> str:
        parts = []
        if self.must_gaps:
            parts.append(f"{self.must_gaps} must-priority "
                         f"{'gap' if self.must_gaps == 1 else 'gaps'}")
        if self.rule_breaks:
            n = len(self.rule_breaks)
            parts.append(f"{n} kept rule {'break' if n == 1 else 'breaks'}")
        return " and ".join(parts)

    def sections(self) -> list[tuple[str, list[str]]]:
        """Headings with their lines, in the order the dialog and the command print them."""
        if self.clean:
            return [("Nothing to report", ["No gaps, no rule breaks, everyone at their "
                                           "minimum hours."])]
        out: list[tuple[str, list[str]]] = []
        if self.gaps:
            out.append(("Gaps", [t.words for t in self.gaps]))
        if self.rule_breaks:
            out.append(("Rule breaks kept in the plan", [b.words for b in self.rule_breaks]))
        if self.under_minimum:
            out.append(("Under their minimum hours", [u.words for u in self.under_minimum]))
        return out


def default_check(scenario: Scenario, plan: Plan) -> list[Any]:
    from solver.check import check

    return check(scenario, plan)


def check_for_publish(scenario: Scenario, plan: Plan,
                      check: CheckFn = default_check) -> PublishCheck:
    return PublishCheck(tally_gaps(gap_rows(scenario, plan)),
                        rule_breaks(scenario, check(scenario, plan)),
                        under_minimum(scenario, plan))


def tally_gaps(rows: Sequence[GapRow]) -> tuple[GapTally, ...]:
    counts: dict[int, int] = defaultdict(int)
    hours: dict[int, float] = defaultdict(float)
    for row in rows:
        counts[row.priority] += 1
        hours[row.priority] += row.gap.missing * row.gap.minutes / 60
    return tuple(GapTally(p, counts[p], round(hours[p], 2)) for p in sorted(counts))


def rule_breaks(scenario: Scenario, violations: Iterable[Any]) -> tuple[RuleBreak, ...]:
    labels = {a.id: a.label for a in scenario.agents}
    found = [RuleBreak(labels.get(v.agent_id, v.agent_id), str(v.rule), str(v.message))
             for v in violations]
    return tuple(sorted(found, key=lambda b: (b.agent, b.rule, b.message)))


def under_minimum(scenario: Scenario, plan: Plan) -> tuple[UnderMinimum, ...]:
    from solver.rules import blocked_days, shift_week

    period_days = plan.period.dates()
    found = []
    for agent in scenario.active_agents():
        minimum = scenario.contract_of(agent).min_hours_per_week
        if minimum <= 0:
            continue
        blocked = blocked_days(scenario, agent, period_days[0], period_days[-1])
        days_by_week: dict[tuple[int, int], int] = defaultdict(int)
        for day in period_days:
            if day not in blocked:
                days_by_week[_week(day)] += 1
        worked: dict[tuple[int, int], float] = defaultdict(float)
        for shift in plan.shifts_of(agent.id):
            worked[shift_week(shift, agent)] += shift.minutes
        for week, days in sorted(days_by_week.items()):
            target = round(minimum * 60 * days / 7)
            if worked[week] + MINUTES_SLACK < target:
                found.append(UnderMinimum(agent.label, week, round(worked[week] / 60, 2),
                                          round(target / 60, 2)))
    return tuple(found)


def _week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return (year, week)
