"""How the rota calendar paints itself: a mixin of :class:`RotaView` (only visible rows are
painted; bars, labels and strip cells were laid out by :class:`RotaLayout` beforehand)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)

from coverage_app.services.gap_rows import most_important
from coverage_app.widgets.gap_paint import paint_gap_cell, paint_selected_gap
from coverage_app.widgets.rota_layout import Bar, RotaLayout, StripCell, duty_name
from coverage_app.widgets.rota_marks import Absence, Ghost
from coverage_app.widgets.rota_style import (
    DAY_H,
    GHOST_BRUSH,
    GHOST_PEN,
    HOUR_H,
    MARKS,
    NAME_W,
    NO_BRUSH,
    NO_PEN,
    OK_COLOUR,
    PROPOSED_PEN,
    STRIP_H,
    TOP,
    VCENTER,
    VIOLATION_COLOUR,
    VIOLATION_PEN,
    WHITE_PEN,
    absence_brushes,
    absence_text_colour,
    bar_colour,
    paint_lock,
    palette_mid,
)
from coverage_app.widgets.static_texts import StaticTexts
from models.domain import Gap, ShiftOrigin

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtWidgets import QScrollBar, QWidget

    from models.domain import Shift


class RotaPainting:
    """Painting for RotaView; relies on its geometry (``_x``, ``_row_y``, ``row_h``...)."""

    layout_data: RotaLayout | None
    # Shown where the bars would be while there is no plan (the Rota page says when one is coming).
    empty_text = "No plan yet: press Solve (F5) to build a rota for the period"
    violations: dict[str, list[str]]
    selected: str | None
    selected_gap: StripCell | Gap | None
    row_h: int
    _widths: dict[str, int]
    _fonts: dict[float, list[tuple[QFont, QFontMetrics]]]
    _bar_texts: StaticTexts  # bar labels, laid out once per font
    _name_texts: StaticTexts  # agent names, elided and laid out once per font and width
    _drag: Any

    if TYPE_CHECKING:
        def viewport(self) -> QWidget: ...
        def palette(self) -> QPalette: ...
        def font(self) -> QFont: ...
        def verticalScrollBar(self) -> QScrollBar: ...
        def _x(self, instant: datetime) -> float: ...
        def _row_y(self, row: int) -> int: ...
        def _seconds_per_px(self) -> float: ...
        def shift_rect(self, shift: Shift, row: int) -> QRectF: ...

    # Painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Base))
        if self.layout_data is None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                             self.empty_text)
            painter.end()
            return
        self._paint_rows(painter, event.rect())
        self._paint_grid(painter)
        self._paint_header(painter)
        self._paint_strip(painter)
        if self.layout_data.plan is None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(NAME_W, TOP, 0, 0),
                             Qt.AlignmentFlag.AlignCenter,
                             self.empty_text)
        painter.end()

    def _paint_grid(self, painter: QPainter) -> None:
        layout = self.layout_data
        assert layout is not None
        height = self.viewport().height()
        mid = palette_mid(self.palette())
        for day in layout.day_labels:
            x = round(self._x(day.start))
            painter.setPen(QPen(mid, 1))
            painter.drawLine(x, DAY_H, x, height)
            if day.day.weekday() >= 5:
                shade = QColor(mid)
                shade.setAlpha(28)
                painter.fillRect(QRectF(x, TOP, self._x(day.end) - x, height - TOP), shade)

    def _paint_header(self, painter: QPainter) -> None:
        layout = self.layout_data
        assert layout is not None
        palette = self.palette()
        width = self.viewport().width()
        painter.fillRect(QRect(0, 0, width, DAY_H + HOUR_H),
                         palette.color(QPalette.ColorRole.Window))
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.setFont(self.header_font())
        painter.setPen(text)
        painter.drawText(QRect(6, 0, NAME_W - 8, DAY_H), Qt.AlignmentFlag.AlignVCenter,
                         layout.zone_name)
        for day, label in zip(layout.day_labels, self.day_header_texts(), strict=True):
            x1, x2 = self._x(day.start), self._x(day.end)
            painter.drawText(QRectF(x1 + 1, 0, x2 - x1 - 2, DAY_H),
                             Qt.AlignmentFlag.AlignCenter, label)
        painter.setFont(self.font())
        px_per_hour = 3600 / self._seconds_per_px()
        step = next((s for s in (1, 2, 3, 4, 6, 12) if s * px_per_hour >= 22), 24)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.8))
        painter.setFont(small)
        for tick in layout.ticks:
            x = self._x(tick.instant)
            painter.setPen(palette_mid(self.palette()))
            painter.drawLine(round(x), DAY_H + HOUR_H - 4, round(x), DAY_H + HOUR_H)
            if tick.hour % step == 0 and step < 24:
                painter.setPen(text)
                painter.drawText(QRectF(x + 1, DAY_H, 24, HOUR_H - 2),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 f"{tick.hour:02d}")
        painter.setFont(self.font())

    def header_font(self) -> QFont:
        """Bold; in a narrow month, a regular or smaller font so ``Wed 30`` still fits."""
        bold = QFont(self.font())
        bold.setBold(True)
        layout = self.layout_data
        if layout is None or not layout.day_labels:
            return bold
        room = min(self._x(d.end) - self._x(d.start) for d in layout.day_labels) - 2
        short = [d.texts()[-3] for d in layout.day_labels]  # "Mon 3"
        regular = QFont(self.font())
        small = QFont(regular)
        small.setPointSizeF(max(6.0, regular.pointSizeF() * 0.8))  # as the bars' labels
        for font in (bold, regular, small):
            metrics = QFontMetrics(font)
            if all(metrics.horizontalAdvance(text) <= room for text in short):
                return font
        return small

    def day_header_texts(self) -> list[str]:
        """Each day's header as drawn: the longest form that fits every column (``Mon 3 Dec``,
        ``Mon 3``, ``Mo 3``, ``3``), the same form for every day, never a clipped one."""
        layout = self.layout_data
        if layout is None:
            return []
        metrics = QFontMetrics(self.header_font())
        rooms = [self._x(d.end) - self._x(d.start) - 2 for d in layout.day_labels]
        forms = [d.texts() for d in layout.day_labels]
        for level in range(4):
            if all(metrics.horizontalAdvance(f[level]) <= room
                   for f, room in zip(forms, rooms, strict=True)):
                return [f[level] for f in forms]
        return [f[-1] for f in forms]

    def _paint_strip(self, painter: QPainter) -> None:
        layout = self.layout_data
        assert layout is not None
        top = DAY_H + HOUR_H
        palette = self.palette()
        painter.fillRect(QRect(0, top, self.viewport().width(), STRIP_H + 4),
                         palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        label = "Coverage: all" if layout.requirement_id is None else "Coverage: " + (
            duty_name(layout.scenario, layout.requirement_id))
        painter.drawText(QRect(6, top, NAME_W - 10, STRIP_H),
                         Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, label)
        for cell in layout.strip:
            x1, x2 = self._x(cell.start), self._x(cell.end)
            ratio = 1.0 if cell.required == 0 else min(1.0, cell.scheduled / cell.required)
            h = max(3.0, (STRIP_H - 6) * ratio)
            if cell.missing:
                priority = most_important(layout.scenario, cell.requirement_ids) or 1
                paint_gap_cell(painter, QRectF(x1, top + 3, x2 - x1, STRIP_H - 6), h, priority)
            else:
                painter.fillRect(QRectF(x1, top + 3 + (STRIP_H - 6) - h, x2 - x1, h),
                                 OK_COLOUR)
        paint_selected_gap(painter, self, top)
        painter.setPen(QPen(palette_mid(self.palette()), 1))
        painter.drawLine(0, TOP - 2, self.viewport().width(), TOP - 2)

    def _paint_rows(self, painter: QPainter, clip: QRect) -> None:
        """The rows in the exposed rectangle: backgrounds and names first, then whatever lies
        on the rows (absences, re-plan ghosts, bars) in one font, bars outside it skipped."""
        layout = self.layout_data
        assert layout is not None
        palette = self.palette()
        row_h = self.row_h
        first = self.verticalScrollBar().value()
        last = min(len(layout.agents), first + (self.viewport().height() - TOP) // row_h + 2)
        rows = [(row, self._row_y(row)) for row in range(first, last)]
        rows = [(row, y) for row, y in rows if clip.top() <= y + row_h and y <= clip.bottom()]
        name_bg = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.Text)
        alt = palette.color(QPalette.ColorRole.AlternateBase)
        width = self.viewport().width()
        names = self._name_texts
        names.use(self.font())
        painter.setFont(self.font())
        if rows:
            painter.fillRect(QRect(0, rows[0][1], NAME_W, len(rows) * row_h), name_bg)
        for row, y in rows:
            agent = layout.agents[row]
            if row % 2:
                painter.fillRect(QRect(NAME_W, y, width - NAME_W, row_h), alt)
            bars = layout.bars_by_agent.get(agent.id, ())
            broken = any(b.shift.id in self.violations for b in bars)
            painter.setPen(VIOLATION_COLOUR if broken else text)
            names.draw(painter, 6, y, row_h, names.elided(agent.label, NAME_W - 12))
        bar_font = QFont(self.font())
        bar_font.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.8))
        self._bar_texts.use(bar_font)
        bar_metrics = self._bar_texts.metrics
        painter.setFont(bar_font)
        span = max(1, width - NAME_W - 8)
        left_edge, right_edge = clip.left() - 3, clip.right() + 3  # outlines reach past a bar
        for row, y in rows:
            agent = layout.agents[row]
            for absence in layout.absences_by_agent.get(agent.id, ()):
                self._paint_absence(painter, absence, y, bar_metrics)
            proposal = layout.proposal
            if proposal is not None:
                for ghost in proposal.ghosts.get(agent.id, ()):
                    self._paint_ghost(painter, ghost, y, bar_metrics)
            for bar in layout.bars_by_agent.get(agent.id, ()):
                if self._drag is not None and self._drag.shift.id == bar.shift.id:
                    rect = self.shift_rect(bar.shift, row)
                else:
                    x1 = NAME_W + bar.first * span
                    rect = QRectF(x1, y + 3, max(3.0, (bar.last - bar.first) * span), row_h - 6)
                if rect.right() >= left_edge and rect.left() <= right_edge:
                    self._paint_bar(painter, bar, rect, bar_metrics)

    def _text_width(self, metrics: QFontMetrics, text: str) -> int:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = metrics.horizontalAdvance(text)
        return width

    def _paint_bar(self, painter: QPainter, bar: Bar, rect: QRectF,
                   metrics: QFontMetrics) -> None:
        if rect.right() < NAME_W:
            return
        if rect.left() < NAME_W + 1:
            rect.setLeft(NAME_W + 1.0)
        shift = bar.shift
        painter.setPen(NO_PEN)
        colour = bar_colour(shift.duty, shift.origin is ShiftOrigin.MANUAL)
        painter.setBrush(colour.lighter(135) if shift.is_standby else colour)
        painter.drawRoundedRect(rect, 3, 3)
        if shift.is_standby:  # on standby, not at work: a lighter, hatched bar
            painter.setBrush(QBrush(colour.darker(115), Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(rect, 3, 3)
        if shift.id in self.violations:
            painter.setBrush(NO_BRUSH)
            painter.setPen(VIOLATION_PEN)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
        tag = self.layout_data.proposal.tags.get(shift.id) if (
            self.layout_data is not None and self.layout_data.proposal is not None) else None
        if tag is not None:
            painter.setBrush(NO_BRUSH)
            painter.setPen(PROPOSED_PEN)
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), 3, 3)
        if shift.id == self.selected:
            painter.setBrush(NO_BRUSH)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2,
                                Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 3, 3)
        left = rect.left() + 3
        if shift.locked:
            paint_lock(painter, rect.left() + 3, rect.top() + 3)
            left += 11
        room = rect.right() - left - 2
        if room <= 14:
            return
        labels = bar.labels if tag is None else (
            *(f"{MARKS[tag]} {label}" for label in bar.labels), *bar.labels)
        painter.setPen(WHITE_PEN)
        for label in labels:
            if self._text_width(metrics, label) <= room:
                self._bar_texts.draw(painter, left, rect.top(), rect.height(), label)
                return
        # Too narrow for one line: start over end, in the bar font or a smaller one.
        metrics_font = painter.font()
        for font, small in self._two_line_fonts(metrics_font, metrics):
            if rect.height() < 2 * small.height() - 2:
                continue
            for label in bar.labels[1:]:
                start, end = label.split("–")
                first = f"{start}–"
                if (small.horizontalAdvance(first) <= room
                        and small.horizontalAdvance(end) <= room):
                    painter.setFont(font)
                    half = rect.height() / 2
                    painter.drawText(QRectF(left, rect.top(), room, half),
                                     Qt.AlignmentFlag.AlignBottom, first)
                    painter.drawText(QRectF(left, rect.top() + half, room, half),
                                     Qt.AlignmentFlag.AlignTop, end)
                    painter.setFont(metrics_font)
                    return

    def _two_line_fonts(self, font: QFont,
                        metrics: QFontMetrics) -> list[tuple[QFont, QFontMetrics]]:
        """The bar font and a smaller one, for labels on two lines (made once per size)."""
        key = font.pointSizeF()
        cached = self._fonts.get(key)
        if cached is None:
            tiny = QFont(font)
            tiny.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.7))
            cached = self._fonts[key] = [(font, metrics), (tiny, QFontMetrics(tiny))]
        return cached

    def _span_rect(self, start: datetime, end: datetime, y: int) -> QRectF | None:
        x1, x2 = max(float(NAME_W + 1), self._x(start)), self._x(end)
        if x2 <= x1:
            return None
        return QRectF(x1, y + 1, x2 - x1, self.row_h - 2)

    def _paint_absence(self, painter: QPainter, absence: Absence, y: int,
                       metrics: QFontMetrics) -> None:
        """A day off: shaded and hatched, with its kind written in (never colour alone)."""
        rect = self._span_rect(absence.start, absence.end, y)
        if rect is None:
            return
        fill, hatch = absence_brushes(absence.kind)
        painter.fillRect(rect, fill)
        painter.fillRect(rect, hatch)
        label = absence.label
        if self._text_width(metrics, label) + 8 <= rect.width():
            painter.setPen(absence_text_colour(absence.kind))
            painter.drawText(rect.adjusted(4, 0, -4, 0), VCENTER | Qt.AlignmentFlag.AlignRight,
                             label)

    def _paint_ghost(self, painter: QPainter, ghost: Ghost, y: int,
                     metrics: QFontMetrics) -> None:
        """Where a re-plan removes a shift, or moves it away from: a hollow dashed bar."""
        rect = self._span_rect(ghost.shift.start, ghost.shift.end, y)
        if rect is None:
            return
        rect.adjust(0, 2, 0, -2)
        painter.setBrush(GHOST_BRUSH)
        painter.setPen(GHOST_PEN)
        painter.drawRoundedRect(rect, 3, 3)
        label = "− removed" if ghost.change == "removed" else "moved ↦"
        if self._text_width(metrics, label) + 6 <= rect.width():
            painter.setPen(GHOST_PEN.color())
            painter.drawText(rect.adjusted(3, 0, -3, 0), VCENTER, label)
