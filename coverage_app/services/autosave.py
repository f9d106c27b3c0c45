"""What one autosave writes (Qt-free): the scenario edits since the last save, the hiring
menu's edits, and a plan
that differs from the last saved one, written over the working draft (the store checks that
nobody else saved it in between). The app runs :func:`perform` off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from coverage_app.services.errors import UserError
from coverage_app.services.plan_review import PlanReview, with_open_gaps
from models.domain import Plan, Scenario, utc_now
from models.hiring_menu import HiringMenu


class Store(Protocol):
    def save(self, scenario: Scenario, base: Scenario) -> None: ...

    def save_hiring_menu(self, menu: HiringMenu, base: HiringMenu) -> None: ...

    def save_working_plan(self, plan: Plan) -> str: ...


@dataclass(frozen=True, slots=True)
class SaveRequest:
    scenario: Scenario | None  # None: the scenario did not change
    base: Scenario  # the snapshot the store loaded or saved last
    plan: Plan | None  # None: the plan did not change
    review: PlanReview | None = None  # the plan's review, if made: its open gaps are saved
    hiring_menu: HiringMenu | None = None  # None: the hiring menu did not change
    hiring_menu_base: HiringMenu = ()  # the menu the store loaded or saved last

    @property
    def scenario_now(self) -> Scenario:
        return self.scenario if self.scenario is not None else self.base


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    request: SaveRequest
    at: datetime
    plan_id: str | None = None
    error: UserError | None = None  # a conflict or another UserError
    scenario_saved: bool = False  # the scenario part was written even if the plan failed
    hiring_menu_saved: bool = False  # the hiring menu was written (even if the plan failed)

    @property
    def ok(self) -> bool:
        return self.error is None


def request_for(scenario: Scenario, plan: Plan | None, base: Scenario,
                saved_plan: Plan | None, hiring_menu: HiringMenu = (),
                hiring_menu_base: HiringMenu = ()) -> SaveRequest | None:
    """The save needed to bring the store up to date, or None when it already is."""
    new_scenario = None if scenario is base or scenario == base else scenario
    new_plan = plan if plan is not None and plan != saved_plan else None
    new_menu = None if hiring_menu == hiring_menu_base else hiring_menu
    if new_scenario is None and new_plan is None and new_menu is None:
        return None
    return SaveRequest(new_scenario, base, new_plan, hiring_menu=new_menu,
                       hiring_menu_base=hiring_menu_base)


def perform(store: Store, request: SaveRequest) -> SaveOutcome:
    """Write a request: scenario first (one transaction), then the plan over the working draft.

    A UserError (a conflict included) is returned in the outcome, not raised, so the caller on
    the GUI thread can tell a conflict from a crash; ``scenario_saved`` says whether the first
    transaction went through before the second failed.
    """
    scenario_saved = menu_saved = False
    try:
        if request.scenario is not None:
            store.save(request.scenario, request.base)
            scenario_saved = True
        if request.hiring_menu is not None:
            store.save_hiring_menu(request.hiring_menu, request.hiring_menu_base)
            menu_saved = True
        plan_id = None
        if request.plan is not None:  # with the gaps it has now, hand edits included
            plan = with_open_gaps(request.scenario_now, request.plan, request.review)
            plan_id = store.save_working_plan(plan)
    except UserError as error:
        return SaveOutcome(request, utc_now(), error=error, scenario_saved=scenario_saved,
                           hiring_menu_saved=menu_saved)
    return SaveOutcome(request, utc_now(), plan_id, scenario_saved=scenario_saved,
                       hiring_menu_saved=menu_saved)
