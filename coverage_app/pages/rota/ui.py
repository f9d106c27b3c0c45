"""The Rota page's widgets and actions, laid out in code (the page itself holds the slots)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coverage_app.widgets.gap_style import gap_colour, legend_entries
from coverage_app.widgets.plan_explained import PlanExplainedPanel
from coverage_app.widgets.rota_style import (
    SHARED_COLOUR,
    VIOLATION_COLOUR,
    duty_colour,
)
from coverage_app.widgets.rota_view import RotaView
from coverage_app.widgets.solve_panel import SolvePanel
from models.domain import DutyKind, Scenario

if TYPE_CHECKING:
    from coverage_app.pages.rota.page import RotaPage


def action_icon(widget: QWidget, name: str, fallback: QStyle.StandardPixmap) -> QIcon:
    try:
        from resources import icon

        result = icon(name)
        if not result.isNull():
            return result
    except Exception:
        pass  # an icon is never worth a crash
    return widget.style().standardIcon(fallback)


def tool_button(text: str, checkable: bool = False) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setCheckable(checkable)
    return button


def legend_html(scenario: Scenario) -> str:
    """Bar colours: shared work, each dedicated duty, gaps by priority, rule breaks."""
    parts = [f"<span style='color:{SHARED_COLOUR.name()}'>■</span> shared"]
    for r in scenario.target.requirements:
        if r.duty is DutyKind.DEDICATED:
            parts.append(f"<span style='color:{duty_colour(r.id).name()}'>■</span> "
                         f"{html.escape(r.name)}")
    parts.append("· gaps:")
    for priority, glyph, words in legend_entries():  # the glyph mirrors the strip's pattern
        parts.append(f"<span style='color:{gap_colour(priority).name()}'>{glyph}</span> "
                     f"{html.escape(words)}")
    parts.append("·")
    parts.append(f"<span style='color:{VIOLATION_COLOUR.name()}'>▢</span> breaks a rule")
    return " ".join(parts)


def build_actions(page: RotaPage) -> None:
    sp = QStyle.StandardPixmap

    def make(text: str, icon_name: str, fallback: QStyle.StandardPixmap, key: str,
             tip: str) -> QAction:
        action = QAction(action_icon(page, icon_name, fallback), text, page)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(f"{tip} ({QKeySequence(key).toString()})")
        action.setStatusTip(tip)
        return action

    page.solve_action = make("Solve", "solve", sp.SP_MediaPlay, "F5",
                             "Build a rota for the period")
    page.replan_action = make("Re-plan…", "replan", sp.SP_BrowserReload, "Ctrl+R",
                              "Mark someone sick or away and repair the rota")
    page.publish_action = make("Publish…", "publish", sp.SP_DialogApplyButton, "Ctrl+P",
                               "Mark this plan as the published version")
    page.export_action = make("Export…", "export", sp.SP_DialogSaveButton, "Ctrl+E",
                              "Export calendars, the workbook or CSV")


def build_stale_bar(page: RotaPage) -> QFrame:
    """Says that the team or the target changed after the plan was made; one click re-solves."""
    page.stale_bar = QFrame()
    page.stale_bar.setObjectName("StaleBar")
    page.stale_bar.setStyleSheet(
        "#StaleBar { background: #fff4e5; border: 1px solid #e08a00; border-radius: 4px; }"
        " #StaleBar QLabel { color: #663c00; }")
    row = QHBoxLayout(page.stale_bar)
    row.setContentsMargins(8, 4, 8, 4)
    page.stale_label = QLabel("<b>Plan out of date</b>: the team or the coverage target "
                              "changed after this plan was made, so its coverage and gaps may "
                              "no longer hold.")
    page.stale_label.setWordWrap(True)
    page.resolve_button = QPushButton("Re-solve now")
    page.resolve_button.setToolTip("Build the rota again for the team and target as they are "
                                   "now; locked shifts stay (F5)")
    page.resolve_button.clicked.connect(page.start_solve)
    row.addWidget(page.stale_label, 1)
    row.addWidget(page.resolve_button)
    page.stale_bar.setVisible(False)
    return page.stale_bar


def build_ui(page: RotaPage) -> None:
    outer = QVBoxLayout(page)
    outer.setContentsMargins(6, 6, 6, 6)
    outer.setSpacing(6)
    page.panel = SolvePanel()
    page.panel.solve_requested.connect(page.start_solve)
    page.panel.cancel_requested.connect(page.cancel_solve)
    outer.addWidget(page.panel)
    page.explained = PlanExplainedPanel()
    outer.addWidget(page.explained)

    bar = QHBoxLayout()
    page.week_button = tool_button("Week", checkable=True)
    page.week_button.setChecked(True)
    page.month_button = tool_button("Month", checkable=True)
    page.week_button.setToolTip("Show one week")
    page.month_button.setToolTip("Show the whole planning period")
    group = QButtonGroup(page)
    group.addButton(page.week_button)
    group.addButton(page.month_button)
    page.week_button.toggled.connect(lambda on: page.set_view_days(7 if on else 0))
    page.prev_button = tool_button("◀")
    page.prev_button.setToolTip("Earlier")
    page.next_button = tool_button("▶")
    page.next_button.setToolTip("Later")
    page.start_button = tool_button("Period start")
    page.prev_button.clicked.connect(lambda: page.step(-1))
    page.next_button.clicked.connect(lambda: page.step(1))
    page.start_button.clicked.connect(page.go_to_start)
    page.range_label = QLabel()
    page.requirement_combo = QComboBox()
    page.requirement_combo.setToolTip("Which requirement the coverage strip shows")
    page.requirement_combo.currentIndexChanged.connect(page.choose_requirement)
    for widget in (page.week_button, page.month_button, page.prev_button, page.start_button,
                   page.next_button, page.range_label):
        bar.addWidget(widget)
    bar.addStretch(1)
    bar.addWidget(QLabel("Coverage strip:"))
    bar.addWidget(page.requirement_combo)
    page.legend = QLabel()
    page.legend.setWordWrap(True)  # wraps instead of widening the page past 1024 px
    page.legend.setToolTip("Bar colours: the duty a shift holds; a red outline breaks a rule."
                           " Gaps in the strip by priority: solid must, striped should, "
                           "dotted nice to have")
    outer.addLayout(bar)

    outer.addWidget(build_stale_bar(page))

    page.message_bar = QFrame()
    page.message_bar.setObjectName("ViolationBar")
    page.message_bar.setStyleSheet(
        "#ViolationBar { background: #fdecea; border: 1px solid #e01e1e; border-radius: 4px; }"
        " #ViolationBar QLabel { color: #7f1010; }")
    row = QHBoxLayout(page.message_bar)
    row.setContentsMargins(8, 4, 8, 4)
    page.message_label = QLabel()
    page.message_label.setWordWrap(True)
    page.keep_button = QPushButton("Keep as override")
    page.keep_button.setToolTip("Keep the shift; the override and its reason show in exports")
    page.undo_button = QPushButton("Undo")
    page.keep_button.clicked.connect(page.keep_override)
    page.undo_button.clicked.connect(page.state.undo)
    row.addWidget(page.message_label, 1)
    row.addWidget(page.keep_button)
    row.addWidget(page.undo_button)
    page.message_bar.setVisible(False)
    outer.addWidget(page.message_bar)

    hint = QLabel("Drag a shift to move it, drag an edge to resize, double-click an empty "
                  "spot to add one, right-click to lock. Keys: arrows select, Enter opens, "
                  "Shift+arrows move, Delete removes. Click a gap in the strip: who can take it?")
    hint.setWordWrap(True)
    hint.setEnabled(False)  # greyed: a hint, not content
    outer.addWidget(hint)
    outer.addWidget(page.legend)  # its own line: it wraps on a narrow screen
    page.view = RotaView()
    page.view.shift_change_requested.connect(page.edits.change_times)
    page.view.shift_delete_requested.connect(page.delete_shift)
    page.view.shift_add_requested.connect(page.add_shift)
    page.view.standby_add_requested.connect(page.add_standby)
    page.view.shift_lock_requested.connect(page.edits.set_locked)
    page.view.candidates_requested.connect(page.show_candidates)
    outer.addWidget(page.view, 1)
