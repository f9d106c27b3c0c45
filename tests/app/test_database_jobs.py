"""Every job that uses the database (autosave, file jobs, publish, export) runs on the store's
one serial executor: one after another, in the order asked, never two at once."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Qt

from coverage_app.autosave import Autosaver
from coverage_app.dialogs.export import ExportDialog
from coverage_app.services.store import ScenarioStore
from coverage_app.solve_worker import TaskRunner
from coverage_app.state import AppState
from models.domain import Period
from tests.app.rota_fakes import day_shifts_plan


def test_jobs_of_one_store_take_turns_on_its_thread(qtbot, tmp_path: Path, demo) -> None:
    store = ScenarioStore.open(tmp_path / "team.sqlite")
    store.replace(demo)
    saving, exporting = TaskRunner(), TaskRunner()
    seen: list[tuple[str, int, bool]] = []
    first_done = threading.Event()

    def first(_report, _cancel):
        seen.append(("save", threading.get_ident(), False))
        store.load()
        first_done.set()
        return "saved"

    def second(_report, _cancel):
        seen.append(("export", threading.get_ident(), first_done.is_set()))
        return len(store.plan_history())

    with qtbot.waitSignals([saving.finished, exporting.finished], timeout=10_000):
        saving.run(first, serial=store.jobs)
        exporting.run(second, serial=store.jobs)
    assert [name for name, _, _ in seen] == ["save", "export"]
    assert seen[0][1] == seen[1][1]  # the same thread: the store's
    assert seen[1][2]  # the export started only after the save had ended
    assert seen[0][1] != threading.get_ident()  # never the GUI thread
    store.close()


def test_autosave_and_export_share_the_store_thread(qtbot, tmp_path: Path, demo) -> None:
    store = ScenarioStore.open(tmp_path / "team.sqlite")
    store.replace(demo)
    scenario = store.load()
    params = SimpleNamespace(period=Period(date(2026, 12, 7), 7))
    state = AppState(scenario, None)
    threads: list[str] = []
    original_save = store.save_working_plan

    def save_working_plan(plan):
        threads.append(threading.current_thread().name)
        return original_save(plan)

    store.save_working_plan = save_working_plan  # type: ignore[method-assign]
    saver = Autosaver(state, store, delay_ms=0)
    with qtbot.waitSignal(saver.saved, timeout=10_000):
        state.apply("solve", plan=day_shifts_plan(scenario, params))
    dialog = ExportDialog(state, store, settings=None)
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "out"))
    original_events = store.save_published_events

    def save_published_events(calendar, events):
        threads.append(threading.current_thread().name)
        return original_events(calendar, events)

    store.save_published_events = save_published_events  # type: ignore[method-assign]
    dialog.ics_radio.setChecked(True)  # calendars: the export writes its ledger to the store
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert threads
    assert len(set(threads)) == 1
    assert threads[0].startswith("database")
    saver.finish()
    dialog.done(0)
    store.close()
