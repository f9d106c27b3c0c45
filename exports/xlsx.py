"""The finance workbook (.xlsx), written with XlsxWriter.

Sheets: Summary, Shifts, Days, Weekly, Monthly, Coverage, Gaps, Rules. Every number is a number
with a number format; every total is a formula that also carries its computed value, so a
previewer that does not calculate shows the same figures Excel or LibreOffice compute. Text is
written as text only, so an agent called ``=HYPERLINK(...)`` stays a name.

Row values (hours, paid hours, cost = paid hours × hourly cost) come from the hours module
(:mod:`exports.hours`); the total formulas re-add those rows so finance can audit every figure:
Summary adds the Shifts sheet, Weekly and Monthly add the Days sheet (the hours of each shift
split to the local day they were worked).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from exports.hours import ShiftHours, day_pieces, monthly_totals, plan_hours, weekly_totals
from exports.table import SHIFT_COLUMNS, Kind, column_index, column_letter
from exports.xlsx_cells import Formula, SheetColumn, SheetWriter, add_sheet, make_formats
from exports.xlsx_extra import write_coverage, write_gaps, write_rules
from models.domain import Agent, Plan, Scenario

SHEETS = ("Summary", "Shifts", "Days", "Weekly", "Monthly", "Coverage", "Gaps", "Rules")


def build_workbook(scenario: Scenario, plan: Plan, *, now: datetime,
                   rows: Sequence[ShiftHours] | None = None) -> bytes:
    """The workbook as bytes (the caller writes it atomically)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware UTC instant")
    rows = list(plan_hours(scenario, plan) if rows is None else rows)
    # Rows are written in order, so constant-memory mode can stream each sheet to a temporary
    # file as it goes: less memory, and about 15% faster on a large team than in memory.
    with tempfile.TemporaryDirectory(prefix="coverage-xlsx-") as folder:
        path = Path(folder) / "workbook.xlsx"
        workbook = xlsxwriter.Workbook(str(path), {
            "constant_memory": True, "tmpdir": folder, "strings_to_formulas": False,
            "strings_to_urls": False, "strings_to_numbers": False,
        })
        _fill(workbook, scenario, plan, rows, now)
        workbook.close()
        return path.read_bytes()


def _fill(workbook: Any, scenario: Scenario, plan: Plan, rows: Sequence[ShiftHours],
          now: datetime) -> None:
    workbook.set_properties({"title": f"Hours — {scenario.team.name}",
                             "subject": f"Plan {plan.id or '(unsaved)'}",
                             "author": "Coverage Scheduler", "created": now})
    formats = make_formats(workbook)
    summary = add_sheet(workbook, "Summary")  # first tab, filled once Shifts exists
    shifts = write_shifts(workbook, formats, rows)
    days = write_days(workbook, formats, rows)
    write_totals(workbook, formats, "Weekly", rows, days, weekly=True)
    write_totals(workbook, formats, "Monthly", rows, days, weekly=False)
    write_coverage(workbook, formats, scenario, plan)
    write_gaps(workbook, formats, scenario, plan)
    write_rules(workbook, formats, scenario, plan, now)
    write_summary(summary, formats, scenario, rows, shifts)


# --------------------------------------------------------------------------------------------
# Shifts and Days
# --------------------------------------------------------------------------------------------


def write_shifts(workbook: Any, formats: dict[str, Any],
                 rows: Sequence[ShiftHours]) -> SheetWriter:
    sheet = SheetWriter(workbook, "Shifts",
                        [SheetColumn(c.header, c.kind, c.width) for c in SHIFT_COLUMNS], formats)
    getters = [c.get for c in SHIFT_COLUMNS]
    for row in rows:
        sheet.write([get(row) for get in getters])
    sheet.finish()
    return sheet


