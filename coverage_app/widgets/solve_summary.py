"""The words shown after a solve: status, proven or not, coverage per requirement, gaps (no Qt)."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass

from models.domain import Plan, PlanStatus, Scenario

STATUS_WORDS = {
    PlanStatus.OPTIMAL: "optimal",
    PlanStatus.FEASIBLE: "feasible (time limit reached; better plans may exist)",
    PlanStatus.CANCELLED: "cancelled — best plan so far kept",
    PlanStatus.NO_PLAN: "stopped before any plan was found",
    PlanStatus.INVALID: "the input could not be planned",
    PlanStatus.MANUAL: "edited by hand",
}


@dataclass(frozen=True, slots=True)
class RequirementCoverage:
    requirement_id: str
    name: str
    required_minutes: int  # person-minutes asked for
    covered_minutes: int  # person-minutes met
    gap_hours: float

    @property
    def percent(self) -> float:
        if not self.required_minutes:
            return 100.0
        return 100.0 * self.covered_minutes / self.required_minutes


def requirement_coverage(scenario: Scenario, plan: Plan) -> list[RequirementCoverage]:
    required: dict[str, int] = defaultdict(int)
    covered: dict[str, int] = defaultdict(int)
    missing_minutes: dict[str, float] = defaultdict(float)
    from coverage_app.widgets.rota_layout import plan_coverage

    for row in plan_coverage(scenario, plan):
        required[row.requirement_id] += row.required * row.minutes
        covered[row.requirement_id] += min(row.required, row.scheduled) * row.minutes
        if row.missing:
            missing_minutes[row.requirement_id] += row.minutes
    return [RequirementCoverage(r.id, r.name, required[r.id], covered[r.id],
                                missing_minutes[r.id] / 60)
            for r in scenario.target.requirements]


def summary_html(scenario: Scenario, plan: Plan, status: PlanStatus | None = None) -> str:
    status = status or plan.statistics.status
    stats = plan.statistics
    proven = ("gaps proven unavoidable" if stats.shortfall_proven_minimal
              else "best found, not proven")
    lines = [f"<b>{html.escape(STATUS_WORDS.get(status, str(status)))}</b> · {proven} · "
             f"{len(plan.shifts)} shifts · {stats.wall_seconds:.1f} s"]
    rows = []
    for rc in requirement_coverage(scenario, plan):
        colour = "#2e7d32" if rc.percent >= 99.95 else "#c62828"
        gap = f", {rc.gap_hours:g} h short" if rc.gap_hours else ""
        rows.append(f"<span style='color:{colour}'>{html.escape(rc.name)}: "
                    f"{rc.percent:.0f}%{gap}</span>")
    if rows:
        lines.append(" · ".join(rows))
    gaps = plan.gaps
    if gaps:
        reasons: dict[str, int] = defaultdict(int)
        for g in gaps:
            reasons[g.reason.value.replace("_", " ")] += 1
        words = ", ".join(f"{n} × {r}" for r, n in sorted(reasons.items()))
        noun = "gap" if len(gaps) == 1 else "gaps"
        lines.append(f"{len(gaps)} {noun} ({words}) — hover the red strip for reasons")
    else:
        lines.append("No gaps")
    return "<br>".join(lines)
