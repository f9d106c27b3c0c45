"""The workbook's Fairness sheet: each agent's hours, nights, weekends and public holidays
against the fair share, and the balance carried from earlier published plans.

The figures come from the solver's fairness report (plain data, :mod:`models.fairness`), the
same numbers the command line and the app show; hours are real elapsed hours in the agent's
own zone and country, as on every other sheet.
"""

from __future__ import annotations

from exports.table import Kind
from exports.xlsx_cells import SheetColumn
from exports.xlsx_title import Book
from models.fairness import FAIRNESS_KINDS, FairnessReport

_KINDS = (("hours", "Hours"), ("night", "Night hours"), ("weekend", "Weekend hours"),
          ("holiday", "Holiday hours"))

FAIRNESS_INTRO = (
    "Fair share: the team's hours of each kind in this plan, shared in proportion to contract "
    "hours × the hours of that kind the agent is available for (nights, weekends and public "
    "holidays judged in the agent's own zone and country; for all hours, the days not off).",
    "Carried: hours above (+) or below (−) the fair share in earlier published plans. Balance "
    "after: worked − fair share + carried, what the next plan carries forward.",
)


def fairness_columns() -> list[SheetColumn]:
    columns = [SheetColumn("Agent", Kind.TEXT, 18)]
    for _kind, title in _KINDS:
        columns += [SheetColumn(title, Kind.HOURS, 8),
                    SheetColumn(f"{title}, fair share", Kind.HOURS, 8)]
    for kind in FAIRNESS_KINDS:
        columns.append(SheetColumn(f"Carried, {kind}", Kind.HOURS, 8))
    for kind in FAIRNESS_KINDS:
        columns.append(SheetColumn(f"Balance after, {kind}", Kind.HOURS, 9))
    columns.append(SheetColumn("Agent id", Kind.TEXT, 14))
    return columns


def write_fairness(book: Book, report: FairnessReport) -> None:
    columns = fairness_columns()
    sheet = book.sheet("Fairness", columns, intro=FAIRNESS_INTRO,
                       print_columns=len(columns) - 1)
    for a in report.agents:
        values: list[str | float] = [a.name]
        for kind, _title in _KINDS:
            share = a.of(kind)
            values += [share.minutes / 60, share.share / 60]
        values += [a.of(kind).carried / 60 for kind in FAIRNESS_KINDS]
        values += [a.of(kind).balance / 60 for kind in FAIRNESS_KINDS]
        values.append(a.agent_id)
        sheet.write(values)
    sheet.finish()
