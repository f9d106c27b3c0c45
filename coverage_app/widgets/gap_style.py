"""How a gap shows its priority: a colour *and* a pattern *and* a word, so that a missing phone
line (must) never looks like a nice-to-have language gap, also in grey-scale or for a reader
who does not tell red from orange."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from coverage_app.services.gap_rows import PRIORITY_SHORT, priority_word

# Dark enough for white text and for a 3:1 contrast on a white strip; distinct in luminance.
GAP_COLOURS = {1: QColor("#b71c1c"), 2: QColor("#e65100"), 3: QColor("#9e8600")}
# Solid for must; stripes for should; dots for nice to have.
GAP_PATTERNS = {1: Qt.BrushStyle.SolidPattern, 2: Qt.BrushStyle.BDiagPattern,
                3: Qt.BrushStyle.Dense6Pattern}


def gap_colour(priority: int) -> QColor:
    return GAP_COLOURS.get(priority, GAP_COLOURS[1])


def gap_pattern(priority: int) -> Qt.BrushStyle:
    return GAP_PATTERNS.get(priority, Qt.BrushStyle.SolidPattern)


def gap_label(priority: int) -> str:
    """The short word drawn in a gap cell wide enough for it."""
    return PRIORITY_SHORT.get(priority, str(priority))


@cache
def gap_fill(priority: int) -> QBrush:
    """The missing part of a coverage cell: the priority's pattern in its colour."""
    return QBrush(gap_colour(priority), gap_pattern(priority))


@cache
def gap_tint(priority: int) -> QColor:
    faint = QColor(gap_colour(priority))
    faint.setAlpha(45)
    return faint


def gap_swatch(priority: int, size: int = 14) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    rect = QRectF(0.5, 0.5, size - 1, size - 1)
    painter.fillRect(rect, gap_tint(priority))
    painter.fillRect(rect, gap_fill(priority))
    painter.setPen(gap_colour(priority))
    painter.drawRect(rect)
    painter.end()
    return pixmap


@cache
def gap_icon(priority: int) -> QIcon:
    return QIcon(gap_swatch(priority))


GLYPHS = {1: "■", 2: "▨", 3: "░"}  # solid, striped, dotted: the strip's patterns


def legend_entries() -> list[tuple[int, str, str]]:
    """(priority, glyph, words) for the legend, must first."""
    return [(p, GLYPHS[p], priority_word(p)) for p in sorted(GAP_COLOURS)]
