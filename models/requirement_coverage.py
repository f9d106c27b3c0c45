"""Coverage per requirement: the one definition the CLI, the app and the plan's explanation
report.

A requirement asks for ``headcount`` people through its window: that many *person-minutes*
(real minutes: a slot split at an agent's +05:45 boundary counts its quarter hours). Its coverage
is the share of those person-minutes the plan fills, counting at most the headcount at any
moment (an extra person at one time does not make up for a missing one at another). The hours
short are the real minutes in which at least one person is missing. A hole shorter than a
requirement's response allowance is not a gap: its person-minutes count as met. On a dedicated
duty, the person-minutes held beyond its headcount are overstaffing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from models.coverage import SlotCoverage
from models.domain import DutyKind, Requirement, Scenario


@dataclass(frozen=True, slots=True)
class RequirementCoverage:
    requirement_id: str
    name: str
    minutes: int  # person-minutes asked for
    met: int  # person-minutes filled (at most the headcount at any moment)
    short_minutes: int  # real minutes with someone missing
    allowance_minutes: int = 0  # the requirement's response time (0: every slot)
    # Person-minutes held on a dedicated duty beyond its headcount. A shared requirement counts
    # everyone on duty who has the skills, so more people there is not waste: always 0.
    over_minutes: int = 0

    @property
    def percent(self) -> float:
        """Filled person-minutes as a share of those asked for (100 when none are asked for)."""
        if not self.minutes:
            return 100.0
        return 100.0 * self.met / self.minutes

    @property
    def percent_text(self) -> str:
        return percent_text(self.met, self.minutes)

    @property
    def missing_minutes(self) -> int:
        """Person-minutes asked for and not filled."""
        return self.minutes - self.met

    @property
    def short_hours(self) -> float:
        return self.short_minutes / 60


def percent_text(met: int, asked: int) -> str:
    """A share of person-minutes as the CLI and the app print it: one decimal, rounded down,
    so that coverage short of anybody never reads 100.0 (100.0 when none are asked for)."""
    percent = 100.0 * met / asked if asked else 100.0
    return f"{math.floor(percent * 10) / 10:.1f}"


def family_key(requirement: Requirement) -> tuple[object, ...]:
    """Requirements that differ only in window and headcount form one family (one grid)."""
    return (requirement.name, requirement.skills, requirement.min_level, requirement.priority,
            requirement.duty, requirement.allowance_minutes, requirement.standby_reach_minutes)


def requirement_coverage(scenario: Scenario,
                         rows: Iterable[SlotCoverage]) -> tuple[RequirementCoverage, ...]:
    """One line per requirement of the active target that asks for anybody in the period, as
    the manager sees it: the rows one headcount grid is stored in (one family) are added up,
    and a time two of them miss someone in is short once."""
    dedicated = {r.id for r in scenario.target.requirements if r.duty is DutyKind.DEDICATED}
    required: dict[str, int] = defaultdict(int)
    covered: dict[str, int] = defaultdict(int)
    over: dict[str, int] = defaultdict(int)
    short: dict[str, dict[tuple[datetime, datetime], int]] = defaultdict(dict)  # minutes
    for row in rows:
        required[row.requirement_id] += row.required * row.minutes
        covered[row.requirement_id] += (row.required - row.missing) * row.minutes
        if row.requirement_id in dedicated:
            over[row.requirement_id] += max(0, row.scheduled - row.required) * row.minutes
        if row.missing:
            short[row.requirement_id][(row.start, row.end)] = row.minutes
    families: dict[tuple[object, ...], list[str]] = {}
    for r in scenario.target.requirements:
        families.setdefault(family_key(r), []).append(r.id)
    result = []
    for ids in families.values():
        first = scenario.target.requirement(ids[0])
        times = {when: minutes for i in ids for when, minutes in short[i].items()}
        line = RequirementCoverage(first.id, first.name, sum(required[i] for i in ids),
                                   sum(covered[i] for i in ids),
                                   sum(times.values()),
                                   first.allowance_minutes, sum(over[i] for i in ids))
        if line.minutes:
            result.append(line)
    return tuple(result)
