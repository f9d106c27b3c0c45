"""The desktop app's entry point: ``coverage-scheduler`` with no arguments.

Opens the database (the default file unless ``--db``), and on a first start — an empty
database — loads the demo team into it and solves it at once, so a new user sees a working
rota. Unexpected errors go to the log file and a readable dialog, never a bare traceback.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)
ORGANISATION = "Coverage Scheduler"
APP_ID = "coverage-scheduler"


def install_excepthook() -> None:
    """Log unhandled exceptions and show a short, readable dialog."""

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)))
        show_unexpected_error(error)

    sys.excepthook = hook


def show_unexpected_error(error: BaseException) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from coverage_app.logs import log_path
    from coverage_app.services.errors import UserError

    if QApplication.instance() is None:
        return
    if isinstance(error, UserError):
        text = "\n".join(str(p) for p in error.problems)
        QMessageBox.warning(QApplication.activeWindow(), "Cannot do that", text)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                      "The last action failed because of an error in the program. Your saved "
                      "work is safe; the change you just made may not have been applied.",
                      QMessageBox.StandardButton.Ok, QApplication.activeWindow())
    box.setInformativeText(f"{type(error).__name__}: {error}\n\nDetails are in the log file:\n"
                           f"{log_path()}")
    box.exec()


def create_application(argv: list[str] | None = None, *, styled: bool = True) -> Any:
    """The QApplication with names, high-DPI, icon and style sheet (the system palette).

    ``styled=False`` leaves the style sheet to :func:`apply_style`: Qt re-styles a widget each
    time it is put into a parent while an application style sheet is set, which made building
    the main window three times slower; set after building, the sheet styles it once."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    import resources
    from coverage_app.versions import APP_NAME

    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_ID)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(resources.icon("app"))
    if styled:
        apply_style(app)
    return app


def apply_style(app: Any) -> None:
    """The app's style sheet, on every widget there is and will be."""
    import resources

    if not app.styleSheet():
        app.setStyleSheet(resources.stylesheet("style"))


def open_start_workspace(db_url: str | None) -> Any:
    """The workspace to start with; None (and a dialog) when the database cannot be opened."""
    from coverage_app.shell_files import show_problems

    workspace, error = try_open_workspace(db_url)
    if error is not None:
        show_problems(None, "Cannot open the database", error)
    return workspace


def try_open_workspace(db_url: str | None) -> tuple[Any, Any]:
    """The workspace and None, or None and the UserError to show (Qt-free).

    Whatever goes wrong while opening the database at start-up becomes a message, so the app
    still starts (on the demo team, unsaved) instead of failing with a traceback.
    """
    from coverage_app.services.errors import UserError
    from coverage_app.services.workspace import open_workspace
    from models.domain import Problem

    def starts_with_demo(source: str = "") -> Problem:
        kept = f"nothing in {source} was changed; " if source else ""
        return Problem("", "", f"{kept}Coverage Scheduler starts with the demo team, which is "
                       "not saved", "open your database with File ▸ Open database… once it is "
                       "restored, or choose another one")

    try:
        return open_workspace(db_url), None
    except UserError as error:
        return None, UserError([*error.problems, starts_with_demo(error.source)], error.source)
    except ImportError:
        log.exception("storage is not available")
        return None, None
    except Exception as error:
        from coverage_app.logs import log_path

        log.exception("the database could not be opened at start-up")
        problem = Problem("", "", f"the database could not be opened because of an error in the "
                          f"program ({type(error).__name__}: {error})",
                          f"the details are in the log file {log_path()}")
        return None, UserError([problem, starts_with_demo()])


