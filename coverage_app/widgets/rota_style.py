"""Sizes, colours, pens and small drawings of the rota calendar."""

from __future__ import annotations

import hashlib
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen

NAME_W = 170
DAY_H = 20
HOUR_H = 16
STRIP_H = 34
ROW_H = 24  # at least; rows grow to fill the height when there are few agents
MAX_ROW_H = 34
EDGE_PX = 6
TOP = DAY_H + HOUR_H + STRIP_H + 4

SHARED_COLOUR = QColor("#4c7fc0")
DUTY_COLOURS = ["#d08a2e", "#3e9e6b", "#8a5cc2", "#c2577f", "#2f9aa8", "#9a8a2a"]
GAP_COLOUR = QColor("#d83b3b")
OK_COLOUR = QColor("#5aa86a")
VIOLATION_COLOUR = QColor("#e01e1e")
# Made once: painting 150 agents' bars is a hot loop.
NO_PEN = QPen(Qt.PenStyle.NoPen)
NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)
WHITE_PEN = QPen(QColor("white"))
VIOLATION_PEN = QPen(VIOLATION_COLOUR, 2.5)
VCENTER = Qt.AlignmentFlag.AlignVCenter
ELIDE_RIGHT = Qt.TextElideMode.ElideRight


@cache
def bar_colour(duty: str | None, manual: bool) -> QColor:
    colour = duty_colour(duty)
    return colour.lighter(118) if manual else colour


def duty_colour(duty: str | None) -> QColor:
    if duty is None:
        return SHARED_COLOUR
    digest = hashlib.blake2s(duty.encode(), digest_size=2).digest()
    return QColor(DUTY_COLOURS[int.from_bytes(digest, "big") % len(DUTY_COLOURS)])




def palette_mid(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Mid)


def paint_lock(painter: QPainter, x: float, y: float) -> None:
    painter.setPen(QPen(QColor("white"), 1.4))
    painter.setBrush(NO_BRUSH)
    painter.drawArc(QRectF(x + 1.5, y, 5, 6), 0, 180 * 16)
    painter.setBrush(QColor("white"))
    painter.drawRect(QRectF(x, y + 3.5, 8, 6))
