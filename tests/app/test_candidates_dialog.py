""""Who can take this?" on the real advisor: rule-clean changes first and not in red, rule
breaks apart below, every time in the one stated zone, each change previewed on a calendar,
and a clean change assigned breaks no rule and fills part of the gap."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coverage_app.pages.rota import RotaPage
from coverage_app.pages.rota.advice import CandidatesDialog
from coverage_app.qtmodels.base import RED
from coverage_app.state import AppState
from models.coverage import coverage
from models.timerules import to_local
from solver.check import check
from solver.suggestions import suggest
from tests.app.rota_fakes import FakeSolver

MONDAY = date(2026, 12, 7)


@pytest.fixture
def page(qtbot, demo):
    widget = RotaPage(AppState(demo), None, solve_fn=FakeSolver(), check_fn=check)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.panel.set_start(MONDAY)
    widget.panel.days_spin.setValue(7)
    widget.show()
    with qtbot.waitSignal(widget.solved, timeout=10_000):
        qtbot.mouseClick(widget.panel.solve_button, Qt.MouseButton.LeftButton)
    yield widget
    widget.shutdown()


def missing(state) -> int:
    return sum(r.missing for r in coverage(state.scenario, state.plan))


def test_clean_changes_come_first_then_rule_breaks_in_one_zone(qtbot, page):
    state, view = page.state, page.view
    state.set_display_zone("Asia/Kathmandu")
    cell = next(c for c in view.layout_data.strip if c.missing and suggest(
        state.scenario, state.plan, c.requirement_ids[0], c.start, c.end).clean)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.strip_point_at(cell.start + (cell.end - cell.start) / 2))
    dialog = page.findChild(CandidatesDialog)
    assert dialog is not None
    assert dialog.isVisible()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("Every time here is in <b>Asia/Kathmandu</b>" in t for t in texts)
    clean, breaking = dialog.model, dialog.breaking_model
    assert clean.rowCount() >= 1
    for row in range(clean.rowCount()):
        assert clean.data(clean.index(row, 3)) == ""  # breaks nothing
        assert clean.data(clean.index(row, 0), Qt.ItemDataRole.ForegroundRole) is None
    for row in range(breaking.rowCount()):
        assert breaking.data(breaking.index(row, 3))  # names the rule
        assert breaking.data(breaking.index(row, 0), Qt.ItemDataRole.ForegroundRole) is RED
    # Times are in the dialog's one zone: the first change's new shift, as Kathmandu reads it.
    first = clean.rows()[0].candidate
    kathmandu = to_local(first.shift.start, "Asia/Kathmandu")
    assert f"{kathmandu:%H:%M}" in clean.data(clean.index(0, 1))
    # The selected change is shown on the preview calendar: its new bar tagged.
    preview = dialog.preview.layout_data
    assert preview.proposal is not None
    assert preview.proposal.tags
    assert preview.zone_name == "Asia/Kathmandu"
    before = missing(state)
    with qtbot.waitSignal(page.edit_checked, timeout=5_000) as blocker:
        qtbot.mouseClick(dialog.buttons[0], Qt.MouseButton.LeftButton)
    assert not blocker.args[0].edited_violations
    assert missing(state) < before
