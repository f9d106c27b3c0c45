"""Hours finance sees: real elapsed time on DST nights, holidays by country, splits by day."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.hours import (
    agent_totals,
    dst_note,
    format_hours,
    monthly_totals,
    plan_hours,
    shift_hours,
    weekly_totals,
)
from models.domain import Shift
from tests.exports import sample


@pytest.fixture(scope="module")
def rows():
    return {r.shift.id: r for r in plan_hours(sample.scenario(), sample.plan())}


@pytest.mark.parametrize(
    ("shift_id", "hours", "dst", "night", "weekend", "holiday", "cost"),
    [
        ("kadri-1024", 9, 1, 9, 9, 0, 9 * 1.5 * 20),  # Tallinn, clocks go back
        ("lena-1024", 9, 1, 9, 9, 0, 9 * 1.5 * 30),  # Berlin, clocks go back
        ("maria-1031", 9, 1, 9, 9, 0, 9 * 1.5 * 40),  # New York, clocks go back
        ("liam-1003", 7, -1, 7, 7, 0, 7 * 1.5 * 50),  # Sydney, clocks go forward
        ("liam-1005", 8, 0, 0, 0, 8, 8 * 2.0 * 50),  # Labour Day in New South Wales
        ("kadri-1005", 8, 0, 0, 0, 0, 8 * 20),  # the same day in Estonia: no holiday
        ("lena-1003", 8, 0, 0, 8, 8, 8 * 2.0 * 30),  # German Unity Day, a Saturday
        ("lena-1101", 8, 0, 8, 2, 2, (2 * 2.0 + 6 * 1.25) * 30),  # All Saints' in Bavaria
        ("inject-1002", 8, 0, 0, 0, 8, 8 * 2.0 * 10),  # Gandhi's birthday in India
        ("kadri-1002", 8, 0, 0, 0, 0, 8 * 20),  # the same day in Estonia
    ],
)
def test_shift_hours_are_real_elapsed_time_judged_in_the_agents_zone_and_country(
        rows, shift_id, hours, dst, night, weekend, holiday, cost):
    row = rows[shift_id]
    assert row.hours == hours
    assert row.dst_adjustment_hours == dst
    assert row.hours - row.dst_adjustment_hours == row.nominal_minutes / 60
    assert row.night_hours == night
    assert row.weekend_hours == weekend
    assert row.holiday_hours == holiday
    assert row.cost == pytest.approx(cost)


def test_fall_back_night_is_nine_hours_and_says_why(rows):
    row = rows["kadri-1024"]
    assert (row.local_start.hour, row.local_end.hour) == (22, 6)
    assert format_hours(row.hours) == "9 h"
    assert dst_note(row) == "clocks go back this night"
    assert dst_note(rows["liam-1003"]) == "clocks go forward this night"
    assert dst_note(rows["kadri-1002"]) == ""


def test_shift_over_a_month_border_splits_its_hours_to_the_days_worked(rows):
    row = rows["maria-1031"]
    assert [(p.day, p.hours) for p in row.pieces] == [(date(2026, 10, 31), 2),
                                                      (date(2026, 11, 1), 7)]
    months = {t.label: t.hours for t in monthly_totals([row])}
    assert months == {"2026-10": 2, "2026-11": 7}


def test_weekly_and_monthly_totals_per_agent(rows):
    lena = [r for r in rows.values() if r.agent.id == "lena"]
    lena.sort(key=lambda r: r.shift.start)
    weeks = {t.label: t.hours for t in weekly_totals(lena)}
    assert weeks == {"2026-W40": 8, "2026-W43": 9, "2026-W44": 2, "2026-W45": 6}
    months = {t.label: t.hours for t in monthly_totals(lena)}
    assert months == {"2026-10": 17, "2026-11": 8}
    total = agent_totals(lena)["lena"]
    assert total.hours == 25
    assert total.holiday_hours == 10
    assert total.cost == pytest.approx(sum(r.cost for r in lena))


def test_duty_is_named_by_the_dedicated_requirement_or_the_agents_channels(rows):
    assert rows["kadri-1005"].duty == "Phone duty"
    assert rows["kadri-1002"].duty == "Chat, E-mail"  # phone only counts as a dedicated duty
    assert rows["liam-1005"].duty == "E-mail"


def in_zone(zone: str):
    scenario = sample.scenario()
    agent = scenario.agent("kadri")
    return dataclasses.replace(scenario, agents=(dataclasses.replace(agent, time_zone=zone),))


@pytest.mark.parametrize(("zone", "day", "hours", "dst"), [
    ("Australia/Lord_Howe", (4, 4), 8.5, 0.5),  # clocks go back half an hour
    ("Australia/Lord_Howe", (10, 3), 7.5, -0.5),
    ("America/Santiago", (4, 4), 9, 1),  # Chile falls back at midnight
    ("Asia/Kathmandu", (10, 24), 8, 0),  # +05:45, no DST
])
def test_half_hour_and_midnight_dst_zones(zone, day, hours, dst):
    start = sample.local_shift("x", "kadri", zone, (*day, 22, 0), (day[0], day[1] + 1, 6, 0))
    row = shift_hours(in_zone(zone), start)
    assert (row.hours, row.dst_adjustment_hours) == (hours, dst)
    assert (row.local_start.hour, row.local_end.hour) == (22, 6)


ZONES = ["Europe/Tallinn", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
         "America/Santiago", "Europe/Berlin"]


@settings(max_examples=60, deadline=None)
@given(zone=st.sampled_from(ZONES),
       start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
       minutes=st.integers(min_value=15, max_value=14 * 60))
def test_pieces_add_up_to_real_minutes_and_wall_clock_plus_adjustment(zone, start, minutes):
    begin = start.replace(tzinfo=UTC, second=0, microsecond=0)
    shift = Shift("s", "kadri", begin, begin + timedelta(minutes=minutes))
    row = shift_hours(in_zone(zone), shift)
    assert row.minutes == minutes
    assert sum(p.minutes for p in row.pieces) == minutes
    assert 0 <= row.night_minutes <= minutes
    assert abs(row.dst_adjustment_minutes) <= 60
    assert row.nominal_minutes + row.dst_adjustment_minutes == minutes
