"""The plan's gaps as the manager reads them (no Qt): by priority (must / should / nice),
with the requirement named once and the reason without the requirement repeated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.domain import Gap, Plan, Requirement, Scenario

PRIORITY_WORDS = {1: "must", 2: "should", 3: "nice to have"}
PRIORITY_SHORT = {1: "must", 2: "should", 3: "nice"}


def priority_word(priority: int) -> str:
    """``must``, ``should`` or ``nice to have`` (the words of the coverage target editor)."""
    return PRIORITY_WORDS.get(priority, f"priority {priority}")


@dataclass(frozen=True, slots=True)
class GapRow:
    """One gap with what the list and the calendar show of it."""

    gap: Gap
    requirement: str  # the requirement's name
    priority: int  # 1 must, 2 should, 3 nice to have

    @property
    def priority_text(self) -> str:
        return priority_word(self.priority)

    @property
    def reason(self) -> str:
        return reason_text(self.gap)

    @property
    def key(self) -> tuple[str, str, str]:
        """Identifies the gap across re-computations of the same plan."""
        return (self.gap.requirement_id, self.gap.start.isoformat(), self.gap.end.isoformat())


def reason_text(gap: Gap) -> str:
    """The gap's reason without the "Requirement, when: N missing." head that the solver puts
    in front of it (the list and the tooltip show the requirement and the time themselves)."""
    _head, found, rest = gap.message.partition(" missing. ")
    return rest.strip() if found and rest.strip() else gap.message


def requirement_priority(scenario: Scenario, requirement_id: str) -> int:
    """A requirement's priority; a gap whose requirement was since removed counts as must
    (better a warning too many than a missing phone line that looks harmless)."""
    found = _requirement(scenario, requirement_id)
    return found.priority if found is not None else 1


def _requirement(scenario: Scenario, requirement_id: str) -> Requirement | None:
    return next((r for r in scenario.target.requirements if r.id == requirement_id), None)


def gap_rows(scenario: Scenario, plan: Plan | None,
             gaps: Iterable[Gap] | None = None) -> tuple[GapRow, ...]:
    """The plan's gaps (or ``gaps``: those open now, from a review), most important first,
    then by time."""
    if plan is None:
        return ()
    rows = []
    for gap in plan.gaps if gaps is None else gaps:
        requirement = _requirement(scenario, gap.requirement_id)
        name = requirement.name if requirement is not None else gap.requirement_id
        rows.append(GapRow(gap, name, requirement.priority if requirement is not None else 1))
    return tuple(sorted(rows, key=lambda r: (r.priority, r.gap.start, r.requirement)))


def most_important(scenario: Scenario, requirement_ids: Iterable[str]) -> int | None:
    """The highest priority (lowest number) among some requirements; None for none."""
    found = [requirement_priority(scenario, rid) for rid in requirement_ids]
    return min(found) if found else None
