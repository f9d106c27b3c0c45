"""The dialogs the Rota page opens (re-plan, publish, export), imported when first opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from coverage_app.solve_worker import SolveFn
from coverage_app.state import AppState


def open_replan(parent: QWidget, state: AppState, solve_fn: SolveFn,
                time_limit_s: float) -> Any:
    from coverage_app.dialogs.replan import ReplanDialog

    dialog = ReplanDialog(state, solve_fn, parent, time_limit_s=time_limit_s)
    dialog.open()
    return dialog


def open_publish(parent: QWidget, state: AppState, store: Any,
                 say: Callable[[str], None]) -> Any:
    from coverage_app.dialogs.publish import PublishDialog

    dialog = PublishDialog(state, store, parent)
    dialog.published.connect(say)
    dialog.open()
    return dialog


def open_export(parent: QWidget, state: AppState, store: Any,
                say: Callable[[str], None]) -> Any:
    from coverage_app.dialogs.export import ExportDialog

    dialog = ExportDialog(state, store, parent)
    dialog.exported.connect(say)
    dialog.open()
    return dialog
