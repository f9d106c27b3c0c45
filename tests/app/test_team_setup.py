"""Setting up a team on the Team page: what a newcomer meets when adding and editing agents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from coverage_app.pages.team import TeamPage
from coverage_app.state import AppState
from models.domain import Scenario


def _page(qtbot, demo: Scenario) -> tuple[TeamPage, AppState]:
    state = AppState(demo)
    page = TeamPage(state)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page, state


def _click_row(qtbot, page: TeamPage, row: int) -> None:
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_new_agent_inherits_no_skill_levels(qtbot, demo: Scenario) -> None:
    page, _state = _page(qtbot, demo)
    expert = next(a for a in demo.agents if any(s.level != 2 for s in a.skills))
    odd = next(s for s in expert.skills if s.level != 2)
    page.select_agent(expert.id)
    assert page.form.skills.chip(odd.skill_id).level() == odd.level
    page.new_agent_action.trigger()
    chip = page.form.skills.chip(odd.skill_id)
    assert not chip.isChecked()
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton, pos=chip.rect().topLeft() + _inside())
    assert chip.isChecked()
    assert chip.level() == 2  # the default, not the previous agent's level
    assert page.form.skills.skills() == [(odd.skill_id, 2)]


def _inside():
    from PySide6.QtCore import QPoint

    return QPoint(6, 6)


def test_chips_keep_their_width_when_toggled(qtbot, demo: Scenario) -> None:
    page, _state = _page(qtbot, demo)
    page.new_agent_action.trigger()
    chips = [page.form.skills.chip(s.id) for s in demo.skills]
    before = [(c.x(), c.width()) for c in chips]
    first = chips[0]
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton, pos=_inside())
    assert first.isChecked()
    qtbot.waitUntil(lambda: page.form.skills.layout().geometry().isValid())
    page.form.skills.layout().activate()
    assert [(c.x(), c.width()) for c in chips] == before
    assert first.width() >= first.fontMetrics().horizontalAdvance(first.text())


def test_a_new_agent_without_availability_is_warned_about(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    page.new_agent_action.trigger()
    assert page.availability_note.isVisible()
    qtbot.keyClicks(page.form.name, "Bikash Thapa")
    page.form.zone.set_zone("Asia/Kathmandu")
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    added = state.scenario.agents[-1]
    assert added.name == "Bikash Thapa"
    assert not added.availability.windows
    assert page.availability_note.isVisible()
    assert "Bikash Thapa has no availability" in page.availability_note.text()
    assert page.availability_button.isVisible()
    with qtbot.waitSignal(page.availability_requested) as asked:
        qtbot.mouseClick(page.availability_button, Qt.MouseButton.LeftButton)
    assert asked.args == [added.id]
    page.select_agent(demo.agents[0].id)
    assert not page.availability_note.isVisible()  # the demo agents have their weeks


def _answer(qtbot, page: TeamPage, button: QMessageBox.StandardButton) -> str:
    qtbot.waitUntil(lambda: page.unsaved_prompt is not None
                    and page.unsaved_prompt.isVisible())
    box = page.unsaved_prompt
    assert box is not None
    text = box.text()
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    return text


def test_choosing_another_agent_asks_before_dropping_edits(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo)
    first, second = demo.agents[0], demo.agents[1]
    qtbot.keyClicks(page.form.name, " Jr")
    _click_row(qtbot, page, 1)
    assert _answer(qtbot, page, QMessageBox.StandardButton.Cancel) == (
        f"Your changes to {first.name} are not saved.")
    assert page.form.name.text() == f"{first.name} Jr"  # still there
    assert page.table.currentIndex().row() == 0

    _click_row(qtbot, page, 1)
    with qtbot.waitSignal(state.changed):
        _answer(qtbot, page, QMessageBox.StandardButton.Save)
    assert state.scenario.agent(first.id).name == f"{first.name} Jr"
    assert page.form.name.text() == second.name

    qtbot.keyClicks(page.form.name, " X")
    _click_row(qtbot, page, 0)
    _answer(qtbot, page, QMessageBox.StandardButton.Discard)
    assert page.form.name.text() == f"{first.name} Jr"
    assert state.scenario.agent(second.id).name == second.name


def test_status_words_keep_names_as_typed(qtbot, demo: Scenario) -> None:
    from coverage_app.main_window import MainWindow

    state = AppState(demo)
    window = MainWindow(state, None)
    qtbot.addWidget(window)
    window.show()
    page = window.team_page
    page.new_agent_action.trigger()
    qtbot.keyClicks(page.form.name, "Bikash Thapa")
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Add agent Bikash Thapa"
    assert window.undo_action.text() == "&Undo add agent Bikash Thapa"
    assert window.undo_action.toolTip().startswith("Undo add agent Bikash Thapa")
    assert "&" not in window.undo_action.statusTip()
    assert "&" not in window.quit_action.toolTip()
    assert "&" not in window.new_action.statusTip()
