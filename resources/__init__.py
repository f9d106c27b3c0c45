"""Bundled resources: icons, style sheets and the demo team, read through importlib.resources.

``icon(name)`` and ``stylesheet(name)`` are the only ways the app reaches these files, so a test
can check that every name the code asks for exists (STYLE.md rule 20).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon


def icon_names() -> list[str]:
    folder = resources.files(__name__).joinpath("icons")
    return sorted(p.name.removesuffix(".svg") for p in folder.iterdir()
                  if p.name.endswith(".svg"))


def icon_bytes(name: str) -> bytes:
    """The SVG of an icon; FileNotFoundError for a name that does not exist."""
    return resources.files(__name__).joinpath("icons", f"{name}.svg").read_bytes()


@cache
def icon(name: str) -> QIcon:
    """A QIcon from ``icons/<name>.svg`` (needs a QGuiApplication)."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QIcon, QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(icon_bytes(name)))
    result = QIcon()
    for size in (16, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result


def stylesheet(name: str = "style") -> str:
    """The text of ``<name>.qss``."""
    return resources.files(__name__).joinpath(f"{name}.qss").read_text(encoding="utf-8")
