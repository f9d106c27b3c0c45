"""Painting of gaps in the rota's coverage strip: the priority's colour, pattern and word, and
the gap selected in the gap list (outlined in the strip, a band down the rows)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen

from coverage_app.widgets.gap_style import gap_colour, gap_fill, gap_label, gap_tint
from coverage_app.widgets.rota_style import NAME_W, NO_BRUSH, STRIP_H


def paint_gap_cell(painter: QPainter, rect: QRectF, covered_h: float, priority: int) -> None:
    """A coverage cell with people missing: tinted, the missing part in the priority's pattern
    over the covered part in its colour, and the priority's word where the cell is wide."""
    colour = gap_colour(priority)
    painter.fillRect(rect, gap_tint(priority))
    covered = QRectF(rect.left(), rect.bottom() - covered_h, rect.width(), covered_h)
    painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), rect.height() - covered_h),
                     gap_fill(priority))
    painter.fillRect(covered, colour)
    painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), 1.5), colour)
    label = gap_label(priority)
    font = QFont(painter.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.75))
    font.setBold(True)
    width = QFontMetrics(font).horizontalAdvance(label) + 6
    if rect.width() < width + 4:
        return
    painter.save()
    painter.setFont(font)
    box = QRectF(rect.center().x() - width / 2, rect.top() + 3, width,
                 QFontMetrics(font).height() + 1)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(box, 3, 3)
    painter.setPen(colour)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
    painter.restore()


def paint_selected_gap(painter: QPainter, view: Any, strip_top: int) -> None:
    """Outline the gap selected in the gap list, and shade its time down the rows."""
    gap = getattr(view, "selected_gap", None)
    layout = view.layout_data
    if gap is None or layout is None or gap.end <= layout.start or gap.start >= layout.end:
        return
    x1 = max(float(NAME_W), view._x(max(gap.start, layout.start)))
    x2 = view._x(min(gap.end, layout.end))
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    band = QColor(highlight)
    band.setAlpha(55)
    height = view.viewport().height()
    painter.fillRect(QRectF(x1, strip_top + STRIP_H + 4, x2 - x1, height), band)
    painter.setBrush(NO_BRUSH)
    painter.setPen(QPen(highlight, 2.5))
    painter.drawRect(QRectF(x1 - 1, strip_top + 1, max(3.0, x2 - x1 + 2), STRIP_H - 2))
