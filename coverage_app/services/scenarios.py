"""Reading and checking scenarios for the command line and the app (Qt-free)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from coverage_app.services.errors import UserError
from models.domain import DomainError, Scenario
from models.files import read_scenario, scenario_from_json
from models.timerules import holiday_problems

DEMO_RESOURCE = "demo_team.json"


def read_scenario_file(path: Path) -> Scenario:
    """A scenario from a file; raises UserError naming every problem."""
    try:
        return read_scenario(path)
    except DomainError as error:
        raise UserError.of(error, str(path)) from None


def demo_scenario() -> Scenario:
    """The bundled demo team."""
    import json

    text = resources.files("resources").joinpath(DEMO_RESOURCE).read_text(encoding="utf-8")
    return scenario_from_json(json.loads(text))


def scenario_warnings(scenario: Scenario) -> list[str]:
    """Things that are allowed but probably not meant (shown, never fatal)."""
    warnings = []
    for i, agent in enumerate(scenario.agents):
        message = holiday_problems(agent.country, agent.subdivision)
        if message:
            warnings.append(f"agents[{i}] ({agent.name}): {message}; no public holidays applied")
        if agent.active and not agent.availability.windows and not any(
            e.available for e in agent.availability.exceptions
        ):
            warnings.append(f"agents[{i}] ({agent.name}): no availability, so never scheduled")
    return warnings
