"""The finance workbook (.xlsx), written with XlsxWriter.

Sheets: Summary (with "How to read this"), Pay codes, Shifts, Days, Weekly, Monthly, Coverage,
Gaps, Warnings (agents under their weekly minimum), Fairness (hours against the fair share,
when the caller gives it), Rules. Every sheet opens with a title block (team, period, plan
version, published or draft, when it was made, the zone data) and prints A4 landscape, one page
wide, with its column headers repeated and the same words in the page header and footer ("page N
of M").

Every number is a number with a number format; every total is a formula that also carries its
computed value, so a previewer that does not calculate shows the same figures Excel or
LibreOffice compute. Text is written as text only, so an agent called ``=HYPERLINK(...)`` stays
a name, and an employee number ``00123`` keeps its zeros.

Row values come from the hours module (:mod:`exports.hours`); the totals re-add those rows so
finance can audit every figure, each over one contiguous block of rows (see
:mod:`exports.xlsx_hours`), which keeps a full recalculation cheap on a large team.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from exports.hours import ShiftHours, plan_hours
from exports.payroll import PayPeriods
from exports.table import SHIFT_COLUMNS, Kind, column_index, column_letter
from exports.xlsx_cells import Formula, SheetColumn, add_sheet, make_formats
from exports.xlsx_extra import write_coverage, write_gaps, write_rules
from exports.xlsx_fairness import write_fairness
from exports.xlsx_hours import (
    Rows,
    agents_listed,
    write_days,
    write_pay_codes,
    write_shifts,
    write_totals,
)
from exports.xlsx_title import Book, Heading, PlanVersion, how_to_read
from exports.xlsx_warnings import MinimumHoursWarning, write_warnings
from models.domain import Plan, Scenario
from models.fairness import FairnessReport

# Always written; a Fairness sheet comes before Rules when a fairness report is given.
SHEETS = ("Summary", "Pay codes", "Shifts", "Days", "Weekly", "Monthly", "Coverage", "Gaps",
          "Warnings", "Rules")


def build_workbook(scenario: Scenario, plan: Plan, *, now: datetime,
                   rows: Sequence[ShiftHours] | None = None,
                   version: PlanVersion | None = None,
                   pay_periods: PayPeriods | None = None,
                   warnings: Sequence[MinimumHoursWarning] | None = None,
                   fairness: FairnessReport | None = None) -> bytes:
    """The workbook as bytes (the caller writes it atomically).

    ``warnings``: agents under their weekly minimum, as the checker finds them (the Warnings
    sheet says when none were given).
    ``version`` says which plan this is and whether it is published (default: a draft named by
    the plan's id); ``pay_periods`` how pay periods are cut (default: calendar months);
    ``fairness``, when given, fills a Fairness sheet (hours against the fair share).
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware UTC instant")
    order = {a.id: i for i, a in enumerate(scenario.agents)}
    rows = sorted(plan_hours(scenario, plan) if rows is None else rows,
                  key=lambda r: (order.get(r.agent.id, len(order)), r.shift.start, r.shift.id))
    periods = pay_periods or PayPeriods()
    heading = Heading.of(scenario, plan, version or PlanVersion(), now, periods)
    # Rows are written in order, so constant-memory mode can stream each sheet to a temporary
    # file as it goes: less memory, and about 15% faster on a large team than in memory.
    with tempfile.TemporaryDirectory(prefix="coverage-xlsx-") as folder:
        path = Path(folder) / "workbook.xlsx"
        workbook = xlsxwriter.Workbook(str(path), {
            "constant_memory": True, "tmpdir": folder, "strings_to_formulas": False,
            "strings_to_urls": False, "strings_to_numbers": False,
        })
        workbook.set_properties({"title": f"Hours — {scenario.team.name}",
                                 "subject": f"Plan {heading.plan} ({heading.version.status})",
                                 "author": "Coverage Scheduler", "created": now})
        book = Book(workbook, make_formats(workbook), heading)
        summary = add_sheet(workbook, "Summary")  # the first tabs, filled once Shifts and
        pay_codes = add_sheet(workbook, "Pay codes")  # Days are written
        blocks = write_shifts(book, rows)
        days = write_days(book, scenario, rows, periods)
        write_totals(book, scenario, days, weekly=True)
        write_totals(book, scenario, days, weekly=False)
        write_coverage(book, scenario, plan)
        write_gaps(book, scenario, plan)
        write_warnings(book, scenario, warnings)
        if fairness is not None:
            write_fairness(book, fairness)
        write_rules(book, scenario, plan, now)
        write_pay_codes(book, scenario, plan, days, periods, existing=pay_codes)
        write_summary(book, summary, scenario, rows, blocks, periods)
        workbook.close()
        return path.read_bytes()


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------

SUMMARY_COLUMNS = (
    SheetColumn("Agent", Kind.TEXT, 18),
    SheetColumn("Employee no.", Kind.TEXT, 9),
    SheetColumn("Country", Kind.TEXT, 7),
    SheetColumn("Zone", Kind.TEXT, 16),
    SheetColumn("Hourly cost", Kind.RATE, 8),
    SheetColumn("Shifts", Kind.INT, 6),
    SheetColumn("Real hours", Kind.HOURS, 8),
    SheetColumn("Nominal hours", Kind.HOURS, 8),
    SheetColumn("Night hours", Kind.HOURS, 7),
    SheetColumn("Weekend hours", Kind.HOURS, 8),
    SheetColumn("Holiday hours", Kind.HOURS, 8),
    SheetColumn("Overtime hours", Kind.HOURS, 8),
    SheetColumn("Standby hours", Kind.HOURS, 8),
    SheetColumn("Premium-weighted hours", Kind.HOURS, 10),
    SheetColumn("Cost", Kind.MONEY, 12),
    SheetColumn("Currency", Kind.TEXT, 8),
    SheetColumn("DST adjustment", Kind.HOURS, 10),
    SheetColumn("Agent id", Kind.TEXT, 14),
)
_SHIFTS = 5  # the Summary column counting shifts
_COST, _CURRENCY = 14, 15
# Summary column -> the Shifts column it adds up
_SUMMED = {6: "hours", 7: "nominal_hours", 8: "night_hours", 9: "weekend_hours",
           10: "holiday_hours", 11: "overtime_hours", 12: "standby_hours",
           13: "premium_weighted_hours", 14: "cost", 16: "dst_adjustment"}


def write_summary(book: Book, worksheet: Any, scenario: Scenario, rows: Sequence[ShiftHours],
                  blocks: dict[str, Rows], periods: PayPeriods) -> None:
    """Per agent: hours, premium-weighted hours and cost, each a SUM over the agent's rows of
    the Shifts sheet; then totals for all agents and the cost in each currency."""
    sheet = book.sheet("Summary", SUMMARY_COLUMNS, existing=worksheet,
                       intro=how_to_read(scenario, periods),
                       print_columns=len(SUMMARY_COLUMNS) - 2)
    getters = {col: SHIFT_COLUMNS[column_index(key)].get for col, key in _SUMMED.items()}
    by_agent: dict[str, list[ShiftHours]] = {}
    for row in rows:
        by_agent.setdefault(row.agent.id, []).append(row)
    hours_col = column_index("hours")
    totals: dict[int, float] = {}
    cost_by_currency: dict[str, float] = {}
    for agent in agents_listed(scenario, rows):
        mine, block = by_agent.get(agent.id, []), blocks.get(agent.id)
        values: list[Any] = [agent.label, agent.employee_number, agent.country,
                             agent.time_zone, agent.hourly_cost, None]
        values[_SHIFTS] = (Formula(f"=COUNT({_block(block, hours_col)})", len(mine))
                           if block else 0)
        for col in range(_SHIFTS + 1, len(SUMMARY_COLUMNS)):
            if col == _CURRENCY:
                values.append(agent.currency)
            elif col in _SUMMED:
                value = sum((float(getters[col](r)) for r in mine), 0.0)  # type: ignore[arg-type]
                totals[col] = totals.get(col, 0.0) + value
                shift_col = column_index(_SUMMED[col])
                values.append(Formula(f"=SUM({_block(block, shift_col)})", value)
                              if block else 0.0)
            else:
                values.append(agent.id)
        cost_by_currency[agent.currency] = cost_by_currency.get(agent.currency, 0.0) + (
            _value(values[_COST]))
        totals[_SHIFTS] = totals.get(_SHIFTS, 0.0) + len(mine)
        sheet.write(values)
    first, last = sheet.first_data_row, max(sheet.row, sheet.first_data_row)
    ws, formats = sheet.sheet, book.formats
    total_row = sheet.row + 1
    ws.write_string(total_row, 0, "All agents", formats["bold"])
    for col in (_SHIFTS, *_SUMMED):
        if col == _COST:
            continue  # costs in different currencies are not added up
        letter = column_letter(col)
        fmt = formats["total_int"] if col == _SHIFTS else formats["total_hours"]
        ws.write_formula(total_row, col, f"=SUM({letter}{first}:{letter}{last})", fmt,
                         totals.get(col, 0))
    cost, currency = column_letter(_COST), column_letter(_CURRENCY)
    for i, (code, value) in enumerate(sorted(cost_by_currency.items()), start=1):
        ws.write_string(total_row + i, 0, f"Cost in {code}", formats["bold"])
        ws.write_formula(total_row + i, _COST,
                         f'=SUMIFS({cost}{first}:{cost}{last},'
                         f'{currency}{first}:{currency}{last},"{code}")',
                         formats["total_money"], value)
        ws.write_string(total_row + i, _CURRENCY, code, formats["bold"])
    sheet.finish(print_last_row=total_row + len(cost_by_currency))


def _value(cell: Any) -> float:
    return float(cell.value) if isinstance(cell, Formula) else float(cell)


def _block(block: Rows | None, col: int) -> str:
    assert block is not None
    letter = column_letter(col)
    return f"'Shifts'!${letter}${block.first}:${letter}${block.last}"
