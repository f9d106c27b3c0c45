"""Pay codes, overtime against the contract, pay periods and the payroll CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import defaultdict
from datetime import date, time, timedelta

import pytest

from exports.hours import agent_totals, paid_minutes, plan_hours
from exports.paycodes import PAY_CODES, PayCode, split_pay
from exports.payroll import (
    PAYROLL_COLUMNS,
    PayPeriods,
    build_payroll_csv,
    cents,
    pay_lines,
    plan_share,
)
from models.domain import Contract, Period, Premiums, Shift
from models.timerules import to_utc
from tests.exports import sample

PREMIUMS = Premiums(night=1.25, weekend=1.5, holiday=2.0)


def _codes(split) -> dict[str, int]:
    return {c.value: split.minutes_of(c) for c in PAY_CODES if split.minutes_of(c)}


@pytest.mark.parametrize(
    ("weekend", "holiday", "premiums", "expected"),
    [
        (False, False, PREMIUMS, {"regular": 300, "night": 180}),
        (True, False, PREMIUMS, {"weekend": 480}),  # ×1.5 beats the night's ×1.25
        (False, True, PREMIUMS, {"holiday": 480}),
        (True, True, Premiums(1.0, 1.0, 1.0), {"holiday": 480}),  # a tie: holiday first
        (True, False, Premiums(night=2.0, weekend=1.5), {"weekend": 300, "night": 180}),
        (False, False, Premiums(), {"regular": 300, "night": 180}),  # night at ×1 still says so
    ],
)
def test_every_minute_falls_in_one_code_at_its_highest_premium(weekend, holiday, premiums,
                                                               expected):
    split = split_pay(480, 180, weekend=weekend, holiday=holiday, premiums=premiums)
    assert _codes(split) == expected
    assert sum(split.minutes) == 480
    assert sum(split.weighted) == pytest.approx(paid_minutes(480, 180, weekend, holiday,
                                                             premiums))


def test_overtime_minutes_are_overtime_and_keep_their_premium():
    split = split_pay(480, 180, weekend=False, holiday=False, overtime=120, overtime_night=60,
                      premiums=PREMIUMS)
    assert _codes(split) == {"regular": 240, "night": 120, "overtime": 120}
    assert split.weighted_of(PayCode.OVERTIME) == 60 * 1.25 + 60 * 1.0
    assert sum(split.weighted) == paid_minutes(480, 180, False, False, PREMIUMS)
    with pytest.raises(ValueError, match="inconsistent minutes"):
        split_pay(60, 0, weekend=False, holiday=False, overtime=90, premiums=PREMIUMS)


def test_the_sample_plans_codes_add_up_to_its_hours_and_cost():
    rows = plan_hours(sample.scenario(), sample.plan())
    for row in rows:
        for piece in row.pieces:
            assert sum(piece.pay.minutes) == piece.minutes
            assert sum(piece.pay.weighted) == pytest.approx(piece.paid_minutes)
    lines = pay_lines(sample.scenario(), rows)
    totals = agent_totals(rows)
    by_agent: dict[str, list] = defaultdict(list)
    for line in lines:
        by_agent[line.agent.id].append(line)
    for agent_id, total in totals.items():
        mine = by_agent[agent_id]
        assert sum(line.minutes for line in mine) == total.minutes
        assert sum(line.amount for line in mine) == pytest.approx(total.cost)
    lena = {(line.period_start, line.code): line for line in by_agent["lena"]}
    # German Unity Day, a Saturday: 8 holiday hours at ×2; All Saints' night: 2 holiday hours
    # before midnight, 6 night hours after it, in November.
    assert lena[(date(2026, 10, 1), PayCode.HOLIDAY)].hours == 8
    assert lena[(date(2026, 10, 1), PayCode.HOLIDAY)].rate == 60
    assert lena[(date(2026, 11, 1), PayCode.HOLIDAY)].hours == 2
    assert lena[(date(2026, 11, 1), PayCode.NIGHT)].hours == 6
    assert lena[(date(2026, 11, 1), PayCode.NIGHT)].rate == 30 * 1.25


def _week_of_overrides(hours: int, days: int) -> tuple:
    """Kadri (40 h a week at most) works ``days`` shifts of ``hours`` from Monday 5 Oct, the
    last one a night."""
    scenario = sample.scenario()
    shifts = []
    for d in range(days):
        day = date(2026, 10, 5) + timedelta(days=d)
        last = d == days - 1
        start = to_utc(day, time(22) if last else time(8), sample.TALLINN)
        shifts.append(Shift(f"k{d}", "kadri", start, start + timedelta(hours=hours)))
    return scenario, sample.plan(tuple(shifts))


def test_overtime_is_the_last_hours_of_a_week_beyond_the_contract():
    scenario, plan = _week_of_overrides(9, 5)  # 45 h against a maximum of 40
    rows = {r.shift.id: r for r in plan_hours(scenario, plan)}
    assert [rows[f"k{d}"].overtime_minutes for d in range(5)] == [0, 0, 0, 0, 300]
    night = rows["k4"]  # Fri 22:00 to Sat 07:00: the last 5 hours are Saturday's
    assert [(p.day, p.overtime_minutes) for p in night.pieces] == [
        (date(2026, 10, 9), 0), (date(2026, 10, 10), 300)]
    lines = {line.code: line for line in pay_lines(scenario, list(rows.values()))}
    assert lines[PayCode.OVERTIME].hours == 5
    # 02:00-06:00 night (a Saturday: weekend ×1.5 wins), 06:00-07:00 weekend ×1.5.
    assert lines[PayCode.OVERTIME].amount == pytest.approx(5 * 1.5 * 20)
    assert lines[PayCode.OVERTIME].rate == pytest.approx(30)
    assert sum(line.minutes for line in lines.values()) == 45 * 60


def test_shifts_worked_before_the_period_count_toward_the_week():
    scenario, plan = _week_of_overrides(8, 4)  # 32 h in the plan, Monday to Thursday
    last_week = Shift("sunday-night", "kadri", to_utc(date(2026, 10, 4), time(20),
                                                      sample.TALLINN),
                      to_utc(date(2026, 10, 4), time(23), sample.TALLINN))  # ISO week 40
    this_week = Shift("monday-early", "kadri", to_utc(date(2026, 10, 5), time(0),
                                                      sample.TALLINN),
                      to_utc(date(2026, 10, 5), time(6), sample.TALLINN))  # ISO week 41
    scenario = dataclasses.replace(scenario, history=(last_week, this_week))
    assert sum(r.overtime_minutes for r in plan_hours(scenario, plan)) == 0  # 38 h
    plan_more = sample.plan((*plan.shifts, Shift(
        "k-extra", "kadri", to_utc(date(2026, 10, 11), time(9), sample.TALLINN),
        to_utc(date(2026, 10, 11), time(13), sample.TALLINN))))
    rows = {r.shift.id: r for r in plan_hours(scenario, plan_more)}
    assert rows["k-extra"].overtime_minutes == (32 + 6 + 4 - 40) * 60


def test_a_contract_with_room_has_no_overtime():
    scenario, plan = _week_of_overrides(9, 5)
    roomy = Contract("ft", "Full-time", 0, 48)
    scenario = dataclasses.replace(scenario, contracts=(roomy,))
    assert all(r.overtime_minutes == 0 for r in plan_hours(scenario, plan))


@pytest.mark.parametrize(
    ("rule", "day", "period"),
    [
        ("month", date(2026, 10, 24), (date(2026, 10, 1), date(2026, 10, 31))),
        ("cutoff:25", date(2026, 10, 25), (date(2026, 9, 26), date(2026, 10, 25))),
        ("cutoff:25", date(2026, 10, 26), (date(2026, 10, 26), date(2026, 11, 25))),
        ("cutoff:25", date(2026, 12, 31), (date(2026, 12, 26), date(2027, 1, 25))),
        ("cutoff:30", date(2027, 2, 28), (date(2027, 1, 31), date(2027, 2, 28))),
        ("cutoff:30", date(2027, 3, 1), (date(2027, 3, 1), date(2027, 3, 30))),
        ("Cutoff: 31", date(2027, 2, 10), (date(2027, 2, 1), date(2027, 2, 28))),
    ],
)
def test_pay_periods(rule, day, period):
    assert PayPeriods.parse(rule).period_of(day) == period


@pytest.mark.parametrize("text", ["weekly", "cutoff:0", "cutoff:32", "cutoff:", "25"])
def test_a_bad_pay_period_says_what_is_accepted(text):
    with pytest.raises(ValueError, match=r"cutoff:25|1 to 31"):
        PayPeriods.parse(text)


def test_pay_period_words():
    assert PayPeriods().describe() == "calendar months"
    assert PayPeriods(25).describe() == "the 26th of a month to the 25th of the next " \
                                        "(cut-off day 25)"
    assert PayPeriods.parse(PayPeriods(25).text) == PayPeriods(25)


def test_a_night_over_the_cut_off_splits_at_local_midnight():
    rows = plan_hours(sample.scenario(), sample.plan())
    maria_month = [(line.period_start, line.hours) for line in
                   pay_lines(sample.scenario(), rows) if line.agent.id == "maria"]
    assert maria_month == [(date(2026, 10, 1), 2), (date(2026, 11, 1), 7)]
    maria_cutoff = [(line.period_start, line.hours) for line in
                    pay_lines(sample.scenario(), rows, PayPeriods(25)) if line.agent.id == "maria"]
    assert maria_cutoff == [(date(2026, 10, 26), 9)]


def test_plan_share_names_the_part_of_a_pay_period_a_plan_covers():
    period = Period(date(2026, 10, 19), 28)
    assert plan_share(period, date(2026, 10, 1), date(2026, 10, 31)) == (
        "2026-10-19 to 2026-10-31 only")
    assert plan_share(Period(date(2026, 10, 1), 31), date(2026, 10, 1), date(2026, 10, 31)) == ""
    assert plan_share(Period(date(2026, 10, 1), 31), date(2026, 11, 1),
                      date(2026, 11, 30)).startswith("none")


def _payroll(periods: PayPeriods | None = None) -> list[dict[str, str]]:
    scenario = sample.scenario()
    numbered = tuple(dataclasses.replace(a, employee_number=f"{i:05d}")
                     for i, a in enumerate(scenario.agents))
    data = build_payroll_csv(dataclasses.replace(scenario, agents=numbered), sample.plan(),
                             periods=periods or PayPeriods())
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text.count("\r\n") == text.count("\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_payroll_csv_has_one_row_per_agent_period_and_code():
    table = _payroll()
    assert list(table[0]) == list(PAYROLL_COLUMNS)
    keys = [(r["agent_id"], r["period_start"], r["code"]) for r in table]
    assert len(keys) == len(set(keys))
    lena = [r for r in table if r["agent_id"] == "lena"]
    assert [(r["period_start"], r["period_end"], r["code"], r["hours"], r["rate"], r["amount"])
            for r in lena] == [
        ("2026-10-01", "2026-10-31", "weekend", "9.00", "45.00", "405.00"),
        ("2026-10-01", "2026-10-31", "holiday", "8.00", "60.00", "480.00"),
        ("2026-11-01", "2026-11-30", "night", "6.00", "37.50", "225.00"),
        ("2026-11-01", "2026-11-30", "holiday", "2.00", "60.00", "120.00"),
    ]
    assert {r["employee_number"] for r in lena} == {"00001"}  # text: the zeros stay
    assert {r["currency"] for r in lena} == {"EUR"}
    inject = next(r for r in table if r["agent_id"] == "inject")
    assert inject["agent"] == "'" + sample.INJECTION
    rows = plan_hours(sample.scenario(), sample.plan())
    assert sum(float(r["hours"]) for r in table) == pytest.approx(sum(r.hours for r in rows))


def test_payroll_csv_with_a_cut_off_day():
    table = _payroll(PayPeriods(25))
    periods = {(r["period_start"], r["period_end"]) for r in table}
    assert periods == {("2026-09-26", "2026-10-25"), ("2026-10-26", "2026-11-25")}


def test_amounts_are_rounded_half_up_to_the_cent():
    assert [cents(2.675), cents(0.005), cents(10), cents(1 / 3)] == [
        "2.68", "0.01", "10.00", "0.33"]
