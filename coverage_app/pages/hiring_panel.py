"""Hiring advice on the coverage-target page: the manager lists possible hires (the hiring
menu, saved with the team and undoable like every edit), and "Advise" works out off the GUI
thread how few of which kind close the target's gaps the team cannot close itself.

The menu lives in :class:`AppState` (``hiring_menu``); every edit is one ``state.apply`` and
autosave writes it. The advice runs :func:`coverage_app.services.hiring.advise_hiring` in a
:class:`TaskRunner` thread, each solve in a child process as on the Rota page; Cancel stops the
running solve and shows what was found so far.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coverage_app.services.errors import UserError
from coverage_app.services.hiring_menu_edit import (
    describe_problems,
    entry_from_fields,
    new_entry,
    with_entry,
    without_entry,
)
from coverage_app.shell_files import problems_html
from coverage_app.solve_worker import SolveFn, TaskRunner, default_solve
from coverage_app.state import AppState, ChangeSet
from coverage_app.widgets.hire_form import HireForm
from models.domain import DomainError, Period
from models.hiring_menu import MenuEntry
from models.words import count
from resources import icon

if TYPE_CHECKING:  # the advice (solver, exports) loads when it is first asked for
    from coverage_app.services.hiring import HiringAdvice

MENU_FILTER = "Hiring menus (*.json);;All files (*)"


def _next_monday() -> date:
    today = date.today()  # noqa: DTZ011  (a local calendar day for a default)
    return today + timedelta(days=7 - today.weekday())


class HiringPanel(QWidget):
    advised = Signal(object)  # HiringAdvice, once shown
    advice_failed = Signal(str)

    def __init__(self, state: AppState, target_id: Callable[[], str],
                 solve_fn: SolveFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.target_id = target_id  # the target shown on the page: the advice is for it
        self.solve_fn = solve_fn or default_solve
        self.advice: HiringAdvice | None = None
        self.problem_box: QMessageBox | None = None
        self.runner = TaskRunner(self)
        self._period_chosen = False  # the manager picked a period: plans no longer move it
        self._loading = False

        # The menu -----------------------------------------------------------------------------
        self.entries = QListWidget()
        self.entries.setToolTip("Kinds of agent you could hire; the advice tries each kind")
        self.add_button = QPushButton(icon("add"), "Add")
        self.remove_button = QPushButton(icon("remove"), "Remove")
        self.load_button = QPushButton("Load menu…")
        self.save_button = QPushButton("Save menu as…")
        buttons = QHBoxLayout()  # two pairs: edit the list; menu files
        for button in (self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.load_button, self.save_button):
            buttons.addWidget(button)
        self.form = HireForm()
        form_box = QGroupBox("Possible hire")
        QVBoxLayout(form_box).addWidget(self.form)
        self.form_box = form_box
        self.form_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(QLabel("Possible hires"))
        left_box.addWidget(self.entries, 1)
        left_box.addLayout(buttons)
        left_box.addWidget(scroll, 3)

        # The advice ---------------------------------------------------------------------------
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("ddd d MMM yyyy")
        self.days = QSpinBox()
        self.days.setRange(1, 42)
        self.days.setSuffix(" days")
        self.seconds = QSpinBox()
        self.seconds.setRange(1, 300)
        self.seconds.setValue(5)
        self.seconds.setSuffix(" s a solve")
        self.seconds.setToolTip("Time for each solve: one for the team, one per count tried")
        self.advise_button = QPushButton("Advise")
        self.advise_button.setToolTip("Solve the team, then with 1, 2, … hires of each kind")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        # Three short rows, so the advice needs little width beside the whole form.
        rows = []
        for widgets in ((QLabel("From"), self.start), (self.days, self.seconds),
                        (self.advise_button, self.cancel_button)):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            rows.append(row)
        self.status = QLabel("List possible hires, then press Advise.")
        self.status.setWordWrap(True)
        self.result = QTextBrowser()
        self.result.setOpenLinks(False)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        for row in rows:
            right_box.addLayout(row)
        right_box.addWidget(self.status)
        right_box.addWidget(self.result, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.entries.currentRowChanged.connect(lambda _: self._show_entry())
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        self.load_button.clicked.connect(self._choose_load)
        self.save_button.clicked.connect(self._choose_save)
        self.form.edited.connect(self._form_edited)
        self.start.dateChanged.connect(self._period_edited)
        self.days.valueChanged.connect(self._period_edited)
        self.advise_button.clicked.connect(self.start_advice)
        self.cancel_button.clicked.connect(self.cancel_advice)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        state.changed.connect(self._state_changed)
        self._follow_plan_period()
        self.form.set_catalogue(state.scenario)
        self._fill_entries()

    def _fit_form(self) -> None:
        """The whole form shows beside the advice: no sideways scrolling to reach a field
        (its width depends on the team's skills and on the style sheet)."""
        scroll = self.form_scroll
        scroll.setMinimumWidth(self.form_box.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width()
                               + 2 * scroll.frameWidth())

    def showEvent(self, event: QShowEvent) -> None:
        self._fit_form()
        super().showEvent(event)

    # The menu -----------------------------------------------------------------------------
    def current_entry(self) -> MenuEntry | None:
        row = self.entries.currentRow()
        menu = self.state.hiring_menu
        return menu[row] if 0 <= row < len(menu) else None

    def _state_changed(self, change: ChangeSet) -> None:
        if change.scenario:
            self.form.set_catalogue(self.state.scenario)
            self._fit_form()
        if change.plan or change.replaced:
            self._follow_plan_period()
        if change.hiring_menu or change.scenario:
            self._fill_entries()

    def _fill_entries(self, select: str | None = None) -> None:
        previous = self.current_entry()
        wanted = select or (previous.id if previous else None)
        menu = self.state.hiring_menu
        self._loading = True
        self.entries.clear()
        for entry in menu:
            item = QListWidgetItem(f"{entry.agent.name} — up to {entry.max_count}, "
                                   f"{entry.agent.time_zone}")
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            self.entries.addItem(item)
        ids = [e.id for e in menu]
        row = ids.index(wanted) if wanted in ids else (0 if ids else -1)
        self.entries.setCurrentRow(row)
        self._loading = False
        self.remove_button.setEnabled(bool(menu))
        self.save_button.setEnabled(bool(menu))
        self._show_entry()

    def _show_entry(self) -> None:
        if self._loading:
            return
        self.form.load(self.current_entry())

    def add_entry(self) -> MenuEntry:
        entry = new_entry(self.state.scenario, self.state.hiring_menu)
        self.state.apply(f"add possible hire {entry.agent.name}",
                         hiring_menu=with_entry(self.state.hiring_menu, entry))
        self._fill_entries(select=entry.id)
        self.form.name.setFocus()
        self.form.name.selectAll()
        return entry

    def remove_entry(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.state.apply(f"remove possible hire {entry.agent.name}",
                             hiring_menu=without_entry(self.state.hiring_menu, entry.id))

    def _form_edited(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        try:
            updated = entry_from_fields(self.form.fields(), entry)
        except DomainError as error:
            self.form.errors.show(error.problems)
            return
        self.form.errors.clear()
        if updated != entry:
            self.state.apply(f"edit possible hire {updated.agent.name}",
                             hiring_menu=with_entry(self.state.hiring_menu, updated))

    # Menu files ---------------------------------------------------------------------------
    def _choose_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load hiring menu", "", MENU_FILTER)
        if path:
            self.load_menu_from(Path(path))

    def _choose_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save hiring menu", "hires.json",
                                              MENU_FILTER)
        if path:
            self.save_menu_to(Path(path))

    def load_menu_from(self, path: Path) -> bool:
        """Replace the menu by a menu file's (one undo step); a bad file: a dialog naming
        every problem, and the menu stays as it was."""
        from coverage_app.services.hiring import read_menu

        try:
            menu = read_menu(path, self.state.scenario)
        except UserError as error:
            self._problems(f"Cannot load the hiring menu {path.name}", error)
            return False
        self.state.apply(f"load hiring menu {path.name}", hiring_menu=menu)
        self.status.setText(f"Loaded {count(len(menu), 'possible hire')} from {path.name}.")
        return True

    def save_menu_to(self, path: Path) -> bool:
        from coverage_app.services.hiring import write_menu

        try:
            write_menu(path, self.state.hiring_menu)
        except UserError as error:
            self._problems(f"Cannot save the hiring menu as {path.name}", error)
            return False
        self.status.setText(f"Saved the menu as {path}.")
        return True

    def _problems(self, title: str, error: UserError) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, problems_html(error),
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        self.problem_box = box
        box.open()

    # Period -------------------------------------------------------------------------------
    def _follow_plan_period(self) -> None:
        if self._period_chosen:
            return
        plan = self.state.plan
        period = plan.period if plan is not None else Period(_next_monday(), 7)
        self._loading = True
        first = period.first_day
        self.start.setDate(QDate(first.year, first.month, first.day))
        self.days.setValue(min(period.days, self.days.maximum()))
        self._loading = False

    def _period_edited(self) -> None:
        if not self._loading:
            self._period_chosen = True

    def period(self) -> Period:
        q = self.start.date()
        return Period(date(q.year(), q.month(), q.day()), self.days.value())

    # Advice -------------------------------------------------------------------------------
    def start_advice(self) -> bool:
        """Check the menu, then advise in the background; False (and why) when it cannot."""
        from coverage_app.services.hiring import menu_problems

        menu = self.state.hiring_menu
        target_id = self.target_id()
        scenario = dataclasses.replace(self.state.scenario, active_target_id=target_id)
        if not menu:
            self.status.setText("Add at least one possible hire first.")
            return False
        problems = menu_problems(menu, scenario)
        if problems:
            lines = describe_problems(menu, problems)
            self.status.setText("Fix the menu first:\n" + "\n".join(lines))
            return False
        period, seconds, solve_fn = self.period(), float(self.seconds.value()), self.solve_fn
        solves = 1 + sum(e.max_count for e in menu)
        done = [0]

        def job(report: Any, cancel: Any) -> HiringAdvice:
            from coverage_app.services.hiring import advise_hiring

            def progress(what: str) -> None:
                done[0] += 1
                report(f"Solve {done[0]} of at most {solves}: {what}…")

            return advise_hiring(
                scenario, period, menu, time_limit_s=seconds, workers=2, on_progress=progress,
                cancel=cancel,
                solve_fn=lambda s, p, cancel: solve_fn(s, p, on_progress=lambda _: None,
                                                       cancel=cancel))

        self._advice_context = (scenario, period)
        self.advise_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        target = scenario.target.name
        self.status.setText(f"Working out hiring advice for {target}, up to {solves} solves "
                            f"of {seconds:.0f} s…")
        self.runner.run(job)
        return True

    def cancel_advice(self) -> None:
        self.cancel_button.setEnabled(False)
        self.status.setText("Stopping…")
        self.runner.cancel()

    def _progressed(self, text: object) -> None:
        if self.cancel_button.isEnabled():
            self.status.setText(str(text))

    def _finished(self, advice: object) -> None:
        from coverage_app.services.hiring import HiringAdvice  # loaded by the job already
        from coverage_app.widgets.hiring_result import advice_html

        assert isinstance(advice, HiringAdvice)
        self.advise_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        scenario, period = self._advice_context
        self.advice = advice
        self.status.setText("Stopped: what was found so far." if advice.cancelled else
                            f"Advice for {scenario.target.name}, best option first.")
        self.result.setHtml(advice_html(advice, scenario, period))
        self.advised.emit(advice)

    def _failed(self, message: str) -> None:
        self.advise_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(f"The advice failed: {message}")
        self.advice_failed.emit(message)

    def shutdown(self) -> None:
        self.runner.shutdown()
