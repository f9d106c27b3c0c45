"""Demand from a forecast, written into a coverage target's per-hour headcounts.

Each channel's headcount per hour of the week (``solver.demand``) becomes the headcount grid
of the target's requirement for that channel skill: the requirement family whose skills are
exactly that channel (or the only family asking for it); when the target has none, a new
requirement "<channel> (forecast)" is added. The grid stays editable on the coverage target
page afterwards like any typed one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from coverage_app.services import editing
from coverage_app.services.errors import UserError
from coverage_app.services.forecast_file import ChannelForecast
from models.domain import DutyKind, Requirement, Scenario, WeeklyWindow, suggest
from models.requirement_coverage import family_key
from solver.demand import DemandModel, weekly_headcounts

Grid = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class ChannelDemand:
    forecast: ChannelForecast
    grid: Grid  # [weekday][hour], reference zone
    requirement_name: str
    added: bool  # a new requirement was made for the channel

    @property
    def person_hours(self) -> int:
        return sum(map(sum, self.grid))

    @property
    def peak(self) -> int:
        return max(map(max, self.grid))


def demand_grid(forecast: ChannelForecast) -> Grid:
    counts = weekly_headcounts(forecast.loads, forecast.service)
    return tuple(tuple(counts[d * 24:(d + 1) * 24]) for d in range(7))


def find_target(scenario: Scenario, text: str) -> str:
    """A target's id from its id or name (``24-7`` or ``24/7``)."""
    for t in scenario.targets:
        if text in (t.id, t.name) or text.casefold() in (t.id.casefold(), t.name.casefold()):
            return t.id
    raise UserError.say("no such coverage target", text, "--target",
                        suggest(text, [t.id for t in scenario.targets]))


def apply_forecast(scenario: Scenario, target_id: str,
                   forecasts: tuple[ChannelForecast, ...]) -> tuple[Scenario, list[ChannelDemand]]:
    """The scenario with the target's channel requirements set from the forecasts."""
    if target_id not in {t.id for t in scenario.targets}:
        raise UserError.say("no such coverage target", target_id, "target")
    result = scenario
    demands: list[ChannelDemand] = []
    for forecast in forecasts:
        grid = demand_grid(forecast)
        target = next(t for t in result.targets if t.id == target_id)
        base = _requirement_for(target.requirements, forecast)
        added = base is None
        if base is None:
            base = _new_requirement(result, target_id, forecast)
            result = editing.upsert_requirement(result, target_id, base)
        result = editing.set_family_grid(result, target_id, base.id, grid)
        demands.append(ChannelDemand(forecast, grid, base.name, added))
    return result, demands


def _requirement_for(requirements: tuple[Requirement, ...],
                     forecast: ChannelForecast) -> Requirement | None:
    skill = forecast.skill_id
    exact = [r for r in requirements if r.skills == (skill,)]
    if exact:
        return exact[0]
    asking = {family_key(r): r for r in requirements if skill in r.skills}
    if len(asking) > 1:
        names = ", ".join(sorted(r.name for r in asking.values()))
        raise UserError.say(f"several requirements ask for the channel ({names}); the "
                            "forecast cannot tell which one it sets", skill, "requirements",
                            f"add a requirement with only the skill {skill!r}")
    return next(iter(asking.values()), None)


def _new_requirement(scenario: Scenario, target_id: str,
                     forecast: ChannelForecast) -> Requirement:
    name = f"{scenario.skill(forecast.skill_id).name} (forecast)"
    fresh = editing.new_requirement(scenario, target_id, name, (forecast.skill_id,))
    queue = forecast.service.model is DemandModel.QUEUE
    return dataclasses.replace(
        fresh, window=WeeklyWindow(frozenset(range(7)), fresh.window.start, fresh.window.end),
        priority=1 if queue else 2, duty=DutyKind.DEDICATED if queue else DutyKind.SHARED)
