"""Undo and redo over immutable snapshots (Qt-free).

Every user action produces a new immutable state (a Scenario, a Plan, or both); the history keeps
the states with a label, so undo is "go back to the previous snapshot" and can never half-apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Step(Generic[T]):
    label: str
    state: T


class UndoHistory(Generic[T]):
    """A linear history of snapshots with a cursor; a new step after undo drops the redo tail."""

    def __init__(self, initial: T, limit: int = 200) -> None:
        self._steps: list[Step[T]] = [Step("start", initial)]
        self._cursor = 0
        self._limit = limit

    @property
    def current(self) -> T:
        return self._steps[self._cursor].state

    def push(self, label: str, state: T) -> None:
        del self._steps[self._cursor + 1:]
        self._steps.append(Step(label, state))
        if len(self._steps) > self._limit:
            del self._steps[0]
        self._cursor = len(self._steps) - 1

    def reset(self, state: T) -> None:
        self._steps = [Step("start", state)]
        self._cursor = 0

    @property
    def can_undo(self) -> bool:
        return self._cursor > 0

    @property
    def can_redo(self) -> bool:
        return self._cursor < len(self._steps) - 1

    @property
    def undo_label(self) -> str | None:
        return self._steps[self._cursor].label if self.can_undo else None

    @property
    def redo_label(self) -> str | None:
        return self._steps[self._cursor + 1].label if self.can_redo else None

    def undo(self) -> T:
        if not self.can_undo:
            raise IndexError("nothing to undo")
        self._cursor -= 1
        return self.current

    def redo(self) -> T:
        if not self.can_redo:
            raise IndexError("nothing to redo")
        self._cursor += 1
        return self.current
