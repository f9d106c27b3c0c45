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
SMALL_SIZE = (1024, 700)


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
        rota.panel.show_summary(*_summary(scenario, plan))
    for index, title in enumerate(window.PAGES):
        if title == "Compare":
            continue  # taken once a comparison has run (planning_pictures)
        window.show_page(index)
        _save(window, folder, f"{index + 1:02d}-{title.lower().replace(' ', '-')}", app)
    _setup_pictures(window, folder, app)
    window.show_page(window.PAGES.index("Rota"))
    _extra_rota_pictures(window, rota, state, folder, app)
    planning_pictures(window, folder, app)
    hiring_pictures(window, folder, app)
    _small_screen_pictures(window, folder, app)
    window.close()
    return 0


def _setup_pictures(window: Any, folder: Path, app: Any) -> None:
    """The contract editor over the Team page, a template just added."""
    from coverage_app.services.editing import contract_templates

    window.show_page(window.PAGES.index("Team"))
    dialog = window.team_page.open_contracts()
    dialog.add_from_template(contract_templates()[1])
    _save(dialog, folder, "13-contracts", app)
    window.state.undo()
    dialog.close()


def _small_screen_pictures(window: Any, folder: Path, app: Any) -> None:
    """A 1024 x 700 screen: the rota and the availability page fit its width."""
    window.resize(*SMALL_SIZE)
    for title in ("Rota", "Availability"):
        window.show_page(window.PAGES.index(title))
        _save(window, folder, f"14-small-screen-{title.lower()}", app)
    window.resize(*SIZE)


def _summary(scenario: Any, plan: Any) -> tuple[str, str]:
    from coverage_app.services.plan_review import review_plan
    from coverage_app.widgets.solve_summary import details_html, summary_html

    return summary_html(review_plan(scenario, plan)), details_html(plan)


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
        publish.tabs.setCurrentIndex(1)
        _save(publish, folder, "14-publish-changes-for-agents", app)
        publish.tabs.setCurrentIndex(2)
        _save(publish, folder, "15-publish-history", app)
        publish.reject()
    _gap_list_picture(window, rota, folder, app)
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


def planning_pictures(window: Any, folder: Path, app: Any, days: int = 7,
                      seconds: int = 8) -> None:
    """The Compare targets page after comparing the three targets, and the forecast dialog."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QTableWidgetItem

    page = window.comparison_page
    window.show_page(window.PAGES.index("Compare"))
    page.start.setDate(QDate(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day))
    page.days.setValue(days)
    page.seconds.setValue(seconds)
    _wait([page.compared, page.runner.failed], page.start_comparison, 600_000)
    _save(window, folder, "13-compare-targets", app)
    window.show_page(window.PAGES.index("Coverage target"))
    dialog = window.target_page.open_forecast()
    dialog.handle.setValue(240)
    for day in range(7):
        for hour in range(24):
            busy = 8 <= hour < 18 and day < 5
            volume = 45 if busy else 12 if 7 <= hour < 23 else 2
            dialog.volumes.setItem(hour, day, QTableWidgetItem(str(volume)))
    _save(dialog, folder, "14-forecast", app)
    dialog.reject()


SCREENSHOT_MENU = {
    "format": "coverage-scheduler/hiring-menu", "version": 1,
    "hires": [
        {"id": "manila-en-linux", "max_count": 3, "monthly_cost": 2600,
         "agent": {"name": "Manila, English + Linux", "time_zone": "Asia/Manila",
                   "country": "PH", "contract_id": "full-time", "hourly_cost": 9,
                   "skills": [{"skill_id": "phone", "level": 2}, {"skill_id": "en", "level": 2},
                              {"skill_id": "linux", "level": 2},
                              {"skill_id": "tier2", "level": 2}],
                   "availability": {"windows": [{"window": {
                       "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                       "start": "06:00", "end": "20:00"}, "kind": "available"}]}}},
        {"id": "madrid-es", "max_count": 2,
         "agent": {"name": "Madrid, Spanish", "time_zone": "Europe/Madrid", "country": "ES",
                   "contract_id": "full-time", "hourly_cost": 20,
                   "skills": [{"skill_id": "es", "level": 2}],
                   "availability": {"windows": [{"window": {
                       "weekdays": ["mon", "tue", "wed", "thu", "fri"],
                       "start": "09:00", "end": "17:00"}, "kind": "available"}]}}}]}


def hiring_pictures(window: Any, folder: Path, app: Any, days: int = 7,
                    seconds: int = 10) -> None:
    """The hiring advice on the coverage-target page, at full size and on a 1024 x 700 screen."""
    from PySide6.QtCore import QDate

    from coverage_app.services.hiring import menu_from_json

    page = window.target_page
    panel = page.hiring
    window.show_page(window.PAGES.index("Coverage target"))
    page.tabs.setCurrentWidget(panel)
    menu = menu_from_json(SCREENSHOT_MENU, window.state.scenario)  # type: ignore[arg-type]
    window.state.apply("load hiring menu hires.json", hiring_menu=menu)
    panel.start.setDate(QDate(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day))
    panel.days.setValue(days)
    panel.seconds.setValue(seconds)
    _wait([panel.advised, panel.advice_failed], panel.start_advice, 600_000)
    _save(window, folder, "16-hiring-advice", app)
    window.resize(*SMALL_SIZE)
    _save(window, folder, "16-small-screen-hiring-advice", app)
    window.resize(*SIZE)
    page.tabs.setCurrentIndex(0)


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
    store.replace_working_plan(_earlier(state.plan), name="Working draft")
    store.replace_working_plan(state.plan, name="Working draft")
    store.save_plan(_earlier(state.plan), name="Rota from 07 Dec 2026",
                    published_by="Mari Manager")
    dialog = PublishDialog(state, store, window)
    _wait([dialog.preview_ready, dialog.runner.failed], dialog.show, 20_000)
    return dialog


def _earlier(plan: Any) -> Any:
    """The plan as it was published before: a few shifts an hour earlier, one more shift."""
    import dataclasses

    shifts = list(plan.shifts)
    for i in range(0, min(len(shifts), 40), 9):
        s = shifts[i]
        shifts[i] = dataclasses.replace(s, start=s.start - timedelta(hours=1),
                                        end=s.end - timedelta(hours=1))
    if shifts:
        extra = shifts[-1]
        shifts.append(dataclasses.replace(extra, id=f"{extra.id}-extra",
                                          start=extra.start - timedelta(days=2),
                                          end=extra.end - timedelta(days=2)))
    return dataclasses.replace(plan, shifts=tuple(shifts), id="")


def _gap_list_picture(window: Any, rota: Any, folder: Path, app: Any) -> None:
    """The docked gap list with its first (most important) gap selected on the rota."""
    panel = getattr(rota, "gap_list", None)
    if panel is None or panel.row_count() == 0:
        return
    panel.table.selectRow(0)
    _save(window, folder, "13-gap-list", app)
    panel.table.clearSelection()
    rota.view.select_gap(None)


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
