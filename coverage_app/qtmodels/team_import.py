"""Rows of an import preview: agents and time off, each with what happens and its problems."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush

from coverage_app.qtmodels.base import RED, Column, TupleTableModel
from coverage_app.services.team_import import ImportRow, TimeOffRow


def _problems(row: ImportRow | TimeOffRow) -> str:
    """``column C 'Zone': 'Europe/Romee' is not a time zone; did you mean 'Europe/Rome'?``"""
    return "; ".join(map(str, row.cell_problems()))


def _located(row: ImportRow | TimeOffRow) -> str:
    return "\n".join(map(str, row.located_problems())) or str(row.place)


class ImportPreviewModel(TupleTableModel[ImportRow]):
    """Agent rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column("Row", lambda r: str(r.line), _located, align_right=True),
            Column("Name", lambda r: r.values.get("name", "")),
            Column("Zone", lambda r: r.agent.time_zone if r.agent else
                   r.values.get("time_zone", "")),
            Column("Action", lambda r: r.action),
            Column("Problems", _problems, _located),
        ], parent=parent)

    def foreground(self, row: ImportRow) -> QBrush | None:
        return None if row.ok else RED


class TimeOffPreviewModel(TupleTableModel[TimeOffRow]):
    """Time-off rows, with the days as they were read (ISO), so a date read the wrong way
    round shows before anything is written."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column("Row", lambda r: str(r.line), _located, align_right=True),
            Column("Agent", lambda r: r.agent_label or r.values.get("agent", "")),
            Column("First day", lambda r: r.time_off.first_day.isoformat() if r.time_off
                   else r.values.get("first_day", "")),
            Column("Last day", lambda r: r.time_off.last_day.isoformat() if r.time_off
                   else r.values.get("last_day", "")),
            Column("Kind", lambda r: r.time_off.kind.value if r.time_off
                   else r.values.get("kind", "")),
            Column("Action", lambda r: r.action),
            Column("Problems", _problems, _located),
        ], parent=parent)

    def foreground(self, row: TimeOffRow) -> QBrush | None:
        return None if row.ok else RED
