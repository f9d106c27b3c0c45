"""A tiny desk that misses its nights by exactly one night agent, and a menu of possible hires
for it: one agent in Manila (whose morning is the desk's UTC night) and one more day agent in
London, who closes nothing."""

from __future__ import annotations

from datetime import date

from models.domain import Agent, AgentSkill, Availability, AvailabilityWindow, Period, Scenario
from models.hiring_menu import MenuEntry
from tests.solver.factory import agent, requirement, scenario, window

START = date(2026, 3, 2)  # a Monday without DST changes
PERIOD = Period(START, 2)
NIGHT_HOURS = 16.0  # 22:00–06:00 UTC on both nights


def night_short_team() -> Scenario:
    """Days 08–16 UTC are covered by the one agent; nights 22–06 UTC by nobody."""
    return scenario([agent("dana", skills=("phone",), hours=(8, 16))],
                    [requirement("day", (8, 16), skills=("phone",)),
                     requirement("night", (22, 30), skills=("phone",))])


def hire(entry_id: str, name: str, zone: str, hours: tuple[int, int],
         max_count: int = 2, monthly_cost: float | None = 2500.0) -> MenuEntry:
    kind = Agent(f"hire-{entry_id}", name, zone, "c", (AgentSkill("phone"),),
                 availability=Availability((AvailabilityWindow(window(*hours)),)),
                 hourly_cost=10.0)
    return MenuEntry(entry_id, kind, max_count, monthly_cost)


MANILA_NIGHTS = hire("manila-phone", "Manila phone", "Asia/Manila", (6, 14))  # 22–06 UTC
LONDON_DAYS = hire("london-phone", "London phone", "Europe/London", (8, 16))
