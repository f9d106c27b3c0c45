"""The "From forecast…" dialog: volumes typed into the week table or loaded from a file, the
headcount preview, and "Set headcounts" as one undo step on the coverage target page."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from coverage_app.pages.coverage_target import CoverageTargetPage
from coverage_app.services import editing
from coverage_app.state import AppState
from models.domain import Scenario
from solver.demand import erlang_c_agents


def _page(qtbot, scenario: Scenario) -> tuple[CoverageTargetPage, AppState]:
    state = AppState(scenario)
    page = CoverageTargetPage(state)
    qtbot.addWidget(page)
    page.show()
    return page, state


def _select_channel(dialog, skill_id: str) -> None:
    for i in range(dialog.channels.count()):
        if dialog.channels.item(i).data(Qt.ItemDataRole.UserRole) == skill_id:
            dialog.channels.setCurrentRow(i)
            return
    raise AssertionError(skill_id)


def test_typed_phone_volumes_set_the_phone_grid_as_one_undo_step(qtbot, demo: Scenario):
    page, state = _page(qtbot, demo)
    assert state.scenario.active_target_id == "24-7"
    page.forecast_button.click()
    dialog = page.forecast_dialog
    assert dialog is not None
    assert dialog.isVisible()
    _select_channel(dialog, "phone")
    dialog.shrinkage.setValue(0)
    dialog.handle.setValue(180)
    assert dialog.model.currentData() == "queue"
    assert dialog.target_share.value() == 80
    assert dialog.within.value() == 20
    with qtbot.waitSignal(dialog.preview_changed):
        dialog.volumes.setItem(10, 0, QTableWidgetItem("200"))  # Monday 10:00
    # Published Erlang C example: 200 calls an hour, 180 s, 80 % within 20 s -> 14 agents.
    assert dialog.headcounts.item(10, 0).text() == "14"
    assert dialog.headcounts.item(11, 0).text() == "0"
    assert "Phone duty" in dialog.summary.text()
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(state.changed) as change:
        dialog.apply_button.click()
    assert change.args[0].label == "headcounts from forecast"
    target = state.scenario.target
    grid = editing.headcount_grid(editing.family_of(target, "247-phone"))
    assert grid[0][10] == 14
    assert grid[0][11] == 0
    assert sum(map(sum, grid)) == 14
    # The grid on the page is the same grid, and stays editable.
    assert [r.id for r in target.requirements if r.skills == ("linux", "tier2")] == [
        "247-linux-t2"]
    with qtbot.waitSignal(state.changed):
        state.undo()
    assert state.scenario == demo


def test_bad_volume_is_shown_and_blocks_setting(qtbot, demo: Scenario):
    page, _state = _page(qtbot, demo)
    dialog = page.open_forecast()
    _select_channel(dialog, "chat")
    dialog.volumes.setItem(9, 1, QTableWidgetItem("lots"))
    assert "Tue 09:00" in dialog.errors.text()
    assert "'lots'" in dialog.errors.text()
    assert not dialog.apply_button.isEnabled()


def test_loading_a_file_fills_the_table_and_a_bad_file_names_the_row(qtbot, demo, tmp_path):
    page, _state = _page(qtbot, demo)
    dialog = page.open_forecast()
    good = tmp_path / "volumes.csv"
    good.write_text("channel,weekday,hour,volume,aht,concurrency\n"
                    "Chat,Wednesday,14,120,600,3\n", encoding="utf-8")
    with qtbot.waitSignal(dialog.preview_changed):
        assert dialog.load_file(good)
    assert dialog.channel_id() == "chat"
    assert dialog.concurrency.value() == 3
    assert dialog.volumes.item(14, 2).text() == "120"
    seats = erlang_c_agents(120, 600, 0.8, 60)
    expected = math.ceil(math.ceil(seats / 3) / 0.7 - 1e-9)  # 3 chats each, 30 % shrinkage
    assert dialog.headcounts.item(14, 2).text() == str(expected)
    assert "volumes.csv" in dialog.source_label.text()
    bad = tmp_path / "bad.csv"
    bad.write_text("channel,weekday,hour,volume,aht\nChat,Someday,14,120,600\n",
                   encoding="utf-8")
    assert not dialog.load_file(bad)
    assert "bad.csv, row 2, column B 'weekday'" in dialog.errors.text()


def test_per_hour_handle_times_from_a_file_survive_other_edits(qtbot, demo, tmp_path):
    page, _state = _page(qtbot, demo)
    dialog = page.open_forecast()
    volumes = tmp_path / "volumes.csv"
    volumes.write_text("channel,weekday,hour,volume,aht\n"
                       "phone,mon,9,100,120\n"
                       "phone,mon,10,100,600\n", encoding="utf-8")
    assert dialog.load_file(volumes)
    assert dialog.handle.value() == 360  # the volume-weighted average is shown
    with qtbot.waitSignal(dialog.preview_changed):
        dialog.shrinkage.setValue(10)
    loads = dialog.forecasts["phone"].loads
    assert (loads[9].handle_seconds, loads[10].handle_seconds) == (120, 600)
    with qtbot.waitSignal(dialog.preview_changed):
        dialog.handle.setValue(300)
    loads = dialog.forecasts["phone"].loads
    assert (loads[9].handle_seconds, loads[10].handle_seconds) == (300, 300)
