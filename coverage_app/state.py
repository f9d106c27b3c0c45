"""The app's one piece of shared state: the current scenario and plan, with undo and a broadcast.

Pages never talk to each other. An action computes a new immutable (Scenario, Plan) through a
service and calls :meth:`AppState.apply`; the state records it for undo/redo and emits one
``changed`` ChangeSet; each page decides whether to refresh. Saving to the database is the
job of whoever owns the store (the main window connects ``changed`` to autosave).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from coverage_app.services.history import UndoHistory
from models.domain import Plan, Scenario
from models.hiring_menu import HiringMenu


@dataclass(frozen=True, slots=True)
class Snapshot:
    scenario: Scenario
    plan: Plan | None
    hiring_menu: HiringMenu = ()  # possible hires (coverage-target page), saved with the rest


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed; pages reload only what they show."""

    scenario: bool = False
    plan: bool = False
    label: str = ""
    undo: bool = False  # the change came from undo or redo
    replaced: bool = False  # a different database or file was opened
    hiring_menu: bool = False


class AppState(QObject):
    changed = Signal(object)  # ChangeSet
    history_changed = Signal()
    display_zone_changed = Signal(str)

    def __init__(self, scenario: Scenario, plan: Plan | None = None,
                 parent: QObject | None = None, hiring_menu: HiringMenu = ()) -> None:
        super().__init__(parent)
        self._history: UndoHistory[Snapshot] = UndoHistory(Snapshot(scenario, plan,
                                                                    hiring_menu))
        self._display_zone = scenario.team.reference_zone

    # Reading -------------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self._history.current.scenario

    @property
    def plan(self) -> Plan | None:
        return self._history.current.plan

    @property
    def hiring_menu(self) -> HiringMenu:
        return self._history.current.hiring_menu

    @property
    def display_zone(self) -> str:
        return self._display_zone

    def set_display_zone(self, zone_name: str) -> None:
        if zone_name != self._display_zone:
            self._display_zone = zone_name
            self.display_zone_changed.emit(zone_name)

    # Changing ------------------------------------------------------------------------------
    def apply(self, label: str, *, scenario: Scenario | None = None,
              plan: Plan | None = None, clear_plan: bool = False,
              hiring_menu: HiringMenu | None = None) -> None:
        """Record a user action as one undoable step and broadcast it."""
        old = self._history.current
        new = Snapshot(scenario if scenario is not None else old.scenario,
                       None if clear_plan else (plan if plan is not None else old.plan),
                       hiring_menu if hiring_menu is not None else old.hiring_menu)
        if new == old:
            return
        self._history.push(label, new)
        self._announce(old, new, label, undo=False)

    def replace(self, scenario: Scenario, plan: Plan | None, label: str = "opened",
                hiring_menu: HiringMenu = ()) -> None:
        """Start over with another database or file; the undo history is cleared."""
        self._history.reset(Snapshot(scenario, plan, hiring_menu))
        self._display_zone = scenario.team.reference_zone
        self.changed.emit(ChangeSet(True, True, label, replaced=True, hiring_menu=True))
        self.history_changed.emit()

    def undo(self) -> None:
        if self._history.can_undo:
            label = self._history.undo_label or ""
            old = self._history.current
            self._announce(old, self._history.undo(), f"undo {label}", undo=True)

    def redo(self) -> None:
        if self._history.can_redo:
            label = self._history.redo_label or ""
            old = self._history.current
            self._announce(old, self._history.redo(), f"redo {label}", undo=True)

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history.can_redo

    @property
    def undo_label(self) -> str | None:
        return self._history.undo_label

    @property
    def redo_label(self) -> str | None:
        return self._history.redo_label

    def _announce(self, old: Snapshot, new: Snapshot, label: str, *, undo: bool) -> None:
        self.changed.emit(ChangeSet(old.scenario != new.scenario, old.plan != new.plan, label,
                                    undo=undo, hiring_menu=old.hiring_menu != new.hiring_menu))
        self.history_changed.emit()
