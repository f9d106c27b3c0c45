"""Coverage per requirement: the one definition the CLI and the app both report (no Qt).

A requirement asks for ``headcount`` people in each slot of its window: that many *person-slots*.
Its coverage is the share of those person-slots that the plan fills, counting at most the
headcount per slot (an extra person in one slot does not make up for a missing one in another).
The hours short are the real minutes of the slots in which at least one person is missing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from models.coverage import SlotCoverage
from models.domain import Scenario


@dataclass(frozen=True, slots=True)
class RequirementCoverage:
    requirement_id: str
    name: str
    required_slots: int  # person-slots asked for
    covered_slots: int  # person-slots filled (at most the headcount per slot)
    short_minutes: int  # real minutes of slots with someone missing

    @property
    def percent(self) -> float:
        """Filled person-slots as a share of those asked for (100 when none are asked for)."""
        if not self.required_slots:
            return 100.0
        return 100.0 * self.covered_slots / self.required_slots

    @property
    def percent_text(self) -> str:
        """The percentage as the CLI and the app print it: one decimal, rounded down, so that
        a requirement short of anybody never reads 100.0."""
        return f"{math.floor(self.percent * 10) / 10:.1f}"

    @property
    def short_hours(self) -> float:
        return self.short_minutes / 60


def requirement_coverage(scenario: Scenario,
                         rows: Iterable[SlotCoverage]) -> tuple[RequirementCoverage, ...]:
    """One line per requirement of the active target that asks for anybody in the period."""
    required: dict[str, int] = defaultdict(int)
    covered: dict[str, int] = defaultdict(int)
    short: dict[str, int] = defaultdict(int)
    for row in rows:
        required[row.requirement_id] += row.required
        covered[row.requirement_id] += min(row.required, row.scheduled)
        if row.missing:
            short[row.requirement_id] += round((row.end - row.start).total_seconds() / 60)
    return tuple(RequirementCoverage(r.id, r.name, required[r.id], covered[r.id], short[r.id])
                 for r in scenario.target.requirements if required[r.id])
