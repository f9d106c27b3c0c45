"""Workbook sheets about the plan rather than the hours: Coverage, Gaps and Rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from exports.hours import rules_text
from exports.table import Kind
from exports.xlsx_cells import Formula, SheetColumn, add_sheet, serial_utc, text_lines
from exports.xlsx_title import Book
from models.coverage import SlotCoverage, coverage
from models.domain import OVERRIDE_NOTE_PREFIX, Plan, Scenario, ShiftOrigin
from models.timerules import to_local, tzdata_version
from models.words import count


def _requirement_names(scenario: Scenario) -> dict[str, str]:
    names = {r.id: r.name for t in scenario.targets for r in t.requirements}
    names.update({r.id: r.name for r in scenario.target.requirements})
    return names


def _slot_columns(zone: str) -> list[SheetColumn]:
    """Requirement and its time range, in the reference zone and in UTC (Coverage and Gaps)."""
    return [
        SheetColumn("Requirement", Kind.TEXT, 22),
        SheetColumn(f"Start ({zone})", Kind.LOCAL_DATETIME, 16),
        SheetColumn(f"End ({zone})", Kind.LOCAL_DATETIME, 16),
        SheetColumn("Start (UTC)", Kind.UTC_DATETIME, 16),
        SheetColumn("End (UTC)", Kind.UTC_DATETIME, 16),
    ]


@dataclass(frozen=True, slots=True)
class CoverageRun:
    """Consecutive slots of one requirement with the same required and scheduled headcount."""

    requirement_id: str
    start: datetime
    end: datetime
    required: int
    scheduled: int
    excused: int = 0  # missing in a hole shorter than the requirement's response allowance

    @property
    def missing(self) -> int:
        return max(0, self.required - self.scheduled - self.excused)

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def coverage_runs(slots: Iterable[SlotCoverage], order: dict[str, int]) -> Iterator[CoverageRun]:
    """Slots merged into runs of equal coverage, by start, then requirement (target order)."""
    runs: list[CoverageRun] = []
    current: CoverageRun | None = None
    for slot in sorted(slots, key=lambda c: (order.get(c.requirement_id, len(order)), c.start)):
        if (current is not None and current.requirement_id == slot.requirement_id
                and current.end == slot.start and current.required == slot.required
                and current.scheduled == slot.scheduled and current.excused == slot.excused):
            current = CoverageRun(current.requirement_id, current.start, slot.end,
                                  current.required, current.scheduled, current.excused)
            continue
        if current is not None:
            runs.append(current)
        current = CoverageRun(slot.requirement_id, slot.start, slot.end, slot.required,
                              slot.scheduled, slot.excused)
    if current is not None:
        runs.append(current)
    yield from sorted(runs, key=lambda r: (r.start, order.get(r.requirement_id, len(order))))


def write_coverage(book: Book, scenario: Scenario, plan: Plan) -> None:
    """Required, scheduled and missing headcount as runs of equal coverage; gaps in red."""
    zone = scenario.team.reference_zone
    columns = [
        *_slot_columns(zone),
        SheetColumn("Duration (h:mm)", Kind.DURATION, 9),
        SheetColumn("Required", Kind.INT, 9),
        SheetColumn("Scheduled", Kind.INT, 9),
        SheetColumn("Missing", Kind.INT, 9),
        SheetColumn("Requirement id", Kind.TEXT, 16),
    ]
    sheet = book.sheet("Coverage", columns, print_columns=len(columns) - 1)
    names = _requirement_names(scenario)
    order = {r.id: i for i, r in enumerate(scenario.target.requirements)}
    for run in coverage_runs(coverage(scenario, plan), order):
        sheet.write([names.get(run.requirement_id, run.requirement_id),
                     to_local(run.start, zone), to_local(run.end, zone), run.start, run.end,
                     Formula("=E{r}-D{r}", serial_utc(run.end) - serial_utc(run.start)),
                     run.required, run.scheduled, run.missing, run.requirement_id])
    first, last = sheet.first_data_row, max(sheet.row, sheet.first_data_row)
    sheet.sheet.conditional_format(first - 1, 0, last - 1, len(columns) - 1, {
        "type": "formula", "criteria": f"=$I{first}>0", "format": book.formats["gap"]})
    sheet.finish()


def write_gaps(book: Book, scenario: Scenario, plan: Plan) -> None:
    zone = scenario.team.reference_zone
    columns = [
        *_slot_columns(zone),
        SheetColumn("Hours", Kind.HOURS, 8),
        SheetColumn("Missing", Kind.INT, 8),
        SheetColumn("Reason", Kind.TEXT, 16),
        SheetColumn("Explanation", Kind.TEXT, 48),
        SheetColumn("Who could have", Kind.TEXT, 40),
        SheetColumn("Requirement id", Kind.TEXT, 16),
    ]
    sheet = book.sheet("Gaps", columns, print_columns=len(columns) - 1)
    names = _requirement_names(scenario)
    labels = {a.id: a.label for a in scenario.agents}
    for gap in sorted(plan.gaps, key=lambda g: (g.start, g.requirement_id)):
        who = "; ".join(_candidate(labels.get(c.agent_id, c.agent_id), c.why)
                        for c in gap.candidates)
        sheet.write([names.get(gap.requirement_id, gap.requirement_id),
                     to_local(gap.start, zone), to_local(gap.end, zone), gap.start, gap.end,
                     gap.minutes / 60, gap.missing, gap.reason.value.replace("_", " "),
                     gap.message, who, gap.requirement_id])
    if not plan.gaps:
        sheet.sheet.write_string(sheet.row + 1, 0, "The plan records no gap. Missing headcount "
                                 "at each time, if any, is on the Coverage sheet.",
                                 book.formats["title_text"])
    sheet.finish(print_last_row=sheet.row + 1)


def _candidate(label: str, why: str) -> str:
    return why if why.startswith(label) else f"{label}: {why}"


def write_rules(book: Book, scenario: Scenario, plan: Plan, now: datetime) -> None:
    """How every number was made: the team's rules, the zones, the zone data, the plan."""
    formats = book.formats
    sheet = add_sheet(book.workbook, "Rules")
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 100)
    header_row = book.heading.write(sheet, formats, "Rules", [26, 100])
    team = scenario.team
    bold, wrap = formats["bold"], formats["wrap"]
    sheet.write_string(header_row, 0, "Item", formats["header"])
    sheet.write_string(header_row, 1, "Value", formats["header"])
    row = header_row + 1

    def put(label: str, value: str | float, fmt: Any = None) -> None:
        nonlocal row
        sheet.write_string(row, 0, label, bold)
        if isinstance(value, str):
            sheet.write_string(row, 1, value, fmt or wrap)
            lines = text_lines(value, 100)
            if lines > 1:
                sheet.set_row(row, 15 * lines)
        else:
            sheet.write_number(row, 1, value, fmt)
        row += 1

    put("Team", team.name)
    put("Reference zone", f"{team.reference_zone} (coverage and gap times are in this zone)")
    put("Night window", f"{team.night_start:%H:%M}–{team.night_end:%H:%M} in each agent's "
                        "local time")
    put("Night premium", team.premiums.night, formats["rate_left"])
    put("Weekend premium", team.premiums.weekend, formats["rate_left"])
    put("Holiday premium", team.premiums.holiday, formats["rate_left"])
    for label, text in rules_text(scenario):
        put(label, text)
    put("Times in this workbook", "UTC instants are authoritative: every hour is computed from "
                                  "the UTC start and end. Excel stores no time zone: 'Local' "
                                  "columns are the agent's wall-clock time in the zone on the "
                                  "same row (coverage and gaps: the reference zone); 'UTC' "
                                  "columns are UTC. Local end minus local start (nominal hours) "
                                  "can differ from real hours by the DST adjustment; real hours "
                                  "are what was worked.")
    zones: dict[str, list[str]] = {}
    for agent in scenario.agents:
        zones.setdefault(agent.time_zone, []).append(agent.label)
    for zone_name, people in sorted(zones.items()):
        put(f"Zone {zone_name}", ", ".join(people))
    put("Zone data (tzdata)", tzdata_version())
    put("Plan", book.heading.plan)
    put("Published or draft", book.heading.version.status_words())
    put("Solver status", plan.statistics.status.value)
    put("Plan created (UTC)",
        plan.created_at.strftime("%Y-%m-%d %H:%M") if plan.created_at else "unknown")
    put("Period", f"{plan.period.first_day.isoformat()} to {plan.period.last_day.isoformat()} "
                  f"({plan.period.days} days, {team.reference_zone})")
    put("Coverage target", scenario.target.name)
    overrides = [s for s in plan.shifts if s.is_override]
    manual = sum(1 for s in plan.shifts if s.origin is ShiftOrigin.MANUAL)
    put("Hand edits", f"{count(manual, 'shift')} placed or changed by hand; {len(overrides)} kept "
                      "although they break a rule (listed below)")
    labels = {a.id: (a.label, a.time_zone) for a in scenario.agents}
    for shift in sorted(overrides, key=lambda s: s.start):
        label, zone_name = labels.get(shift.agent_id, (shift.agent_id, "UTC"))
        start, end = to_local(shift.start, zone_name), to_local(shift.end, zone_name)
        put(f"Override: {label}", f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {zone_name}: "
                                  f"{shift.note.removeprefix(OVERRIDE_NOTE_PREFIX)}")
    put("Pay periods", book.heading.pay_periods)
    put("Workbook made (UTC)", now.astimezone(UTC).strftime("%Y-%m-%d %H:%M"))
    put("Made by", "Coverage Scheduler")
    sheet.freeze_panes(header_row + 1, 0)
    book.heading.page_setup(sheet, "Rules", header_row, row - 1, 1)
