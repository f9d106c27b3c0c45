"""A start of the app: the window first (without the solver or storage libraries loaded), then
the database, opened in a worker with every start-up check, before any data is shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from coverage_app.services.workspace import open_workspace
from coverage_app.startup import OPENING_TEXT, StartUp, opening_window
from tests.app.test_startup_errors import close_next_message_box
from tests.models.damaged_files import Snapshot, png_named_db

HEAVY = ("ortools", "alembic", "sqlalchemy", "openpyxl", "xlsxwriter", "icalendar", "pyqtgraph",
         "pandas", "holidays", "solver.engine", "solver.check")


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QCoreApplication.setApplicationName("coverage-scheduler-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def test_the_window_modules_load_no_solver_storage_or_file_libraries() -> None:
    code = ("import sys\n"
            "import coverage_app.cli, coverage_app.main, coverage_app.main_window\n"
            "import coverage_app.startup, coverage_app.pages.rota, coverage_app.pages.hours\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"


def _start(qtbot, db: Path) -> tuple[object, StartUp]:
    window = opening_window()
    qtbot.addWidget(window)
    startup = StartUp(window, str(db))
    return window, startup


def test_the_window_says_opening_and_shows_no_data_until_the_database_is_open(qtbot, tmp_path,
                                                                              demo):
    db = tmp_path / "desk.sqlite"
    window, startup = _start(qtbot, db)
    window.show()
    with qtbot.waitSignal(startup.opened, timeout=60_000) as opened:
        startup.start()
        assert window.is_opening()
        assert window.opening_label.text() == OPENING_TEXT
        assert window.body.currentWidget() is window.opening_label
        assert window.state.scenario.agents == ()  # no team of any database yet
        assert window.store is None
        assert not window.open_action.isEnabled()
        assert not window.menuBar().isEnabled()
        assert not window.rota_page.solve_action.isEnabled()
        gaps_said = window.rota_page.gap_list.summary.text()
        assert "target is met" not in gaps_said  # no claim about a plan nobody has seen
        assert gaps_said.startswith("No plan yet")
    assert opened.args == [True]  # an empty database got the demo team: solve at once
    assert not window.is_opening()
    assert window.store is not None
    assert window.store.path == db
    assert window.state.scenario.team.name == demo.team.name
    assert len(window.state.scenario.agents) == len(demo.agents)
    assert window.open_action.isEnabled()
    assert window.rota_page.solve_action.isEnabled()
    assert window.status_db.text() == "Database: desk.sqlite"
    window.close()
    window.store.close()
    again = open_workspace(db)  # saved, and this window's claim is gone
    assert not again.first_start
    assert again.others == ()
    again.store.close()


def test_a_foreign_file_gives_the_dialog_before_the_demo_is_shown_unsaved(qtbot, tmp_path):
    path = png_named_db(tmp_path)
    before = Snapshot.of(path)
    window, startup = _start(qtbot, path)
    seen: list[tuple[str, str]] = []
    agents_under_dialog: list[int] = []
    startup.opened.connect(lambda _first: agents_under_dialog.append(len(seen)))
    with qtbot.waitSignal(startup.opened, timeout=60_000):
        close_next_message_box(seen)
        startup.start()
    [(title, text)] = seen
    assert title == "Cannot open the database"
    assert f"{path} is not a Coverage Scheduler database" in text
    assert agents_under_dialog == [1]  # the demo team came after the dialog was answered
    assert window.store is None
    assert window.state.scenario.agents  # the demo team, unsaved
    assert window.status_db.text() == "No database: changes are not saved"
    assert Snapshot.of(path) == before


def test_a_second_instance_on_the_file_is_told_after_opening(qtbot, tmp_path, demo):
    db = tmp_path / "desk.sqlite"
    first = open_workspace(db)
    try:
        window, startup = _start(qtbot, db)
        with qtbot.waitSignal(startup.opened, timeout=60_000) as opened:
            startup.start()
        assert opened.args == [True]  # the database holds no plan yet
        assert window.others_notice is not None
        assert window.others_notice.isVisible()
        assert first.store.user in window.others_notice.text()
        window.others_notice.accept()
        window.close()
        window.store.close()
    finally:
        first.store.close()


def test_closing_while_the_database_opens_leaves_it_closed_and_unclaimed(qtbot, tmp_path):
    db = tmp_path / "desk.sqlite"
    window, startup = _start(qtbot, db)
    window.show()
    startup.start()
    window.close()  # waits for the open to finish, then closes the database again
    assert not startup.runner.running or startup.closing
    assert window.store is None  # nothing was shown
    again = open_workspace(db)
    assert again.others == ()
    again.store.close()


def test_the_zone_picker_shows_offsets_when_looked_at_and_for_its_zone_at_once(qtbot):
    """Building the agent form no longer reads ~500 zones' data; the offsets are there as soon
    as the list is opened or typed in, and the chosen zone's label has its offset at once."""
    from coverage_app.widgets.zone_picker import ZonePicker

    picker = ZonePicker()
    qtbot.addWidget(picker)
    tokyo = picker.findData("Asia/Tokyo")
    assert picker.itemText(tokyo) == "Asia/Tokyo  (Tokyo)"  # no offset read yet
    picker.set_zone("Asia/Kathmandu")
    assert picker.currentText() == "Asia/Kathmandu  (Kathmandu, UTC+05:45)"
    picker.show()
    picker.setFocus()
    qtbot.waitUntil(picker.hasFocus)
    assert picker.itemText(tokyo) == "Asia/Tokyo  (Tokyo, UTC+09:00)"
    assert picker.zone() == "Asia/Kathmandu"
