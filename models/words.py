"""Words for counts in messages: "1 gap", "3 gaps", never "3 gap(s)"."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` with the noun in the right number ("1 change", "2 changes", "2 possible hires");
    ``plural`` where it is not the noun plus "s"."""
    return f"{n:,} {noun_for(n, noun, plural)}"


def noun_for(n: int, noun: str, plural: str | None = None) -> str:
    """The noun alone in the number ``n`` asks for ("column", "columns")."""
    return noun if n == 1 else plural or noun + "s"
