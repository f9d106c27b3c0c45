"""About box (versions of the app, Qt, OR-Tools, tzdata...) and the calendar-import help."""

from __future__ import annotations

from html import escape
from importlib import import_module
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coverage_app.logs import log_path
from coverage_app.versions import APP_NAME, versions
from resources import icon

ROOT = Path(__file__).resolve().parents[2]


def about_rows() -> dict[str, str]:
    rows = versions()
    rows["Qt"] = f"{qVersion()} (PySide6 {pyside_version})"
    return rows


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        rows = about_rows()
        title = QLabel(f"<h2>{APP_NAME} {escape(rows.pop(APP_NAME))}</h2>"
                       "<p>Keeps a technical-support desk covered: rotas across time zones, "
                       "calendars for agents, hours for finance.</p>")
        title.setWordWrap(True)
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(48, 48))
        table = "".join(f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>"
                        for k, v in rows.items())
        self.versions_label = QLabel(f"<table>{table}</table>"
                                     f"<p>Log file: {escape(str(log_path()))}</p>")
        self.versions_label.setWordWrap(True)
        self.versions_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(self.versions_label)
        layout.addWidget(buttons)


def calendar_help_text() -> str:
    """The import help from exports (when present), else docs/calendar-import.md, else a
    short summary."""
    for module_name, attr in (("exports.help", "CALENDAR_IMPORT_HELP"),
                              ("exports.ics", "CALENDAR_IMPORT_HELP"),
                              ("exports.ics", "IMPORT_HELP"),
                              ("exports", "CALENDAR_IMPORT_HELP")):
        try:
            value = getattr(import_module(module_name), attr)
        except (ImportError, AttributeError):
            continue
        return str(value() if callable(value) else value)
    doc = ROOT / "docs" / "calendar-import.md"
    if doc.exists():
        return doc.read_text(encoding="utf-8")
    return ("Each agent gets one .ics file. Import it once into Google Calendar, Outlook, "
            "Apple Calendar or Thunderbird; importing a newer file updates the shifts instead "
            "of duplicating them. Times are in UTC and every calendar shows them in your own "
            "zone; the description states your local times.")


class CalendarHelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Importing shifts into a calendar")
        self.resize(640, 520)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setMarkdown(calendar_help_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
