"""A week grid (days across, hours down) painted with the mouse: available / preferred / off."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.domain import WEEKDAY_NAMES

Cells = list[list[str | None]]
COLOURS = {"available": QColor("#66bb6a"), "preferred": QColor("#2e7d32")}
MARK_COLOUR = QColor(255, 152, 0, 110)  # holidays and days off


class WeekGrid(QWidget):
    """``cells[day][slot]`` is "available", "preferred" or None.

    Drag a rectangle to paint it with :attr:`paint_mode` (None clears); ``cells_painted`` is
    emitted once, on release, with the new cells. A read-only grid only shows.
    """

    cells_painted = Signal(object)  # Cells

    LEFT = 44
    TOP = 36

    def __init__(self, slots_per_day: int = 24, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slots_per_day = slots_per_day
        self.read_only = read_only
        self.paint_mode: str | None = "available"
        self._cells: Cells = [[None] * slots_per_day for _ in range(7)]
        self._day_titles = [n.capitalize() for n in WEEKDAY_NAMES]
        self._marks: dict[int, str] = {}
        self._drag: tuple[int, int] | None = None
        self._hover: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)

    # Data ---------------------------------------------------------------------------------
    def cells(self) -> Cells:
        return copy.deepcopy(self._cells)

    def set_cells(self, cells: Sequence[Sequence[str | None]]) -> None:
        self._cells = [list(row) for row in cells]
        self.update()

    def set_day_titles(self, titles: Sequence[str]) -> None:
        self._day_titles = list(titles)
        self.update()

    def set_marks(self, marks: dict[int, str]) -> None:
        """Shade whole days (public holidays, days off); the text shows as a tooltip."""
        self._marks = dict(marks)
        self.update()

    # Geometry -----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(self.LEFT + 7 * 60, self.TOP + 24 * 16)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.LEFT + 7 * 34, self.TOP + 24 * 10)

    def _cell_size(self) -> tuple[float, float]:
        width = (self.width() - self.LEFT - 1) / 7
        height = (self.height() - self.TOP - 1) / self.slots_per_day
        return width, height

    def cell_rect(self, day: int, slot: int) -> QRect:
        w, h = self._cell_size()
        x0, y0 = self.LEFT + day * w, self.TOP + slot * h
        return QRect(round(x0), round(y0), round(x0 + w) - round(x0), round(y0 + h) - round(y0))

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        w, h = self._cell_size()
        day = int((pos.x() - self.LEFT) // w)
        slot = int((pos.y() - self.TOP) // h)
        if 0 <= day < 7 and 0 <= slot < self.slots_per_day:
            return day, slot
        return None

    # Mouse --------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if self.read_only or cell is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._drag = cell
        self._hover = cell
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is not None:
            day, slot = cell
            minutes = slot * 24 * 60 // self.slots_per_day
            text = f"{self._day_titles[day]} {minutes // 60:02d}:{minutes % 60:02d}"
            if day in self._marks:
                text += f" — {self._marks[day]}"
            self.setToolTip(text)
        if self._drag is not None and cell is not None and cell != self._hover:
            self._hover = cell
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        end = self.cell_at(event.position().toPoint()) or self._hover or self._drag
        start = self._drag
        self._drag = self._hover = None
        self.paint_rect(start, end)

    def paint_rect(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Paint every cell between two corners with :attr:`paint_mode` and announce it."""
        (d0, s0), (d1, s1) = start, end
        for day in range(min(d0, d1), max(d0, d1) + 1):
            for slot in range(min(s0, s1), max(s0, s1) + 1):
                self._cells[day][slot] = self.paint_mode
        self.update()
        self.cells_painted.emit(self.cells())

    # Painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        grid = palette.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        w, h = self._cell_size()
        for day, title in enumerate(self._day_titles[:7]):
            rect = QRect(round(self.LEFT + day * w), 0, round(w), self.TOP - 2)
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             title)
        selection = self._selection()
        for day, row in enumerate(self._cells):
            for slot, value in enumerate(row):
                shown = self.paint_mode if (day, slot) in selection else value
                if shown in COLOURS:
                    painter.fillRect(self.cell_rect(day, slot).adjusted(1, 0, 0, 0),
                                     COLOURS[shown])
                elif (day, slot) in selection:
                    painter.fillRect(self.cell_rect(day, slot), QColor(200, 200, 200, 120))
        for day in self._marks:
            painter.fillRect(QRect(round(self.LEFT + day * w), self.TOP, round(w),
                                   round(h * self.slots_per_day)), MARK_COLOUR)
        step = max(1, self.slots_per_day // 24) * (2 if h < 12 else 1)
        for slot in range(self.slots_per_day + 1):
            y = round(self.TOP + slot * h)
            if slot % max(1, self.slots_per_day // 24) == 0:
                painter.setPen(grid)
                painter.drawLine(self.LEFT, y, self.LEFT + round(7 * w), y)
            if slot < self.slots_per_day and slot % step == 0:
                minutes = slot * 24 * 60 // self.slots_per_day
                painter.setPen(text)
                painter.drawText(QRect(0, y - 7, self.LEFT - 6, 14),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 f"{minutes // 60:02d}:{minutes % 60:02d}")
        painter.setPen(grid)
        for day in range(8):
            x = round(self.LEFT + day * w)
            painter.drawLine(x, self.TOP, x, self.TOP + round(self.slots_per_day * h))
        painter.end()

    def _selection(self) -> set[tuple[int, int]]:
        if self._drag is None or self._hover is None:
            return set()
        (d0, s0), (d1, s1) = self._drag, self._hover
        return {(d, s) for d in range(min(d0, d1), max(d0, d1) + 1)
                for s in range(min(s0, s1), max(s0, s1) + 1)}
