""""From forecast…": set a coverage target's channel headcounts from contact volumes.

Volumes come from a file of past hours (averaged over the last N weeks) or are typed into the
week table; each channel has its service target. The headcount preview updates as values
change; "Set headcounts" hands the new scenario to the page, which applies it as one undo
step. The grid stays editable on the page afterwards.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coverage_app.services.errors import UserError
from coverage_app.services.forecast import ChannelDemand, apply_forecast, demand_grid
from coverage_app.services.forecast_file import (
    DEFAULTS,
    MODEL_WORDS,
    ChannelForecast,
    read_forecast,
)
from models.domain import DomainError, Problem, Scenario, SkillCategory
from models.words import count
from solver.demand import DemandModel, HourLoad, ServiceTarget

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MODEL_LABELS = {DemandModel.QUEUE: "Phone queue (Erlang C)",
                DemandModel.CHAT: "Chat (Erlang C, several chats per agent)",
                DemandModel.EMAIL: "E-mail (work within the response time)"}


def _week_table(editable: bool) -> QTableWidget:
    table = QTableWidget(24, 7)
    table.setHorizontalHeaderLabels(list(DAY_NAMES))
    table.setVerticalHeaderLabels([f"{h:02d}" for h in range(24)])
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(20)
    if not editable:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


class ForecastDialog(QDialog):
    preview_changed = Signal()  # the headcount preview was recomputed

    def __init__(self, scenario: Scenario, target_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.target_id = target_id
        self.forecasts: dict[str, ChannelForecast] = {}
        self.result_scenario: Scenario | None = None
        self.demands: list[ChannelDemand] = []
        self._loading = False
        target = next(t for t in scenario.targets if t.id == target_id)
        self.setWindowTitle(f"Headcounts from a forecast — {target.name}")
        self.resize(1280, 760)

        self.load_button = QPushButton("Load volumes…")
        self.load_button.setToolTip("A .csv or .xlsx file of contacts per channel and hour "
                                    "(see docs/formats.md, 'Forecast files')")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 52)
        self.weeks.setValue(4)
        self.weeks.setToolTip("Dated volumes: the average of the same weekday and hour over "
                              "the last N weeks in the file")
        self.source_label = QLabel("Type volumes per hour below, or load them from a file.")
        top = QHBoxLayout()
        top.addWidget(self.load_button)
        top.addWidget(QLabel("average of the last"))
        top.addWidget(self.weeks)
        top.addWidget(QLabel("weeks"))
        top.addSpacing(12)
        top.addWidget(self.source_label, 1)

        self.channels = QListWidget()
        self.channels.setMaximumHeight(110)
        self.channels.setToolTip("Ticked channels get their headcounts set")
        for skill in scenario.skills:
            if skill.category is SkillCategory.CHANNEL:
                item = QListWidgetItem(skill.name)
                item.setData(Qt.ItemDataRole.UserRole, skill.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.channels.addItem(item)
        self.model = QComboBox()
        for model, label in MODEL_LABELS.items():
            self.model.addItem(label, model.value)
        self.handle = QDoubleSpinBox()
        self.handle.setRange(1, 86400)
        self.handle.setDecimals(0)
        self.handle.setSuffix(" s")
        self.handle.setValue(300)
        self.target_share = QDoubleSpinBox()
        self.target_share.setRange(1, 99.9)
        self.target_share.setDecimals(1)
        self.target_share.setSuffix(" %")
        self.within = QDoubleSpinBox()
        self.within.setRange(1, 7 * 86400)
        self.within.setDecimals(0)
        self.within.setSuffix(" s")
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 10)
        self.shrinkage = QDoubleSpinBox()
        self.shrinkage.setRange(0, 89)
        self.shrinkage.setDecimals(0)
        self.shrinkage.setSuffix(" %")
        service_box = QGroupBox("Channel and service")
        service_layout = QVBoxLayout(service_box)
        form = QFormLayout()
        service_layout.addLayout(form)
        service_layout.addStretch(1)
        form.addRow(self.channels)
        form.addRow("Model", self.model)
        form.addRow("Average handle time", self.handle)
        form.addRow("Answered in time", self.target_share)
        form.addRow("… within", self.within)
        form.addRow("Chats per agent", self.concurrency)
        form.addRow("Shrinkage", self.shrinkage)

        self.volumes = _week_table(editable=True)
        self.headcounts = _week_table(editable=False)
        volume_box = QGroupBox("Contacts per hour (reference zone)")
        QVBoxLayout(volume_box).addWidget(self.volumes)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        head_box = QGroupBox("Agents needed per hour")
        head_layout = QVBoxLayout(head_box)
        head_layout.addWidget(self.headcounts)
        head_layout.addWidget(self.summary)
        middle = QHBoxLayout()
        middle.addWidget(service_box, 0)
        middle.addWidget(volume_box, 1)
        middle.addWidget(head_box, 1)

        self.errors = QLabel()
        self.errors.setProperty("role", "error")
        self.errors.setWordWrap(True)
        self.errors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton("Set headcounts",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)

        self.load_button.clicked.connect(self._choose_file)
        self.channels.currentRowChanged.connect(lambda _: self._show_channel())
        self.channels.itemChanged.connect(lambda _: self._refresh())
        self._handles: list[float] = [300.0] * 168  # per hour of the shown channel
        self.handle.valueChanged.connect(lambda _: self._handle_edited())
        for spin in (self.target_share, self.within, self.shrinkage):
            spin.valueChanged.connect(lambda _: self._edited())
        self.concurrency.valueChanged.connect(lambda _: self._edited())
        self.model.currentIndexChanged.connect(lambda _: self._model_changed())
        self.volumes.itemChanged.connect(lambda _: self._edited())
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        if self.channels.count():
            self.channels.setCurrentRow(0)

    # Reading ------------------------------------------------------------------------------
    def channel_id(self) -> str | None:
        item = self.channels.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _item(self, skill_id: str) -> QListWidgetItem:
        return next(self.channels.item(i) for i in range(self.channels.count())
                    if self.channels.item(i).data(Qt.ItemDataRole.UserRole) == skill_id)

    def load_file(self, path: Path) -> bool:
        """Read a forecast file; its channels replace what was typed for them."""
        try:
            loaded = read_forecast(path, self.scenario, self.weeks.value())
        except UserError as error:
            self._show_problems(error)
            return False
        for forecast in loaded:
            self.forecasts[forecast.skill_id] = forecast
            self._item(forecast.skill_id).setCheckState(Qt.CheckState.Checked)
        names = ", ".join(self.scenario.skill(f.skill_id).name for f in loaded)
        self.source_label.setText(f"{path.name}: {names}.")
        self._item(loaded[0].skill_id).setSelected(True)
        self.channels.setCurrentItem(self._item(loaded[0].skill_id))
        self._show_channel()
        return True

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Contact volumes", "",
                                              "Volumes (*.csv *.xlsx);;All files (*)")
        if name:
            self.load_file(Path(name))

    # Showing ------------------------------------------------------------------------------
    def _default_forecast(self, skill_id: str) -> ChannelForecast:
        name = self.scenario.skill(skill_id).name.casefold()
        model = next((m for word, m in MODEL_WORDS.items() if word in name), DemandModel.QUEUE)
        return ChannelForecast(skill_id, DEFAULTS[model], tuple(HourLoad(0.0, 300.0)
                                                               for _ in range(168)), 0)

    def _show_channel(self) -> None:
        skill_id = self.channel_id()
        if skill_id is None:
            return
        forecast = self.forecasts.get(skill_id) or self._default_forecast(skill_id)
        service = forecast.service
        self._loading = True
        self.model.setCurrentIndex(self.model.findData(service.model.value))
        # A loaded file may give each hour its own handle time: kept until the field is edited.
        self._handles = [h.handle_seconds for h in forecast.loads]
        work = sum(h.work_seconds for h in forecast.loads)
        volume = sum(h.volume for h in forecast.loads)
        self.handle.setValue(work / volume if volume else self._handles[0])
        varies = len(set(self._handles)) > 1
        self.handle.setToolTip("Varies by hour in the file (the average is shown); a new value "
                               "here sets every hour" if varies else "")
        self.target_share.setValue(service.target * 100)
        self.within.setValue(service.answer_within_seconds)
        self.concurrency.setValue(service.concurrency)
        self.shrinkage.setValue(round(service.shrinkage * 100))
        for i, load in enumerate(forecast.loads):
            self.volumes.setItem(i % 24, i // 24, QTableWidgetItem(f"{load.volume:g}"))
        self._loading = False
        self._enable_fields()
        self._refresh()

    def _enable_fields(self) -> None:
        model = DemandModel(self.model.currentData())
        self.target_share.setEnabled(model is not DemandModel.EMAIL)
        self.concurrency.setEnabled(model is DemandModel.CHAT)

    def _model_changed(self) -> None:
        if self._loading:
            return
        defaults = DEFAULTS[DemandModel(self.model.currentData())]
        self._loading = True
        self.target_share.setValue(defaults.target * 100)
        self.within.setValue(defaults.answer_within_seconds)
        self.concurrency.setValue(defaults.concurrency)
        self._loading = False
        self._enable_fields()
        self._edited()

    # Editing ------------------------------------------------------------------------------
    def _edited(self) -> None:
        """The shown channel as typed now: its forecast is rebuilt from the fields."""
        skill_id = self.channel_id()
        if self._loading or skill_id is None:
            return
        try:
            forecast = self._typed_forecast(skill_id)
        except DomainError as error:
            self._show_problems(error)
            self.apply_button.setEnabled(False)
            return
        self.forecasts[skill_id] = forecast
        if any(load.volume for load in forecast.loads):
            self._item(skill_id).setCheckState(Qt.CheckState.Checked)
        self._refresh()

    def _handle_edited(self) -> None:
        if not self._loading:
            self._handles = [self.handle.value()] * 168
            self.handle.setToolTip("")
            self._edited()

    def _typed_forecast(self, skill_id: str) -> ChannelForecast:
        model = DemandModel(self.model.currentData())
        service = ServiceTarget(model, self.target_share.value() / 100, self.within.value(),
                                self.concurrency.value(), self.shrinkage.value() / 100)
        loads = []
        problems = []
        for i in range(168):
            item = self.volumes.item(i % 24, i // 24)
            text = (item.text() if item is not None else "").strip().replace(",", ".") or "0"
            try:
                volume = float(text)
            except ValueError:
                volume = -1.0
            if volume < 0:
                problems.append(Problem(f"{DAY_NAMES[i // 24]} {i % 24:02d}:00", text,
                                        "a volume is a number of 0 or more"))
                continue
            loads.append(HourLoad(volume, self._handles[i]))
        if problems:
            raise DomainError(problems)
        old = self.forecasts.get(skill_id)
        weeks = old.weeks if old is not None and old.loads == tuple(loads) else 0
        return ChannelForecast(skill_id, service, tuple(loads), weeks)

    def used(self) -> tuple[ChannelForecast, ...]:
        return tuple(f for skill_id, f in self.forecasts.items()
                     if self._item(skill_id).checkState() == Qt.CheckState.Checked)

    def _refresh(self) -> None:
        """Recompute the headcount preview of the shown channel and the result."""
        if self._loading:
            return
        self.errors.clear()
        skill_id = self.channel_id()
        forecast = self.forecasts.get(skill_id) if skill_id else None
        try:
            grid = demand_grid(forecast) if forecast is not None else None
            self.result_scenario, self.demands = (
                apply_forecast(self.scenario, self.target_id, self.used()) if self.used()
                else (None, []))
        except (DomainError, UserError) as error:
            self._show_problems(error)
            self.result_scenario, self.demands = None, []
            grid = None
        for d in range(7):
            for h in range(24):
                value = "" if grid is None else str(grid[d][h])
                self.headcounts.setItem(h, d, QTableWidgetItem(value))
        if grid is not None and skill_id is not None:
            demand = next((x for x in self.demands if x.forecast.skill_id == skill_id), None)
            where = (f"sets <b>{html.escape(demand.requirement_name)}</b>"
                     f"{' (a new requirement)' if demand.added else ''}" if demand else
                     "not ticked: this channel is left as it is")
            self.summary.setText(f"Peak {max(map(max, grid))} agents, "
                                 f"{sum(map(sum, grid))} person-hours a week; {where}.")
        else:
            self.summary.setText("")
        self.apply_button.setEnabled(self.result_scenario is not None)
        self.preview_changed.emit()

    def _show_problems(self, error: DomainError | UserError) -> None:
        source = getattr(error, "source", "")
        lines = [html.escape(str(p), quote=False) for p in error.problems[:12]]
        more = len(error.problems) - 12
        if more > 0:
            lines.append(f"… and {more} more")
        head = f"{count(len(error.problems), 'problem')}{' in ' + source if source else ''}:"
        self.errors.setText(f"<b>{html.escape(head, quote=False)}</b><br>" + "<br>".join(lines))

    def _accept(self) -> None:
        if self.result_scenario is not None:
            self.accept()

