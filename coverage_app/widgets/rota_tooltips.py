"""Tooltip texts of the rota calendar (no widgets): a shift in the agent's and the display zone's
time, with its rule breaks; a coverage slot with its gap reasons and candidates."""

from __future__ import annotations

import html
from datetime import datetime

from coverage_app.services.gap_rows import (
    most_important,
    priority_word,
    reason_text,
    requirement_priority,
)
from coverage_app.widgets.gap_style import gap_colour
from coverage_app.widgets.rota_layout import RotaLayout, StripCell, duty_name, local_span
from models.domain import Gap, Shift, ShiftOrigin
from models.timerules import to_local


def shift_tooltip(layout: RotaLayout, shift: Shift, violations: dict[str, list[str]]) -> str:
    esc = html.escape
    agent = layout.scenario.agent(shift.agent_id)
    what = duty_name(layout.scenario, shift.duty)
    lines = [f"<b>{esc(agent.label)}</b> — "
             + esc(f"Standby for {what}" if shift.is_standby else what),
             f"{local_span(shift, agent.time_zone)} ({agent.time_zone}, agent's time)"]
    if layout.zone_name != agent.time_zone:
        lines.append(f"{local_span(shift, layout.zone_name)} ({layout.zone_name})")
    lines.append(f"{shift.hours:g} h on standby: not at work unless called; counts for "
                 f"{esc(what)} only" if shift.is_standby else f"{shift.hours:g} h")
    if shift.locked:
        lines.append("Locked: the solver keeps this shift")
    if shift.origin is ShiftOrigin.MANUAL:
        lines.append("Edited by hand" + (f": {esc(shift.note)}" if shift.note else ""))
    tag = layout.proposal.tags.get(shift.id) if layout.proposal is not None else None
    if tag is not None:
        lines.append(f"<b style='color:#1b8a3a'>Re-plan: {tag} (not applied until accepted)"
                     "</b>")
    for message in violations.get(shift.id, []):
        lines.append(f"<span style='color:#e01e1e'>⚠ {esc(message)}</span>")
    return "<br>".join(lines)


def row_tooltip(layout: RotaLayout, agent_id: str, at: datetime) -> str:
    """An empty spot of a row: the day off there, or where a re-plan removes or moves a shift."""
    esc = html.escape
    lines = [esc(a.describe()) + " (agent's local days)"
             for a in layout.absences_by_agent.get(agent_id, ()) if a.start <= at < a.end]
    proposal = layout.proposal
    for ghost in proposal.ghosts.get(agent_id, ()) if proposal is not None else ():
        if ghost.shift.start <= at < ghost.shift.end:
            span = local_span(ghost.shift, layout.zone_name)
            if ghost.moved_to is None:
                lines.append(f"<b>Re-plan removes</b> {span} ({layout.zone_name})")
            else:
                lines.append(f"<b>Re-plan moves</b> {span} to "
                             f"{local_span(ghost.moved_to, layout.zone_name)} "
                             f"({layout.zone_name})")
    return "<br>".join(lines)


def strip_tooltip(layout: RotaLayout, cell: StripCell) -> str:
    esc = html.escape
    zone_name = layout.zone_name
    a, b = to_local(cell.start, zone_name), to_local(cell.end, zone_name)
    head = f"{a:%a %d %b %H:%M}–{b:%H:%M}: {cell.scheduled} of {cell.required} on duty"
    if cell.excused:
        head += (f"<br>{cell.excused} away for less than the requirement's response time: "
                 "not a gap")
    if not cell.missing:
        return head
    priority = most_important(layout.scenario, cell.requirement_ids) or 1
    lines = [head, f"<b style='color:{gap_colour(priority).name()}'>{cell.missing} missing "
                   f"({esc(priority_word(priority))})</b>"]
    by_requirement: dict[str, list[Gap]] = {rid: [] for rid in cell.requirement_ids}
    for gap in layout.gaps_at(cell.start, cell.end):
        by_requirement.setdefault(gap.requirement_id, []).append(gap)
    explained = any(by_requirement.values())
    for requirement_id, gaps in list(by_requirement.items())[:4]:
        # The requirement once; its reasons after it, each once (a cell can span several
        # gaps of one requirement, and the solver's messages start with its name).
        word = priority_word(requirement_priority(layout.scenario, requirement_id))
        lines.append(f"<b>{esc(duty_name(layout.scenario, requirement_id))}</b> ({esc(word)})")
        for reason in dict.fromkeys(reason_text(g) for g in gaps):
            lines.append(f"&nbsp;&nbsp;{esc(reason)}")
        named = dict.fromkeys(f"{_agent_label(layout, c.agent_id)} ({c.why})"
                              for g in gaps for c in g.candidates)
        names = ", ".join(list(named)[:4])
        if names:
            lines.append(f"&nbsp;&nbsp;Candidates: {esc(names)}")
    if not explained:
        lines.append("Changed by hand since the last solve")
    lines.append("<i>Click: who can take this?</i>")
    return "<br>".join(lines)


def _agent_label(layout: RotaLayout, agent_id: str) -> str:
    try:
        return layout.scenario.agent(agent_id).label
    except KeyError:
        return agent_id
