"""The gap list: every gap of the plan in a sortable table (priority, when, requirement,
missing, reason). Selecting a row selects that gap on the rota; "Who can take this?" opens the
candidates for it. The main window docks the panel below the rota (:func:`dock_gap_list`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coverage_app.qtmodels.gap_model import PRIORITY, GapTableModel
from coverage_app.services.gap_rows import GapRow, gap_rows
from coverage_app.state import AppState, ChangeSet
from models.timerules import to_local
from models.words import count

SIZED_ROWS = 30  # rows a column's width is fitted to


class GapListPanel(QWidget):
    gap_selected = Signal(object)  # GapRow, or None when the selection is cleared
    candidates_requested = Signal(str, object, object)  # requirement id, UTC start, UTC end

    def __init__(self, state: AppState, parent: QWidget | None = None,
                 open_gaps: Callable[[], Any] = lambda: None,
                 unexplained: Callable[[], int] = lambda: 0) -> None:
        super().__init__(parent)
        self.setObjectName("GapList")
        self.state = state
        # The gaps open now (a review of the plan on show, after hand edits too); None until
        # the review lands, and then the plan's recorded gaps stand in.
        self.open_gaps = open_gaps
        # Gaps counted in a first plan the solver is still improving, not yet explained.
        self.unexplained = unexplained
        self.model = GapTableModel(zone_name=state.display_zone, parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(GapTableModel.SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PRIORITY, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Gaps")
        header = self.table.horizontalHeader()
        # Columns are fitted to their contents once per new list (from its first rows), not
        # on every repaint and sort: "resize to contents" asked the model for each cell's data
        # dozens of times whenever the list changed, a stall on the GUI thread.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(SIZED_ROWS)
        header.setStretchLastSection(True)
        self.model.modelReset.connect(self._fit_columns)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(lambda _index: self.request_candidates())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.who_button = QPushButton("Who can take this?")
        self.who_button.setToolTip("Agents who could cover the selected gap, best first "
                                   "(double-click a row does the same)")
        self.who_button.setEnabled(False)
        self.who_button.clicked.connect(self.request_candidates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.who_button)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        state.changed.connect(self._on_changed)
        state.display_zone_changed.connect(lambda _zone: self.refresh())
        self.refresh()

    def _fit_columns(self) -> None:
        if self.model.rowCount():  # the last column (the reason) takes the rest anyway
            for column in range(self.model.columnCount() - 1):
                self.table.resizeColumnToContents(column)

    def _on_changed(self, change: ChangeSet) -> None:
        if change.plan or change.scenario or change.replaced:
            self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        pending = self.unexplained()  # -1: the plan's gaps are still being counted
        rows = () if pending > 0 else gap_rows(self.state.scenario, self.state.plan,
                                                 self.open_gaps())
        self.model.set_gaps(rows, self.state.display_zone)
        if self.state.plan is None:
            text = "No plan yet: its gaps are listed here."  # never "no gaps" without a plan
        elif pending > 0:
            text = (f"{count(pending, 'gap')} so far in the solver's first plan: listed with "
                    "their reasons when the solve ends.")
        elif pending < 0 and not rows:
            text = "Counting the plan's gaps…"  # never "no gaps" before they were counted
        else:
            text = self._summary(rows)
        self.summary.setText(text)
        if selected is not None and not self.select_key(selected.key):
            self.gap_selected.emit(None)  # the gap was closed
        self.who_button.setEnabled(self.selected() is not None)

    @staticmethod
    def _summary(rows: tuple[GapRow, ...]) -> str:
        if not rows:
            return "No gaps: the target is met everywhere."
        counts = {p: sum(1 for r in rows if r.priority == p) for p in (1, 2, 3)}
        parts = [f"{n} {word}" for p, word in ((1, "must"), (2, "should"), (3, "nice to have"))
                 if (n := counts[p])]
        return f"{count(len(rows), 'gap')}: " + ", ".join(parts)

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def row_at(self, view_row: int) -> GapRow:
        """The gap shown in a row of the table as it is sorted now."""
        source = self.proxy.mapToSource(self.proxy.index(view_row, 0))
        return self.model.row_of(source)

    def selected(self) -> GapRow | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        return self.row_at(index.row())

    def select_key(self, key: tuple[str, str, str]) -> bool:
        """Select the gap with this key (after a refresh or a click on the rota)."""
        for view_row in range(self.proxy.rowCount()):
            if self.row_at(view_row).key == key:
                self.table.selectRow(view_row)
                return True
        return False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.row_at(current.row()) if current.isValid() else None
        self.who_button.setEnabled(row is not None)
        self.gap_selected.emit(row)

    def request_candidates(self) -> None:
        row = self.selected()
        if row is not None:
            self.candidates_requested.emit(row.gap.requirement_id, row.gap.start, row.gap.end)


def dock_gap_list(window: QMainWindow, stack: QStackedWidget, page: QWidget,
                  panel: GapListPanel) -> QDockWidget:
    """Dock the gap list below the rota in ``window``, shown while the rota page is; its toggle
    action is returned with the dock (``dock.toggleViewAction()``) for the View menu."""
    dock = QDockWidget("Gaps", window)
    dock.setObjectName("GapListDock")
    dock.setWidget(panel)
    dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea
                         | Qt.DockWidgetArea.RightDockWidgetArea
                         | Qt.DockWidgetArea.BottomDockWidgetArea)
    # Below the rota: the calendar keeps its width, the reasons have room to be read.
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resizeDocks([dock], [210], Qt.Orientation.Vertical)
    wanted = {"on": True}
    toggle = dock.toggleViewAction()
    toggle.setText("Gap list")
    toggle.setToolTip("Show or hide the list of gaps beside the rota")

    def on_page() -> bool:
        shown = stack.currentWidget()
        return shown is page or (isinstance(shown, QScrollArea) and shown.widget() is page)

    def page_shown(_index: int) -> None:
        dock.setVisible(on_page() and wanted["on"])

    def toggled(on: bool) -> None:
        if on_page():
            wanted["on"] = on

    toggle.toggled.connect(toggled)
    stack.currentChanged.connect(page_shown)
    page_shown(stack.currentIndex())
    return dock


def attach_gap_list(page: Any) -> GapListPanel:
    """The rota page's gap list: a row selects the gap on the calendar, and "Who can take
    this?" opens the same dialog as a click on the gap in the coverage strip."""
    def open_gaps() -> Any:
        review = page.current_review()
        return review.gaps if review is not None and review.explained else None

    def unexplained() -> int:
        review = page.current_review()
        if review is None:
            return -1 if page.state.plan is not None else 0
        return 0 if review.explained else review.gap_count

    panel = GapListPanel(page.state, open_gaps=open_gaps, unexplained=unexplained)
    page.reviewed.connect(lambda _review: panel.refresh())
    panel.gap_selected.connect(page.show_gap)
    panel.candidates_requested.connect(page.show_candidates)
    return panel


def show_gap_on_rota(page: Any, row: GapRow | None) -> None:
    """Bring a gap into the rota's view and mark it: the week holding it (the whole period
    in month view), the strip on its requirement when another one was picked."""
    if row is None:
        page.view.select_gap(None)
        return
    gap = row.gap
    day = to_local(gap.start, page.state.display_zone).date()
    plan = page.state.plan
    first = plan.period.first_day if plan is not None else day
    span = page.view_days
    if span and not (page.anchor is not None and page.anchor <= day
                     < page.anchor + timedelta(days=span)):
        page.anchor = first + timedelta(days=((day - first).days // span) * span) \
            if day >= first else day
    if page.requirement_id not in (None, gap.requirement_id):
        combo = page.requirement_combo
        combo.setCurrentIndex(max(0, combo.findData(gap.requirement_id)))
    page.refresh()
    page.view.select_gap(gap)
