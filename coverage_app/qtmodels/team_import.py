"""Rows of a team import preview: line, name, what happens, problems."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush

from coverage_app.qtmodels.base import RED, Column, TupleTableModel
from coverage_app.services.team_import import ImportRow
from models.domain import Problem


def problem_text(problem: Problem) -> str:
    """``skills 'klingon': no such skill; did you mean ...``"""
    value = f" {problem.value!r}" if problem.value not in ("", None) else ""
    where = f"{problem.path}{value}: " if problem.path or value else ""
    hint = f"; {problem.suggestion}" if problem.suggestion else ""
    return f"{where}{problem.message}{hint}"


def _action(row: ImportRow) -> str:
    if not row.ok:
        return "skipped"
    return "update" if row.updates else "add"


class ImportPreviewModel(TupleTableModel[ImportRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column("Row", lambda r: str(r.line), align_right=True),
            Column("Name", lambda r: r.values.get("name", "")),
            Column("Zone", lambda r: r.agent.time_zone if r.agent else
                   r.values.get("time_zone", "")),
            Column("Action", _action),
            Column("Problems", lambda r: "; ".join(map(problem_text, r.problems)),
                   lambda r: "\n".join(map(problem_text, r.problems))),
        ], parent=parent)

    def foreground(self, row: ImportRow) -> QBrush | None:
        return None if row.ok else RED
