"""Autosave: every change of the AppState is written to the store off the GUI thread.

Rapid edits (painting availability) are coalesced by a short timer; one save runs at a time,
always from the last saved snapshot (the store's optimistic-concurrency base). A conflict with
another app instance is reported through ``conflicted`` and saving pauses until the window
reloads or the manager keeps their plan as a copy. Any other failure (a busy or unreachable
database, an unexpected error) is reported once through ``save_failed`` and the save is tried
again every few seconds and at the next change, so no edit is dropped: the window says "Not
saved" until a save goes through, and ``recovered`` tells it when one does.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from coverage_app.services.autosave import SaveOutcome, SaveRequest, perform, request_for
from coverage_app.services.plan_review import PlanReview
from coverage_app.services.serial import serial_of
from coverage_app.solve_worker import TaskRunner
from coverage_app.state import AppState, ChangeSet
from models.domain import Plan, Scenario
from models.hiring_menu import HiringMenu

log = logging.getLogger(__name__)


class Autosaver(QObject):
    saved = Signal(object)  # SaveOutcome
    save_failed = Signal(str)
    conflicted = Signal(object)  # UserError (EditConflict or PlanConflict)
    recovered = Signal()  # a save went through after one or more failures
    idle = Signal()  # nothing left to write

    def __init__(self, state: AppState, store: Any, delay_ms: int = 300,
                 parent: QObject | None = None, retry_ms: int = 5000) -> None:
        super().__init__(parent)
        self.state = state
        self.store = store
        self._base: Scenario = state.scenario
        self._saved_plan: Plan | None = state.plan
        self._menu_base: HiringMenu = state.hiring_menu
        self._busy = False
        self._last_outcome: SaveOutcome | None = None
        self.paused = False
        self._runner = TaskRunner(self)
        self._runner.finished.connect(self._finished)
        self._runner.failed.connect(self._failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.flush)
        self.failing = False  # the last save failed (not a conflict); retrying
        # The review of a plan if the app made one already (its open gaps are saved with the
        # plan instead of being worked out again); None: worked out when saving.
        self.review_of: Callable[[Scenario, Plan], PlanReview | None] | None = None
        state.changed.connect(self._changed)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def dirty(self) -> bool:
        return request_for(self.state.scenario, self.state.plan, self._base,
                           self._saved_plan, self.state.hiring_menu,
                           self._menu_base) is not None

    def reset(self, store: Any) -> None:
        """Another database was opened: its contents are the new base."""
        self._timer.stop()
        self._retry.stop()
        self._runner.shutdown()
        self._busy = False
        self.paused = False
        self.failing = False
        self.store = store
        self._base = self.state.scenario
        self._saved_plan = self.state.plan
        self._menu_base = self.state.hiring_menu

    def mark_saved(self, scenario: Scenario, plan: Plan | None,
                   hiring_menu: HiringMenu | None = None) -> None:
        """The store holds exactly this (it was just loaded or replaced)."""
        self._base = scenario
        self._saved_plan = plan
        if hiring_menu is not None:
            self._menu_base = hiring_menu

    def _request(self) -> SaveRequest | None:
        scenario, plan = self.state.scenario, self.state.plan
        request = request_for(scenario, plan, self._base, self._saved_plan,
                              self.state.hiring_menu, self._menu_base)
        if request is None or request.plan is None or self.review_of is None:
            return request
        return dataclasses.replace(request, review=self.review_of(scenario, request.plan))

    def _changed(self, change: ChangeSet) -> None:
        if change.replaced:
            return
        self._timer.start()

    def flush(self) -> None:
        """Start writing what changed (no-op while a save runs; it follows on)."""
        if self.store is None or self.paused:
            return
        if self._busy:
            self._timer.start()
            return
        request = self._request()
        if request is None:
            self.idle.emit()
            return
        self._busy = True
        store = self.store

        def job(_report: Any, _cancel: Any) -> SaveOutcome:
            outcome = perform(store, request)
            self._last_outcome = outcome  # read by finish() after the thread ended
            return outcome

        self._runner.run(job, serial=serial_of(store))  # in turn with the other database jobs

    def _finished(self, outcome: SaveOutcome) -> None:
        from coverage_app.services.store import EditConflict, PlanConflict

        self._busy = False
        self._last_outcome = None
        self._take(outcome)
        if outcome.error is not None:
            if isinstance(outcome.error, EditConflict | PlanConflict):
                self.paused = True
                self.conflicted.emit(outcome.error)
            else:
                self._failing(str(outcome.error))
            return
        if self.failing:
            self.failing = False
            self.recovered.emit()
        self.saved.emit(outcome)
        self.flush()

    def _take(self, outcome: SaveOutcome) -> None:
        """What the outcome wrote is the new base (the scenario can be saved, the plan not)."""
        if outcome.scenario_saved and outcome.request.scenario is not None:
            self._base = outcome.request.scenario
        if outcome.hiring_menu_saved and outcome.request.hiring_menu is not None:
            self._menu_base = outcome.request.hiring_menu
        if outcome.ok and outcome.request.plan is not None:
            self._saved_plan = outcome.request.plan

    def _failed(self, message: str) -> None:
        self._busy = False
        self._last_outcome = None
        log.error("autosave failed: %s", message)
        self._failing(message)

    def _failing(self, message: str) -> None:
        """Report the first failure of a run of them; keep trying until a save goes through."""
        first = not self.failing
        self.failing = True
        self._retry.start()
        if first:
            self.save_failed.emit(message)

    def resume(self) -> None:
        self.paused = False
        self.flush()

    def finish(self) -> None:
        """Closing: wait for a running save, then write what is left on this thread."""
        self._timer.stop()
        self._retry.stop()
        self._runner.shutdown()  # waits for a running save; its signal no longer lands
        last, self._last_outcome = self._last_outcome, None
        if self._busy and last is not None:
            self._take(last)
        self._busy = False
        if self.store is None or self.paused:
            return
        request = self._request()
        if request is not None:
            store = self.store
            serial = serial_of(store)
            outcome = (serial.call(lambda: perform(store, request)) if serial is not None
                       else perform(store, request))
            self._take(outcome)
            if not outcome.ok:
                log.error("final save failed: %s", outcome.error)

    @property
    def unsaved(self) -> bool:
        """Something the manager changed is not in the database (a conflict or a failure)."""
        return self.dirty and (self.paused or self.failing)
