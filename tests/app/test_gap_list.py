"""Gaps by priority on the rota (colour, pattern, word, legend, tooltip) and the gap list:
sortable, a row selects the gap on the rota, and "who can take this?" opens from it."""

from __future__ import annotations

import dataclasses
from datetime import time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from coverage_app.pages.rota import RotaPage
from coverage_app.pages.rota.advice import CandidatesDialog
from coverage_app.pages.rota.gap_list import GapListPanel
from coverage_app.state import AppState
from coverage_app.widgets.gap_style import gap_colour
from coverage_app.widgets.rota_style import DAY_H, HOUR_H, NAME_W, STRIP_H
from models.domain import Shift
from models.timerules import to_utc
from tests.app.gap_fixtures import FIRST, plan_with_gaps
from tests.app.rota_fakes import rest_check

STRIP_TOP = DAY_H + HOUR_H


class Candidate:
    def __init__(self, shift: Shift) -> None:
        self.agent_id, self.shift, self.violations = shift.agent_id, shift, ()
        self.cost, self.reason = 1.0, "available"


@pytest.fixture
def asked():
    return []


@pytest.fixture
def page(qtbot, demo, asked):
    def advice(scenario, plan, requirement_id, start, end):
        asked.append((requirement_id, start, end))
        return [Candidate(Shift("proposal-1", "igor-petrov", start, start + timedelta(hours=8)))]

    state = AppState(demo, plan_with_gaps(demo))
    widget = RotaPage(state, None, check_fn=rest_check, advice_fn=advice)
    qtbot.addWidget(widget)
    qtbot.addWidget(widget.gap_list)
    widget.resize(1400, 700)
    widget.show()
    widget.gap_list.resize(700, 300)
    widget.gap_list.show()
    # Coverage and open gaps are counted off the GUI thread: wait for the plan's review.
    qtbot.waitUntil(lambda: widget.current_review() is not None, timeout=30000)
    yield widget
    widget.shutdown()


def x_of(view, instant) -> int:
    """Where the calendar draws an instant (its axis is linear from the name column)."""
    width = view.viewport().width() - NAME_W - 8
    return round(NAME_W + view.layout_data.fraction(instant) * width)


