"""The export dialog writes through the exports' use case in a worker and remembers the folder."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings

from coverage_app.dialogs.export import ExportDialog
from coverage_app.state import AppState
from models.domain import Period
from solver.types import SolveParams
from tests.app.rota_fakes import day_shifts_plan

pytest.importorskip("coverage_app.services.exporting")


@pytest.fixture
def state(demo):
    return AppState(demo, day_shifts_plan(demo, SolveParams(Period(date(2026, 12, 7), 7))))


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def export(qtbot, dialog, radio, folder):
    radio.setChecked(True)
    dialog.folder_edit.setText(str(folder))
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as blocker:
        dialog.export_button.click()
    return blocker.args[0]


def test_calendars_one_per_agent_and_the_team_with_import_help(qtbot, state, settings, tmp_path):
    dialog = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(dialog)
    assert "Google" in dialog.help_view.toPlainText()
    text = export(qtbot, dialog, dialog.ics_radio, tmp_path / "ics")
    names = {p.name for p in (tmp_path / "ics").glob("*.ics")}
    assert len(names) == len(state.scenario.agents) + 1
    assert str(tmp_path / "ics") in text
    body = next((tmp_path / "ics").glob("*.ics")).read_bytes()
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    dialog.reject()


def test_workbook_and_csv_and_the_folder_is_remembered(qtbot, state, settings, tmp_path):
    dialog = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(dialog)
    export(qtbot, dialog, dialog.xlsx_radio, tmp_path / "out")
    export(qtbot, dialog, dialog.csv_radio, tmp_path / "out")
    written = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert written == [".csv", ".xlsx"]
    assert not dialog.help_view.isVisible()
    dialog.reject()
    again = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(again)
    assert again.folder_edit.text() == str(tmp_path / "out")
    again.reject()


def test_a_failed_export_is_shown_not_raised(qtbot, state, settings, tmp_path):
    blocker_file = tmp_path / "a-file"
    blocker_file.write_text("x")
    dialog = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(blocker_file))
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000):
        dialog.export_button.click()
    assert "failed" in dialog.result_label.text()
    dialog.reject()
