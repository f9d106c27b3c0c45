"""The whole app at 1024 x 700: every page fits or scrolls, and nothing is clipped, squeezed or
drawn over something else where Qt can tell."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from coverage_app.main_window import MainWindow
from coverage_app.state import AppState
from models.domain import Scenario
from tests.app.gap_fixtures import plan_with_gaps
from tests.app.layout_checks import layout_problems, sideways_overflow

SMALL = (1024, 700)


def settle() -> None:
    """Deliver the layout requests that showing a page posts (and those they post in turn)."""
    for _ in range(4):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


@pytest.fixture(autouse=True)
def _styled_as_the_app(qapp):
    """The app's style sheet, as users see it: it changes how wide spin boxes and date edits
    are (the Rota page fitted 1024 px without it and needed 30 px more with it)."""
    from coverage_app.main import apply_style

    apply_style(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def window(qtbot, demo: Scenario) -> MainWindow:
    window = MainWindow(AppState(demo), None)
    qtbot.addWidget(window)
    window.resize(*SMALL)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_window_can_be_1024_by_700(window: MainWindow) -> None:
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= SMALL[0]
    assert minimum.height() <= SMALL[1]
    assert (window.width(), window.height()) == SMALL


@pytest.mark.parametrize("title", MainWindow.PAGES)
def test_each_page_at_1024_by_700_has_nothing_clipped_or_overlapping(
        qtbot, window: MainWindow, title: str) -> None:
    window.show_page(MainWindow.PAGES.index(title))
    settle()
    page = window.current_page()
    assert page is not None
    area = window.stack.currentWidget()
    assert isinstance(area, QScrollArea)
    # a page wider or taller than the room it has scrolls; it never pushes the window wider
    viewport = area.viewport().size()
    if page.minimumSizeHint().width() > viewport.width():
        assert area.horizontalScrollBar().isVisible(), f"{title} is cut off on the right"
    if page.minimumSizeHint().height() > viewport.height():
        assert area.verticalScrollBar().isVisible(), f"{title} is cut off at the bottom"
    assert layout_problems(window) == []
    if title == "Team":  # the whole agent form shows, no sideways scrolling to reach it
        assert not window.team_page.form_scroll.horizontalScrollBar().isVisible()


def test_the_rota_page_with_a_solved_plan_fits_1024_without_scrolling_sideways(
        qtbot, demo: Scenario) -> None:
    """The Rota page at its widest: a plan with its result line and Details button."""
    window = MainWindow(AppState(demo, plan_with_gaps(demo)), None)
    qtbot.addWidget(window)
    window.resize(*SMALL)
    window.show()
    window.show_page(MainWindow.PAGES.index("Rota"))
    qtbot.waitUntil(lambda: window.rota_page.current_review() is not None, timeout=60_000)
    settle()
    assert window.rota_page.panel.details_button.isVisible()
    area = window.stack.currentWidget()
    assert isinstance(area, QScrollArea)
    assert sideways_overflow(area) is None
    assert layout_problems(window) == []
    window.rota_page.shutdown()


def test_sideways_overflow_is_found(qtbot, window: MainWindow) -> None:
    """The check above is not vacuous: a page made wider than 1024 px is reported."""
    window.show_page(MainWindow.PAGES.index("Rota"))
    settle()
    area = window.stack.currentWidget()
    assert sideways_overflow(area) is None
    window.rota_page.panel.setMinimumWidth(900)
    settle()
    assert "needs 9" in (sideways_overflow(area) or "")


def test_the_contract_editor_fits_a_small_screen(qtbot, window: MainWindow) -> None:
    dialog = window.team_page.open_contracts()
    dialog.resize(dialog.sizeHint())
    QApplication.processEvents()
    assert dialog.width() <= SMALL[0]
    assert dialog.height() <= SMALL[1] - 60
    assert layout_problems(dialog) == []


def test_the_title_names_the_team_and_the_app_once(window: MainWindow, demo: Scenario) -> None:
    assert window.windowTitle() == f"{demo.team.name} — Coverage Scheduler"
    app = QApplication.instance()
    app.setApplicationDisplayName("Coverage Scheduler")
    # Qt adds the display name to a title that does not already end with it
    assert window.windowTitle().endswith(app.applicationDisplayName())


def test_the_checks_find_a_cut_label_an_overlap_and_a_squeezed_widget(qtbot) -> None:
    """The checks above are not vacuous: a broken layout is reported."""
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    box = QHBoxLayout(root)
    cut = QLabel("A label whose text is far longer than the room it is given")
    cut.setMaximumWidth(60)
    box.addWidget(cut)
    squeezed = QPushButton("A wide button with a long caption")
    box.addWidget(squeezed)
    root.show()
    root.resize(200, 60)
    QApplication.processEvents()
    squeezed.resize(20, squeezed.height())
    stray = QPushButton("on top", root)
    stray.setGeometry(cut.geometry())
    box.addWidget(stray)
    stray.show()
    stray.setGeometry(cut.geometry())
    problems = "\n".join(layout_problems(root))
    assert "is cut short" in problems
    assert "below its minimum" in problems
    assert "overlaps" in problems


def test_saved_stays_readable_in_the_status_bar_of_a_small_window(
        qtbot, tmp_path) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings

    from coverage_app.main import build_window

    QCoreApplication.setOrganizationName("Coverage Scheduler tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    deep = tmp_path / "a folder with a long name" / "and another one inside it" / "team"
    deep.mkdir(parents=True)
    window, _solve_now = build_window(str(deep / "coverage-database-of-the-desk.sqlite"))
    qtbot.addWidget(window)
    window.resize(*SMALL)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.autosaver.saved, timeout=15_000):
        scenario = window.state.scenario
        window.state.apply("team settings", scenario=dataclasses.replace(
            scenario, team=dataclasses.replace(scenario.team, name="Northwind desk")))
    window.rota_page.status_message.emit("Good plan, 40 gaps; may improve with more time")
    settle()
    assert window.status_saved.text().startswith("Saved ")
    for label in (window.status_db, window.status_solve, window.status_saved):
        assert label.isVisible()
        assert window.statusBar().rect().contains(label.geometry())
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text()), label.text()
    assert str(deep) in window.status_db.toolTip()
    window.close()
    window.store.close()



def test_the_hiring_advice_tab_fits_1024_without_scrolling_sideways(
        qtbot, window: MainWindow) -> None:
    """The whole possible-hire form and the advice beside it, no field cut off on the right."""
    from tests.hiring_team import LONDON_DAYS

    window.show_page(MainWindow.PAGES.index("Coverage target"))
    page = window.target_page
    window.state.apply("a possible hire", hiring_menu=(LONDON_DAYS,))
    page.tabs.setCurrentWidget(page.hiring)
    settle()
    area = window.stack.currentWidget()
    assert isinstance(area, QScrollArea)
    assert sideways_overflow(area) is None
    assert not page.hiring.form_scroll.horizontalScrollBar().isVisible()
    assert page.hiring.form.isVisible()
    assert layout_problems(window) == []
    page.hiring.shutdown()
