"""The availability page: painting with the mouse, the reference-zone view, dated entries."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QPoint, Qt

from coverage_app.pages.availability import AvailabilityPage
from coverage_app.pages.availability_view import week_in_zone
from coverage_app.qtmodels.time_off import TimeOffModel, entries
from coverage_app.state import AppState
from models.domain import AvailabilityException, AvailabilityKind, Scenario, TimeOffKind


def _page(qtbot, demo: Scenario, agent_id: str) -> tuple[AvailabilityPage, AppState]:
    state = AppState(demo)
    page = AvailabilityPage(state)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    page.select_agent(agent_id)
    page.week.setDate(QDate(2026, 11, 23))
    return page, state


def _drag(qtbot, grid, start: tuple[int, int], end: tuple[int, int]) -> None:
    a = grid.cell_rect(*start).center()
    b = grid.cell_rect(*end).center()
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(grid, b)
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=b)


def test_painting_sets_weekly_windows_in_local_time(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo, "sita-gurung")
    grid = page.local_grid
    slots = grid.slots_per_day // 24
    # Clear Saturday, then paint Saturday 08:00-12:00 as preferred.
    page.mode_buttons[None].setChecked(True)
    with qtbot.waitSignal(state.changed):
        _drag(qtbot, grid, (5, 0), (5, grid.slots_per_day - 1))
    page.mode_buttons["preferred"].setChecked(True)
    with qtbot.waitSignal(state.changed) as change:
        _drag(qtbot, grid, (5, 8 * slots), (5, 12 * slots - 1))
    assert "paint availability" in change.args[0].label
    windows = state.scenario.agent("sita-gurung").availability.windows
    saturday = [w for w in windows if 5 in w.window.weekdays]
    assert {(w.window.start, w.window.end) for w in saturday} == {(time(8), time(12))}
    assert {w.kind for w in saturday} == {AvailabilityKind.AVAILABLE, AvailabilityKind.PREFERRED}
    with qtbot.waitSignal(state.changed):
        state.undo()
    with qtbot.waitSignal(state.changed):
        state.undo()
    assert state.scenario == demo


def test_reference_view_is_shifted_by_the_zone_offset(qtbot, demo: Scenario) -> None:
    page, _state = _page(qtbot, demo, "sita-gurung")
    agent = demo.agent("sita-gurung")
    local = [r for r in page.local_grid.cells()]
    reference = page.reference_grid.cells()
    slots = page.local_grid.slots_per_day
    first_local = next(i for i, c in enumerate(local[2]) if c)
    first_ref = next(i for i, c in enumerate(reference[2]) if c)
    # Kathmandu is UTC+05:45, Tallinn UTC+02:00 in November: 3 h 45 min earlier in Tallinn.
    assert (first_local - first_ref) * (24 * 60 // slots) in range(225 - 30, 225 + 31)
    assert agent.time_zone in page.local_title.text()


def test_week_view_follows_dst(demo: Scenario) -> None:
    """The week of the spring change in Tallinn: a New York agent's day moves by an hour."""
    agent = demo.agent("maria-lopez")
    before = week_in_zone(demo, agent, date(2027, 3, 8), "Europe/Tallinn", 24)
    after = week_in_zone(demo, agent, date(2027, 3, 15), "Europe/Tallinn", 24)

    def starts(row: list[str | None]) -> list[int]:
        return [i for i in range(1, 24) if row[i] and not row[i - 1]]

    # New York moves to summer time on 14 March 2027, Tallinn only on 28 March.
    first, second = starts(before.cells[2]), starts(after.cells[2])
    assert first
    assert second == [i - 1 for i in first]


def test_time_off_added_and_removed_through_the_form(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo, "priya-sharma")
    page.kind.setCurrentIndex(page.kind.findData(TimeOffKind.SICK))
    page.first_day.setDate(QDate(2026, 11, 25))
    page.last_day.setDate(QDate(2026, 11, 26))
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    added = state.scenario.time_off_of("priya-sharma")
    assert [(t.first_day, t.last_day, t.kind) for t in added] == [
        (date(2026, 11, 25), date(2026, 11, 26), TimeOffKind.SICK)]
    assert page.entries_model.rowCount() == 1
    # the reference week now shows Wednesday and Thursday as days off
    assert not any(page.reference_grid.cells()[2])
    page.entries_view.selectRow(0)
    with qtbot.waitSignal(state.changed):
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert state.scenario.time_off_of("priya-sharma") == ()


def test_exception_with_bad_hours_shows_the_domain_message(qtbot, demo: Scenario) -> None:
    page, state = _page(qtbot, demo, "priya-sharma")
    page.kind.setCurrentIndex(page.kind.findData("unavailable"))
    page.from_time.setTime(page.from_time.time().fromString("10:00", "HH:mm"))
    page.to_time.setTime(page.to_time.time().fromString("10:00", "HH:mm"))
    ok = page.add_entry()
    # 10:00 to 10:00 is read as a whole day (ends next day), which the domain accepts
    assert ok
    exc = state.scenario.agent("priya-sharma").availability.exceptions[0]
    assert exc.ends_next_day


def test_holidays_of_the_agents_country_are_listed(qtbot, demo: Scenario) -> None:
    page, _state = _page(qtbot, demo, "priya-sharma")
    texts = [page.holidays.item(i).text() for i in range(page.holidays.count())]
    assert any("Christmas" in t for t in texts)


def test_time_off_model_passes_modeltester(qtmodeltester, demo: Scenario) -> None:
    model = TimeOffModel()
    exc = AvailabilityException(date(2026, 12, 1), time(9), time(12), False, note="dentist")
    model.set_rows(entries(demo.time_off, (exc,)))
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "not available 09:00–12:00"


def test_grid_paint_rect_emits_cells(qtbot) -> None:
    from coverage_app.widgets.week_grid import WeekGrid

    grid = WeekGrid(24)
    qtbot.addWidget(grid)
    grid.resize(500, 500)
    with qtbot.waitSignal(grid.cells_painted) as painted:
        grid.paint_rect((0, 9), (4, 16))
    cells = painted.args[0]
    assert sum(1 for row in cells for c in row if c == "available") == 5 * 8
    assert grid.cell_at(QPoint(1, 1)) is None
