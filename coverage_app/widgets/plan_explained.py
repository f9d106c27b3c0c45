"""The plan explained by rule: a one-line headline that is always visible (coverage, preferences
met, agents under their weekly minimum) and, opened, the sections behind it.

Sections: coverage by requirement (with overstaffing), fairness, preferences met, cost, the
solver's objective rule by rule, and the warnings. The widget only renders what it is given
(:class:`coverage_app.services.explaining.ExplainedPlan`), worked out in a worker thread.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout

from coverage_app.services.explaining import ExplainedPlan, alike_line
from models.domain import Scenario
from models.requirement_coverage import percent_text

NO_RULES = ("The solver gave no per-rule figures for this plan: its time ran out before it "
            "could weigh the plan rule by rule.")
WARN = "#b26a00"
BAD = "#c62828"
GOOD = "#2e7d32"


def _h(minutes: float) -> str:
    return f"{minutes / 60:,.1f} h"


def headline_html(shown: ExplainedPlan) -> str:
    e = shown.explanation
    asked = sum(c.minutes for c in e.coverage)
    missing = sum(c.missing_minutes for c in e.coverage)
    parts = []
    if asked:
        colour = GOOD if not missing else BAD
        parts.append(f"<span style='color:{colour}'>coverage "
                     f"{percent_text(asked - missing, asked)} %</span>")
    met = e.preferences.percent
    if met is not None:
        parts.append(f"preferences met {met:.0f} %")
    over = sum(c.over_minutes for c in e.coverage)
    if over:
        parts.append(f"overstaffed {_h(over)}")
    under = e.under_minimum
    if under:
        agents = len({w.agent_id for w in under})
        noun = "agent" if agents == 1 else "agents"
        lost = sum(w.missing_minutes for w in under)
        parts.append(f"<span style='color:{WARN}'><b>⚠ {agents} {noun} under the weekly "
                     f"minimum ({_h(lost)} missing)</b></span>")
    else:
        parts.append("every agent at the weekly minimum")
    return " · ".join(parts)


def _table(head: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th align='{'left' if i == 0 else 'right'}'>{html.escape(h)}</th>"
                    for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(
        f"<td align='{'left' if i == 0 else 'right'}'>{c}</td>" for i, c in enumerate(row))
        + "</tr>" for row in rows)
    return f"<table cellspacing='0' cellpadding='2'><tr>{cells}</tr>{body}</table>"


def _section(title: str) -> str:
    return f"<h4 style='margin:6px 0 2px 0'>{html.escape(title)}</h4>"


def coverage_html(shown: ExplainedPlan) -> str:
    rows = []
    for c in shown.explanation.coverage:
        missing = (f"<span style='color:{BAD if c.missing_minutes else GOOD}'>"
                   f"{_h(c.missing_minutes)}</span>")
        rows.append([html.escape(c.name), _h(c.minutes), _h(c.met), missing,
                     f"{c.percent_text} %", _h(c.short_minutes) if c.short_minutes else "–",
                     _h(c.over_minutes) if c.over_minutes else "–"])
    return _section("Coverage by requirement") + _table(
        ["Requirement", "Asked", "Met", "Missing", "Covered", "Hours short", "Overstaffed"],
        rows) + ("<small>Person-hours, except hours short: the hours in which at least one "
                 "person is missing. Overstaffed: held on a dedicated duty beyond its "
                 "headcount.</small>")


def warnings_html(scenario: Scenario, shown: ExplainedPlan) -> str:
    under = shown.explanation.under_minimum
    out = _section("Warnings: under the weekly minimum")
    if not under:
        return out + "None: every agent gets the weekly minimum hours of the contract."
    names = {a.id: a.label for a in scenario.agents}
    return out + _table(["Agent", "Week", "Worked", "Minimum", "Missing"], [
        [html.escape(names.get(w.agent_id, w.agent_id)), f"{w.year}-W{w.week:02d}",
         _h(w.worked_minutes), _h(w.minimum_minutes),
         f"<span style='color:{WARN}'><b>{_h(w.missing_minutes)}</b></span>"] for w in under])


def people_html(shown: ExplainedPlan) -> str:
    """Fairness, preferences met and cost."""
    e, summary = shown.explanation, shown.summary
    out = [_section("Fairness")]
    out.append(f"Night hours spread {summary.night_spread_hours:.1f} h, weekend hours spread "
               f"{summary.weekend_spread_hours:.1f} h, load spread "
               f"{summary.hours_spread_percent:.1f} % of the contract maximum.")
    for spread in shown.alike:
        colour = "" if spread.within_one_shift else f" style='color:{WARN}'"
        out.append(f"<br><span{colour}>{html.escape(alike_line(spread))}.</span>")
    if e.fairness:
        out.append("<br>Peaks the solver lowered: " + "; ".join(
            f"{html.escape(r.title.lower())} {html.escape(r.amount)}" for r in e.fairness) + ".")
    out.append(_section("Preferences met"))
    met = e.preferences
    if met.percent is None:
        out.append("Nobody who works in this plan stated preferred hours.")
    else:
        who = "the agent" if met.agents == 1 else f"the {met.agents} agents"
        out.append(f"{met.percent:.1f} % of the hours of {who} with preferred windows lie "
                   f"inside them ({_h(met.preferred_minutes)} of {_h(met.worked_minutes)}).")
    out.append(_section("Cost"))
    # The plan's cost goes here once the solve result carries it.
    out.append(f"{_h(e.worked_minutes)} worked by {sum(1 for a in summary.agents if a.shifts)} "
               "agents.")
    money = [r for r in e.rules if r.rule == "cost"]
    if money:
        out.append(f" The solver weighed hourly cost: {html.escape(money[0].amount)}.")
    return "".join(out)


def objective_html(shown: ExplainedPlan) -> str:
    e = shown.explanation
    out = _section("The solver's objective, rule by rule")
    if not shown.solved:
        return out + ("<i>Edited, loaded or undone to since the solve: the solver's objective "
                      "no longer applies; the other figures are this plan's.</i>")
    skipped = "".join(f"<br><span style='color:{WARN}'>The {html.escape(stage)} stage did not "
                      "run (time ran out before it): its rules were not optimised and are left "
                      "out.</span>" for stage in e.not_optimised)
    if not e.rules:
        return out + (NO_RULES if not skipped else "") + skipped
    stages = {1: "coverage", 2: "changes", 3: "people and cost"}
    return out + skipped + _table(["Rule", "Stage", "Amount", "Terms", "Weighted"], [
        [html.escape(r.title), stages.get(r.tier, str(r.tier)), html.escape(r.amount),
         str(r.terms), f"{r.weighted:,}"] for r in e.rules])


def details_html(scenario: Scenario, shown: ExplainedPlan) -> str:
    """Two columns: coverage beside the warnings, then people and cost beside the objective."""
    def row(left: str, right: str) -> str:
        return (f"<tr><td valign='top'>{left}</td><td width='28'></td>"
                f"<td valign='top'>{right}</td></tr>")

    return ("<table cellspacing='0' cellpadding='0'>"
            + row(coverage_html(shown), warnings_html(scenario, shown))
            + row(people_html(shown), objective_html(shown)) + "</table>")


class PlanExplainedPanel(QFrame):
    """A headline with a button that opens the sections below it."""

    toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("PlanExplained")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.toggle = QToolButton()
        self.toggle.setText("Plan by rule")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolTip("Coverage, fairness, preferences, cost and warnings of this plan")
        self.headline = QLabel("No plan yet")
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.details)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setMaximumHeight(300)
        self.scroll.setVisible(False)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toggle)
        top.addWidget(self.headline, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.scroll)
        self.toggle.toggled.connect(self._open)
        self.shown: ExplainedPlan | None = None

    def _open(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.scroll.setVisible(on)
        self.toggled.emit(on)

    def show_plan(self, scenario: Scenario, shown: ExplainedPlan) -> None:
        self.shown = shown
        self.headline.setText(headline_html(shown))
        self.details.setText(details_html(scenario, shown))

    def clear(self) -> None:
        self.shown = None
        self.headline.setText("No plan yet")
        self.details.setText("")

    def working(self) -> None:
        """A plan is on screen and its explanation is being worked out."""
        if self.shown is None:
            self.headline.setText("Working out the plan by rule…")
