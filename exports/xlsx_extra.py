"""Workbook sheets about the plan rather than the hours: Coverage, Gaps and Rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from exports.hours import rules_text
from exports.table import Kind
from exports.xlsx_cells import SheetColumn, SheetWriter, add_sheet, print_setup, text_lines
from models.coverage import coverage
from models.domain import OVERRIDE_NOTE_PREFIX, Plan, Scenario, ShiftOrigin
from models.timerules import to_local, tzdata_version


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


def write_coverage(workbook: Any, formats: dict[str, Any], scenario: Scenario,
                   plan: Plan) -> None:
    """Required, scheduled and missing headcount per slot and requirement; gaps in red."""
    zone = scenario.team.reference_zone
    columns = [
        *_slot_columns(zone),
        SheetColumn("Required", Kind.INT, 9),
        SheetColumn("Scheduled", Kind.INT, 9),
        SheetColumn("Missing", Kind.INT, 9),
        SheetColumn("Requirement id", Kind.TEXT, 16),
    ]
    sheet = SheetWriter(workbook, "Coverage", columns, formats)
    names = _requirement_names(scenario)
    for slot in sorted(coverage(scenario, plan), key=lambda c: (c.start, c.requirement_id)):
        sheet.write([names.get(slot.requirement_id, slot.requirement_id),
                     to_local(slot.start, zone), to_local(slot.end, zone), slot.start, slot.end,
                     slot.required, slot.scheduled,
                     slot.missing, slot.requirement_id])
    last = max(sheet.row - 1, 1)
    sheet.sheet.conditional_format(1, 0, last, len(columns) - 1, {
        "type": "formula", "criteria": "=$H2>0", "format": formats["gap"]})
    sheet.finish()


def write_gaps(workbook: Any, formats: dict[str, Any], scenario: Scenario, plan: Plan) -> None:
    zone = scenario.team.reference_zone
    columns = [
        *_slot_columns(zone),
        SheetColumn("Hours", Kind.HOURS, 8),
        SheetColumn("Missing", Kind.INT, 8),
        SheetColumn("Reason", Kind.TEXT, 16),
        SheetColumn("Explanation", Kind.TEXT, 60),
        SheetColumn("Who could have", Kind.TEXT, 50),
        SheetColumn("Requirement id", Kind.TEXT, 16),
    ]
    sheet = SheetWriter(workbook, "Gaps", columns, formats)
    names = _requirement_names(scenario)
    labels = {a.id: a.label for a in scenario.agents}
    for gap in sorted(plan.gaps, key=lambda g: (g.start, g.requirement_id)):
        who = "; ".join(_candidate(labels.get(c.agent_id, c.agent_id), c.why)
                        for c in gap.candidates)
        sheet.write([names.get(gap.requirement_id, gap.requirement_id),
                     to_local(gap.start, zone), to_local(gap.end, zone), gap.start, gap.end,
                     gap.minutes / 60, gap.missing, gap.reason.value.replace("_", " "),
                     gap.message, who, gap.requirement_id])
    sheet.finish()


def _candidate(label: str, why: str) -> str:
    return why if why.startswith(label) else f"{label}: {why}"


def write_rules(workbook: Any, formats: dict[str, Any], scenario: Scenario, plan: Plan,
                now: datetime) -> None:
    """How every number was made: the team's rules, the zones, the zone data, the plan."""
    sheet = add_sheet(workbook, "Rules")
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 100)
    team = scenario.team
    bold, wrap = formats["bold"], formats["wrap"]
    sheet.write_string(0, 0, "Item", formats["header"])
    sheet.write_string(0, 1, "Value", formats["header"])
    row = 1

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
    put("Times in this workbook", "Excel stores no time zone. 'Local' columns are the agent's "
                                  "wall-clock time in the zone on the same row; 'UTC' columns "
                                  "are UTC. Local end minus local start can differ from Hours "
                                  "by the DST adjustment; Hours is what was worked.")
    zones: dict[str, list[str]] = {}
    for agent in scenario.agents:
        zones.setdefault(agent.time_zone, []).append(agent.label)
    for zone_name, people in sorted(zones.items()):
        put(f"Zone {zone_name}", ", ".join(people))
    put("Zone data (tzdata)", tzdata_version())
    put("Plan", plan.id or "(not saved)")
    put("Plan status", plan.statistics.status.value)
    put("Plan created (UTC)",
        plan.created_at.strftime("%Y-%m-%d %H:%M") if plan.created_at else "unknown")
    put("Period", f"{plan.period.first_day.isoformat()} to {plan.period.last_day.isoformat()} "
                  f"({plan.period.days} days, {team.reference_zone})")
    put("Coverage target", scenario.target.name)
    overrides = [s for s in plan.shifts if s.is_override]
    manual = sum(1 for s in plan.shifts if s.origin is ShiftOrigin.MANUAL)
    put("Hand edits", f"{manual} shift(s) placed or changed by hand; {len(overrides)} kept "
                      "although they break a rule (listed below)")
    labels = {a.id: (a.label, a.time_zone) for a in scenario.agents}
    for shift in sorted(overrides, key=lambda s: s.start):
        label, zone_name = labels.get(shift.agent_id, (shift.agent_id, "UTC"))
        start, end = to_local(shift.start, zone_name), to_local(shift.end, zone_name)
        put(f"Override: {label}", f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {zone_name}: "
                                  f"{shift.note.removeprefix(OVERRIDE_NOTE_PREFIX)}")
    put("Workbook made (UTC)", now.astimezone(UTC).strftime("%Y-%m-%d %H:%M"))
    put("Made by", "Coverage Scheduler")
    sheet.freeze_panes(1, 0)
    print_setup(sheet)
