"""What Qt can tell about a laid-out window: widgets outside their parent, squeezed below their
minimum size, labels cut short, siblings on top of each other."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QMenuBar,
    QScrollBar,
    QSplitterHandle,
    QStatusBar,
    QTabBar,
    QToolBar,
    QWidget,
)

# Qt's own parts of a compound widget place themselves; their geometry is not ours to judge
_INTERNAL = (QScrollBar, QSplitterHandle, QTabBar)


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    words = text() if callable(text) else ""
    return (f"{type(widget).__name__}"
            + (f"#{widget.objectName()}" if widget.objectName() else "")
            + (f" {str(words)[:40]!r}" if words else ""))


def _in_scroll_content(widget: QWidget) -> bool:
    """The content of a scroll area may be larger than what shows: it scrolls."""
    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    return isinstance(area, QAbstractScrollArea) and parent is area.viewport()


def _judged(widget: QWidget) -> bool:
    if not widget.isVisible() or widget.isWindow() or isinstance(widget, _INTERNAL):
        return False
    if widget.objectName().startswith("qt_") and widget.width() == 0:
        return False  # a part Qt collapses itself (a table's corner button with no header)
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        # the inside of a combo box, spin box, toolbar or scroll bar is Qt's business
        if isinstance(parent, QComboBox | QAbstractSpinBox | QScrollBar | QMenuBar
                      | QStatusBar | QToolBar):
            return False
        parent = parent.parentWidget()
    return True


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or not label.isVisible():
        return None
    inner = label.contentsRect()
    if label.wordWrap() or label.textFormat() == Qt.TextFormat.RichText or "<" in text:
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            return f"needs {needed} px height for its text, has {label.height()}"
        if not label.wordWrap() and label.sizeHint().width() > label.width() + 1:
            return f"needs {label.sizeHint().width()} px width, has {label.width()}"
        return None
    widest = max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
    if widest > inner.width() + 1:
        return f"text is {widest} px wide, the label shows {inner.width()}"
    return None


def layout_problems(root: QWidget) -> list[str]:
    """Every problem Qt can tell about the visible widgets under ``root``."""
    problems: list[str] = []
    widgets = [w for w in root.findChildren(QWidget) if _judged(w)]
    for widget in widgets:
        parent = widget.parentWidget()
        if parent is None:
            continue
        geometry = widget.geometry()
        if not _in_scroll_content(widget) and not parent.rect().contains(geometry):
            problems.append(f"{_name(widget)} {_rect(geometry)} lies outside its parent "
                            f"{_name(parent)} {_rect(parent.rect())}")
        if parent.layout() is not None and not _in_scroll_content(widget):
            minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
            policy = widget.sizePolicy()
            if (policy.horizontalPolicy().value & 0x8 == 0  # not QSizePolicy::IgnoreFlag
                    and widget.width() + 1 < minimum.width()):
                problems.append(f"{_name(widget)} is {widget.width()} px wide, below its "
                                f"minimum {minimum.width()}")
            if (policy.verticalPolicy().value & 0x8 == 0
                    and widget.height() + 1 < minimum.height()):
                problems.append(f"{_name(widget)} is {widget.height()} px high, below its "
                                f"minimum {minimum.height()}")
        if isinstance(widget, QLabel):
            cut = _label_problem(widget)
            if cut:
                problems.append(f"{_name(widget)} is cut short: {cut}")
    problems.extend(_overlaps(widgets))
    problems.extend(_unscrollable(root))
    problems.extend(_toolbar_overflow(root))
    return problems


def _unscrollable(root: QWidget) -> list[str]:
    """Scroll-area content cut off in a direction that has no scroll bar."""
    found = []
    for area in root.findChildren(QAbstractScrollArea):
        content = getattr(area, "widget", lambda: None)()
        if not area.isVisible() or not isinstance(content, QWidget):
            continue
        viewport = area.viewport().size()
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if (area.horizontalScrollBarPolicy() == off
                and content.minimumSizeHint().width() > viewport.width() + 1):
            found.append(f"{_name(content)} needs {content.minimumSizeHint().width()} px, its "
                         f"scroll area shows {viewport.width()} and cannot scroll sideways")
        if (area.verticalScrollBarPolicy() == off
                and content.minimumSizeHint().height() > viewport.height() + 1):
            found.append(f"{_name(content)} needs {content.minimumSizeHint().height()} px, "
                         f"its scroll area shows {viewport.height()} and cannot scroll down")
    return found


def _toolbar_overflow(root: QWidget) -> list[str]:
    """A toolbar that hides some of its tools behind the » button."""
    found = []
    for toolbar in root.findChildren(QToolBar):
        extension = toolbar.findChild(QWidget, "qt_toolbar_ext_button")
        if toolbar.isVisible() and extension is not None and extension.isVisible():
            found.append(f"toolbar {toolbar.windowTitle()!r} hides tools behind its » button")
    return found


def _overlaps(widgets: list[QWidget]) -> list[str]:
    by_parent: dict[int, list[QWidget]] = {}
    for widget in widgets:
        parent = widget.parentWidget()
        if parent is not None and parent.layout() is not None:
            by_parent.setdefault(id(parent), []).append(widget)
    found = []
    for siblings in by_parent.values():
        laid_out = [w for w in siblings if w.parentWidget().layout().indexOf(w) >= 0
                    or _in_nested_layout(w)]
        for i, a in enumerate(laid_out):
            for b in laid_out[i + 1:]:
                if a.geometry().intersects(b.geometry()):
                    found.append(f"{_name(a)} {_rect(a.geometry())} overlaps {_name(b)} "
                                 f"{_rect(b.geometry())}")
    return found


def _in_nested_layout(widget: QWidget) -> bool:
    layout = widget.parentWidget().layout()
    stack = [layout]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        if current.indexOf(widget) >= 0:
            return True
        for i in range(current.count()):
            item = current.itemAt(i)
            if item is not None and item.layout() is not None:
                stack.append(item.layout())
    return False


def _rect(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}x{rect.height()})"


def sideways_overflow(area: QAbstractScrollArea) -> str | None:
    """Why the page in ``area`` has to scroll sideways (it is wider than the room it has), or
    None when it fits the width it is shown in."""
    content = getattr(area, "widget", lambda: None)()
    if not isinstance(content, QWidget):
        return None
    room = area.maximumViewportSize().width() - (
        area.verticalScrollBar().sizeHint().width()
        if area.verticalScrollBar().isVisible() else 0)
    needed = content.minimumSizeHint().expandedTo(content.minimumSize()).width()
    if needed > room or area.horizontalScrollBar().isVisible():
        widest = max((w for w in content.findChildren(QWidget) if w.isVisible()
                      and w.parentWidget() is content),
                     key=lambda w: w.minimumSizeHint().width(), default=None)
        culprit = f"; widest part {_name(widest)} needs {widest.minimumSizeHint().width()} px" \
            if widest is not None else ""
        return f"{_name(content)} needs {needed} px, it has {room}{culprit}"
    return None

