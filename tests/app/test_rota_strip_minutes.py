"""The coverage strip counts real minutes: agents on +05:45 and +05:30 leave no phantom gap."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from PySide6.QtCore import QPoint

from coverage_app.widgets.rota_layout import RotaLayout
from coverage_app.widgets.rota_style import TOP
from coverage_app.widgets.rota_view import RotaView
from solver.gaps import explain_gaps
from tests.solver.sub_slot import NOV_2, at, measured_case, measured_plan


def test_strip_shows_only_the_real_quarter_hour_gap(qtbot):
    sc = measured_case()
    plan = measured_plan()
    plan = dataclasses.replace(plan, gaps=explain_gaps(sc, plan, proven=False))
    layout = RotaLayout(sc, plan, "Europe/Tallinn", NOV_2, 1)
    view = RotaView()
    qtbot.addWidget(view)
    view.resize(1600, 400)
    view.set_layout(layout, {})
    view.show()
    qtbot.waitExposed(view)

    short = [(c.start, c.end) for c in layout.strip if c.missing]
    assert short == [(at(6), at(6, 15))]
    covered = sum((c.end - c.start for c in layout.strip if not c.missing), timedelta())
    assert covered == timedelta(hours=11, minutes=45)

    def tooltip(instant):
        return view.tooltip_at(QPoint(round(view._x(instant)), TOP - 12))

    gap_text = tooltip(at(6, 7))
    assert "08:00–08:15" in gap_text
    assert "1 missing" in gap_text
    # Where the 30-minute grid used to show 16:00–16:30 Tallinn empty, both agents are on duty.
    for instant in (at(14), at(14, 10), at(14, 20), at(6, 20)):
        text = tooltip(instant)
        assert "1 of 1 on duty" in text
        assert "missing" not in text
        assert "none is available" not in text


def test_solve_summary_counts_the_real_quarter_hour():
    from models.coverage import coverage
    from models.requirement_coverage import requirement_coverage

    sc, plan = measured_case(), measured_plan()
    [open_desk] = requirement_coverage(sc, coverage(sc, plan))
    assert open_desk.minutes == 12 * 60
    assert open_desk.met == 11 * 60 + 45
    assert open_desk.short_hours == 0.25
    assert open_desk.percent_text == "97.9"
