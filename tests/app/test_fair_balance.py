"""The balance carried from earlier published plans, read from a real database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coverage_app.services.fair_balance import carried_from_store
from coverage_app.services.store import ScenarioStore
from models.domain import Period, Plan, Scenario, Shift

NOVEMBER = Period(date(2026, 11, 2), 28)
DECEMBER = Period(date(2026, 11, 30), 28)


def _igor_every_night(period: Period) -> Plan:
    """Igor works every night 22:00-06:00 Tallinn (20:00-04:00 UTC); nobody else works."""
    shifts = []
    for i in range(period.days):
        day = period.first_day + timedelta(days=i)
        start = datetime(day.year, day.month, day.day, 20, tzinfo=UTC)
        shifts.append(Shift(f"igor-{day}", "igor-petrov", start, start + timedelta(hours=8)))
    return Plan(period, tuple(shifts))


@pytest.fixture
def store(tmp_path, demo: Scenario):
    opened = ScenarioStore.open(tmp_path / "team.sqlite")
    opened.replace(demo)
    yield opened
    opened.close()


def test_last_months_nights_are_carried_to_the_agent_who_had_them(store, demo) -> None:
    store.save_plan(_igor_every_night(NOVEMBER), name="November", published_by="manager")
    carried, plans = carried_from_store(store, demo, DECEMBER)
    assert plans == 1
    by_agent = {c.agent_id: c for c in carried}
    nights = 28 * 8 * 60
    assert 0 < by_agent["igor-petrov"].night_minutes < nights
    assert by_agent["arjun-nair"].night_minutes < 0  # as available at night, had none
    assert "kadri-tamm" not in by_agent  # never available at night, never worked
    # What Igor had above the share the others had below it.
    assert sum(c.night_minutes for c in carried) == pytest.approx(0, abs=len(carried))


def test_drafts_later_periods_and_superseded_versions_carry_nothing(store, demo) -> None:
    store.save_plan(_igor_every_night(NOVEMBER), name="draft")  # never published
    store.save_plan(_igor_every_night(DECEMBER), name="December", published_by="manager")
    assert carried_from_store(store, demo, DECEMBER) == ((), 0)
    store.save_plan(_igor_every_night(NOVEMBER), name="November v1", published_by="manager")
    store.save_plan(Plan(NOVEMBER, ()), name="November v2", published_by="manager")
    carried, plans = carried_from_store(store, demo, DECEMBER)
    assert (carried, plans) == ((), 1)  # the newest published November has no shifts
