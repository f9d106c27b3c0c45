"""The coverage target page: presets, requirements, the headcount grid, staffing figures."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from coverage_app.pages.coverage_target import CoverageTargetPage
from coverage_app.qtmodels.requirements import HeadcountGridModel, RequirementsModel
from coverage_app.services import editing
from coverage_app.state import AppState
from models.domain import DutyKind, Scenario


def _page(qtbot, scenario: Scenario) -> tuple[CoverageTargetPage, AppState]:
    state = AppState(scenario)
    page = CoverageTargetPage(state)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    return page, state


def test_models_pass_modeltester(qtmodeltester, demo: Scenario) -> None:
    model = RequirementsModel()
    model.set_skill_names({s.id: s.name for s in demo.skills})
    model.set_rows(demo.target.requirements)
    qtmodeltester.check(model)
    grid = HeadcountGridModel()
    grid.set_grid(editing.headcount_grid(demo.target.requirements[:1]))
    qtmodeltester.check(grid)
    assert grid.rowCount() == 24
    assert grid.columnCount() == 7


def test_typing_a_headcount_in_the_grid_changes_the_target(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    page.req_view.selectRow(1)  # Business hours, weekdays only
    req = page.requirement()
    assert req is not None
    assert req.name == "Business hours"
    weekday_headcount = req.headcount
    index = page.grid_model.index(12, 5)  # Saturday 12:00
    with qtbot.waitSignal(state.changed) as change:
        assert page.grid_model.setData(index, 2)
    assert change.args[0].label == "headcount of Business hours"
    family = editing.family_of(state.scenario.target, req.id)
    assert editing.headcount_grid(family)[5][12] == 2
    assert editing.headcount_grid(family)[0][12] == weekday_headcount
    assert page.grid_model.index(12, 5).data() == 2
    with qtbot.waitSignal(state.changed):
        state.undo()
    assert state.scenario == demo


def test_fill_selected_cells_is_one_step(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    page.req_view.selectRow(0)
    selection = page.grid_view.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    area = QItemSelection(page.grid_model.index(0, 0), page.grid_model.index(5, 6))
    selection.select(area, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.fill_value.setValue(1)
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.fill_button, Qt.MouseButton.LeftButton)
    family = editing.family_of(state.scenario.target, "247-open")
    grid = editing.headcount_grid(family)
    assert all(grid[d][h] == 1 for d in range(7) for h in range(6))
    assert all(grid[d][h] == 2 for d in range(7) for h in range(6, 24))
    assert state.can_undo


def test_start_from_preset_adds_and_activates_a_copy(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    page.preset_combo.setCurrentIndex(page.preset_combo.findData("preset-16h"))
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.copy_preset_button, Qt.MouseButton.LeftButton)
    assert len(state.scenario.targets) == len(demo.targets) + 1
    assert state.scenario.target.name == "16 h a day"
    assert page.target().id == state.scenario.active_target_id
    assert "(active)" in page.target_combo.currentText()


def test_requirement_form_edits_skills_and_duty(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    page.req_view.selectRow(0)
    with qtbot.waitSignal(state.changed):
        page.req_duty.setCurrentIndex(page.req_duty.findData(DutyKind.DEDICATED.value))
    assert state.scenario.target.requirements[0].duty is DutyKind.DEDICATED
    item = page.req_skills.item(0)
    with qtbot.waitSignal(state.changed):
        item.setCheckState(Qt.CheckState.Checked)
    assert state.scenario.target.requirements[0].skills == (demo.skills[0].id,)


def test_staffing_shows_understaffing_before_solving(qtbot, demo: Scenario) -> None:
    few = dataclasses.replace(demo, agents=demo.agents[:3], time_off=())
    page, state = _page(qtbot, few)
    assert page.staffing_label.property("role") == "staffing-short"
    assert "Short by" in page.staffing_label.text()
    # a one-person 12 h target is coverable by three agents
    from models.presets import twelve_hours

    with qtbot.waitSignal(state.changed):
        state.apply("small target", scenario=editing.copy_target(few, twelve_hours(), "Small"))
    assert page.staffing_label.property("role") == "staffing-ok"
