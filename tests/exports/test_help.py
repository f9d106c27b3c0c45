"""The calendar import help: one text for the docs and the app."""

from __future__ import annotations

from pathlib import Path

from exports.help import CALENDAR_IMPORT_HELP


def test_calendar_import_help_in_docs_is_the_text_the_app_shows():
    docs = Path(__file__).parents[2] / "docs" / "calendar-import.md"
    assert docs.read_text(encoding="utf-8") == CALENDAR_IMPORT_HELP
    for client in ("Google", "Outlook", "Apple", "Thunderbird", '"Shifts"'):
        assert client in CALENDAR_IMPORT_HELP
