"""The time engine on every kind of daylight-saving day, with expected instants written out.

Expected values come from the published rules of each zone (EU: last Sundays of March and
October at 01:00 UTC; US: second Sunday of March and first of November at 02:00 local;
Australia: first Sundays of April and October; Chile: first Sundays of April and September at
local midnight; Lord Howe: 30-minute DST), never from the code under test.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.domain import (
    Agent,
    Availability,
    AvailabilityException,
    AvailabilityKind,
    AvailabilityWindow,
    Period,
    Team,
    WeeklyWindow,
)
from models.timerules import (
    Interval,
    agent_availability,
    day_bounds,
    elapsed_hours,
    expand_weekly,
    is_night_shift,
    local_date,
    merge,
    night_minutes,
    period_bounds,
    public_holidays,
    split_by_local_day,
    subtract,
    to_utc,
    tzdata_version,
    weekend_minutes,
    window_on,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# Local wall-clock time -> UTC on transition days, 2026 and 2027
# ---------------------------------------------------------------------------------------------

TRANSITIONS = [
    # zone, local date, local time, expected UTC — gap times read with the offset before the gap,
    # ambiguous times take the first occurrence.
    ("Europe/Tallinn", date(2026, 3, 29), time(2, 59), utc(2026, 3, 29, 0, 59)),
    ("Europe/Tallinn", date(2026, 3, 29), time(3, 30), utc(2026, 3, 29, 1, 30)),  # in the gap
    ("Europe/Tallinn", date(2026, 3, 29), time(4, 0), utc(2026, 3, 29, 1, 0)),
    ("Europe/Tallinn", date(2026, 10, 25), time(3, 30), utc(2026, 10, 25, 0, 30)),  # first
    ("Europe/Tallinn", date(2026, 10, 25), time(4, 0), utc(2026, 10, 25, 2, 0)),
    ("Europe/Tallinn", date(2027, 3, 28), time(3, 30), utc(2027, 3, 28, 1, 30)),
    ("Europe/Tallinn", date(2027, 10, 31), time(3, 30), utc(2027, 10, 31, 0, 30)),
    ("America/New_York", date(2026, 3, 8), time(1, 59), utc(2026, 3, 8, 6, 59)),
    ("America/New_York", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 30)),  # gap
    ("America/New_York", date(2026, 3, 8), time(3, 0), utc(2026, 3, 8, 7, 0)),
    ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),  # first
    ("America/New_York", date(2026, 11, 1), time(2, 0), utc(2026, 11, 1, 7, 0)),
    ("America/New_York", date(2027, 3, 14), time(2, 30), utc(2027, 3, 14, 7, 30)),
    ("America/New_York", date(2027, 11, 7), time(1, 30), utc(2027, 11, 7, 5, 30)),
    ("Australia/Sydney", date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30)),  # first
    ("Australia/Sydney", date(2026, 4, 5), time(3, 0), utc(2026, 4, 4, 17, 0)),
    ("Australia/Sydney", date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16, 30)),  # gap
    ("Australia/Sydney", date(2026, 10, 4), time(3, 0), utc(2026, 10, 3, 16, 0)),
    ("Australia/Sydney", date(2027, 4, 4), time(2, 30), utc(2027, 4, 3, 15, 30)),
    ("Australia/Sydney", date(2027, 10, 3), time(2, 30), utc(2027, 10, 2, 16, 30)),
    ("America/Santiago", date(2026, 4, 4), time(23, 30), utc(2026, 4, 5, 2, 30)),  # first
    ("America/Santiago", date(2026, 4, 5), time(0, 0), utc(2026, 4, 5, 4, 0)),
    ("America/Santiago", date(2026, 9, 6), time(0, 30), utc(2026, 9, 6, 4, 30)),  # gap
    ("America/Santiago", date(2026, 9, 6), time(1, 0), utc(2026, 9, 6, 4, 0)),
    ("America/Santiago", date(2027, 4, 3), time(23, 30), utc(2027, 4, 4, 2, 30)),
    ("America/Santiago", date(2027, 9, 5), time(0, 30), utc(2027, 9, 5, 4, 30)),
    ("Australia/Lord_Howe", date(2026, 4, 5), time(1, 45), utc(2026, 4, 4, 14, 45)),  # first
    ("Australia/Lord_Howe", date(2026, 4, 5), time(2, 0), utc(2026, 4, 4, 15, 30)),
    ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 15), utc(2026, 10, 3, 15, 45)),  # gap
    ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 15, 30)),
    ("Australia/Lord_Howe", date(2027, 10, 3), time(2, 15), utc(2027, 10, 2, 15, 45)),
    ("Asia/Kathmandu", date(2026, 3, 29), time(9, 0), utc(2026, 3, 29, 3, 15)),
    ("Asia/Kathmandu", date(2027, 10, 31), time(0, 0), utc(2027, 10, 30, 18, 15)),
    ("Asia/Kolkata", date(2026, 3, 29), time(9, 0), utc(2026, 3, 29, 3, 30)),
    ("Asia/Kolkata", date(2027, 10, 31), time(0, 0), utc(2027, 10, 30, 18, 30)),
]


@pytest.mark.parametrize(("zone_name", "day", "local", "expected"), TRANSITIONS)
def test_local_time_on_transition_days(zone_name, day, local, expected):
    assert to_utc(day, local, zone_name) == expected


DAY_LENGTHS = [
    ("Europe/Tallinn", date(2026, 3, 29), 23.0),
    ("Europe/Tallinn", date(2026, 10, 25), 25.0),
    ("Europe/Tallinn", date(2027, 3, 28), 23.0),
    ("Europe/Tallinn", date(2027, 10, 31), 25.0),
    ("America/New_York", date(2026, 3, 8), 23.0),
    ("America/New_York", date(2026, 11, 1), 25.0),
    ("Australia/Sydney", date(2026, 4, 5), 25.0),
    ("Australia/Sydney", date(2026, 10, 4), 23.0),
    ("America/Santiago", date(2026, 4, 4), 25.0),  # the extra hour ends Saturday
    ("America/Santiago", date(2026, 9, 6), 23.0),  # Sunday starts at 01:00
    ("Australia/Lord_Howe", date(2026, 4, 5), 24.5),
    ("Australia/Lord_Howe", date(2026, 10, 4), 23.5),
    ("Asia/Kathmandu", date(2026, 3, 29), 24.0),
    ("Asia/Kolkata", date(2026, 10, 25), 24.0),
]


@pytest.mark.parametrize(("zone_name", "day", "hours"), DAY_LENGTHS)
def test_local_day_lengths(zone_name, day, hours):
    start, end = day_bounds(day, zone_name)
    assert elapsed_hours(start, end) == hours


def test_santiago_day_starting_in_the_gap_begins_at_one():
    # Chile springs forward at local midnight: 2026-09-06 has no 00:00, the day starts at 01:00.
    start, _ = day_bounds(date(2026, 9, 6), "America/Santiago")
    assert start == utc(2026, 9, 6, 4, 0)


# ---------------------------------------------------------------------------------------------
# Windows across DST nights
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone_name", "night_of", "start_utc", "end_utc", "hours"),
    [
        ("Europe/Tallinn", date(2026, 10, 24), utc(2026, 10, 24, 19), utc(2026, 10, 25, 4), 9),
        ("Europe/Tallinn", date(2026, 3, 28), utc(2026, 3, 28, 20), utc(2026, 3, 29, 3), 7),
        ("America/New_York", date(2026, 10, 31), utc(2026, 11, 1, 2), utc(2026, 11, 1, 11), 9),
        ("America/New_York", date(2026, 3, 7), utc(2026, 3, 8, 3), utc(2026, 3, 8, 10), 7),
        ("Australia/Sydney", date(2026, 4, 4), utc(2026, 4, 4, 11), utc(2026, 4, 4, 20), 9),
        ("Australia/Sydney", date(2026, 10, 3), utc(2026, 10, 3, 12), utc(2026, 10, 3, 19), 7),
        ("Australia/Lord_Howe", date(2026, 4, 4), utc(2026, 4, 4, 11), utc(2026, 4, 4, 19, 30),
         8.5),
        ("Europe/Tallinn", date(2027, 10, 30), utc(2027, 10, 30, 19), utc(2027, 10, 31, 4), 9),
    ],
)
def test_night_window_over_dst_changes(zone_name, night_of, start_utc, end_utc, hours):
    interval = window_on(time(22), time(6), True, night_of, zone_name)
    assert (interval.start, interval.end) == (start_utc, end_utc)
    assert elapsed_hours(interval.start, interval.end) == hours


def test_two_to_four_window_on_tallinn_spring_forward_night():
    # 02:00 EET is 00:00 UTC; 04:00 EEST is 01:00 UTC: one real hour.
    interval = window_on(time(2), time(4), False, date(2026, 3, 29), "Europe/Tallinn")
    assert interval == Interval(utc(2026, 3, 29, 0), utc(2026, 3, 29, 1))


def test_two_to_four_window_on_tallinn_fall_back_night():
    interval = window_on(time(2), time(4), False, date(2026, 10, 25), "Europe/Tallinn")
    assert interval == Interval(utc(2026, 10, 24, 23), utc(2026, 10, 25, 2))


def test_wall_clock_subtraction_would_be_wrong_and_we_do_not_use_it():
    # Python subtracts datetimes sharing one ZoneInfo as wall-clock times: 8 h for a 9 h night.
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Tallinn")
    start, end = datetime(2026, 10, 24, 22, tzinfo=tz), datetime(2026, 10, 25, 6, tzinfo=tz)
    assert end - start == timedelta(hours=8)
    assert elapsed_hours(start, end) == 9


def test_weekly_expansion_over_a_dst_week():
    window = WeeklyWindow(frozenset({5, 6}), time(9), time(17))
    start, end = period_bounds(Period(date(2026, 10, 19), 7), "Europe/Tallinn")
    assert (start, end) == (utc(2026, 10, 18, 21), utc(2026, 10, 25, 22))
    assert expand_weekly([window], "Europe/Tallinn", start, end) == [
        Interval(utc(2026, 10, 24, 6), utc(2026, 10, 24, 14)),  # Saturday, EEST
        Interval(utc(2026, 10, 25, 7), utc(2026, 10, 25, 15)),  # Sunday, EET
    ]


def test_window_from_the_day_before_is_clipped_to_the_period():
    window = WeeklyWindow(frozenset(range(7)), time(22), time(6), True)
    start, end = utc(2026, 1, 5, 0), utc(2026, 1, 6, 0)
    assert expand_weekly([window], "UTC", start, end) == [
        Interval(utc(2026, 1, 5, 0), utc(2026, 1, 5, 6)),
        Interval(utc(2026, 1, 5, 22), utc(2026, 1, 6, 0)),
    ]


# ---------------------------------------------------------------------------------------------
# Availability
# ---------------------------------------------------------------------------------------------


def _agent(windows, exceptions=()):
    return Agent("a", "A", "Europe/Tallinn", "c",
                 availability=Availability(tuple(windows), tuple(exceptions)))


def test_availability_with_preferred_exception_and_time_off():
    weekdays = WeeklyWindow(frozenset(range(5)), time(9), time(17))
    morning = WeeklyWindow(frozenset(range(5)), time(9), time(12))
    agent = _agent(
        [AvailabilityWindow(weekdays), AvailabilityWindow(morning, AvailabilityKind.PREFERRED)],
        [AvailabilityException(date(2026, 1, 6), time(13), time(15), False, available=False),
         AvailabilityException(date(2026, 1, 10), time(10), time(14), False, available=True)],
    )
    start, end = utc(2026, 1, 4, 22), utc(2026, 1, 11, 22)  # Mon 5 Jan .. Sun 11 Jan, EET
    result = agent_availability(agent, start, end, time_off_days=[date(2026, 1, 8)])
    assert result.available == [
        Interval(utc(2026, 1, 5, 7), utc(2026, 1, 5, 15)),
        Interval(utc(2026, 1, 6, 7), utc(2026, 1, 6, 11)),
        Interval(utc(2026, 1, 6, 13), utc(2026, 1, 6, 15)),
        Interval(utc(2026, 1, 7, 7), utc(2026, 1, 7, 15)),
        Interval(utc(2026, 1, 9, 7), utc(2026, 1, 9, 15)),
        Interval(utc(2026, 1, 10, 8), utc(2026, 1, 10, 12)),
    ]
    assert len(result.preferred) == 4  # Thursday is off
    assert all(any(a.contains(p) for a in result.available) for p in result.preferred)


# ---------------------------------------------------------------------------------------------
# Days, nights, weekends, holidays
# ---------------------------------------------------------------------------------------------


def test_split_by_local_day_on_a_fall_back_night():
    pieces = split_by_local_day(utc(2026, 10, 24, 19), utc(2026, 10, 25, 4), "Europe/Tallinn")
    assert [(d, iv.minutes) for d, iv in pieces] == [
        (date(2026, 10, 24), 120), (date(2026, 10, 25), 420)]


def test_night_minutes_are_judged_in_the_agents_zone():
    team = Team("T", "Europe/Tallinn")  # night 22:00-06:00
    start, end = utc(2026, 1, 5, 18), utc(2026, 1, 6, 2)  # 20:00-04:00 in Tallinn
    assert night_minutes(team, "Europe/Tallinn", start, end) == 6 * 60
    assert night_minutes(team, "Asia/Kolkata", start, end) == 390  # 23:30-07:30 local
    assert night_minutes(team, "America/New_York", start, end) == 0  # 13:00-21:00 local
    assert is_night_shift(team, "Europe/Tallinn", start, end)
    assert not is_night_shift(team, "America/New_York", start, end)


def test_weekend_minutes_follow_the_local_calendar():
    # Friday 20:00 to Saturday 04:00 in Sydney is Friday 09:00-17:00 UTC.
    start, end = utc(2026, 1, 9, 9), utc(2026, 1, 9, 17)
    assert weekend_minutes(start, end, "Australia/Sydney") == 4 * 60
    assert weekend_minutes(start, end, "UTC") == 0


def test_public_holidays_by_country_and_subdivision():
    assert date(2026, 2, 24) in public_holidays("EE", "", date(2026, 1, 1), date(2026, 12, 31))
    assert date(2026, 2, 24) not in public_holidays("DE", "BY", date(2026, 1, 1),
                                                    date(2026, 12, 31))
    # Epiphany is a holiday in Bavaria but not in Berlin.
    assert date(2026, 1, 6) in public_holidays("DE", "BY", date(2026, 1, 1), date(2026, 1, 31))
    assert date(2026, 1, 6) not in public_holidays("DE", "BE", date(2026, 1, 1),
                                                   date(2026, 1, 31))


def test_zone_data_comes_from_the_pinned_package():
    import zoneinfo

    assert zoneinfo.TZPATH == ()
    assert tzdata_version().startswith("20")


def test_local_date_of_an_instant():
    assert local_date(utc(2026, 1, 5, 20), "Asia/Kathmandu") == date(2026, 1, 6)
    assert local_date(utc(2026, 1, 5, 20), "America/Santiago") == date(2026, 1, 5)


def test_naive_instants_are_refused():
    with pytest.raises(ValueError, match="naive"):
        elapsed_hours(datetime(2026, 1, 1), datetime(2026, 1, 2))


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

ZONES = ["Europe/Tallinn", "America/New_York", "Australia/Sydney", "America/Santiago",
         "Australia/Lord_Howe", "Asia/Kathmandu", "Asia/Kolkata", "UTC"]

quarter_hours = st.integers(0, 95).map(lambda q: time(q // 4, q % 4 * 15))


@st.composite
def weekly_windows(draw: st.DrawFn) -> WeeklyWindow:
    weekdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    start = draw(quarter_hours)
    length = draw(st.integers(1, 96)) * 15
    begin = start.hour * 60 + start.minute
    finish = begin + length
    end = time(finish % 1440 // 60, finish % 60)
    return WeeklyWindow(weekdays, start, end, ends_next_day=finish >= 1440)


@settings(max_examples=150, deadline=None)
@given(
    windows=st.lists(weekly_windows(), min_size=1, max_size=4),
    zone_name=st.sampled_from(ZONES),
    first=st.dates(date(2026, 1, 1), date(2027, 12, 20)),
    days=st.integers(1, 21),
)
def test_expanded_intervals_are_disjoint_inside_the_period_and_real(windows, zone_name, first,
                                                                    days):
    start, end = period_bounds(Period(first, days), zone_name)
    intervals = expand_weekly(windows, zone_name, start, end)
    for a, b in itertools.pairwise(intervals):
        assert a.end < b.start  # disjoint, not even touching (they would have been merged)
    assert all(start <= iv.start < iv.end <= end for iv in intervals)
    total = sum((iv.end - iv.start).total_seconds() for iv in intervals)
    assert sum(iv.minutes for iv in intervals) * 60 == total
    # No occurrence is lost: every occurrence's real length is covered by the union.
    for w in windows:
        for d in (first + timedelta(days=i) for i in range(days)):
            if d.weekday() in w.weekdays:
                occ = window_on(w.start, w.end, w.ends_next_day, d, zone_name)
                clipped = occ.overlap(Interval(start, end))
                if clipped is not None:
                    assert subtract([clipped], intervals) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 200)), max_size=12))
def test_merge_gives_sorted_disjoint_union(raw):
    base = utc(2026, 1, 1)
    intervals = [Interval(base + timedelta(minutes=s), base + timedelta(minutes=s + n))
                 for s, n in raw]
    merged = merge(intervals)
    assert all(a.end < b.start for a, b in itertools.pairwise(merged))
    covered = {minute for s, n in raw for minute in range(s, s + n)}
    assert sum(iv.minutes for iv in merged) == len(covered)