DAY_COLUMNS = (
    SheetColumn("Agent", Kind.TEXT, 22),
    SheetColumn("Local date", Kind.DATE, 11),
    SheetColumn("ISO week", Kind.TEXT, 9),
    SheetColumn("Week starts", Kind.DATE, 11),
    SheetColumn("Month", Kind.MONTH, 8),
    SheetColumn("Hours", Kind.HOURS, 8),
    SheetColumn("Night hours", Kind.HOURS, 8),
    SheetColumn("Weekend hours", Kind.HOURS, 9),
    SheetColumn("Holiday hours", Kind.HOURS, 9),
    SheetColumn("Paid hours", Kind.HOURS, 9),
    SheetColumn("Cost", Kind.MONEY, 11),
    SheetColumn("Agent id", Kind.TEXT, 14),
    SheetColumn("Shift id", Kind.TEXT, 22),
)
# Days sheet column positions used by the Weekly and Monthly formulas.
D_WEEK, D_MONTH, D_HOURS, D_PAID, D_COST, D_AGENT_ID = 3, 4, 5, 9, 10, 11


def write_days(workbook: Any, formats: dict[str, Any],
               rows: Sequence[ShiftHours]) -> SheetWriter:
    sheet = SheetWriter(workbook, "Days", DAY_COLUMNS, formats)
    agents = {r.agent.id: r.agent for r in rows}
    for p in day_pieces(rows):
        agent = agents[p.agent_id]
        sheet.write([agent.label, p.day, p.week_label, p.week_start, p.month_start, p.hours,
                     p.night_hours, p.weekend_hours, p.holiday_hours, p.paid_hours, p.cost,
                     agent.id, p.shift_id])
    sheet.finish()
    return sheet


# --------------------------------------------------------------------------------------------
# Weekly and Monthly
# --------------------------------------------------------------------------------------------


def write_totals(workbook: Any, formats: dict[str, Any], name: str,
                 rows: Sequence[ShiftHours], days: SheetWriter, *, weekly: bool) -> None:
    key_kind = Kind.DATE if weekly else Kind.MONTH
    columns = [
        SheetColumn("Agent", Kind.TEXT, 22),
        SheetColumn("ISO week" if weekly else "Month", Kind.TEXT, 9),
        SheetColumn("Week starts" if weekly else "Month starts", key_kind, 11),
        SheetColumn("Hours", Kind.HOURS, 8),
        SheetColumn("Night hours", Kind.HOURS, 8),
        SheetColumn("Weekend hours", Kind.HOURS, 9),
        SheetColumn("Holiday hours", Kind.HOURS, 9),
        SheetColumn("Paid hours", Kind.HOURS, 9),
        SheetColumn("Cost", Kind.MONEY, 11),
        SheetColumn("Currency", Kind.TEXT, 8),
        SheetColumn("Agent id", Kind.TEXT, 14),
    ]
    sheet = SheetWriter(workbook, name, columns, formats)
    agent_key = days.column_range(D_AGENT_ID)
    period_key = days.column_range(D_WEEK if weekly else D_MONTH)
    agents: dict[str, Agent] = {r.agent.id: r.agent for r in rows}
    totals = weekly_totals(rows) if weekly else monthly_totals(rows)

    def sumifs(day_col: int, value: float) -> Formula:
        return Formula(f"=SUMIFS({days.column_range(day_col)},{agent_key},$K{{r}},"
                       f"{period_key},$C{{r}})", value)

    for t in totals:
        agent = agents[t.agent_id]
        sheet.write([agent.label, t.label, t.start, sumifs(D_HOURS, t.hours),
                     sumifs(D_HOURS + 1, t.night_hours), sumifs(D_HOURS + 2, t.weekend_hours),
                     sumifs(D_HOURS + 3, t.holiday_hours), sumifs(D_PAID, t.paid_hours),
                     sumifs(D_COST, t.cost), agent.currency, agent.id])
    sheet.finish()


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------

