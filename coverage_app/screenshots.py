"""Render every page of the main window with the demo team and a solved plan into PNG files.

    python -m coverage_app.screenshots docs/screenshots [--days 14] [--time-limit 15]

Runs offscreen (``QT_QPA_PLATFORM=offscreen`` unless set), with settings in a temporary folder so
the user's window state is neither read nor changed. ``make screenshots`` calls exactly this.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIRST_DAY = date(2026, 12, 7)  # fixed, so the pictures do not change with the calendar
SIZE = (1440, 900)


def _solve(scenario: Any, days: int, time_limit: float) -> Any:
    from models.domain import Period
    from solver import CancelToken, SolveParams, solve

    params = SolveParams(Period(FIRST_DAY, days), time_limit_s=time_limit, workers=2, seed=0)
    return solve(scenario, params, cancel=CancelToken()).plan


def _settle(app: Any, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _save(widget: Any, folder: Path, name: str, app: Any) -> Path:
    _settle(app)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")  # noqa: T201 - a command-line tool
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coverage_app.screenshots")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--time-limit", type=float, default=15.0)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    settings_dir = tempfile.mkdtemp(prefix="coverage-screens-")
    os.environ.setdefault("COVERAGE_SCHEDULER_DATA_DIR", settings_dir)
    os.environ.setdefault("COVERAGE_SCHEDULER_LOG_DIR", settings_dir)

    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    from coverage_app.main import create_application

    app = create_application([sys.argv[0]])
    from coverage_app.main_window import MainWindow
    from coverage_app.services.scenarios import demo_scenario
    from coverage_app.state import AppState

    folder: Path = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    scenario = demo_scenario()
    plan = _solve(scenario, args.days, args.time_limit)
    state = AppState(scenario, plan)
    window = MainWindow(state, None)
    window.resize(*SIZE)
    window.show()
    rota = window.rota_page
    if hasattr(rota, "panel"):
        rota.panel.show_summary(_summary(scenario, plan))
    for index, title in enumerate(window.PAGES):
        window.show_page(index)
        _save(window, folder, f"{index + 1:02d}-{title.lower().replace(' ', '-')}", app)
    window.show_page(window.PAGES.index("Rota"))
    _extra_rota_pictures(window, rota, state, folder, app)
    window.close()
    return 0


def _summary(scenario: Any, plan: Any) -> str:
    from coverage_app.widgets.solve_summary import summary_html

    return summary_html(scenario, plan)


def _extra_rota_pictures(window: Any, rota: Any, state: Any, folder: Path, app: Any) -> None:
    """Month view, a hand edit that breaks a rule, the dialogs, days off after a re-plan."""
    from coverage_app.dialogs.export import ExportDialog
    from coverage_app.dialogs.replan import ReplanDialog

    rota.set_view_days(0)
    _save(window, folder, "06-rota-month", app)
    rota.set_view_days(7)
    plan = state.plan
    agent = next((a for a in state.scenario.active_agents() if len(plan.shifts_of(a.id)) >= 2),
                 None)
    if agent is not None:
        first, second = plan.shifts_of(agent.id)[:2]
        rota.move_shift(second.id, first.end + timedelta(hours=3))
        rota.view.select(second.id)
        _save(window, folder, "07-rota-hand-edit-breaks-a-rule", app)
        state.undo()
    gap = next(iter(plan.gaps), None)
    if gap is not None:
        dialog = rota.show_candidates(gap.requirement_id, gap.start, gap.end)
        _save(dialog, folder, "08-who-can-take-this", app)
        dialog.close()
    replan = ReplanDialog(state, rota.controller.solve_fn, window, time_limit_s=10)
    replan.agent_combo.setCurrentIndex(0)
    from PySide6.QtCore import QDate

    day = plan.period.first_day + timedelta(days=1)
    replan.first_edit.setDate(QDate(day.year, day.month, day.day))
    replan.last_edit.setDate(QDate(day.year, day.month, day.day))
    replan.show()
    _wait([replan.changes_shown, replan.controller.failed], replan.start, 60_000)
    _save(replan, folder, "09-re-plan-sick-day", app)
    if replan.accept_button.isEnabled():  # the calendar with the sick day and time off shaded
        replan.accept_button.click()
        rota.set_view_days(0)
        _save(window, folder, "13-rota-days-off", app)
        rota.set_view_days(7)
        state.undo()
    else:
        replan.reject()
    export = ExportDialog(state, None, window)
    export.show()
    _save(export, folder, "10-export", app)
    export.reject()
    publish = _publish_dialog(state, window)
    if publish is not None:
        _save(publish, folder, "11-publish", app)
        publish.reject()
    _solving_picture(window, rota, folder, app)


def _solving_picture(window: Any, rota: Any, folder: Path, app: Any) -> None:
    """The progress panel during a solve (taken once it has shown some progress)."""
    rota.panel.limit_spin.setValue(30)
    seen: list[Any] = []
    rota.controller.progressed.connect(seen.append)

    def enough() -> bool:
        return rota.panel.progress_box.isVisible() and len(seen) >= 3

    _wait([rota.controller.progress_shown], rota.start_solve, 20_000)
    _spin_until(enough, app, 20.0)
    _save(window, folder, "12-solving", app)
    _wait([rota.solved, rota.solve_failed], rota.cancel_solve, 60_000)


def _spin_until(condition: Any, app: Any, seconds: float) -> None:
    import time

    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _publish_dialog(state: Any, window: Any) -> Any:
    try:
        from coverage_app.services.store import ScenarioStore
    except ImportError:
        return None
    from coverage_app.dialogs.publish import PublishDialog

    store = ScenarioStore.open(Path(tempfile.mkdtemp(prefix="coverage-screens-db-")) / "s.sqlite")
    store.replace(state.scenario)
    store.save_plan(state.plan, name="First draft")
    store.save_plan(state.plan, name="Rota from 07 Dec 2026", published_by="Mari Manager")
    dialog = PublishDialog(state, store, window)
    _wait([dialog.history_loaded, dialog.runner.failed], dialog.show, 20_000)
    return dialog


def _wait(signals: list[Any], trigger: Any, timeout_ms: int) -> None:
    """Run ``trigger`` and spin the event loop until one of ``signals`` fires (or time runs out)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    for signal in signals:
        signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    trigger()
    loop.exec()


if __name__ == "__main__":
    raise SystemExit(main())
