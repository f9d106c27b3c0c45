"""Use case "fair over a year": the balance each agent carries from earlier published plans.

For every earlier period that was published (the newest published version of each; a version
whose period overlaps a newer published one is left out, so no day counts twice), the minutes
each agent worked above (+) or below (-) the fair share of nights, weekends and public
holidays (:func:`solver.fairness.plan_fairness`), added up over the year before the new
period. Who had last month's nights, Christmas or New Year then gets fewer of them now.

Shares of past plans are judged with today's team (contracts and availability as they are
now): the database keeps plans, not earlier versions of the team.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from coverage_app.services.store import ScenarioStore
from models.domain import Period, Plan, Scenario
from models.storage.plans import PlanRecord
from solver.fairness import plan_fairness
from solver.types import FAIRNESS_KINDS, CarriedBalance

LOOK_BACK_DAYS = 365


def published_before(records: Iterable[PlanRecord], first_day: date,
                     look_back_days: int = LOOK_BACK_DAYS) -> list[PlanRecord]:
    """The published plans that count: ending on or before ``first_day``, starting within
    the look-back, newest published first, none overlapping a newer one."""
    oldest = first_day - timedelta(days=look_back_days)
    published = sorted((r for r in records if r.published_at is not None and not r.working),
                       key=lambda r: r.published_at, reverse=True)  # type: ignore[arg-type,return-value]
    chosen: list[PlanRecord] = []
    for record in published:
        start, end = record.first_day, record.first_day + timedelta(days=record.days)
        if end > first_day or start < oldest:
            continue
        if any(start < c.first_day + timedelta(days=c.days) and c.first_day < end
               for c in chosen):
            continue
        chosen.append(record)
    return chosen


def carried_balance(scenario: Scenario, plans: Iterable[Plan]) -> tuple[CarriedBalance, ...]:
    """Per active agent, minutes above (+) or below (-) the fair share over ``plans``."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for plan in plans:
        for row in plan_fairness(scenario, plan).agents:
            for kind in FAIRNESS_KINDS:
                share = row.of(kind)
                totals[row.agent_id][kind] += share.minutes - share.share
    return tuple(CarriedBalance(agent_id, *(round(kinds[k]) for k in FAIRNESS_KINDS))
                 for agent_id, kinds in totals.items()
                 if any(round(v) for v in kinds.values()))


def published_plans(store: ScenarioStore, period: Period) -> list[Plan]:
    """The database's published plans that carry a balance into ``period``."""
    records = published_before(store.plan_history(), period.first_day)
    return [p for r in records if (p := store.load_plan(r.id)) is not None]


def carried_from_store(store: ScenarioStore, scenario: Scenario,
                       period: Period) -> tuple[tuple[CarriedBalance, ...], int]:
    """The balance carried into ``period`` from the database's published plans, and how
    many plans it comes from."""
    plans = published_plans(store, period)
    return carried_balance(scenario, plans), len(plans)
