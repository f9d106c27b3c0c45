"""The Warnings sheet: what the plan keeps within the rules but falls short of.

Today: agents under their contract's weekly minimum hours, with the hours missing. The
warnings are worked out by the checker (``solver.check.under_minimum_hours``) and handed in,
so the workbook says exactly what the app and the command line say.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from exports.table import Kind
from exports.xlsx_cells import Formula, SheetColumn
from exports.xlsx_title import Book
from models.domain import Scenario


class MinimumHoursWarning(Protocol):
    """An agent and ISO week under the contract's prorated weekly minimum."""

    @property
    def agent_id(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def week(self) -> int: ...
    @property
    def worked_minutes(self) -> int: ...
    @property
    def minimum_minutes(self) -> int: ...
    @property
    def message(self) -> str: ...


WARNING_COLUMNS = (
    SheetColumn("Agent", Kind.TEXT, 20),
    SheetColumn("Employee no.", Kind.TEXT, 10),
    SheetColumn("Week", Kind.TEXT, 10),
    SheetColumn("Worked hours", Kind.HOURS, 9),
    SheetColumn("Minimum hours", Kind.HOURS, 9),
    SheetColumn("Hours missing", Kind.HOURS, 9),
    SheetColumn("What", Kind.TEXT, 70),
    SheetColumn("Agent id", Kind.TEXT, 14),
)


def write_warnings(book: Book, scenario: Scenario,
                   warnings: Sequence[MinimumHoursWarning] | None) -> None:
    """One row per agent and week under the minimum; hours missing as a formula. ``None``: the
    caller did not check, and the sheet says so rather than claim there is nothing."""
    sheet = book.sheet("Warnings", WARNING_COLUMNS, print_columns=len(WARNING_COLUMNS) - 1,
                       intro=["Agents who work less in a week than their contract's weekly "
                              "minimum, prorated to the week's days in the period that are "
                              "not time off or public holidays."])
    agents = {a.id: a for a in scenario.agents}
    for w in warnings or ():
        agent = agents.get(w.agent_id)
        worked, minimum = w.worked_minutes / 60, w.minimum_minutes / 60
        sheet.write([agent.label if agent else w.agent_id,
                     agent.employee_number if agent else "", f"{w.year}-W{w.week:02d}",
                     worked, minimum, Formula("=E{r}-D{r}", minimum - worked), w.message,
                     w.agent_id])
    if not warnings:
        note = ("Minimum hours were not checked for this workbook." if warnings is None else
                "No warnings: every agent gets the weekly minimum hours of the contract.")
        sheet.sheet.write_string(sheet.row + 1, 0, note, book.formats["title_text"])
    sheet.finish(print_last_row=sheet.row + 1)
