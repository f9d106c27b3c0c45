"""Moving a keyboard selection around the rota calendar (no Qt): along an agent's row, to the
row above or below (the shift nearest in time), and between the coverage strip's gaps."""

from __future__ import annotations

from datetime import datetime

from coverage_app.widgets.rota_layout import RotaLayout, StripCell
from models.domain import Shift


def gap_cells(layout: RotaLayout) -> list[StripCell]:
    return [c for c in layout.strip if c.missing]


def first_shift(layout: RotaLayout) -> Shift | None:
    for agent in layout.agents:
        shifts = layout.shifts_by_agent.get(agent.id)
        if shifts:
            return shifts[0]
    return None


def beside(layout: RotaLayout, shift: Shift, step: int) -> Shift | None:
    """The agent's shift before (-1) or after (+1) this one on the calendar."""
    row = layout.shifts_by_agent.get(shift.agent_id, [])
    index = next((i for i, s in enumerate(row) if s.id == shift.id), None)
    if index is None or not 0 <= index + step < len(row):
        return None
    return row[index + step]


def nearest(shifts: list[Shift], at: datetime) -> Shift:
    return min(shifts, key=lambda s: (abs((s.start - at).total_seconds()), s.start))


def across(layout: RotaLayout, shift: Shift, step: int) -> Shift | None:
    """The shift nearest in time on the next row up (-1) or down (+1) that has shifts."""
    rows = [a.id for a in layout.agents]
    index = rows.index(shift.agent_id) + step
    while 0 <= index < len(rows):
        shifts = layout.shifts_by_agent.get(rows[index])
        if shifts:
            return nearest(shifts, shift.start)
        index += step
    return None


def top_shift_near(layout: RotaLayout, at: datetime) -> Shift | None:
    """Down from the coverage strip: the first row with shifts, the one nearest in time."""
    for agent in layout.agents:
        shifts = layout.shifts_by_agent.get(agent.id)
        if shifts:
            return nearest(shifts, at)
    return None


def nearest_gap(layout: RotaLayout, at: datetime) -> StripCell | None:
    cells = gap_cells(layout)
    if not cells:
        return None
    return min(cells, key=lambda c: abs((c.start - at).total_seconds()))


def gap_beside(layout: RotaLayout, cell: StripCell, step: int) -> StripCell | None:
    cells = gap_cells(layout)
    index = next((i for i, c in enumerate(cells) if c.start == cell.start), None)
    if index is None or not 0 <= index + step < len(cells):
        return None
    return cells[index + step]


def same_gap(layout: RotaLayout, cell: StripCell | None) -> StripCell | None:
    """The gap cell at the same place after a new layout (None when it has been filled)."""
    if cell is None:
        return None
    return next((c for c in gap_cells(layout) if c.start == cell.start), None)
