"""The rota calendar read and driven like a manager does: bars always say start and end in the
display zone, the month's day headers fit, days off are shaded with their kind, and the
keyboard selects, opens, moves and deletes shifts and gaps."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from coverage_app.pages.rota import RotaPage
from coverage_app.pages.rota.advice import CandidatesDialog
from coverage_app.state import AppState
from models.domain import TimeOff, TimeOffKind
from models.timerules import to_local
from tests.app.rota_fakes import FakeSolver, rest_check

MONDAY = date(2026, 12, 7)


def open_page(qtbot, scenario, width=1400, height=800):
    page = RotaPage(AppState(scenario), None, solve_fn=FakeSolver(), check_fn=rest_check)
    qtbot.addWidget(page)
    page.resize(width, height)
    page.panel.set_start(MONDAY)
    page.panel.days_spin.setValue(28)
    page.show()
    with qtbot.waitSignal(page.solved, timeout=10_000):
        qtbot.mouseClick(page.panel.solve_button, Qt.MouseButton.LeftButton)
    return page


@pytest.fixture
def page(qtbot, demo):
    widget = open_page(qtbot, demo)
    yield widget
    widget.shutdown()


def test_bars_in_kathmandu_time_show_start_and_end(qtbot, page):
    page.state.set_display_zone("Asia/Kathmandu")
    layout = page.view.layout_data
    assert layout.zone_name == "Asia/Kathmandu"
    bars = [b for bars in layout.bars_by_agent.values() for b in bars]
    assert bars
    for bar in bars:
        a = to_local(bar.shift.start, "Asia/Kathmandu")
        b = to_local(bar.shift.end, "Asia/Kathmandu")
        for label in bar.labels:  # whichever fits is drawn: each says where it ends
            assert "–" in label, label
            assert label.split("–")[1].lstrip("0").startswith(str(b.hour) if b.hour else "")
        assert bar.labels[0] == f"{a:%H:%M}–{b:%H:%M}"
    # The zone the times are in is written on the calendar itself, and on the range label.
    assert "Asia/Kathmandu" in page.range_label.text()


@pytest.mark.parametrize("width", [1360, 1600])
def test_month_day_headers_are_whole_words_at_laptop_widths(qtbot, demo, width):
    page = open_page(qtbot, demo, width=width)
    qtbot.mouseClick(page.month_button, Qt.MouseButton.LeftButton)
    view = page.view
    assert len(view.layout_data.day_labels) == 28
    texts = view.day_header_texts()
    first = view.layout_data.day_labels[0].day
    for i, text in enumerate(texts):
        day = first + timedelta(days=i)
        assert text.startswith(f"{day:%a} {day.day}"), text  # "Mon 7", never "lon 7 ue 0"
    page.shutdown()


def test_sick_day_and_vacation_are_shaded_on_the_agents_row_with_their_kind(qtbot, demo):
    off = (TimeOff("off-sick", "kadri-tamm", MONDAY + timedelta(days=1),
                   MONDAY + timedelta(days=1), TimeOffKind.SICK, "called in at 07:30"),
           TimeOff("off-ski", "igor-petrov", MONDAY + timedelta(days=2),
                   MONDAY + timedelta(days=4), TimeOffKind.VACATION))
    page = open_page(qtbot, dataclasses.replace(demo, time_off=(*demo.time_off, *off)))
    view = page.view
    marks = view.layout_data.absences_by_agent
    sick = [a for a in marks["kadri-tamm"] if a.kind == "sick"]
    assert [a.label for a in sick] == ["Sick"]
    assert [a.label for a in marks["igor-petrov"] if a.kind == "vacation"] == ["Vacation"]
    # Hovering the shaded day names the kind and the note (not colour alone).
    text = view.tooltip_at(view.point_at("kadri-tamm", sick[0].start + timedelta(hours=3)))
    assert "Sick, Tue 08 Dec: called in at 07:30" in text
    # A public holiday of the agent's country is shaded too (Estonia, 24 Dec).
    qtbot.mouseClick(page.month_button, Qt.MouseButton.LeftButton)
    holidays = [a for a in view.layout_data.absences_by_agent["kadri-tamm"]
                if a.kind == "holiday"]
    assert any(a.first_day == date(2026, 12, 24) for a in holidays)
    page.shutdown()


def key(qtbot, view, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(view, k, modifier)


def test_arrows_select_shifts_and_enter_on_a_gap_asks_who_can_take_it(qtbot, page):
    view = page.view
    view.setFocus()
    key(qtbot, view, Qt.Key.Key_Right)
    first = view.selected_shift()
    assert first is not None
    assert first.agent_id == view.layout_data.agents[0].id
    key(qtbot, view, Qt.Key.Key_Right)
    second = view.selected_shift()
    assert second.agent_id == first.agent_id
    assert second.start > first.start
    key(qtbot, view, Qt.Key.Key_Down)
    below = view.selected_shift()
    assert view.row_of(below.agent_id) == 1
    key(qtbot, view, Qt.Key.Key_Up)
    assert view.selected_shift().agent_id == first.agent_id
    key(qtbot, view, Qt.Key.Key_Up)  # above the first row: the strip's gaps
    gap = view.selected_gap
    assert gap is not None
    assert gap.missing
    assert view.selected_shift() is None
    with qtbot.waitSignal(view.candidates_requested, timeout=5_000) as blocker:
        key(qtbot, view, Qt.Key.Key_Return)
    assert (blocker.args[1], blocker.args[2]) == (gap.start, gap.end)
    dialogs = page.findChildren(CandidatesDialog)
    assert [d.isVisible() for d in dialogs] == [True]
    dialogs[0].reject()
    key(qtbot, view, Qt.Key.Key_Down)
    assert view.selected_shift() is not None
    # Enter on a shift opens its menu (delete, lock) at the bar.
    seen = []

    def close_menu():
        menu = QApplication.activePopupWidget()
        seen.append([a.text() for a in menu.actions()] if menu else None)
        if menu:
            menu.close()

    QTimer.singleShot(0, close_menu)
    key(qtbot, view, Qt.Key.Key_Return)
    assert seen == [["Delete shift", "Lock (the solver keeps it)"]]


def test_shift_arrows_move_the_selected_shift_checked_like_a_drag_and_delete_removes(qtbot,
                                                                                     page):
    view = page.view
    view.setFocus()
    key(qtbot, view, Qt.Key.Key_Right)
    shift = view.selected_shift()
    step = timedelta(minutes=page.state.scenario.team.granularity_minutes)
    with qtbot.waitSignal(page.edit_checked, timeout=5_000) as blocker:
        key(qtbot, view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    moved = next(s for s in blocker.args[0].plan.shifts if s.id == shift.id)
    assert (moved.start, moved.end) == (shift.start + step, shift.end + step)
    with qtbot.waitSignal(page.edit_checked, timeout=5_000) as blocker:
        key(qtbot, view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    later = next(s for s in blocker.args[0].plan.shifts if s.id == shift.id)
    assert later.start == moved.start + timedelta(days=1)
    # Moving onto the next day's shift is checked like a mouse move: the rule break shows.
    assert blocker.args[0].edited_violations
    assert page.message_bar.isVisible()
    with qtbot.waitSignal(page.edit_checked, timeout=5_000) as blocker:
        key(qtbot, view, Qt.Key.Key_Delete)
    assert shift.id not in {s.id for s in page.state.plan.shifts}


def test_at_1024_by_700_the_page_fits_and_the_keyboard_scrolls_the_rows(qtbot, demo):
    # A 1024 x 700 window leaves the page about 1024 x 540 under its menu, tabs and status bar.
    page = open_page(qtbot, demo, width=1024, height=540)
    assert page.minimumSizeHint().width() <= 1024
    assert page.minimumSizeHint().height() <= 540
    view = page.view
    assert view.width() <= 1024
    assert view.viewport().height() > 100  # the calendar keeps room for rows
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0  # 16 agents do not fit: the rows scroll inside the view
    view.setFocus()
    key(qtbot, view, Qt.Key.Key_Right)
    rows = len(view.layout_data.agents)
    for _ in range(rows):
        key(qtbot, view, Qt.Key.Key_Down)
    last = view.selected_shift()
    assert view.row_of(last.agent_id) >= rows - 2
    assert bar.value() > 0  # scrolled to keep the selected shift in sight
    page.shutdown()