SUMMARY_COLUMNS = (
    SheetColumn("Agent", Kind.TEXT, 22),
    SheetColumn("Agent id", Kind.TEXT, 14),
    SheetColumn("Zone", Kind.TEXT, 19),
    SheetColumn("Country", Kind.TEXT, 8),
    SheetColumn("Shifts", Kind.INT, 7),
    SheetColumn("Hours", Kind.HOURS, 8),
    SheetColumn("Night hours", Kind.HOURS, 8),
    SheetColumn("Weekend hours", Kind.HOURS, 9),
    SheetColumn("Holiday hours", Kind.HOURS, 9),
    SheetColumn("DST adjustment", Kind.HOURS, 10),
    SheetColumn("Paid hours", Kind.HOURS, 9),
    SheetColumn("Cost", Kind.MONEY, 12),
    SheetColumn("Currency", Kind.TEXT, 8),
)
# (Summary column, Shifts column key, value of one shift)
_SUMMED: tuple[tuple[int, str, Callable[[ShiftHours], float]], ...] = (
    (5, "hours", lambda r: r.hours), (6, "night_hours", lambda r: r.night_hours),
    (7, "weekend_hours", lambda r: r.weekend_hours),
    (8, "holiday_hours", lambda r: r.holiday_hours),
    (9, "dst_adjustment", lambda r: r.dst_adjustment_hours),
    (10, "paid_hours", lambda r: r.paid_hours), (11, "cost", lambda r: r.cost),
)


def write_summary(worksheet: Any, formats: dict[str, Any], scenario: Scenario,
                  rows: Sequence[ShiftHours], shifts: SheetWriter) -> None:
    sheet = SheetWriter(None, "Summary", SUMMARY_COLUMNS, formats, existing=worksheet)
    by_agent: dict[str, list[ShiftHours]] = {}
    for row in rows:
        by_agent.setdefault(row.agent.id, []).append(row)
    agents = [a for a in scenario.agents if a.active or a.id in by_agent]
    key = shifts.column_range(column_index("agent_id"))
    totals: dict[int, float] = {}
    cost_by_currency: dict[str, float] = {}
    for agent in agents:
        mine = by_agent.get(agent.id, [])
        values: list[Any] = [agent.label, agent.id, agent.time_zone, agent.country,
                             Formula(f"=COUNTIFS({key},$B{{r}})", len(mine))]
        for col, shift_key, get in _SUMMED:
            value = sum((get(r) for r in mine), 0.0)
            rng = shifts.column_range(column_index(shift_key))
            values.append(Formula(f"=SUMIFS({rng},{key},$B{{r}})", value))
            totals[col] = totals.get(col, 0.0) + value
        values.append(agent.currency)
        cost_by_currency[agent.currency] = cost_by_currency.get(agent.currency, 0.0) + (
            values[11].value)
        totals[4] = totals.get(4, 0.0) + len(mine)
        sheet.write(values)
    last_agent_row = sheet.row  # 1-based number of the last agent row
    sheet.finish()
    ws = sheet.sheet
    total_row = sheet.row + 1
    ws.write_string(total_row, 0, "All agents", formats["bold"])
    for col in (4, 5, 6, 7, 8, 9, 10):
        letter = column_letter(col)
        fmt = formats["total_int"] if col == 4 else formats["total_hours"]
        ws.write_formula(total_row, col, f"=SUM({letter}2:{letter}{max(last_agent_row, 2)})",
                         fmt, totals.get(col, 0))
    cost = column_letter(11)
    currency = column_letter(12)
    for i, (code, value) in enumerate(sorted(cost_by_currency.items()), start=1):
        ws.write_string(total_row + i, 0, f"Cost in {code}", formats["bold"])
        ws.write_formula(total_row + i, 11,
                         f'=SUMIFS({cost}2:{cost}{max(last_agent_row, 2)},'
                         f'{currency}2:{currency}{max(last_agent_row, 2)},"{code}")',
                         formats["total_money"], value)
        ws.write_string(total_row + i, 12, code, formats["bold"])
