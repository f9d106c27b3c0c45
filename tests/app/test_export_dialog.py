"""The export dialog writes through the exports' use case in a worker, remembers the folder,
and shows what changed in each calendar file and the export's notes."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import QSettings

from coverage_app.dialogs.export import ExportDialog
from coverage_app.services.store import ScenarioStore
from coverage_app.state import AppState
from exports.ics import TEAM
from exports.payroll import PayPeriods
from models.domain import Period, Plan
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


def counts_of(dialog, file_name: str) -> list[str]:
    """The row of one calendar file in the dialog's table, as shown: New, Updated, Unchanged,
    Cancelled, Other periods."""
    cells = dialog.report_view.toPlainText().split("\n")
    at = cells.index(file_name)
    return cells[at + 1:at + 6]


def test_calendar_export_shows_the_notes_and_each_files_changes(qtbot, state, settings,
                                                                 tmp_path):
    plan = state.plan
    kadri = next(a for a in state.scenario.agents if a.id == "kadri-tamm")
    without_kadri = dataclasses.replace(
        plan, shifts=tuple(s for s in plan.shifts if s.agent_id != kadri.id))
    state.apply("Kadri off", plan=without_kadri)
    dialog = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(dialog)
    assert not dialog.report_view.isVisibleTo(dialog)
    status = export(qtbot, dialog, dialog.ics_radio, tmp_path / "ics")
    note = (f"{kadri.label} ({kadri.id}): no shifts from 2026-12-07 to 2026-12-13 and nothing "
            "to cancel; no file written")
    assert dialog.result.notes == (note,)
    shown = dialog.report_view.toPlainText()
    assert "Notes" in shown
    assert note in shown
    assert dialog.report_view.isVisibleTo(dialog)
    assert f"{kadri.label}.ics" not in shown.split("\n")
    written = len(without_kadri.shifts)
    assert f"{written * 2} new; 1 note" in status
    assert status in dialog.result_label.text()
    lena = "Lena S.ics"
    lena_shifts = sorted((s for s in plan.shifts if s.agent_id == "lena-schmidt"),
                         key=lambda s: s.start)
    assert counts_of(dialog, lena) == [str(len(lena_shifts)), "0", "0", "0", "0"]
    assert counts_of(dialog, "All files") == [str(written * 2), "0", "0", "0", "0"]

    # Lena's first shift is removed: it is cancelled, the rest unchanged; Kadri still has none.
    state.apply("Lena's Monday off", plan=dataclasses.replace(
        without_kadri, shifts=tuple(s for s in without_kadri.shifts if s != lena_shifts[0])))
    status = export(qtbot, dialog, dialog.ics_radio, tmp_path / "ics")
    assert counts_of(dialog, lena) == ["0", "0", str(len(lena_shifts) - 1), "1", "0"]
    assert counts_of(dialog, "team.ics") == ["0", "0", str(written - 1), "1", "0"]
    assert "2 cancelled" in status
    assert dialog.result.notes == (note,)
    assert note in dialog.report_view.toPlainText()
    dialog.reject()


def test_a_calendar_export_with_nothing_to_show_lists_every_calendar(qtbot, state, settings,
                                                                    tmp_path):
    state.apply("nothing", plan=Plan(state.plan.period, ()))
    dialog = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(dialog)
    status = export(qtbot, dialog, dialog.ics_radio, tmp_path / "ics")
    assert status.startswith("No calendar file written to")
    assert not list((tmp_path / "ics").glob("*.ics"))
    shown = dialog.report_view.toPlainText()
    assert len(dialog.result.notes) == len(state.scenario.agents) + 1
    for note in dialog.result.notes:
        assert note in shown
    assert "Team calendar: no shifts from 2026-12-07 to 2026-12-13" in shown
    dialog.reject()


def test_with_a_database_the_dialog_keeps_the_ledger_there(qtbot, state, settings, tmp_path):
    with ScenarioStore.open(tmp_path / "team.sqlite") as store:
        store.replace(state.scenario)
        dialog = ExportDialog(state, store, settings=settings)
        qtbot.addWidget(dialog)
        export(qtbot, dialog, dialog.ics_radio, tmp_path / "ics")
        status = export(qtbot, dialog, dialog.ics_radio, tmp_path / "ics")
        shifts = len(state.plan.shifts)
        assert counts_of(dialog, "All files") == ["0", "0", str(shifts * 2), "0", "0"]
        assert status.endswith(f"{shifts * 2} unchanged")
        assert not (tmp_path / "ics" / ".published.json").exists()
        team = store.published_events(TEAM)
        assert len(team) == shifts
        assert all(e.has_text for e in team.values())
        dialog.reject()


def test_payroll_with_a_cut_off_day_that_is_remembered(qtbot, state, settings, tmp_path):
    dialog = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.pay_period_row.isVisible()  # calendars have no pay periods
    dialog.payroll_radio.setChecked(True)
    assert dialog.pay_period_row.isVisible()
    assert not dialog.cutoff_day.isEnabled()
    dialog.pay_period_kind.setCurrentIndex(dialog.pay_period_kind.findData("cutoff"))
    assert dialog.cutoff_day.isEnabled()
    dialog.cutoff_day.setValue(10)
    export(qtbot, dialog, dialog.payroll_radio, tmp_path / "out")
    (written,) = (tmp_path / "out").glob("payroll-*.csv")
    table = list(csv.DictReader(io.StringIO(written.read_bytes().decode("utf-8-sig"))))
    assert table
    # 7 to 13 December: the pay period from 11 December to 10 January, and the one before.
    assert {(r["period_start"], r["period_end"]) for r in table} == {
        ("2026-11-11", "2026-12-10"), ("2026-12-11", "2027-01-10")}
    shown = dialog.report_view.toPlainText()
    assert dialog.report_view.isVisible()
    assert "Pay period 2026-12-11 to 2027-01-10: this plan covers 2026-12-11 to 2026-12-13" \
           in " ".join(shown.split())
    dialog.reject()
    again = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(again)
    assert again.pay_periods() == PayPeriods(10)
    again.reject()


def test_the_workbook_names_the_stored_plan_and_its_published_mark(qtbot, state, settings,
                                                                   tmp_path):
    with ScenarioStore.open(tmp_path / "team.sqlite") as store:
        store.replace(state.scenario)
        plan_id = store.save_plan(state.plan, name="Rota 7 December", published_by="Mari")
        state.replace(state.scenario, store.load_plan(plan_id))
        dialog = ExportDialog(state, store, settings=settings)
        qtbot.addWidget(dialog)
        export(qtbot, dialog, dialog.xlsx_radio, tmp_path / "out")
        dialog.reject()
    (written,) = (tmp_path / "out").glob("*.xlsx")
    line = openpyxl.load_workbook(written)["Summary"]["A2"].value
    assert line.startswith("PUBLISHED ")
    assert f"by Mari · Plan: Rota 7 December (plan id {plan_id})" in line


def test_without_a_database_the_workbook_says_draft(qtbot, state, settings, tmp_path):
    dialog = ExportDialog(state, None, settings=settings)
    qtbot.addWidget(dialog)
    export(qtbot, dialog, dialog.xlsx_radio, tmp_path / "out")
    dialog.reject()
    (written,) = (tmp_path / "out").glob("*.xlsx")
    assert openpyxl.load_workbook(written)["Summary"]["A2"].value.startswith(
        "DRAFT: not the published rota")
