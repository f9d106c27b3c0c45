"""The export dialog's "Push to calendars (CalDAV)" section against a real Radicale server: a dry
run says what would change and writes nothing, a push writes the agents' calendars, and a
calendar the server refuses is named in red while the others are pushed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QSettings

from coverage_app.dialogs.export import ExportDialog
from coverage_app.services.caldav_targets import keyring_service
from coverage_app.state import AppState
from tests.exports import sample
from tests.exports.caldav_helpers import memory_keyring, shown
from tests.exports.periods import period_plan
from tests.exports.radicale import running_radicale

__all__ = ["memory_keyring"]


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def push(qtbot, dialog) -> str:
    with qtbot.waitSignal(dialog.caldav_panel.pushed, timeout=60_000) as blocker:
        dialog.caldav_panel.push_button.click()
    return blocker.args[0]


def test_dry_run_then_push_then_a_refused_calendar(qtbot, tmp_path, settings, memory_keyring):
    scenario = sample.scenario()
    state = AppState(scenario, period_plan(scenario, date(2026, 11, 16), 2))
    with running_radicale(tmp_path / "radicale", users={"desk": "pw"}) as server:
        memory_keyring.set_password(keyring_service(server.url), "desk", "pw")
        targets = tmp_path / "caldav.json"
        targets.write_text(json.dumps({"format": "coverage-scheduler/caldav-targets",
                                       "version": 1, "base_url": server.collection("desk"),
                                       "username": "desk"}))
        dialog = ExportDialog(state, None, settings=settings)
        qtbot.addWidget(dialog)
        panel = dialog.caldav_panel
        assert not panel.isHidden()
        dialog.folder_edit.setText(str(tmp_path / "calendars"))
        panel.targets_edit.setText(str(targets))
        events = 2 * len(state.plan.shifts)

        panel.dry_run_box.setChecked(True)
        assert push(qtbot, dialog) == f"Would push: {events} created"
        assert "would be created: Kadri T.: " in panel.report_view.toPlainText()
        assert not (tmp_path / "calendars" / ".published.json").exists()

        panel.dry_run_box.setChecked(False)
        assert push(qtbot, dialog) == f"Pushed: {events} created"
        kadri = shown(server.collection("desk", "kadri"), "desk", "pw")
        assert len(kadri) == len([s for s in state.plan.shifts if s.agent_id == "kadri"])
        assert (tmp_path / "calendars" / ".published.json").exists()
        assert QSettings(str(tmp_path / "settings.ini"),
                         QSettings.Format.IniFormat).value("export/caldav-targets") == \
            str(targets)

        memory_keyring.set_password(keyring_service(server.url), "desk", "wrong")
        status = push(qtbot, dialog)
        assert "not updated: Kadri T. (kadri), Lena Schmidt (lena)" in status
        assert "authentication failed for 'desk'" in panel.report_view.toPlainText()
        assert "#c62828" in panel.status_label.text()
        dialog.reject()


def test_without_a_targets_file_nothing_is_pushed_and_the_dialog_says_why(
        qtbot, tmp_path, settings):
    scenario = sample.scenario()
    dialog = ExportDialog(AppState(scenario, sample.plan()), None, settings=settings)
    qtbot.addWidget(dialog)
    dialog.caldav_panel.targets_edit.setText("")
    with qtbot.waitSignal(dialog.caldav_panel.push_failed, timeout=20_000) as blocker:
        dialog.caldav_panel.push_button.click()
    assert "choose the CalDAV targets file first" in blocker.args[0]
    dialog.xlsx_radio.setChecked(True)
    assert dialog.caldav_panel.isHidden()
    dialog.reject()
