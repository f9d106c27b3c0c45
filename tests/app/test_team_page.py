"""The team page, driven through its widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coverage_app.pages.team import TeamPage
from coverage_app.qtmodels.agents import AgentsModel
from coverage_app.state import AppState
from models.domain import Scenario


def _page(qtbot, demo: Scenario) -> tuple[TeamPage, AppState]:
    state = AppState(demo)
    page = TeamPage(state)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page, state


def test_agents_model_passes_modeltester(qtmodeltester, demo: Scenario) -> None:
    model = AgentsModel()
    model.set_scenario(demo)
    qtmodeltester.check(model)
    assert model.rowCount() == len(demo.agents)
    zone = model.index(model.row_of_id("sita-gurung"), 1).data()
    assert zone == "Asia/Kathmandu (UTC+05:45)"


def test_editing_an_agent_is_one_undoable_step(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    first = demo.agents[0]
    assert page.form.name.text() == first.name
    page.form.name.clear()
    qtbot.keyClicks(page.form.name, "Kadri Tamm-Kask")
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(state.changed) as change:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert change.args[0].scenario
    assert state.scenario.agent(first.id).name == "Kadri Tamm-Kask"
    assert page.model.index(0, 0).data() == "Kadri Tamm-Kask"
    with qtbot.waitSignal(state.changed):
        state.undo()
    assert state.scenario.agent(first.id).name == first.name
    assert page.form.name.text() == first.name


def test_bad_zone_is_shown_beside_the_field_and_blocks_saving(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    page.form.zone.lineEdit().clear()
    qtbot.keyClicks(page.form.zone.lineEdit(), "Mars/Olympus")
    label = page.form.errors.label("time_zone")
    assert not label.isHidden()
    assert "'Mars/Olympus' is not a time zone" in label.text()
    assert not page.save_button.isEnabled()
    assert not page.save()
    assert state.scenario == demo


def test_adding_an_agent_with_skills(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    page.new_agent_action.trigger()
    assert page.form_title.text() == "New agent"
    qtbot.keyClicks(page.form.name, "Mia Rossi")
    page.form.zone.set_zone("Europe/Rome")
    chip = page.form.skills.chip("phone")
    chip.click()
    chip.set_level(3, announce=True)
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    agent = state.scenario.agents[-1]
    assert agent.name == "Mia Rossi"
    assert agent.time_zone == "Europe/Rome"
    assert agent.level("phone") == 3
    assert page.model.rowCount() == len(demo.agents) + 1


def test_deactivate_greys_the_row(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert not state.scenario.agents[0].active
    assert page.model.index(0, 0).data() == f"{demo.agents[0].name} (inactive)"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert page.active_button.text() == "Reactivate"


def test_a_contract_from_a_template_is_offered_in_the_form(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    qtbot.mouseClick(page.form.contracts_button, Qt.MouseButton.LeftButton)
    dialog = page.contracts_dialog
    assert dialog is not None
    part_time = next(a for a in dialog.template_actions if a.text().startswith("Part-time"))
    with qtbot.waitSignal(state.changed):
        part_time.trigger()
    new_id = dialog.contract_id()
    assert state.scenario.contract(new_id).max_hours_per_week == 20
    assert page.form.contract.findData(new_id) >= 0
    assert page.form.contract.currentData() == demo.agents[0].contract_id  # not reassigned


def test_zone_picker_finds_cities(qtbot) -> None:
    from coverage_app.widgets.zone_picker import ZonePicker

    picker = ZonePicker()
    qtbot.addWidget(picker)
    assert "Asia/Kathmandu" in picker.search("kathmandu")
    assert "America/New_York" in picker.search("new york")
    picker.setEditText("Kathmandu")
    assert picker.zone() == "Asia/Kathmandu"


def test_employee_number_is_edited_as_text_and_saved(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    first = demo.agents[0]
    assert page.form.employee_number.text() == first.employee_number == "10001"
    page.form.employee_number.clear()
    qtbot.keyClicks(page.form.employee_number, " 00123 ")
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert state.scenario.agent(first.id).employee_number == "00123"
    assert state.scenario.agent(first.id).name == first.name  # nothing else changed
    page.select_agent(demo.agents[1].id)
    assert page.form.employee_number.text() == "10002"
    page.select_agent(first.id)  # the form shows the saved number again
    assert page.form.employee_number.text() == "00123"
    with qtbot.waitSignal(state.changed):
        state.undo()
    assert state.scenario.agent(first.id).employee_number == "10001"
    assert page.form.employee_number.text() == "10001"


def test_a_bad_employee_number_is_shown_beside_the_field(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    page.form.employee_number.setText("12\t34")  # pasted from a spreadsheet with a tab
    page.form.employee_number.textEdited.emit("12\t34")
    label = page.form.errors.label("employee_number")
    assert not label.isHidden()
    assert "one line of text" in label.text()
    assert not page.save()
    assert state.scenario == demo
