"""Readiness markers of the desktop app, for CI and benchmarks that wait for a moment instead
of guessing a delay (see ``COVERAGE_SCHEDULER_READY_MARKERS`` in :mod:`coverage_app.cli`):

``window``
    the main window is on screen (its native window was first exposed), perhaps still saying
    "Opening team…";
``team``
    the database is open and checked, and the window shows its team (or the demo team after a
    dialog saying why the database could not be used);
``rota``
    a rota is on screen: the Rota page shows a plan with its coverage and gaps counted.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from coverage_app.cli import READY_MARKERS_ENV, announce_ready


class _FirstExpose(QObject):
    def __init__(self, stage: str, parent: QObject) -> None:
        super().__init__(parent)
        self.stage = stage

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and getattr(watched, "isExposed", bool)():
            watched.removeEventFilter(self)
            announce_ready(self.stage)
        return False


def announce_when_shown(window: QWidget, stage: str = "window") -> None:
    """Announce ``stage`` once ``window`` (already shown) is first exposed on screen."""
    if not os.environ.get(READY_MARKERS_ENV):
        return
    handle = window.windowHandle()
    if handle is None:  # pragma: no cover - a shown top-level window always has one
        announce_ready(stage)
        return
    if handle.isExposed():
        announce_ready(stage)
        return
    handle.installEventFilter(_FirstExpose(stage, window))


def announce_first_rota(rota_page: Any, stage: str = "rota") -> None:
    """Announce ``stage`` after the Rota page first draws a reviewed plan."""
    reviewed = getattr(rota_page, "reviewed", None)
    if not os.environ.get(READY_MARKERS_ENV) or reviewed is None:
        return
    done = False

    def first(_review: object) -> None:
        nonlocal done
        if not done:
            done = True
            QTimer.singleShot(0, lambda: announce_ready(stage))  # after the calendar repaints

    reviewed.connect(first)
    if callable(getattr(rota_page, "current_review", None)) and rota_page.current_review():
        first(rota_page.current_review())
