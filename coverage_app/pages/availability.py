"""Availability page: paint an agent's week in local time, see it in the reference zone."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coverage_app.pages.availability_view import (
    day_titles,
    local_marks,
    monday_of,
    upcoming_holidays,
    week_in_zone,
)
from coverage_app.qtmodels.time_off import DatedEntry, TimeOffModel, entries
from coverage_app.services import editing
from coverage_app.state import AppState, ChangeSet
from coverage_app.widgets.field_errors import ErrorLabel
from coverage_app.widgets.week_grid import WeekGrid
from models.domain import (
    AvailabilityException,
    DomainError,
    TimeOff,
    TimeOffKind,
    utc_now,
)
from models.timerules import local_date
from resources import icon

KINDS = [("Vacation", TimeOffKind.VACATION), ("Sick", TimeOffKind.SICK),
         ("Other time off", TimeOffKind.OTHER), ("Not available (hours)", "unavailable"),
         ("Extra availability (hours)", "extra")]


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class AvailabilityPage(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.agent_combo = QComboBox()
        self.agent_combo.setMinimumContentsLength(20)
        self.week = QDateEdit()
        self.week.setCalendarPopup(True)
        self.week.setDisplayFormat("yyyy-MM-dd")
        today = local_date(utc_now(), state.scenario.team.reference_zone)
        self.week.setDate(QDate(today.year, today.month, today.day))
        self.week.setToolTip("The week shown in the reference zone (its DST changes included)")
        modes = QButtonGroup(self)
        self.mode_buttons: dict[str | None, QRadioButton] = {}
        mode_box = QHBoxLayout()
        mode_box.addWidget(QLabel("Paint:"))
        for text, mode in (("Available", "available"), ("Preferred", "preferred"),
                           ("Unavailable", None)):
            button = QRadioButton(text)
            modes.addButton(button)
            mode_box.addWidget(button)
            self.mode_buttons[mode] = button
            button.toggled.connect(lambda on, m=mode: self._set_mode(m) if on else None)

        slots = 48 if state.scenario.team.granularity_minutes <= 30 else 24
        self.local_grid = WeekGrid(slots)
        self.mode_buttons["available"].setChecked(True)
        self.reference_grid = WeekGrid(slots, read_only=True)
        self.local_title = QLabel()
        self.reference_title = QLabel()
        for label in (self.local_title, self.reference_title):
            label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setProperty("role", "hint")
        self.summary.setWordWrap(True)

        top = QHBoxLayout()
        title = QLabel("Availability")
        title.setProperty("role", "page-title")
        top.addWidget(title)
        top.addWidget(QLabel("Agent"))
        top.addWidget(self.agent_combo)
        top.addSpacing(16)
        top.addWidget(QLabel("Week of"))
        top.addWidget(self.week)
        top.addStretch(1)
        mode_box.addStretch(1)

        grids = QGridLayout()
        grids.addWidget(self.local_title, 0, 0)
        grids.addWidget(self.reference_title, 0, 1)
        grids.addWidget(self.local_grid, 1, 0)
        grids.addWidget(self.reference_grid, 1, 1)
        grids.addWidget(self.summary, 2, 0, 1, 2)
        grid_box = QWidget()
        grid_box.setLayout(grids)

        # Dated entries ------------------------------------------------------------------
        self.entries_model = TimeOffModel(self)
        self.entries_view = QTableView()
        self.entries_view.setModel(self.entries_model)
        self.entries_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entries_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.entries_view.verticalHeader().hide()
        self.entries_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.entries_view.horizontalHeader().setStretchLastSection(True)
        self.kind = QComboBox()
        for text, value in KINDS:
            self.kind.addItem(text, value)
        self.first_day = QDateEdit(self.week.date())
        self.last_day = QDateEdit(self.week.date())
        for edit in (self.first_day, self.last_day):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.from_time = QTimeEdit(QTime(9, 0))
        self.to_time = QTimeEdit(QTime(17, 0))
        for time_edit in (self.from_time, self.to_time):
            time_edit.setDisplayFormat("HH:mm")
        self.note = QLineEdit()
        self.note.setPlaceholderText("note (optional)")
        self.add_button = QPushButton(icon("add"), "Add")
        self.remove_button = QPushButton(icon("remove"), "Remove")
        self.entry_error = ErrorLabel()
        form = QGridLayout()
        form.addWidget(self.kind, 0, 0, 1, 2)
        form.addWidget(QLabel("From"), 1, 0)
        form.addWidget(self.first_day, 1, 1)
        form.addWidget(QLabel("To"), 2, 0)
        form.addWidget(self.last_day, 2, 1)
        form.addWidget(QLabel("Hours"), 3, 0)
        hours = QHBoxLayout()
        hours.addWidget(self.from_time)
        hours.addWidget(QLabel("–"))
        hours.addWidget(self.to_time)
        form.addLayout(hours, 3, 1)
        form.addWidget(self.note, 4, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        form.addLayout(buttons, 5, 0, 1, 2)
        form.addWidget(self.entry_error, 6, 0, 1, 2)
        form.setRowStretch(7, 1)
        dated = QGroupBox("Time off and dated exceptions (agent's local dates)")
        dated_box = QHBoxLayout(dated)
        dated_box.addWidget(self.entries_view, 3)
        dated_box.addLayout(form, 2)
        self.holidays = QListWidget()
        holidays_group = QGroupBox("Public holidays")
        QVBoxLayout(holidays_group).addWidget(self.holidays)

        bottom = QWidget()
        bottom_box = QHBoxLayout(bottom)
        bottom_box.setContentsMargins(0, 0, 0, 0)
        bottom_box.addWidget(dated, 3)
        bottom_box.addWidget(holidays_group, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(mode_box)
        # a layout, not a splitter: the grid titles wrap on a narrow screen, and only a layout
        # gives them the height that wrapping needs (the page scrolls when that is too much)
        layout.addWidget(grid_box, 3)
        layout.addWidget(bottom, 1)

        self.agent_combo.currentIndexChanged.connect(lambda _: self._show_agent())
        self.week.dateChanged.connect(lambda _: self._show_agent())
        self.local_grid.cells_painted.connect(self._painted)
        self.kind.currentIndexChanged.connect(lambda _: self._kind_changed())
        self.first_day.dateChanged.connect(self._first_day_moved)
        self._span_days = 0  # "To" stays this many days after "From" when "From" moves
        self.last_day.dateChanged.connect(self._last_day_moved)
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_selected)
        state.changed.connect(self._state_changed)
        self._fill_agents()
        self._kind_changed()

    # State --------------------------------------------------------------------------------
    def agent_id(self) -> str | None:
        data = self.agent_combo.currentData()
        return str(data) if data else None

    def select_agent(self, agent_id: str) -> None:
        index = self.agent_combo.findData(agent_id)
        if index >= 0:
            self.agent_combo.setCurrentIndex(index)

    def _state_changed(self, change: ChangeSet) -> None:
        if change.scenario:
            self._fill_agents()

    def _fill_agents(self) -> None:
        current = self.agent_id()
        self.agent_combo.blockSignals(True)
        self.agent_combo.clear()
        for agent in self.state.scenario.agents:
            suffix = "" if agent.active else " (inactive)"
            self.agent_combo.addItem(f"{agent.name} — {agent.time_zone}{suffix}", agent.id)
        index = self.agent_combo.findData(current) if current else 0
        self.agent_combo.setCurrentIndex(max(index, 0))
        self.agent_combo.blockSignals(False)
        self._show_agent()

    def _show_agent(self) -> None:
        agent_id = self.agent_id()
        scenario = self.state.scenario
        if agent_id is None:
            return
        agent = scenario.agent(agent_id)
        ref = scenario.team.reference_zone
        slots = self.local_grid.slots_per_day
        picked = _date(self.week.date())
        monday = monday_of(picked)
        self.local_grid.set_cells(editing.cells_from_windows(agent.availability.windows,
                                                             24 * 60 // slots))
        self.local_grid.set_day_titles(day_titles(monday))
        self.local_grid.set_marks(local_marks(scenario, agent, monday))
        view = week_in_zone(scenario, agent, monday, ref, slots)
        self.reference_grid.set_cells(view.cells)
        self.reference_grid.set_day_titles(day_titles(monday))
        self.reference_grid.set_marks(view.marks)
        self.local_title.setText(f"<b>Weekly pattern</b> in {agent.time_zone} (the agent's "
                                 "local time) — drag to paint")
        self.reference_title.setText(f"<b>The week of {monday:%d %b %Y}</b> in {ref} "
                                     "(reference zone), with exceptions and time off")
        hours = sum(1 for row in view.cells for c in row if c) * 24 / slots
        contract = scenario.contract_of(agent)
        self.summary.setText(f"Available {hours:g} h in this week; the contract allows "
                             f"{contract.min_hours_per_week:g}–{contract.max_hours_per_week:g} "
                             "h a week. Dark green: preferred. Orange days: holidays or "
                             "time off.")
        self.entries_model.set_rows(entries(scenario.time_off_of(agent.id),
                                            agent.availability.exceptions))
        self.holidays.clear()
        upcoming = upcoming_holidays(agent, monday)
        if not agent.country:
            self.holidays.addItem("No country set: no public holidays.")
        for day, name in upcoming:
            self.holidays.addItem(f"{day:%a %d %b %Y}  {name}")

    # Editing ------------------------------------------------------------------------------
    def _set_mode(self, mode: str | None) -> None:
        self.local_grid.paint_mode = mode

    def _painted(self, cells: list[list[str | None]]) -> None:
        agent_id = self.agent_id()
        if agent_id is None:
            return
        minutes = 24 * 60 // self.local_grid.slots_per_day
        windows = editing.windows_from_cells(cells, minutes)
        new = editing.set_availability_windows(self.state.scenario, agent_id, windows)
        self.state.apply(f"paint availability of {new.agent(agent_id).name}", scenario=new)

    def _kind_changed(self) -> None:
        hours = self.kind.currentData() in ("unavailable", "extra")
        self.from_time.setEnabled(hours)
        self.to_time.setEnabled(hours)
        self.last_day.setEnabled(not hours)

    def _first_day_moved(self, first: QDate) -> None:
        """"To" follows "From", keeping the number of days the manager chose."""
        self.last_day.blockSignals(True)
        self.last_day.setDate(first.addDays(self._span_days))
        self.last_day.blockSignals(False)

    def _last_day_moved(self, last: QDate) -> None:
        self._span_days = max(0, self.first_day.date().daysTo(last))

    def _reset_entry_form(self) -> None:
        """After an entry is added: a blank note, one day, the usual hours; kind and day stay."""
        self.note.clear()
        self._span_days = 0
        self._first_day_moved(self.first_day.date())
        self.from_time.setTime(QTime(9, 0))
        self.to_time.setTime(QTime(17, 0))

    def add_entry(self) -> bool:
        agent_id = self.agent_id()
        if agent_id is None:
            return False
        kind = self.kind.currentData()
        first = _date(self.first_day.date())
        last = _date(self.last_day.date())
        note = self.note.text().strip()
        scenario = self.state.scenario
        try:
            if kind in ("unavailable", "extra"):
                start = time(self.from_time.time().hour(), self.from_time.time().minute())
                end = time(self.to_time.time().hour(), self.to_time.time().minute())
                exc = AvailabilityException(first, start, end, ends_next_day=end <= start,
                                            available=kind == "extra", note=note)
                new = editing.add_exception(scenario, agent_id, exc)
                label = f"add exception on {first}"
            else:
                entry = TimeOff(f"off-{agent_id}-{first:%Y%m%d}"[:120], agent_id, first, last,
                                TimeOffKind(kind), note)
                new = editing.add_time_off(scenario, entry)
                label = f"add time off {first}–{last}"
        except DomainError as error:
            self.entry_error.show_message("\n".join(
                p.message + (f" — {p.suggestion}" if p.suggestion else "")
                for p in error.problems))
            return False
        self.entry_error.show_message("")
        self.state.apply(label, scenario=new)
        self._reset_entry_form()
        return True

    def remove_selected(self) -> None:
        agent_id = self.agent_id()
        rows = self.entries_view.selectionModel().selectedRows()
        if agent_id is None or not rows:
            return
        entry: DatedEntry = self.entries_model.row_of(rows[0])
        item = entry.item
        if isinstance(item, TimeOff):
            new = editing.remove_time_off(self.state.scenario, item.id)
        else:
            new = editing.remove_exception(self.state.scenario, agent_id, item)
        self.state.apply(f"remove {entry.what}", scenario=new)