def strip_colour_for(qtbot, page, requirement_name):
    """The colour at the foot of the first gap cell when the strip shows one requirement."""
    combo = page.requirement_combo
    combo.setCurrentIndex(combo.findText(requirement_name))
    view = page.view
    cell = next(c for c in view.layout_data.strip if c.missing)
    assert cell.scheduled == 0
    x = (x_of(view, cell.start) + x_of(view, cell.end)) // 2
    image = view.viewport().grab().toImage()
    colour = image.pixelColor(x, STRIP_TOP + STRIP_H - 4)
    tip = view.tooltip_at(QPoint(x, STRIP_TOP + STRIP_H // 2))
    return colour.name(), tip


def test_gap_colours_differ_by_priority_with_the_word_in_legend_and_tooltip(qtbot, page):
    must, must_tip = strip_colour_for(qtbot, page, "Phone duty")
    nice, nice_tip = strip_colour_for(qtbot, page, "German speaker")
    should, _ = strip_colour_for(qtbot, page, "Russian speaker")
    assert must == gap_colour(1).name()
    assert should == gap_colour(2).name()
    assert nice == gap_colour(3).name()
    assert len({must, should, nice}) == 3
    # Not by colour alone: the priority in words, in the tooltip and the legend.
    assert "(must)" in must_tip
    assert "(nice to have)" in nice_tip
    legend = page.legend.text()
    assert "gaps:" in legend
    for words in ("■</span> must", "▨</span> should", "░</span> nice to have"):
        assert words in legend


def test_strip_tooltip_names_the_requirement_once(qtbot, page):
    combo = page.requirement_combo
    combo.setCurrentIndex(combo.findText("German speaker"))
    view = page.view
    gap = next(g for g in page.state.plan.gaps if g.requirement_id == "247-de")
    tip = view.tooltip_at(QPoint((x_of(view, gap.start) + x_of(view, gap.end)) // 2,
                                 STRIP_TOP + STRIP_H // 2))
    assert tip.count("German speaker") == 1  # the solver's message starts with it too
    assert "Nobody with the skill is available then." in tip
    assert "(nice to have)" in tip


def test_gap_list_sorts_by_each_column(qtbot, page):
    panel: GapListPanel = page.gap_list
    # The gaps open in the plan as it stands (counted by the review), every priority.
    n = panel.row_count()
    assert n >= 3
    priorities = [panel.row_at(i).priority for i in range(n)]
    assert priorities == sorted(priorities)  # must first
    assert {1, 2, 3} <= set(priorities)
    assert f"{priorities.count(1)} must" in panel.summary.text()
    header = panel.table.horizontalHeader()

    def click_header(column):
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, header.height() // 2))

    click_header(1)  # When
    starts = [panel.row_at(i).gap.start for i in range(n)]
    assert starts == sorted(starts)
    click_header(1)
    assert [panel.row_at(i).gap.start for i in range(n)] == sorted(starts, reverse=True)
    click_header(2)  # Requirement
    names = [panel.row_at(i).requirement for i in range(n)]
    assert names == sorted(names)


def test_selecting_a_gap_shows_it_on_the_rota_and_asks_who_can_take_it(qtbot, page, asked):
    panel = page.gap_list
    table = panel.table
    second_week = to_utc(FIRST + timedelta(days=7), time(0), page.state.display_zone)
    row = next(i for i in range(panel.row_count())
               if panel.row_at(i).requirement == "Russian speaker"
               and panel.row_at(i).gap.start >= second_week)
    target = panel.row_at(row).gap
    assert page.anchor == FIRST  # the first week is shown; the gap is in the second
    rect = table.visualRect(table.model().index(row, 2))
    with qtbot.waitSignal(page.view.gap_selected, timeout=2_000) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [target]
    assert page.view.selected_gap == target
    assert page.anchor == FIRST + timedelta(days=7)  # moved to the week that holds it
    assert "14 Dec" in page.range_label.text()
    view = page.view
    image = view.viewport().grab().toImage()
    x = (x_of(view, target.start) + x_of(view, target.end)) // 2
    highlight = view.palette().highlight().color()
    assert image.pixelColor(x, STRIP_TOP + 1).name() == highlight.name()  # outlined
    assert panel.who_button.isEnabled()
    qtbot.mouseClick(panel.who_button, Qt.MouseButton.LeftButton)
    assert asked == [(target.requirement_id, target.start, target.end)]
    dialog = page.findChild(CandidatesDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.model.rowCount() == 1
    dialog.reject()


def test_the_gap_list_follows_the_plan(qtbot, page):
    panel = page.gap_list
    plan = page.state.plan
    import dataclasses

    before = panel.row_count()
    page.state.apply("remove every shift", plan=dataclasses.replace(plan, shifts=()))
    qtbot.waitUntil(lambda: panel.row_count() > before, timeout=30_000)
    page.state.undo()
    qtbot.waitUntil(lambda: panel.row_count() == before, timeout=30_000)


def test_gap_model_passes_the_model_tester(qtmodeltester, page):
    qtmodeltester.check(page.gap_list.model)
    qtmodeltester.check(page.gap_list.proxy)


def test_the_main_window_docks_the_gap_list_beside_the_rota_only(qtbot, demo):
    from coverage_app.main_window import MainWindow

    window = MainWindow(AppState(demo, plan_with_gaps(demo)), None)
    qtbot.addWidget(window)
    window.show()
    dock = window.gap_dock
    assert dock.widget() is window.rota_page.gap_list
    toggle = dock.toggleViewAction()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert toggle in view_menu.actions()
    window.show_page(window.PAGES.index("Team"))
    assert not dock.isVisible()
    window.show_page(window.PAGES.index("Rota"))
    assert dock.isVisible()
    qtbot.waitUntil(lambda: dock.widget().row_count() >= 3, timeout=30_000)
    toggle.trigger()  # the manager closes it: it stays closed across pages
    assert not dock.isVisible()
    window.show_page(window.PAGES.index("Team"))
    window.show_page(window.PAGES.index("Rota"))
    assert not dock.isVisible()
    qtbot.waitUntil(lambda: window.rota_page.current_review() is not None,
                    timeout=30_000)  # its review ended
    window.close()


def test_a_first_plan_never_reads_as_no_gaps_in_the_list(qtbot, demo):
    """While the solver improves its first plan, the list says how many gaps there are so far
    (their reasons come with the solved plan), never that the target is met."""
    from coverage_app.services.plan_review import review_plan

    plan = dataclasses.replace(plan_with_gaps(demo), gaps=())  # a first plan: none explained
    state = AppState(demo, None)
    widget = RotaPage(state, None, check_fn=rest_check)
    qtbot.addWidget(widget)
    panel = widget.gap_list
    widget.reviews.keep(review_plan(demo, plan, rest_check, explain=False))
    state.apply("first plan", plan=plan)
    qtbot.waitUntil(lambda: widget.current_review() is not None, timeout=30_000)
    text = panel.summary.text()
    assert "gaps so far" in text
    assert "met everywhere" not in text
    assert panel.row_count() == 0
    widget.shutdown()


def test_the_summary_counts_one_gap_in_the_singular(demo):
    from coverage_app.services.gap_rows import GapRow

    gap = plan_with_gaps(demo).gaps[0]
    assert GapListPanel._summary((GapRow(gap, "German speaker", 3),)) == "1 gap: 1 nice to have"
    two = (GapRow(gap, "German speaker", 3), GapRow(gap, "Phone duty", 1))
    assert GapListPanel._summary(two) == "2 gaps: 1 must, 1 nice to have"