def build_window(db_url: str | None = None) -> tuple[Any, bool]:
    """The main window on the database (or on the demo team in memory when the database
    cannot be opened) and whether to solve at once (a first start: no plan yet)."""
    from coverage_app.main_window import MainWindow
    from coverage_app.services.scenarios import demo_scenario
    from coverage_app.shell_files import remember_database
    from coverage_app.state import AppState

    workspace = open_start_workspace(db_url)
    if workspace is None:
        state = AppState(demo_scenario())
        return MainWindow(state, None), True
    state = AppState(workspace.scenario, workspace.plan, hiring_menu=workspace.hiring_menu)
    window = MainWindow(state, workspace.store)
    window.announce_others(workspace.others)
    remember_database(window.settings, workspace.store.location)
    # A first start (or a start before any plan was saved) shows a solved rota at once.
    return window, workspace.plan is None and bool(workspace.scenario.active_agents())


def close_on_terminate(app: Any, window: Any) -> None:
    """SIGTERM (a logout, ``kill``, CI) closes the window as the manager would: a running solve
    stops (its solver process with it) and the last edits are saved. Qt's event loop runs no
    Python code of its own accord, so a timer lets the interpreter see the signal within a
    quarter of a second."""
    import signal

    from PySide6.QtCore import QTimer

    def terminate(_signum: int, _frame: Any) -> None:
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGTERM, terminate)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def has_display() -> bool:
    """Whether a window can open here (Linux needs X11 or Wayland unless Qt is told otherwise)."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_headless(db_url: str | None) -> int:
    """No screen: say so, and do the main job on the command line (the demo team's rota)."""
    import tempfile
    from datetime import timedelta
    from importlib import resources

    from coverage_app.cli import main as cli_main
    from coverage_app.cli.common import console
    from models.domain import utc_now

    out = console()
    out.print("[bold]No screen found[/], so the desktop app cannot open here. The command line "
              "does the same jobs; here it plans the demo team's next two weeks.")
    today = utc_now().date()
    monday = today + timedelta(days=7 - today.weekday())
    demo = resources.files("resources").joinpath("demo_team.json")
    with tempfile.TemporaryDirectory() as folder, resources.as_file(demo) as demo_path:
        plan = os.path.join(folder, "plan.json")
        code = cli_main([*(["--db", db_url] if db_url else []), "solve", str(demo_path),
                         "--start", monday.isoformat(), "--days", "14",
                         "--time-limit", "20", "--out", plan])
    out.print("\nNext: [bold]coverage-scheduler --help[/] lists every command "
              "(solve, check, export ics|xlsx|csv, import, demo, info, backup).")
    return code


def open_app(db_url: str | None) -> int:
    """The desktop app from the command line; it keeps Python's own Ctrl+C handling."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
    return main(db_url)


def main(db_url: str | None = None) -> int:
    from coverage_app.logs import setup_logging

    setup_logging()
    if not has_display():
        return run_headless(db_url)
    from coverage_app import system_libraries

    if system_libraries.uses_xcb() and (missing := system_libraries.missing_packages()):
        print(system_libraries.install_message(missing), file=sys.stderr)  # noqa: T201
        return 2
    app = create_application(styled=False)  # styled once the window is built (see there)
    install_excepthook()
    window, _startup = launch(db_url)
    close_on_terminate(app, window)
    return int(app.exec())


def launch(db_url: str | None) -> tuple[Any, Any]:
    """The main window on screen at once, in its opening state; the database opens in a worker
    (:mod:`coverage_app.startup`) and a first start then solves the demo team's rota."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from coverage_app.readiness import announce_first_rota, announce_when_shown
    from coverage_app.startup import StartUp, opening_window

    window = opening_window()
    apply_style(QApplication.instance())
    window.show()
    announce_when_shown(window)
    announce_first_rota(getattr(window, "rota_page", None))
    startup = StartUp(window, db_url)

    def opened(first_start: bool) -> None:
        from coverage_app.cli import announce_ready

        announce_ready("team")
        rota = window.rota_page
        if first_start and hasattr(rota, "start_solve"):
            window.show_page(3)
            QTimer.singleShot(0, rota.start_solve)

    startup.opened.connect(opened)
    startup.start()
    return window, startup
