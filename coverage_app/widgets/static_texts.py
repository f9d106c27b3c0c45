"""Texts laid out once and drawn many times (the rota's bar labels and agent names).

``QPainter.drawText(rect, flags, text)`` lays the text out again on every call; a week of 150
agents draws about a thousand labels, most of them the same few ("9–17", "10–18"). A
:class:`QStaticText` keeps its layout, so each distinct label is laid out once per font.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QStaticText, QTransform

_MOST = 5000  # distinct texts kept per font; more (a long session) starts over


class StaticTexts:
    """Static texts of one font, each with its width; :meth:`use` a font before drawing."""

    def __init__(self) -> None:
        self._font_key = ""
        self._font = QFont()
        self.metrics = QFontMetrics(self._font)
        self._texts: dict[str, QStaticText] = {}
        self._elided: dict[tuple[str, int], str] = {}

    def use(self, font: QFont) -> None:
        """Draw in ``font`` from now on (the cache starts over when the font changed)."""
        key = font.key()
        if key != self._font_key:
            self._font_key = key
            self._font = QFont(font)
            self.metrics = QFontMetrics(self._font)
            self._texts.clear()
            self._elided.clear()

    def text(self, text: str) -> QStaticText:
        static = self._texts.get(text)
        if static is None:
            if len(self._texts) >= _MOST:
                self._texts.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self._font)
            self._texts[text] = static
        return static

    def width(self, text: str) -> float:
        return self.text(text).size().width()

    def elided(self, text: str, width: int) -> str:
        """``text`` cut with an ellipsis to fit ``width`` pixels (worked out once)."""
        key = (text, width)
        cut = self._elided.get(key)
        if cut is None:
            if len(self._elided) >= _MOST:
                self._elided.clear()
            cut = self._elided[key] = self.metrics.elidedText(
                text, Qt.TextElideMode.ElideRight, width)
        return cut

    def draw(self, painter: QPainter, left: float, top: float, height: float,
             text: str) -> None:
        """``text`` from ``left``, centred vertically in ``top``..``top + height``; the painter's
        font must be the one in :meth:`use`."""
        static = self.text(text)
        painter.drawStaticText(QPointF(left, top + (height - static.size().height()) / 2),
                               static)
