"""Skills as checkable chips grouped by category, each with a level (1 learning .. 3 expert)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QGridLayout, QLabel, QMenu, QToolButton, QWidget

from models.domain import AgentSkill, Skill, SkillCategory

LEVELS = {1: "learning", 2: "competent", 3: "expert"}
DEFAULT_LEVEL = 2
CATEGORY_TITLES = {SkillCategory.CHANNEL: "Channels", SkillCategory.PLATFORM: "Platforms",
                   SkillCategory.LANGUAGE: "Languages", SkillCategory.TIER: "Tiers"}


class SkillChip(QToolButton):
    """A checkable chip; its menu arrow sets the level (1 learning, 2 competent, 3 expert)."""

    changed = Signal()

    def __init__(self, skill: Skill, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.skill = skill
        self._level = DEFAULT_LEVEL
        self.setCheckable(True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self)
        group = QActionGroup(menu)
        self._level_actions: dict[int, QAction] = {}
        for value, name in LEVELS.items():
            action = menu.addAction(f"{value} – {name}")
            action.setCheckable(True)
            group.addAction(action)
            action.triggered.connect(lambda _=False, v=value: self.set_level(v, announce=True))
            self._level_actions[value] = action
        self.setMenu(menu)
        self.toggled.connect(lambda _: self._refresh(announce=True))
        self._refresh(announce=False)

    def level(self) -> int:
        return self._level

    def set_level(self, level: int, announce: bool = False) -> None:
        self._level = level
        if announce and not self.isChecked():
            self.setChecked(True)  # picking a level gives the skill
        self._refresh(announce)

    def set_value(self, level: int) -> None:
        """Load a level; 0 means not held, and the level a click would give is the default."""
        self.blockSignals(True)
        self.setChecked(level > 0)
        self.blockSignals(False)
        self._level = level or DEFAULT_LEVEL
        self._refresh(announce=False)

    def sizeHint(self) -> QSize:
        return self._widest(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._widest(super().minimumSizeHint())

    def _widest(self, hint: QSize) -> QSize:
        """As wide held (with its stars) as not held, so a click never moves the chips."""
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(self._text(held=True, level=level))
                     for level in LEVELS)
        extra = widest - metrics.horizontalAdvance(self.text())
        return QSize(hint.width() + max(0, extra), hint.height())

    def _text(self, held: bool, level: int) -> str:
        stars = "★" * level + "☆" * (3 - level)
        return f"{self.skill.name} {stars}" if held else self.skill.name

    def _refresh(self, announce: bool) -> None:
        self._level_actions[self._level].setChecked(True)
        self.setText(self._text(self.isChecked(), self._level))
        self.setToolTip(f"{self.skill.name} ({self.skill.category.value}): "
                        + (f"level {self._level}, {LEVELS[self._level]}" if self.isChecked()
                           else "not held")
                        + ". Click to give or take the skill; the arrow sets the level.")
        if announce:
            self.changed.emit()


class SkillChips(QWidget):
    """Chips for every skill of the team; ``skills_changed`` when one is toggled or re-levelled."""

    skills_changed = Signal()
    PER_ROW = 2
    # chips wrap after two per category row, so the agent form fits beside the team table
    # on a 1024 px screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._chips: dict[str, SkillChip] = {}
        self._loading = False

    def set_catalogue(self, skills: Sequence[Skill]) -> None:
        if [c.skill for c in self._chips.values()] == list(skills):
            return
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._chips = {}
        for row, category in enumerate(SkillCategory):
            members = [s for s in skills if s.category is category]
            if not members:
                continue
            title = QLabel(CATEGORY_TITLES[category])
            self._grid.addWidget(title, row, 0)
            line = QWidget()
            box = QGridLayout(line)
            box.setContentsMargins(0, 0, 0, 0)
            box.setHorizontalSpacing(4)
            for i, skill in enumerate(members):
                chip = SkillChip(skill)
                chip.changed.connect(self._changed)
                box.addWidget(chip, i // self.PER_ROW, i % self.PER_ROW)
                self._chips[skill.id] = chip
            box.setColumnStretch(self.PER_ROW, 1)
            self._grid.addWidget(line, row, 1)

    def set_skills(self, skills: Iterable[AgentSkill]) -> None:
        self._loading = True
        levels = {s.skill_id: s.level for s in skills}
        for skill_id, chip in self._chips.items():
            chip.set_value(levels.get(skill_id, 0))
        self._loading = False

    def skills(self) -> list[tuple[str, int]]:
        return [(skill_id, chip.level()) for skill_id, chip
                in self._chips.items() if chip.isChecked()]

    def chip(self, skill_id: str) -> SkillChip:
        return self._chips[skill_id]

    def _changed(self) -> None:
        if not self._loading:
            self.skills_changed.emit()
