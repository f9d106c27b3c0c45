"""The demo team's plan exports to per-agent calendars, a team calendar, a workbook and a CSV,
and every check holds on it (hand-made plan: weekday days and fall-back nights in 8 zones)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import ics
import openpyxl
import pytest
import vobject

from exports.csvfile import build_csv
from exports.hours import agent_totals, plan_hours
from exports.ics import build_calendars, uid_for
from exports.ics_surface import surface_problems
from exports.xlsx import build_workbook
from models.domain import Period, Plan, Scenario, Shift
from models.timerules import to_utc
from tests.exports.sheets import records

FIRST = date(2026, 10, 19)


def demo_plan(demo: Scenario) -> Plan:
    shifts = []
    for i, agent in enumerate(demo.active_agents()):
        for d in range(28):
            day = FIRST + timedelta(days=d)
            night = (i + d) % 7 == 5  # Saturdays 24 and 31 Oct for some: fall-back nights
            if not night and day.weekday() >= 5:
                continue
            start = time(22) if night else time(9)
            end_day = day + timedelta(days=1) if night else day
            shifts.append(Shift(f"{agent.id}:{day.isoformat()}", agent.id,
                                to_utc(day, start, agent.time_zone),
                                to_utc(end_day, time(6) if night else time(17),
                                       agent.time_zone),
                                duty="247-phone" if agent.has_skill("phone") and d % 3 == 0
                                else None))
    return Plan(Period(FIRST, 28), tuple(shifts), target_id=demo.active_target_id, id="demo")


@pytest.fixture(scope="module")
def plan(demo):
    return demo_plan(demo)


def test_demo_calendars_parse_everywhere_and_keep_the_surface(demo, plan):
    files = build_calendars(demo, plan, {}, now=datetime(2026, 10, 1, tzinfo=UTC))
    assert len(files) == len(demo.active_agents()) + 1
    by_uid = {uid_for(f.calendar, s.id): s for f in files for s in plan.shifts
              if f.calendar in ("team", s.agent_id)}
    for f in files:
        assert surface_problems(f.data) == [], f.file_name
        text = f.data.decode("utf-8")
        for event in vobject.readOne(text).vevent_list:
            shift = by_uid[event.uid.value]
            assert (event.dtstart.value, event.dtend.value) == (shift.start, shift.end)
        for event in ics.Calendar(text).events:
            shift = by_uid[event.uid]
            assert (event.begin.datetime, event.end.datetime) == (shift.start, shift.end)
    descriptions = b"".join(f.data for f in files).replace(b"\r\n ", b"")
    assert b"9 h: clocks go back this night" in descriptions


def test_demo_workbook_and_csv_agree_with_the_hours_module(demo, plan):
    rows = plan_hours(demo, plan)
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(
        demo, plan, now=datetime(2026, 10, 1, tzinfo=UTC), rows=rows)), data_only=True)
    totals = agent_totals(rows)
    seen = 0
    for record in records(book["Summary"]):
        if record["Agent id"] in totals:
            assert record["Real hours"] == pytest.approx(totals[record["Agent id"]].hours)
            assert record["Cost"] == pytest.approx(totals[record["Agent id"]].cost)
            seen += 1
    assert seen == len(totals) == len(demo.active_agents())
    table = list(csv.DictReader(io.StringIO(build_csv(demo, plan, rows).decode("utf-8-sig"))))
    assert len(table) == len(plan.shifts)
    assert sum(float(r["hours"]) for r in table) == pytest.approx(sum(r.hours for r in rows))
