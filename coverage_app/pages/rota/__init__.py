"""The Rota page (solve, calendar, hand edits, re-plan, publish, export)."""

from coverage_app.pages.rota.page import RotaPage

__all__ = ["RotaPage"]
