"""Opening a database for the app (Qt-free; the window runs these off the GUI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coverage_app.services.editing import contract_templates
from coverage_app.services.scenarios import demo_scenario
from models.domain import Plan, Scenario, Team
from models.hiring_menu import HiringMenu
from models.presets import twelve_hours

if TYPE_CHECKING:  # storage (SQLAlchemy) loads when a database is opened, in a worker
    from models.storage.presence import Instance


@dataclass(frozen=True, slots=True)
class Workspace:
    store: Any  # ScenarioStore
    scenario: Scenario
    plan: Plan | None
    first_start: bool  # the database was empty and got the demo team (or a blank team)
    others: tuple[Instance, ...] = ()  # other app instances with this database open
    hiring_menu: HiringMenu = ()  # the possible hires listed on the coverage-target page


def blank_scenario(reference_zone: str = "UTC", name: str = "New team") -> Scenario:
    """A team with no agents yet: contract presets and the 12-hour coverage preset."""
    target = twelve_hours()
    return Scenario(Team(name, reference_zone), (), contract_templates(), (), (target,), target.id)


def open_workspace(url: str | Path | None, *, fill_with_demo: bool = True) -> Workspace:
    """Open (create, migrate) a database; an empty one gets the demo team or a blank team."""
    from coverage_app.services.store import ScenarioStore

    store = ScenarioStore.open(url)
    try:
        others = tuple(store.claim())
        first = store.is_empty()
        if first:
            store.replace(demo_scenario() if fill_with_demo else blank_scenario())
        scenario = store.load()
        plan = store.load_working_plan()
        hiring_menu = store.load_hiring_menu()
    except BaseException:
        store.close()  # a database that cannot be read is not kept open (nor claimed)
        raise
    return Workspace(store, scenario, plan, first, others, hiring_menu)
