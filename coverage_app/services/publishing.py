"""The publish use case (no Qt): what the manager sees before publishing, and the publishing.

:func:`prepare` gathers the pre-publish check, the changes each agent will see against the last
published version of these days, and the plan history; :func:`publish` stores the plan as a
new version and marks it published in one transaction. The app runs both off the GUI thread;
the command line calls them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from coverage_app.services.plan_versions import published_words
from coverage_app.services.publish_check import CheckFn, PublishCheck, check_for_publish
from coverage_app.services.publish_check import default_check as _default_check
from coverage_app.services.publish_diff import PlanDiff, diff_plans
from models.domain import Period, Plan, Scenario
from models.storage.plans import PlanRecord


class PublishStore(Protocol):
    def last_published_plan(self, period: Period) -> tuple[Plan, PlanRecord] | None: ...

    def plan_history(self) -> list[PlanRecord]: ...

    def save_plan(self, plan: Plan, *, name: str = "",
                  published_by: str | None = None) -> str: ...


@dataclass(frozen=True, slots=True)
class PublishPreview:
    check: PublishCheck
    diff: PlanDiff
    history: tuple[PlanRecord, ...]


def prepare(store: PublishStore, scenario: Scenario, plan: Plan, zone_name: str,
            check: CheckFn = _default_check) -> PublishPreview:
    last = store.last_published_plan(plan.period)
    if last is None:
        diff = diff_plans(scenario, None, plan)
    else:
        published, record = last
        words = published_words(record.published_at, record.published_by) \
            if record.published_at is not None else "the last published version"
        name = f"“{record.name}”, " if record.name.strip() else ""
        diff = diff_plans(scenario, published, plan,
                          against=f"{name}{words[0].lower()}{words[1:]}")
    return PublishPreview(check_for_publish(scenario, plan, check), diff,
                          tuple(store.plan_history()))


def publish(store: PublishStore, plan: Plan, *, name: str, by: str) -> str:
    """Store ``plan`` as a new published version; returns its id."""
    return store.save_plan(plan, name=name.strip(), published_by=by.strip())
