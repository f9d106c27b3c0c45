"""Team page: the agents table and a form to add, edit and deactivate an agent."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coverage_app.dialogs.contracts import ContractsDialog
from coverage_app.qtmodels.agents import AgentsModel
from coverage_app.services import editing
from coverage_app.services.errors import UserError
from coverage_app.state import AppState, ChangeSet
from coverage_app.widgets.agent_form import AgentForm
from models.domain import Agent, DomainError, Problem, Scenario
from resources import icon


class TeamPage(QWidget):
    """Agents on the left, the selected agent's form on the right."""

    agent_selected = Signal(str)
    availability_requested = Signal(str)  # agent id: paint this agent's week

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._editing_id: str | None = None  # None: the form describes a new agent
        self._dirty = False
        self.unsaved_prompt: QMessageBox | None = None  # open while asking about unsaved edits
        self.contracts_dialog: ContractsDialog | None = None
        self.model = AgentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(True)

        self.new_agent_action = QAction(icon("add"), "New agent", self)
        self.new_agent_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_agent_action.setToolTip("Add an agent to the team (Ctrl+Shift+N)")
        self.new_agent_action.triggered.connect(self.new_agent)
        self.addAction(self.new_agent_action)
        new_button = QPushButton(icon("add"), "New agent")
        new_button.setToolTip(self.new_agent_action.toolTip())
        new_button.clicked.connect(self.new_agent)
        self.count_label = QLabel()

        left = QWidget()
        left_box = QVBoxLayout(left)
        title = QLabel("Team")
        title.setProperty("role", "page-title")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(new_button)
        left_box.addLayout(header)
        self.count_label.setProperty("role", "hint")
        left_box.addWidget(self.count_label)
        left_box.addWidget(self.table)

        self.form = AgentForm()
        self.form_title = QLabel()
        self.form_title.setProperty("role", "page-title")
        self.save_button = QPushButton(icon("save"), "Save changes")
        self.save_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.save_button.setToolTip("Apply the form (Ctrl+Enter); undo with Ctrl+Z")
        self.revert_button = QPushButton("Revert")
        self.active_button = QPushButton(icon("deactivate"), "Deactivate")
        self.active_button.setToolTip("An inactive agent keeps their history but is never "
                                      "scheduled")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.active_button)
        self.availability_note = QLabel()
        self.availability_note.setProperty("role", "warning")
        self.availability_note.setWordWrap(True)
        self.availability_button = QPushButton(icon("availability"), "Paint availability")
        self.availability_button.setToolTip("Open this agent's week on the Availability page")
        note_box = QHBoxLayout()
        note_box.addWidget(self.availability_note, 1)
        note_box.addWidget(self.availability_button)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.addWidget(self.form_title)
        right_box.addLayout(note_box)
        right_box.addWidget(self.form)
        right_box.addLayout(buttons)
        right_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        self.form_scroll = scroll
        right.installEventFilter(self)  # its size needs change with the skill chips

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.form.edited.connect(self._form_edited)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        self.active_button.clicked.connect(self._toggle_active)
        self.form.contracts_button.clicked.connect(self.open_contracts)
        self.availability_button.clicked.connect(self._request_availability)
        state.changed.connect(self._state_changed)
        self._reload(select=state.scenario.agents[0].id if state.scenario.agents else None)

    # Reading state ------------------------------------------------------------------------
    def _state_changed(self, change: ChangeSet) -> None:
        if change.scenario:
            self._reload(select=self._editing_id, keep_form=self._dirty and not change.undo)

    def _reload(self, select: str | None, keep_form: bool = False) -> None:
        scenario = self.state.scenario
        self.model.set_scenario(scenario)
        self.form.set_catalogue(scenario)
        self._fit_form()
        active = len(scenario.active_agents())
        self.count_label.setText(f"{active} active, {len(scenario.agents) - active} inactive")
        row = self.model.row_of_id(select) if select else -1
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        if not keep_form:
            self._load(select if row >= 0 else None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.form_scroll.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_form()
        return super().eventFilter(watched, event)

    def _fit_form(self) -> None:
        """The splitter keeps room for the whole form (its skill chips decide the width); on
        a screen too narrow even for that, the form scrolls sideways."""
        scroll = self.form_scroll
        content = scroll.widget()
        needed = (content.minimumSizeHint().width()
                  + scroll.verticalScrollBar().sizeHint().width() + 2 * scroll.frameWidth())
        scroll.setMinimumWidth(min(needed, 600))

    def _row_changed(self, current: object, _previous: object) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            agent = self.model.rows()[row]
            if agent.id != self._editing_id:
                self._leave_form(lambda: self._show_agent(agent.id))

    def _show_agent(self, agent_id: str) -> None:
        self._select_row(agent_id)
        self._load(agent_id)
        self.agent_selected.emit(agent_id)

    def _select_row(self, agent_id: str | None) -> None:
        selection = self.table.selectionModel()
        row = self.model.row_of_id(agent_id) if agent_id else -1
        selection.blockSignals(True)
        if row >= 0:
            selection.setCurrentIndex(self.model.index(row, 0),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        else:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(),
                                      QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.blockSignals(False)
        self.table.viewport().update()

    def _leave_form(self, then: Callable[[], None]) -> None:
        """Run ``then`` (show another agent) now, or after asking what to do with unsaved edits.

        The question is a window-modal box: Save, Discard or Cancel. Until it is answered the
        table keeps showing the agent being edited, so a click never drops typing silently.
        """
        if not self._dirty:
            then()
            return
        self._select_row(self._editing_id)
        who = (self.state.scenario.agent(self._editing_id).name if self._editing_id
               else self.form.name.text().strip() or "the new agent")
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                          f"Your changes to {who} are not saved.", parent=self)
        box.setInformativeText("Save them, discard them, or stay to keep editing.")
        box.setStandardButtons(QMessageBox.StandardButton.Save
                               | QMessageBox.StandardButton.Discard
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(_result: int) -> None:
            button = box.standardButton(box.clickedButton())
            self.unsaved_prompt = None
            if button == QMessageBox.StandardButton.Save and self.save():
                then()
            elif button == QMessageBox.StandardButton.Discard:
                self._dirty = False
                then()

        box.finished.connect(answered)
        self.unsaved_prompt = box
        box.open()

    def _load(self, agent_id: str | None) -> None:
        scenario = self.state.scenario
        agent = scenario.agent(agent_id) if agent_id else None
        self._editing_id = agent_id
        self.form.load(agent, scenario.team.reference_zone)
        self.form_title.setText(f"Edit {agent.name}" if agent else "New agent")
        self.save_button.setText("Save changes" if agent else "Add agent")
        self.active_button.setVisible(agent is not None)
        if agent is not None:
            self.active_button.setText("Deactivate" if agent.active else "Reactivate")
        self._show_availability_note(agent)
        self._dirty = False
        self._update_buttons(valid=agent is not None)

    # Editing ------------------------------------------------------------------------------
    def new_agent(self) -> None:
        self._leave_form(self._start_new_agent)

    def _start_new_agent(self) -> None:
        self._select_row(None)
        self._load(None)
        self.form.name.setFocus()

    def _show_availability_note(self, agent: Agent | None) -> None:
        """A warning while an agent has no weekly availability: the planner cannot use them."""
        missing = agent is not None and agent.active and not agent.availability.windows
        if agent is not None and missing:
            self.availability_note.setText(
                f"⚠ {agent.name} has no availability yet, so no shift can be planned for "
                "them. Paint their week on the Availability page.")
        elif agent is None:
            self.availability_note.setText(
                "A new agent starts with no availability: after adding them, paint their "
                "week on the Availability page.")
        self.availability_note.setVisible(missing or agent is None)
        self.availability_button.setVisible(missing)

    def _request_availability(self) -> None:
        if self._editing_id is not None:
            self.availability_requested.emit(self._editing_id)

    def open_contracts(self) -> ContractsDialog:
        """The contract editor (one at a time); the form's contract list follows its edits."""
        if self.contracts_dialog is None:
            self.contracts_dialog = ContractsDialog(
                self.state, self, select=str(self.form.contract.currentData() or "") or None)
        self.contracts_dialog.show()
        self.contracts_dialog.raise_()
        return self.contracts_dialog

    def _form_edited(self) -> None:
        self._dirty = True
        self._update_buttons(valid=self._candidate() is not None)

    def _candidate(self) -> Scenario | None:
        """The scenario the form would produce; shows problems beside the fields."""
        base = self.state.scenario.agent(self._editing_id) if self._editing_id else None
        try:
            agent = self.form.build(base)
            scenario = self.state.scenario
            new = (editing.update_agent(scenario, agent) if base else
                   editing.add_agent(scenario, agent))
        except DomainError as error:
            self.form.errors.show(error.problems)
            return None
        except UserError as error:
            self.form.errors.show(_strip_agent_prefix(error.problems))
            return None
        self.form.errors.clear()
        return new

    def save(self) -> bool:
        """Apply the form as one undoable step; False (and messages shown) when invalid."""
        new = self._candidate()
        if new is None:
            return False
        if new == self.state.scenario:
            self._dirty = False
            self._update_buttons(valid=True)
            return True
        if self._editing_id is None:
            added = new.agents[-1]
            self._editing_id = added.id
            label = f"add agent {added.name}"
        else:
            label = f"edit agent {new.agent(self._editing_id).name}"
        self._dirty = False
        self.state.apply(label, scenario=new)
        self._load(self._editing_id)
        return True

    def _revert(self) -> None:
        self._load(self._editing_id)

    def _toggle_active(self) -> None:
        if self._editing_id is None:
            return
        agent = self.state.scenario.agent(self._editing_id)
        new = editing.set_agent_active(self.state.scenario, agent.id, not agent.active)
        self._dirty = False
        self.state.apply(f"{'reactivate' if not agent.active else 'deactivate'} {agent.name}",
                         scenario=new)

    def _update_buttons(self, valid: bool) -> None:
        self.save_button.setEnabled(valid and (self._dirty or self._editing_id is None))
        self.revert_button.setEnabled(self._dirty)

    def select_agent(self, agent_id: str) -> None:
        self._leave_form(lambda: self._reload(select=agent_id))


def _strip_agent_prefix(problems: tuple[Problem, ...]) -> list[Problem]:
    """``agents[3].contract_id`` -> ``contract_id`` so the form finds the field."""
    result = []
    for p in problems:
        path = p.path
        if path.startswith("agents["):
            path = path.split(".", 1)[1] if "." in path else ""
        result.append(Problem(path, p.value, p.message, p.suggestion))
    return result
