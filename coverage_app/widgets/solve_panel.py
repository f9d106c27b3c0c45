"""The solve panel: period, time limit and seed; live progress after 500 ms; summary at the end."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.domain import Period


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


class SolvePanel(QFrame):
    solve_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SolvePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(4)

        form = QHBoxLayout()
        self.start_edit = QDateEdit()
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("ddd dd MMM yyyy")
        self.start_edit.setToolTip("First day of the period (in the team's reference zone)")
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 366)
        self.days_spin.setValue(28)
        self.days_spin.setSuffix(" days")
        self.limit_spin = QDoubleSpinBox()
        self.limit_spin.setRange(1, 3600)
        self.limit_spin.setDecimals(0)
        self.limit_spin.setValue(20)
        self.limit_spin.setSuffix(" s")
        self.limit_spin.setToolTip("The solver stops after this time with the best plan found")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 1_000_000)
        self.seed_spin.setToolTip("Same seed and time limit give the same plan")
        self.details_button = QToolButton()
        self.details_button.setText("Details")
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolTip("Seed, workers, whether the gaps are proven unavoidable, "
                                       "solver figures")
        self.details_button.setVisible(False)
        self.cheapest_check = QCheckBox("Cheapest plan")
        self.cheapest_check.setToolTip(
            "The cheapest plan that meets the target: cost (with night, weekend and holiday "
            "premiums) is minimised right after coverage, and fairness only among plans of "
            "that cost. Off: fairness first, then cost.")
        self.solve_button = QPushButton("Solve")
        self.solve_button.setToolTip("Build a rota for the period (F5)")
        self.solve_button.clicked.connect(self.solve_requested)
        # Short labels (their tooltips say more): the row fits a 1024 px screen beside the
        # sidebar. Details sits beside the result it details, not on this row.
        for text, widget in (("From", self.start_edit), ("for", self.days_spin),
                             ("limit", self.limit_spin), ("seed", self.seed_spin)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addWidget(label)
            form.addWidget(widget)
        form.addWidget(self.cheapest_check)
        form.addWidget(self.solve_button)
        form.addStretch(1)
        outer.addLayout(form)

        self.progress_box = QWidget()
        row = QHBoxLayout(self.progress_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumWidth(220)
        self.progress_label = QLabel("Solving…")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop now and keep the best plan found so far (Esc)")
        self.cancel_button.setShortcut(Qt.Key.Key_Escape)
        self.cancel_button.clicked.connect(self.cancel_requested)
        row.addWidget(self.progress_bar)
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.cancel_button)
        self.progress_box.setVisible(False)
        outer.addWidget(self.progress_box)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setVisible(False)
        self.details_label = QLabel()
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setWordWrap(True)
        self.details_label.setProperty("role", "hint")
        self.details_label.setVisible(False)
        self.details_button.toggled.connect(self._show_details)
        result = QHBoxLayout()
        result.addWidget(self.summary_label, 1)
        result.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(result)
        outer.addWidget(self.details_label)
        self.set_start(date.today() + timedelta(days=7 - date.today().weekday()))  # noqa: DTZ011

    # Reading -----------------------------------------------------------------------------------
    def set_start(self, day: date) -> None:
        self.start_edit.setDate(QDate(day.year, day.month, day.day))

    def period(self) -> Period:
        q = self.start_edit.date()
        return Period(date(q.year(), q.month(), q.day()), self.days_spin.value())

    def time_limit(self) -> float:
        return float(self.limit_spin.value())

    def seed(self) -> int:
        return self.seed_spin.value()

    def cheapest_first(self) -> bool:
        return self.cheapest_check.isChecked()

    # Showing -----------------------------------------------------------------------------------
    def set_running(self, running: bool) -> None:
        # While a solve runs, the button starts it over (with the settings as they are now).
        self.solve_button.setText("Restart solve" if running else "Solve")
        self.solve_button.setToolTip("Stop this solve and start again with the current settings"
                                     if running else "Build a rota for the period (F5)")
        self.cancel_button.setEnabled(running)
        if running:
            self.progress_bar.setValue(0)
            self.progress_label.setText("Solving…")
        else:
            self.progress_box.setVisible(False)

    def show_progress(self) -> None:
        self.progress_box.setVisible(True)

    def update_progress(self, progress: Any) -> None:
        elapsed = float(getattr(progress, "elapsed_s", 0.0))
        self.progress_bar.setValue(min(1000, round(1000 * elapsed / max(1.0, self.time_limit()))))
        stage = getattr(progress, "stage", "")
        shortfall = getattr(progress, "shortfall_minutes", None)
        parts = [f"{elapsed:.1f} s", f"objective {_fmt(progress.objective)}",
                 f"bound {_fmt(progress.bound)}", f"{progress.solutions} solutions"]
        if shortfall is not None:
            parts.append(f"{shortfall / 60:g} h uncovered")
        if stage:
            parts.insert(0, str(stage))
        self.progress_label.setText(" · ".join(parts))

    def show_summary(self, html_text: str, details: str = "") -> None:
        """The result in words; ``details`` (seed, workers, proof) behind the Details button."""
        self.summary_label.setText(html_text)
        self.summary_label.setVisible(True)
        self.details_label.setText(details)
        self.details_button.setVisible(bool(details))
        self._show_details(self.details_button.isChecked())

    def _show_details(self, shown: bool) -> None:
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if shown
                                         else Qt.ArrowType.RightArrow)
        self.details_label.setVisible(shown and bool(self.details_label.text()))
