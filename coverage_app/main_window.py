"""The main window: it only assembles pages, menus, the toolbar and the status bar.

Pages take the AppState (and the Rota page the store); they never see the window. Saving is the
Autosaver's job, file and database work is FileActions'.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from coverage_app.autosave import Autosaver
from coverage_app.pages.availability import AvailabilityPage
from coverage_app.pages.comparison import ComparisonPage
from coverage_app.pages.coverage_target import CoverageTargetPage
from coverage_app.pages.team import TeamPage
from coverage_app.save_feedback import SaveFeedback
from coverage_app.services import editing
from coverage_app.shell_files import FileActions, recent_databases, show_problems
from coverage_app.state import AppState, ChangeSet
from coverage_app.versions import APP_NAME
from resources import icon

if TYPE_CHECKING:  # storage (SQLAlchemy, Alembic) loads in the worker that opens the database
    from coverage_app.services.workspace import Workspace

log = logging.getLogger(__name__)


def without_mnemonic(text: str) -> str:
    """Menu text as words: "&Undo" -> "Undo", "Save && close" -> "Save & close"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def sentence_case(text: str) -> str:
    """The first letter raised, the rest kept: names stay as the manager typed them."""
    return text[:1].upper() + text[1:]


def _scrolling(page: QWidget) -> QScrollArea:
    """A page that fills the window when there is room, and scrolls instead of forcing the
    window wider (or taller) than a 1024 x 700 screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


def _placeholder(text: str) -> QWidget:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class MainWindow(QMainWindow):
    PAGES = ("Team", "Availability", "Coverage target", "Rota", "Hours", "Compare")
    ICONS = ("team", "availability", "target", "rota", "hours", "compare")

    def __init__(self, state: AppState, store: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.store = store
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        self.settings = QSettings()
        self.files = FileActions(state, self)
        self.others_notice: QMessageBox | None = None
        self.autosaver = Autosaver(state, store, parent=self)

        self.team_page = TeamPage(state)
        self.availability_page = AvailabilityPage(state)
        self.target_page = CoverageTargetPage(state)
        self.rota_page = self._make_rota_page()
        reviews = getattr(self.rota_page, "reviews", None)  # a plan is saved with its gaps
        self.autosaver.review_of = reviews.get if reviews is not None else None
        self.hours_page = self._make_hours_page()
        self.comparison_page = ComparisonPage(state)
        self.stack = QStackedWidget()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(190)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        pages = (self.team_page, self.availability_page, self.target_page, self.rota_page,
                 self.hours_page, self.comparison_page)
        for title, icon_name, page in zip(self.PAGES, self.ICONS, pages, strict=True):
            item = QListWidgetItem(icon(icon_name), title)
            item.setToolTip(f"{title} (Ctrl+{self.PAGES.index(title) + 1})")
            self.sidebar.addItem(item)
            self.stack.addWidget(_scrolling(page))
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        pages_view = QWidget()
        box = QHBoxLayout(pages_view)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.sidebar)
        box.addWidget(self.stack, 1)
        self.opening_label = _placeholder("Opening team…")
        self.opening_label.setObjectName("opening")
        self.body = QStackedWidget()
        self.body.addWidget(pages_view)
        self.body.addWidget(self.opening_label)
        self.setCentralWidget(self.body)
        self._enabled_before: dict[QAction, bool] | None = None

        self.gap_dock = self._dock_gap_list()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self.team_page.agent_selected.connect(self.availability_page.select_agent)
        self.team_page.availability_requested.connect(self._paint_availability_of)
        state.changed.connect(self._state_changed)
        state.history_changed.connect(self._history_changed)
        self.save_feedback = SaveFeedback(self.autosaver, state, self.status_saved, self)
        self.save_feedback.reload_requested.connect(self.reload_database)
        self.save_feedback.copy_requested.connect(self.keep_plan_copy)
        self.files.workspace_opened.connect(self.use_workspace)
        self.files.message.connect(self.status_solve.setText)
        self._history_changed()
        self._fill_zones()
        self._restore()

    # Pages from the Rota engineer ---------------------------------------------------------
    def _make_rota_page(self) -> QWidget:
        try:
            from coverage_app.pages.rota import RotaPage
        except ImportError:
            log.exception("the rota page is missing")
            return _placeholder("The rota page is not available in this build.")
        return RotaPage(self.state, self.store)

    def _make_hours_page(self) -> QWidget:
        try:
            from coverage_app.pages.hours import HoursPage
        except ImportError:
            log.exception("the hours page is missing")
            return _placeholder("The hours page is not available in this build.")
        return HoursPage(self.state)

    def _dock_gap_list(self) -> Any:
        panel = getattr(self.rota_page, "gap_list", None)
        if panel is None:
            return None
        from coverage_app.pages.rota.gap_list import dock_gap_list

        return dock_gap_list(self, self.stack, self.rota_page, panel)

    def _rota_action(self, name: str) -> QAction | None:
        action = getattr(self.rota_page, name, None)
        return action if isinstance(action, QAction) else None

    # Actions -------------------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: str | QKeySequence.StandardKey | None = None,
                icon_name: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        words = tip or without_mnemonic(text).rstrip("…")
        action.setToolTip(words + (f" ({keys})" if keys else ""))
        action.setStatusTip(words)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_action = self._action("&New database…", lambda: self.files.open_database(
            new=True), std.New, "new", "Create an empty database")
        self.open_action = self._action("&Open database…", lambda: self.files.open_database(),
                                        std.Open, "open", "Open another database")
        self.save_copy_action = self._action("Save a &copy…",
                                             lambda: self.files.save_copy(self.store),
                                             "Ctrl+Shift+S", "save",
                                             "Save a copy (backup) of the database")
        self.import_scenario_action = self._action("&Import scenario file…",
                                                   self.files.import_scenario, "Ctrl+I",
                                                   "import")
        self.export_scenario_action = self._action("E&xport scenario file…",
                                                   self.files.export_scenario,
                                                   "Ctrl+Shift+X", "export")
        self.import_team_action = self._action("Import &team from CSV or Excel…",
                                               self.files.import_team, "Ctrl+Shift+I", "team")
        self.quit_action = self._action("&Quit", self.close, std.Quit)
        self.undo_action = self._action("&Undo", self.state.undo, std.Undo, "undo")
        self.redo_action = self._action("&Redo", self.state.redo, std.Redo, "redo")
        self.settings_action = self._action("Team &settings…", self.open_settings, "Ctrl+,",
                                            "settings", "Team name, reference zone, "
                                            "granularity, night window, premiums")
        self.about_action = self._action("&About", self.open_about, None, "about")
        self.help_action = self._action("Importing shifts into calendars…",
                                        self.open_calendar_help, std.HelpContents, "help")
        self.page_actions = []
        for i, title in enumerate(self.PAGES):
            self.page_actions.append(self._action(title, lambda _=False, n=i: self.show_page(n),
                                                  f"Ctrl+{i + 1}", self.ICONS[i]))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.save_copy_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_scenario_action, self.export_scenario_action,
                              self.import_team_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        view_menu = bar.addMenu("&View")
        view_menu.addActions(self.page_actions)
        if self.gap_dock is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.gap_dock.toggleViewAction())
        plan_menu = bar.addMenu("&Plan")
        for name in ("solve_action", "replan_action", "publish_action", "export_action"):
            action = self._rota_action(name)
            if action is not None:
                plan_menu.addAction(action)
                self.addAction(action)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.help_action, self.about_action])

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("solve_action", "replan_action", "export_action"):
            action = self._rota_action(name)
            if action is not None:
                toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Show times in "))
        self.zone_combo = QComboBox()
        self.zone_combo.setToolTip("Time zone for the rota and hours: the reference zone, UTC "
                                   "or any agent's zone")
        self.zone_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.zone_combo.currentIndexChanged.connect(self._zone_chosen)
        toolbar.addWidget(self.zone_combo)
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        self.status_db = QLabel()
        self.status_saved = QLabel("")
        self.status_solve = QLabel("")
        bar = self.statusBar()
        bar.addPermanentWidget(self.status_db)
        bar.addPermanentWidget(self.status_solve)
        bar.addPermanentWidget(self.status_saved)
        message = getattr(self.rota_page, "status_message", None)
        if message is not None:
            message.connect(self.status_solve.setText)
        self._show_database()

    # Reacting ------------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def show_opening(self, text: str | None) -> None:
        """While the database opens (off the GUI thread, see ``coverage_app.startup``) the
        window says ``text`` instead of showing pages, and offers no action; None: done."""
        opening = text is not None
        if opening and self._enabled_before is None:
            self._enabled_before = {a: a.isEnabled() for a in self.actions()}
            for action in self._enabled_before:
                action.setEnabled(False)
        elif not opening and self._enabled_before is not None:
            for action, enabled in self._enabled_before.items():
                action.setEnabled(enabled)
            self._enabled_before = None
        if text is not None:
            self.opening_label.setText(text)
        self.body.setCurrentWidget(self.opening_label if opening else self.body.widget(0))
        for part in (self.menuBar(), *self.findChildren(QToolBar), self.gap_dock):
            if part is not None:
                part.setEnabled(not opening)

    def is_opening(self) -> bool:
        return self.body.currentWidget() is self.opening_label

    def current_page(self) -> QWidget | None:
        """The page shown (inside the scroll area that holds it)."""
        area = self.stack.currentWidget()
        return area.widget() if isinstance(area, QScrollArea) else area

    def _paint_availability_of(self, agent_id: str) -> None:
        self.availability_page.select_agent(agent_id)
        self.show_page(self.PAGES.index("Availability"))

    def _state_changed(self, change: ChangeSet) -> None:
        if change.scenario:
            self._fill_zones()
            self._show_database()
        if change.label and not change.replaced:
            self.statusBar().showMessage(sentence_case(change.label), 4000)
        if change.undo and change.label:
            # The lasting message said what the undone step did ("…: breaks a rule"): now stale.
            self.status_solve.setText(sentence_case(change.label))

    def _history_changed(self) -> None:
        undo, redo = self.state.undo_label, self.state.redo_label
        self.undo_action.setEnabled(self.state.can_undo)
        self.redo_action.setEnabled(self.state.can_redo)
        self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")
        for action, verb, what in ((self.undo_action, "Undo", undo),
                                   (self.redo_action, "Redo", redo)):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            words = f"{verb} {what}" if what else f"Nothing to {verb.lower()}"
            action.setToolTip(words + (f" ({keys})" if keys else ""))
            action.setStatusTip(words)

    def _fill_zones(self) -> None:
        scenario = self.state.scenario
        ref = scenario.team.reference_zone
        zones = [(f"Reference zone ({ref})", ref), ("UTC", "UTC")]
        for zone_name in sorted({a.time_zone for a in scenario.agents} - {ref, "UTC"}):
            agents = ", ".join(a.label for a in scenario.agents if a.time_zone == zone_name)
            zones.append((f"{zone_name} ({agents})", zone_name))
        self.zone_combo.blockSignals(True)
        self.zone_combo.clear()
        for text, zone_name in zones:
            self.zone_combo.addItem(text if len(text) < 60 else text[:57] + "…", zone_name)
        index = self.zone_combo.findData(self.state.display_zone)
        self.zone_combo.setCurrentIndex(max(index, 0))
        self.zone_combo.blockSignals(False)

    def _zone_chosen(self, index: int) -> None:
        if index >= 0:
            self.state.set_display_zone(str(self.zone_combo.itemData(index)))

    def _show_database(self) -> None:
        # the platform appends the application's display name unless the title already ends
        # with it, so the team comes first and the app's name once, last
        self.setWindowTitle(f"{self.state.scenario.team.name} — {APP_NAME}")
        if self.store is None:
            self.status_db.setText("No database: changes are not saved")
            return
        # the file's name only: a long path would push "Saved …" off a narrow status bar
        path = getattr(self.store, "path", None)
        text = f"Database: {path.name if path is not None else self.store.location}"
        warning = getattr(self.store, "network_warning", lambda: None)()
        self.status_db.setText(text + (" ⚠" if warning else ""))
        self.status_db.setToolTip(self.store.location + (f"\n{warning}" if warning else ""))

    def announce_others(self, others: Sequence[Any]) -> None:
        """Say that other app instances have this database open (a notice, not a refusal)."""
        self.others_notice = None
        if not others:
            return
        names = "\n".join(f"• {o.describe()}" for o in others)
        self.status_db.setText(self.status_db.text() + " — also open elsewhere")
        box = QMessageBox(QMessageBox.Icon.Information, "Open in another window",
                          f"This database is also open in another Coverage Scheduler window:"
                          f"\n\n{names}\n\nYou can both work. If you both change the same "
                          "thing, the second save is refused and you choose what to keep.",
                          QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()  # not blocking: the window is usable behind it
        self.others_notice = box

    def reload_database(self) -> None:
        """Open the same database again: its current contents replace what the window shows."""
        if self.store is not None:
            self.files.open_location(self.store.url)

    def keep_plan_copy(self, name: str) -> None:
        """After a conflict: store my plan as its own version, then show theirs."""
        store, plan = self.store, self.state.plan
        if store is None or plan is None:
            return
        self.files.run("Keeping your plan as a copy",
                       lambda: store.keep_plan_copy(plan, name=name),
                       lambda _plan_id: self._copy_kept(name), store)

    def _copy_kept(self, name: str) -> None:
        self.status_solve.setText(f"Your plan is kept as “{name}” in the plan history")
        self.reload_database()

    def use_workspace(self, workspace: Workspace) -> None:
        """Another database was opened: every page starts over with its contents."""
        old = self.store
        self.store = workspace.store
        if hasattr(self.rota_page, "store"):
            self.rota_page.store = workspace.store
        self.state.replace(workspace.scenario, workspace.plan,
                           hiring_menu=workspace.hiring_menu)
        self.autosaver.reset(workspace.store)
        self._show_database()
        self.announce_others(workspace.others)
        self._fill_zones()
        if old is not None and old is not workspace.store and hasattr(old, "close"):
            old.close()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = recent_databases(self.settings)
        if not items:
            self.recent_menu.addAction("No recent databases").setEnabled(False)
        for location in items:
            action = self.recent_menu.addAction(location)
            action.triggered.connect(lambda _=False, loc=location: self.files.open_location(loc))

    # Dialogs -------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from coverage_app.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.state.scenario.team, self)
        if dialog.exec() and dialog.team() is not None:
            team = dialog.team()
            assert team is not None
            self.state.apply("team settings", scenario=editing.update_team(
                self.state.scenario, team))

    def open_about(self) -> None:
        from coverage_app.dialogs.about import AboutDialog

        AboutDialog(self).exec()

    def open_calendar_help(self) -> None:
        from coverage_app.dialogs.about import CalendarHelpDialog

        CalendarHelpDialog(self).exec()

    def show_error(self, title: str, error: Any) -> None:
        show_problems(self, title, error)

    # Window state --------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        page = self.settings.value("window/page", 0)
        self.show_page(int(str(page)) if str(page).isdigit() else 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.save_feedback.confirm_close():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/page", self.sidebar.currentRow())
        shutdown = getattr(self.rota_page, "shutdown", None)
        if callable(shutdown):
            shutdown()
        self.comparison_page.shutdown()
        self.target_page.hiring.shutdown()
        self.files.shutdown()
        self.autosaver.finish()
        super().closeEvent(event)
