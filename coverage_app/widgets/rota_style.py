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
# A re-plan's proposal: new and moved bars outlined in green and marked, old places hollow.
PROPOSED_PEN = QPen(QColor("#1b8a3a"), 2.5)
GHOST_PEN = QPen(QColor("#6b6b6b"), 1.5, Qt.PenStyle.DashLine)
GHOST_BRUSH = QBrush(QColor(120, 120, 120, 40))
MARKS = {"added": "+", "moved": "↦"}
# Days off: a tint per kind plus a hatch, and the kind written in (not colour alone).
ABSENCE_TINTS = {"sick": "#f4c7c3", "vacation": "#c8def5", "holiday": "#e3d7f2",
                 "other": "#e6e6e6"}
ABSENCE_TEXT = {"sick": "#8c1d18", "vacation": "#1d4f8c", "holiday": "#5a3d8a",
                "other": "#4d4d4d"}
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


@cache
def absence_brushes(kind: str) -> tuple[QBrush, QBrush]:
    tint = QColor(ABSENCE_TINTS.get(kind, ABSENCE_TINTS["other"]))
    tint.setAlpha(150)
    line = QColor(ABSENCE_TEXT.get(kind, ABSENCE_TEXT["other"]))
    line.setAlpha(45)
    return QBrush(tint), QBrush(line, Qt.BrushStyle.BDiagPattern)


@cache
def absence_text_colour(kind: str) -> QColor:
    return QColor(ABSENCE_TEXT.get(kind, ABSENCE_TEXT["other"]))


def palette_mid(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Mid)


def paint_lock(painter: QPainter, x: float, y: float) -> None:
    painter.setPen(QPen(QColor("white"), 1.4))
    painter.setBrush(NO_BRUSH)
    painter.drawArc(QRectF(x + 1.5, y, 5, 6), 0, 180 * 16)
    painter.setBrush(QColor("white"))
    painter.drawRect(QRectF(x, y + 3.5, 8, 6))
