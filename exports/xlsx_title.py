"""What every sheet of the workbook says about itself: a title block at the top (team, period,
plan version and whether it is published or a draft, when it was made, the zone data) and the
same in the printed page header and footer, with "page N of M"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from exports.payroll import PayPeriods
from exports.xlsx_cells import SheetColumn, SheetWriter, text_lines
from models.domain import Plan, Scenario
from models.timerules import tzdata_version

HEADER_LIMIT = 255  # characters Excel allows in a page header or footer


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """Which plan a workbook shows, as the caller knows it: a stored version's name, or
    ``plan file rota.json``; and whether it is the published rota."""

    name: str = ""
    published: bool = False
    published_at: datetime | None = None
    published_by: str = ""

    @property
    def status(self) -> str:
        return "PUBLISHED" if self.published else "DRAFT"

    def status_words(self) -> str:
        if not self.published:
            return "DRAFT: not the published rota"
        when = (f" {self.published_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
                if self.published_at else "")
        who = f" by {self.published_by}" if self.published_by else ""
        return f"PUBLISHED{when}{who}"


def plan_label(plan: Plan, version: PlanVersion) -> str:
    """``Rota November (plan id 7f3c…)``, ``plan file rota.json``, ``plan-sample``."""
    if version.name and plan.id and plan.id not in version.name:
        return f"{version.name} (plan id {plan.id})"
    return version.name or plan.id or "unsaved plan"


@dataclass(frozen=True, slots=True)
class Heading:
    """The words of every sheet's title block and printed header and footer."""

    team: str
    period: str  # "2026-10-19 to 2026-11-15 (28 days, reference zone Europe/Tallinn)"
    plan: str
    version: PlanVersion
    generated: str  # "2026-10-01 12:00 UTC"
    tzdata: str
    pay_periods: str

    @classmethod
    def of(cls, scenario: Scenario, plan: Plan, version: PlanVersion, now: datetime,
           periods: PayPeriods) -> Heading:
        p = plan.period
        return cls(
            team=scenario.team.name,
            period=f"{p.first_day.isoformat()} to {p.last_day.isoformat()} ({p.days} days, "
                   f"reference zone {scenario.team.reference_zone})",
            plan=plan_label(plan, version), version=version,
            generated=f"{now.astimezone(UTC):%Y-%m-%d %H:%M} UTC", tzdata=tzdata_version(),
            pay_periods=periods.describe())

    def lines(self) -> tuple[str, str]:
        """The two lines under a sheet's title."""
        return (f"Plan: {self.plan} · Period {self.period}",
                f"Generated {self.generated} · zone data tzdata {self.tzdata} · pay periods: "
                f"{self.pay_periods} · UTC times are authoritative; local times are in each "
                "agent's own zone")

    def write(self, sheet: Any, formats: dict[str, Any], title: str,
              widths: Sequence[float]) -> int:
        """The title block in rows 1–3 (a blank row 4); returns the next free row (0-based)."""
        last = max(len(widths) - 1, 1)
        width = sum(widths) if len(widths) > 1 else 120
        sheet.set_row(0, 21)
        sheet.merge_range(0, 0, 0, last, f"{title} — {self.team}", formats["title"])
        status_format = formats["published" if self.version.published else "draft"]
        line1, line2 = self.lines()
        sheet.set_row(1, 15 * text_lines(f"{self.version.status_words()} · {line1}", width))
        sheet.merge_range(1, 0, 1, last, "", formats["title_line"])
        sheet.write_rich_string(1, 0, status_format, self.version.status_words(),
                                formats["title_text"], f" · {line1}", formats["title_line"])
        sheet.set_row(2, 15 * text_lines(line2, width))
        sheet.merge_range(2, 0, 2, last, line2, formats["title_line"])
        return 4

    def page_setup(self, sheet: Any, name: str, header_row: int, last_row: int,
                   last_col: int) -> None:
        """Printed or saved as PDF: A4 landscape, one page wide, the column headers on every
        page, the sheet, team, period and status in the header, "page N of M" in the footer."""
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.3, right=0.3, top=0.75, bottom=0.6)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_row)
        sheet.print_area(0, 0, max(last_row, header_row + 1), last_col)
        team, period = _header_text(self.team, 60), _header_text(self.period, 80)
        sheet.set_header(f'&L&"-,Bold"{_header_text(name, 31)}&C{team}&R{period}',
                         {"margin": 0.3})
        plan = _header_text(self.plan, 70)
        sheet.set_footer(f"&L{plan} · {self.version.status}&CPage &P of &N"
                         f"&RGenerated {self.generated}", {"margin": 0.3})


def _header_text(text: str, limit: int) -> str:
    """Text for a page header: shortened, with ``&`` doubled (a lone one starts a code)."""
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("&", "&&")


def how_to_read(scenario: Scenario, periods: PayPeriods) -> list[str]:
    """The short guide on the first sheet."""
    p = scenario.team.premiums
    return [
        "UTC start and UTC end (sheet Shifts) are authoritative: every hour is computed from "
        "them. Local times are wall-clock times in each agent's own time zone (column Zone), so "
        "on a daylight-saving night they repeat or skip an hour.",
        "Real hours = UTC end − UTC start, shown as Duration (h:mm): a 22:00–06:00 night is 9:00 "
        "when the clocks go back and 7:00 when they go forward. Nominal hours = local end − "
        "local start as a wall clock reads it (8:00 on both nights).",
        f"Premium-weighted hours = each hour × the highest premium that applies to it (night "
        f"×{p.night:g}, weekend ×{p.weekend:g}, holiday ×{p.holiday:g}; premiums do not "
        "stack). They are a basis for cost, not the hours paid: Cost = premium-weighted hours × "
        "hourly cost, in the agent's currency.",
        f"Standby hours (reachable, not at work unless called) are not real hours: each counts "
        f"{p.standby_rate:g} premium-weighted hours (the standby rate), with no premium or "
        "overtime, under the pay code standby.",
        f"Pay codes (sheet Pay codes, one row per agent, pay period and code; pay periods: "
        f"{periods.describe()}): every hour is in exactly one code. Overtime = hours of an ISO "
        "week beyond the contract's weekly maximum; other hours are holiday, weekend or night "
        "(the highest premium) or regular. Amount = hours × rate; the codes add up to the hours "
        "and cost on this sheet.",
        "Every total is a formula over the agent's own rows (sheet Shifts, or sheet Days for "
        "weeks, months and pay periods; rows are sorted by agent, then time). A DRAFT workbook "
        "is not the published rota. Sheet Rules lists every rule, zone and override used.",
    ]


@dataclass(frozen=True, slots=True)
class Book:
    """The workbook being written, its formats, and the heading every sheet carries."""

    workbook: Any
    formats: dict[str, Any]
    heading: Heading

    def sheet(self, name: str, columns: Sequence[SheetColumn], *, title: str = "",
              intro: Sequence[str] = (), existing: Any = None,
              print_columns: int | None = None) -> SheetWriter:
        return SheetWriter(self.workbook, name, columns, self.formats, decor=self.heading,
                           title=title or name, intro=intro, existing=existing,
                           print_columns=print_columns)
