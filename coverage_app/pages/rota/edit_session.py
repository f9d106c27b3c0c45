"""The Rota page's edit session: hand edits of the plan on show (move, resize, delete, add,
lock, assign, keep an override), each checked live and applied as one undoable step."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from coverage_app.pages.rota.basis import PlanBasis
from coverage_app.pages.rota.reviews import PlanReviews
from coverage_app.services.rota_edit import CheckFn, EditResult, RotaEditor
from coverage_app.state import AppState


class EditSession(QObject):
    edited = Signal(object)  # EditResult, after every hand edit that changed the plan
    override_kept = Signal(object)  # EditResult of "keep as override"

    def __init__(self, state: AppState, check_fn: CheckFn, reviews: PlanReviews,
                 basis: PlanBasis, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.check_fn = check_fn
        self.reviews = reviews
        self.basis = basis
        self.pending: EditResult | None = None  # the last edit, while its plan is on show

    def editor(self) -> RotaEditor:
        """An editor that re-checks only the agents an edit touches (when the plan's
        violations are known)."""
        known = None
        if self.state.plan is not None:
            known = self.reviews.violations(self.state.scenario, self.state.plan)
        return RotaEditor(self.state.scenario, self.check_fn, known=known)

    # Edits ------------------------------------------------------------------------------------
    def change_times(self, shift_id: str, start: datetime, end: datetime) -> None:
        """A drag: same length is a move, another length a resize."""
        plan = self.state.plan
        if plan is None:
            return
        old = next(s for s in plan.shifts if s.id == shift_id)
        if end - start == old.end - old.start:
            self.apply(self.editor().move(plan, shift_id, start))
        else:
            self.apply(self.editor().resize(plan, shift_id, start, end))

    def move(self, shift_id: str, start: datetime) -> None:
        if self.state.plan is not None:
            self.apply(self.editor().move(self.state.plan, shift_id, start))

    def delete(self, shift_id: str) -> None:
        if self.state.plan is not None:
            self.apply(self.editor().delete(self.state.plan, shift_id))

    def add(self, agent_id: str, start: datetime, duty: str | None = None, *,
            standby: bool = False) -> None:
        if self.state.plan is not None:
            self.apply(self.editor().add(self.state.plan, agent_id, start, duty=duty,
                                         standby=standby))

    def set_locked(self, shift_id: str, locked: bool) -> None:
        if self.state.plan is not None:
            self.apply(self.editor().set_locked(self.state.plan, shift_id, locked))

    def assign(self, candidate: Any) -> None:
        """A candidate from "who can take this?" (its ``.shift``, and ``.extends``)."""
        if self.state.plan is not None:
            self.apply(self.editor().assign(self.state.plan, candidate.shift,
                                            getattr(candidate, "extends", None)))

    def keep_override(self) -> EditResult | None:
        """Keep the last edit's shift although it breaks a rule (the exports say so)."""
        result, plan = self.pending, self.state.plan
        if result is None or plan is None or result.shift_id is None:
            return None
        messages = [str(v.message) for v in result.edited_violations]
        kept = self.editor().keep_override(plan, result.shift_id, messages)
        self.pending = None
        self._commit(plan, kept)
        self.override_kept.emit(kept)
        return kept

    def apply(self, result: EditResult) -> None:
        base = self.state.plan
        if base is None or result.plan == base:  # e.g. a drag that snapped back
            return
        self.pending = result
        self._commit(base, result)
        self.edited.emit(result)

    def _commit(self, base: Any, result: EditResult) -> None:
        self.basis.inherit(result.plan, base)
        self.reviews.request(self.state.scenario, result.plan, result.violations)
        self.state.apply(result.label, plan=result.plan)
