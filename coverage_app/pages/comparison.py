"""Compare targets page: solve the team for several coverage targets over the same period
and show their figures side by side, with charts of the gaps and the hours.

Solving runs off the GUI thread (``TaskRunner``; each solve in a child process, as on the Rota
page) with progress and cancel. Charts are pyqtgraph: PySide6-Essentials has no QtCharts, and
pyqtgraph is 1.9 MB of Python over numpy, which ortools brings already.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coverage_app.solve_worker import SolveFn, TaskRunner, default_solve
from coverage_app.state import AppState, ChangeSet
from models.domain import Period
from models.words import count

if TYPE_CHECKING:  # pyqtgraph, the solver (OR-Tools) and XlsxWriter load when first used
    import pyqtgraph as pg

    from coverage_app.services.comparison import Comparison

PRIORITY_COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#f1c40f"}
HOURS_COLOUR, PREMIUM_COLOUR = "#4a6fa5", "#8e6bb8"


def _chart(title: str, left: str) -> pg.PlotWidget:
    import pyqtgraph as pg

    plot = pg.PlotWidget(background="w")
    plot.setTitle(title, color="#333", size="11pt")
    plot.setLabel("left", left, color="#333")
    plot.showGrid(y=True, alpha=0.25)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen("#666"))
        axis.setTextPen(pg.mkPen("#333"))
    plot.addLegend(offset=(10, 8), labelTextColor="#333", brush=pg.mkBrush(255, 255, 255, 220))
    plot.setMinimumHeight(220)
    return plot


class ComparisonPage(QWidget):
    compared = Signal(object)  # Comparison, once shown

    def __init__(self, state: AppState, solve_fn: SolveFn | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.solve_fn = solve_fn or default_solve
        self.comparison: Comparison | None = None
        self.runner = TaskRunner(self)
        title = QLabel("Compare targets")
        title.setProperty("role", "page-title")
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("ddd d MMM yyyy")
        monday = date.today() + timedelta(days=7 - date.today().weekday())  # noqa: DTZ011
        self.start.setDate(QDate(monday.year, monday.month, monday.day))
        self.days = QSpinBox()
        self.days.setRange(1, 42)
        self.days.setValue(7)
        self.days.setSuffix(" days")
        self.seconds = QSpinBox()
        self.seconds.setRange(2, 300)
        self.seconds.setValue(10)
        self.seconds.setSuffix(" s per target")
        self.compare_button = QPushButton("Compare")
        self.cancel_button = QPushButton("Stop")
        self.cancel_button.setEnabled(False)
        self.export_button = QPushButton("Save workbook…")
        self.export_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        for widget in (QLabel("From"), self.start, self.days, self.seconds,
                       self.compare_button, self.cancel_button, self.export_button):
            top.addWidget(widget)
        top.addStretch(1)

        self.targets = QListWidget()
        self.targets.setMaximumWidth(200)
        self.targets.setToolTip("Ticked targets are solved for the same team and period")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.status = QLabel("Tick the targets to compare and press Compare.")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The charts (pyqtgraph) are made when the first comparison is drawn: a start of the
        # app does not pay for importing them.
        self.gaps_chart: pg.PlotWidget | None = None
        self.hours_chart: pg.PlotWidget | None = None
        self.charts_hint = QLabel("The charts appear here after a comparison.")
        self.charts_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        charts = self.charts_box = QHBoxLayout()
        charts.addWidget(self.charts_hint)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.status)
        right_box.addWidget(self.progress)
        right_box.addWidget(self.table, 1)
        right_box.addLayout(charts, 1)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(QLabel("Targets"))
        left_box.addWidget(self.targets, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.compare_button.clicked.connect(self.start_comparison)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.export_button.clicked.connect(self._choose_export)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.progress_shown.connect(lambda: self.progress.setVisible(True))
        state.changed.connect(self._state_changed)
        self._fill_targets()

    # Targets ------------------------------------------------------------------------------
    def _state_changed(self, change: ChangeSet) -> None:
        if change.scenario:
            self._fill_targets()

    def _fill_targets(self) -> None:
        ticked = set(self.ticked()) if self.targets.count() else None
        self.targets.clear()
        for target in self.state.scenario.targets:
            item = QListWidgetItem(target.name)
            item.setData(Qt.ItemDataRole.UserRole, target.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = ticked is None or target.id in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.targets.addItem(item)

    def ticked(self) -> list[str]:
        return [str(self.targets.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.targets.count())
                if self.targets.item(i).checkState() == Qt.CheckState.Checked]

    # Solving ------------------------------------------------------------------------------
    def period(self) -> Period:
        q = self.start.date()
        return Period(date(q.year(), q.month(), q.day()), self.days.value())

    def start_comparison(self) -> None:
        ids = tuple(self.ticked())
        if not ids:
            self.status.setText("Tick at least one target.")
            return
        scenario, period, seconds = self.state.scenario, self.period(), float(self.seconds.value())
        solve_fn = self.solve_fn

        def job(report: Any, cancel: Any) -> Comparison:
            from coverage_app.services.comparison import compare_targets

            return compare_targets(
                scenario, period, ids, time_limit_s=seconds, workers=2,
                on_progress=lambda i, n, name, p: report((i, n, name, p)),
                cancel=cancel, solve_fn=solve_fn)

        self._total_s = seconds * len(ids)
        self._seconds = seconds
        self.compare_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.status.setText(f"Solving {count(len(ids), 'target')}, up to {seconds:.0f} s each…")
        self.runner.run(job)

    def _progressed(self, item: object) -> None:
        index, count, name, progress = item  # type: ignore[misc]
        elapsed = progress.elapsed_s if progress is not None else 0.0
        done = (index * self._seconds + min(elapsed, self._seconds)) / self._total_s
        self.progress.setValue(int(1000 * done))
        self.status.setText(f"Solving {index + 1} of {count}: {name}…")

    def _finished(self, comparison: object) -> None:
        from coverage_app.services.comparison import Comparison  # loaded by the job already

        assert isinstance(comparison, Comparison)
        self.compare_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        self.show_comparison(comparison)

    def _failed(self, message: str) -> None:
        self.compare_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        self.status.setText(f"The comparison failed: {message}")

    def shutdown(self) -> None:
        self.runner.shutdown()

    # Showing ------------------------------------------------------------------------------
    def show_comparison(self, comparison: Comparison) -> None:
        from exports.comparison import figure_rows

        self.comparison = comparison
        figures = [o.figures for o in comparison.outcomes]
        rows = figure_rows(figures)
        self.table.clear()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(len(figures))
        self.table.setHorizontalHeaderLabels([f.target_name for f in figures])
        self.table.setVerticalHeaderLabels([label for label, _, _ in rows])
        for r, (_label, fmt, values) in enumerate(rows):
            for c, value in enumerate(values):
                text = value if isinstance(value, str) else (
                    f"{value:,.0f}" if fmt in ("0", "#,##0") else f"{value:,.1f}")
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self._draw_charts(comparison)
        period = comparison.period
        stopped = " Stopped early: only the targets solved so far are shown." if (
            comparison.cancelled) else ""
        self.status.setText(f"{count(len(figures), 'target')} for {period.days} days from "
                            f"{period.first_day:%a %d %b %Y}.{stopped}")
        self.export_button.setEnabled(bool(figures))
        self.compared.emit(comparison)

    def _make_charts(self) -> tuple[pg.PlotWidget, pg.PlotWidget]:
        if self.gaps_chart is None or self.hours_chart is None:
            self.gaps_chart = _chart("Missing person-hours by priority", "person-hours")
            self.hours_chart = _chart("Hours worked and premium hours", "hours")
            self.charts_hint.hide()
            self.charts_box.addWidget(self.gaps_chart)
            self.charts_box.addWidget(self.hours_chart)
        return self.gaps_chart, self.hours_chart

    def _draw_charts(self, comparison: Comparison) -> None:
        import pyqtgraph as pg

        from exports.comparison import PRIORITY_NAMES

        gaps_chart, hours_chart = self._make_charts()
        figures = [o.figures for o in comparison.outcomes]
        ticks = [[(i, f.target_name) for i, f in enumerate(figures)]]
        for plot in (gaps_chart, hours_chart):
            plot.clear()
            plot.getAxis("bottom").setTicks(ticks)
            plot.setXRange(-0.6, len(figures) - 0.4, padding=0)
        xs = list(range(len(figures)))
        base = [0.0] * len(figures)
        for priority in (1, 2, 3):
            heights = [f.shortfall_of(priority) for f in figures]
            if not any(heights) and priority != 1:
                continue
            gaps_chart.addItem(pg.BarGraphItem(
                x=xs, y0=base, height=heights, width=0.55,
                brush=PRIORITY_COLOURS[priority], pen=pg.mkPen("#555", width=0.5),
                name=f"priority {priority} ({PRIORITY_NAMES[priority]})"))
            base = [b + h for b, h in zip(base, heights, strict=True)]
        gaps_chart.setYRange(0, max([*base, 1.0]) * 1.45, padding=0)  # room for the legend
        worked = [f.hours for f in figures]
        premium = [f.premium_hours for f in figures]
        hours_chart.addItem(pg.BarGraphItem(
            x=[x - 0.15 for x in xs], height=worked, width=0.3, brush=HOURS_COLOUR,
            pen=pg.mkPen("#555", width=0.5), name="hours worked"))
        hours_chart.addItem(pg.BarGraphItem(
            x=[x + 0.15 for x in xs], height=premium, width=0.3, brush=PREMIUM_COLOUR,
            pen=pg.mkPen("#555", width=0.5), name="night, weekend, holiday"))
        hours_chart.setYRange(0, max([*worked, 1.0]) * 1.35, padding=0)

    # Export -------------------------------------------------------------------------------
    def export_to(self, path: Path) -> None:
        if self.comparison is None:
            return
        period = self.comparison.period
        title = (f"{self.state.scenario.team.name} — coverage targets compared, "
                 f"{period.first_day.isoformat()} for {period.days} days")
        from exports.comparison import write_comparison

        try:
            write_comparison(path, [o.figures for o in self.comparison.outcomes], title)
        except OSError as error:
            self.status.setText(f"Cannot write {path}: {error.strerror or error}")
            return
        self.status.setText(f"Comparison saved to {path}.")

    def _choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save comparison", "comparison.xlsx",
                                              "Excel workbook (*.xlsx)")
        if name:
            self.export_to(Path(name if name.lower().endswith(".xlsx") else f"{name}.xlsx"))
