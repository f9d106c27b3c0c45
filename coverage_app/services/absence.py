"""What a re-plan for an absence may change (no solver import: the GUI thread uses it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from models.domain import Scenario
from models.timerules import day_start

# Days after an absence a re-plan may still change (a replacement's rest and consecutive
# days ripple into them); shifts after that are kept as they were.
RIPPLE_DAYS = 2


def replan_window(scenario: Scenario, agent_id: str, first_day: date,
                  last_day: date, ripple_days: int = RIPPLE_DAYS) -> tuple[datetime, datetime]:
    """From the start of the absence's first day (in the agent's zone) to the end of
    ``ripple_days`` days after its last: shifts outside stay as they are."""
    zone = scenario.agent(agent_id).time_zone
    return (day_start(first_day, zone),
            day_start(last_day + timedelta(days=1 + ripple_days), zone))
