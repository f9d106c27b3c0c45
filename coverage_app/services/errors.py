"""Errors a user can act on, shared by the command line and the app."""

from __future__ import annotations

from collections.abc import Iterable

from models.domain import DomainError, Problem


class UserError(Exception):
    """Bad input: every problem is shown (exit 2 on the command line, a dialog in the app)
    and nothing is written."""

    def __init__(self, problems: Iterable[Problem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__("\n".join(map(str, self.problems)))

    @classmethod
    def of(cls, error: DomainError, source: str = "") -> UserError:
        return cls(error.problems, source)

    @classmethod
    def say(cls, message: str, value: object = "", path: str = "",
            suggestion: str | None = None) -> UserError:
        return cls([Problem(path, value, message, suggestion)])
