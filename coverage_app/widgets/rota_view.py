"""The rota calendar: agents as rows, time across, shifts as bars, a coverage strip on top.

Custom-painted (one QAbstractScrollArea; only visible rows are painted). Edits are only
*requested* through signals; the page applies them through the Qt-free editor and AppState.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QToolTip, QWidget

from coverage_app.widgets import rota_navigation as nav
from coverage_app.widgets.rota_layout import (
    RotaLayout,
    StripCell,
)
from coverage_app.widgets.rota_paint import RotaPainting
from coverage_app.widgets.rota_style import (
    DAY_H,
    EDGE_PX,
    HOUR_H,
    MAX_ROW_H,
    NAME_W,
    ROW_H,
    STRIP_H,
    TOP,
)
from coverage_app.widgets.rota_tooltips import row_tooltip, shift_tooltip, strip_tooltip
from coverage_app.widgets.static_texts import StaticTexts
from models.domain import DutyKind, Gap, Shift


@dataclass(slots=True)
class _Drag:
    shift: Shift
    mode: str  # "move", "left", "right"
    origin_x: int
    delta: timedelta = timedelta(0)

    def span(self) -> tuple[datetime, datetime]:
        s, e = self.shift.start, self.shift.end
        if self.mode == "move":
            return s + self.delta, e + self.delta
        if self.mode == "left":
            return min(s + self.delta, e - timedelta(minutes=15)), e
        return s, max(e + self.delta, s + timedelta(minutes=15))


class RotaView(RotaPainting, QAbstractScrollArea):
    shift_change_requested = Signal(str, object, object)  # shift id, new UTC start, new UTC end
    shift_delete_requested = Signal(str)
    shift_add_requested = Signal(str, object, object)  # agent id, UTC start, duty id or None
    standby_add_requested = Signal(str, object, str)  # agent id, UTC start, requirement id
    shift_lock_requested = Signal(str, bool)
    candidates_requested = Signal(str, object, object)  # requirement id, UTC start, UTC end
    shift_selected = Signal(str)
    gap_selected = Signal(object)  # the Gap selected (from the gap list), or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_data: RotaLayout | None = None
        self.violations: dict[str, list[str]] = {}
        self.selected: str | None = None
        # A gap of the strip (keyboard) or of the gap list: outlined, its time shaded.
        self.selected_gap: StripCell | Gap | None = None
        self._drag: _Drag | None = None
        self.row_h = ROW_H
        self._widths: dict[str, int] = {}
        self._fonts: dict[float, list[tuple[QFont, QFontMetrics]]] = {}
        self._bar_texts = StaticTexts()
        self._name_texts = StaticTexts()
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumHeight(TOP + 4 * ROW_H)
        self.setAccessibleName("Rota calendar")
        self.setAccessibleDescription(
            "Arrows select a shift or, above the first row, a gap; Enter opens it; Shift+Left "
            "or Right moves the shift by the planning step, Shift+Up or Down by a day; Delete "
            "removes it")

    # Data ----------------------------------------------------------------------------------
    def set_layout(self, layout: RotaLayout, violations: dict[str, list[str]]) -> None:
        self.layout_data = layout
        self.violations = violations
        self._drag = None
        if not isinstance(self.selected_gap, Gap):  # a gap of the list stays as it is
            self.selected_gap = nav.same_gap(layout, self.selected_gap)
        self._update_scrollbar()
        self.viewport().update()

    def _update_scrollbar(self) -> None:
        rows = len(self.layout_data.agents) if self.layout_data else 0
        room = self.viewport().height() - TOP
        self.row_h = max(ROW_H, min(MAX_ROW_H, room // max(1, rows)))
        visible = max(1, (self.viewport().height() - TOP) // self.row_h)
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, rows - visible))
        bar.setPageStep(visible)
        bar.setSingleStep(1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbar()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # Geometry ------------------------------------------------------------------------------
    def _x(self, instant: datetime) -> float:
        assert self.layout_data is not None
        width = self.viewport().width() - NAME_W - 8
        return NAME_W + self.layout_data.fraction(instant) * width

    def _instant(self, x: float) -> datetime:
        assert self.layout_data is not None
        width = max(1, self.viewport().width() - NAME_W - 8)
        return self.layout_data.instant_at((x - NAME_W) / width)

    def _seconds_per_px(self) -> float:
        assert self.layout_data is not None
        return self.layout_data.seconds / max(1, self.viewport().width() - NAME_W - 8)

    def _row_at(self, y: int) -> int | None:
        if self.layout_data is None or y < TOP:
            return None
        row = (y - TOP) // self.row_h + self.verticalScrollBar().value()
        return row if 0 <= row < len(self.layout_data.agents) else None

    def _row_y(self, row: int) -> int:
        return TOP + (row - self.verticalScrollBar().value()) * self.row_h

    def shift_rect(self, shift: Shift, row: int) -> QRectF:
        start, end = shift.start, shift.end
        if self._drag is not None and self._drag.shift.id == shift.id:
            start, end = self._drag.span()
        x1, x2 = self._x(start), self._x(end)
        return QRectF(x1, self._row_y(row) + 3, max(3.0, x2 - x1), self.row_h - 6)

    def point_at(self, agent_id: str, instant: datetime) -> QPoint:
        """The viewport point on an agent's row at an instant (for tooltips and tests)."""
        row = self.row_of(agent_id)
        return QPoint(round(self._x(instant)), self._row_y(row) + self.row_h // 2)

    def strip_point_at(self, instant: datetime) -> QPoint:
        """The viewport point on the coverage strip at an instant."""
        return QPoint(round(self._x(instant)), DAY_H + HOUR_H + STRIP_H // 2)

    def row_of(self, agent_id: str) -> int:
        assert self.layout_data is not None
        return next(i for i, a in enumerate(self.layout_data.agents) if a.id == agent_id)

    def shift_at(self, pos: QPoint) -> tuple[Shift, str] | None:
        row = self._row_at(pos.y())
        if row is None or self.layout_data is None:
            return None
        agent = self.layout_data.agents[row]
        for shift in self.layout_data.shifts_by_agent.get(agent.id, []):
            rect = self.shift_rect(shift, row)
            if rect.left() - 2 <= pos.x() <= rect.right() + 2:
                if pos.x() <= rect.left() + EDGE_PX and rect.width() > 3 * EDGE_PX:
                    return shift, "left"
                if pos.x() >= rect.right() - EDGE_PX and rect.width() > 3 * EDGE_PX:
                    return shift, "right"
                return shift, "move"
        return None

    def strip_cell_at(self, pos: QPoint) -> StripCell | None:
        if self.layout_data is None or not (DAY_H + HOUR_H <= pos.y() < DAY_H + HOUR_H + STRIP_H):
            return None
        if pos.x() < NAME_W:
            return None
        t = self._instant(pos.x())
        return next((c for c in self.layout_data.strip if c.start <= t < c.end), None)

    # Interaction ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        cell = self.strip_cell_at(pos)
        if cell is not None and cell.missing:
            self.select_gap(cell)
            self._request_candidates(cell)
            return
        hit = self.shift_at(pos)
        if hit is None:
            self.select(None)
            return
        shift, mode = hit
        self.select(shift.id)
        if not shift.locked:
            self._drag = _Drag(shift, mode, pos.x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._drag is not None:
            seconds = (pos.x() - self._drag.origin_x) * self._seconds_per_px()
            grain = (self.layout_data.scenario.team.granularity_minutes
                     if self.layout_data else 30)
            minutes = round(seconds / 60 / grain) * grain
            self._drag.delta = timedelta(minutes=minutes)
            self.viewport().update()
            return
        hit = self.shift_at(pos)
        shape = Qt.CursorShape.ArrowCursor
        if hit is not None and not hit[0].locked:
            shape = (Qt.CursorShape.SizeHorCursor if hit[1] != "move"
                     else Qt.CursorShape.OpenHandCursor)
        elif self.strip_cell_at(pos) is not None:
            shape = Qt.CursorShape.PointingHandCursor
        self.viewport().setCursor(shape)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is not None and drag.delta:
            start, end = drag.span()
            self.shift_change_requested.emit(drag.shift.id, start, end)
        self.viewport().update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        row = self._row_at(pos.y())
        if row is None or pos.x() < NAME_W or self.shift_at(pos) is not None:
            return
        assert self.layout_data is not None
        self.shift_add_requested.emit(self.layout_data.agents[row].id, self._instant(pos.x()),
                                      None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.layout_data is None or not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        """Arrows select, Shift+arrows move the selected shift (checked like a drag), Enter opens
        the shift's menu or the gap's candidates, Delete removes. True when the key was used."""
        key, mods = event.key(), event.modifiers()
        k, m = Qt.Key, Qt.KeyboardModifier
        shift = self.selected_shift()
        if key in (k.Key_Delete, k.Key_Backspace) and shift is not None:
            self.shift_delete_requested.emit(shift.id)
            return True
        if key in (k.Key_Return, k.Key_Enter):
            return self._open_selection()
        arrows = {k.Key_Left: -1, k.Key_Right: 1, k.Key_Up: -1, k.Key_Down: 1}
        if key not in arrows:
            return False
        step = arrows[key]
        sideways = key in (k.Key_Left, k.Key_Right)
        if mods & m.ShiftModifier:
            if shift is None or shift.locked:
                return shift is not None
            by_day = not sideways or bool(mods & m.ControlModifier)
            self._nudge(shift, step, by_day)
            return True
        self._walk(shift, step, sideways)
        return True

    def _nudge(self, shift: Shift, step: int, by_day: bool) -> None:
        assert self.layout_data is not None
        grain = timedelta(minutes=self.layout_data.scenario.team.granularity_minutes)
        delta = step * (timedelta(days=1) if by_day else grain)
        self.shift_change_requested.emit(shift.id, shift.start + delta, shift.end + delta)

    def _walk(self, shift: Shift | None, step: int, sideways: bool) -> None:
        layout = self.layout_data
        assert layout is not None
        gap = self.selected_gap
        if gap is not None:
            if sideways:
                self.select_gap(nav.gap_beside(layout, gap, step) or gap)
            elif step > 0:
                target = nav.top_shift_near(layout, gap.start)
                if target is not None:
                    self.select(target.id)
            return
        if shift is None:
            first = nav.first_shift(layout)
            if first is not None:
                self.select(first.id)
            else:
                self.select_gap(next(iter(nav.gap_cells(layout)), None))
            return
        target = (nav.beside(layout, shift, step) if sideways
                  else nav.across(layout, shift, step))
        if target is not None:
            self.select(target.id)
        elif not sideways and step < 0:  # above the first row: the coverage strip's gaps
            cell = nav.nearest_gap(layout, shift.start)
            if cell is not None:
                self.select_gap(cell)

    def _open_selection(self) -> bool:
        layout, gap, shift = self.layout_data, self.selected_gap, self.selected_shift()
        if layout is not None and gap is not None:
            self._request_candidates(gap)
            return True
        if layout is not None and shift is not None:
            rect = self.shift_rect(shift, self.row_of(shift.agent_id))
            self._shift_menu(shift).exec(self.viewport().mapToGlobal(rect.center().toPoint()))
            return True
        return False

    def _request_candidates(self, cell: StripCell | Gap) -> None:
        if isinstance(cell, Gap):
            self.candidates_requested.emit(cell.requirement_id, cell.start, cell.end)
            return
        requirement = self.layout_data.requirement_id if self.layout_data else None
        self.candidates_requested.emit(requirement or (cell.requirement_ids or ("",))[0],
                                       cell.start, cell.end)

    def selected_shift(self) -> Shift | None:
        if self.layout_data is None or self.selected is None:
            return None
        return next((s for row in self.layout_data.shifts_by_agent.values() for s in row
                     if s.id == self.selected), None)

    def _shift_menu(self, shift: Shift) -> QMenu:
        menu = QMenu(self)
        menu.addAction("Delete shift", lambda: self.shift_delete_requested.emit(shift.id))
        menu.addAction("Unlock" if shift.locked else "Lock (the solver keeps it)",
                       lambda: self.shift_lock_requested.emit(shift.id, not shift.locked))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = event.pos()
        hit = self.shift_at(pos)
        if hit is not None:
            self.select(hit[0].id)
            menu = self._shift_menu(hit[0])
        else:
            row = self._row_at(pos.y())
            if row is None or pos.x() < NAME_W or self.layout_data is None:
                return
            menu = self.add_menu(row, self._instant(pos.x()))
        menu.exec(event.globalPos())

    def add_menu(self, row: int, at: datetime) -> QMenu:
        """The menu of an empty place on an agent's row: a shift, a dedicated duty the agent
        can hold, or standby for a requirement that accepts it."""
        assert self.layout_data is not None
        menu = QMenu(self)
        agent = self.layout_data.agents[row]
        menu.addAction("Add shift here",
                       lambda: self.shift_add_requested.emit(agent.id, at, None))
        for r in self.layout_data.scenario.target.requirements:
            if not agent.meets(r):
                continue
            if r.duty is DutyKind.DEDICATED:
                menu.addAction(f"Add {r.name} shift here", self._adder(agent.id, at, r.id))
            elif r.accepts_standby:
                menu.addAction(f"Add standby for {r.name} here (reachable within "
                               f"{r.standby_reach_minutes} min)",
                               self._standby_adder(agent.id, at, r.id))
        return menu

    def _adder(self, agent_id: str, at: datetime, duty: str) -> Callable[[], None]:
        return lambda: self.shift_add_requested.emit(agent_id, at, duty)

    def _standby_adder(self, agent_id: str, at: datetime,
                       requirement_id: str) -> Callable[[], None]:
        return lambda: self.standby_add_requested.emit(agent_id, at, requirement_id)

    def select(self, shift_id: str | None) -> None:
        self.selected_gap = None
        if shift_id != self.selected:
            self.selected = shift_id
            self.shift_selected.emit(shift_id or "")
        shift = self.selected_shift()
        if shift is not None:
            self._scroll_to(self.row_of(shift.agent_id))
        self.viewport().update()

    def select_gap(self, gap: StripCell | Gap | None) -> None:
        """Select a gap: a cell of the coverage strip (keyboard) or a gap of the gap list;
        outlined in the strip, its time shaded down the rows (Enter asks who can take it)."""
        if gap is not None and self.selected is not None:
            self.selected = None
            self.shift_selected.emit("")
        if gap != self.selected_gap:
            self.selected_gap = gap
            self.gap_selected.emit(gap)
        self.viewport().update()

    def _scroll_to(self, row: int) -> None:
        bar = self.verticalScrollBar()
        if row < bar.value():
            bar.setValue(row)
        elif row >= bar.value() + bar.pageStep():
            bar.setValue(row - bar.pageStep() + 1)


    def viewportEvent(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)  # type: ignore[arg-type]

    def tooltip_at(self, pos: QPoint) -> str:
        layout = self.layout_data
        if layout is None:
            return ""
        cell = self.strip_cell_at(pos)
        if cell is not None:
            return strip_tooltip(layout, cell)
        hit = self.shift_at(pos)
        if hit is not None:
            return shift_tooltip(layout, hit[0], self.violations)
        row = self._row_at(pos.y())
        if row is None or pos.x() < NAME_W:
            return ""
        return row_tooltip(layout, layout.agents[row].id, self._instant(pos.x()))
