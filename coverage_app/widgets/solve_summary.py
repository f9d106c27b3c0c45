"""The words shown after a solve: status, proven or not, coverage per requirement, gaps (no Qt)."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass

from coverage_app.services.editing import family_key
from models.domain import Plan, PlanStatus, Scenario

STATUS_WORDS = {
    PlanStatus.OPTIMAL: "optimal",
    PlanStatus.FEASIBLE: "feasible (time limit reached; better plans may exist)",
    PlanStatus.CANCELLED: "cancelled — best plan so far kept",
    PlanStatus.NO_PLAN: "stopped before any plan was found",
    PlanStatus.INVALID: "the input could not be planned",
    PlanStatus.MANUAL: "edited by hand",
}


def _gaps(count: int) -> str:
    return "no gaps" if not count else f"{count} gap{'' if count == 1 else 's'}"


def status_sentence(plan: Plan, status: PlanStatus | None = None) -> str:
    """The solve result in a manager's words; it claims a proof only when the solver made one.

    ``shortfall_proven_minimal`` says whether no plan the rules allow covers more; only then
    does the sentence say the gaps cannot be closed.
    """
    status = status or plan.statistics.status
    stats = plan.statistics
    gaps = _gaps(len(plan.gaps))
    if status is PlanStatus.MANUAL:
        return f"Edited by hand, {gaps}"
    if status is PlanStatus.CANCELLED:
        return f"Solve cancelled: the best plan so far is kept, {gaps}; solve again to improve it"
    if status in (PlanStatus.NO_PLAN, PlanStatus.INVALID):
        return STATUS_WORDS[status].capitalize()
    if not plan.gaps:
        if status is PlanStatus.OPTIMAL:
            return "Best plan: full coverage, and nothing else in it can be improved"
        return "Good plan, full coverage; fairness and cost may improve with more time"
    if stats.shortfall_proven_minimal:
        tail = ("the best plan the rules allow" if status is PlanStatus.OPTIMAL else
                "no plan can close more of them (proven); fairness may improve with more time")
        return f"Good plan, {gaps}; {tail}"
    return f"Good plan, {gaps}; may improve with more time"


def details_html(plan: Plan) -> str:
    """Seed, workers, proof and solver figures: for whoever wants to reproduce or judge it."""
    stats = plan.statistics
    proof = ("proven: no plan the rules allow covers more" if stats.shortfall_proven_minimal
             else "not proven: a longer solve may close some gaps")
    rows = [("Result", STATUS_WORDS.get(stats.status, str(stats.status))),
            ("Gaps", proof),
            ("Seed", str(stats.seed)), ("Workers", str(stats.workers)),
            ("Time", f"{stats.wall_seconds:.1f} s"
             + (f" (first plan after {stats.first_solution_seconds:.1f} s)"
                if stats.first_solution_seconds is not None else "")),
            ("Plans found", str(stats.solutions)),
            ("Objective / bound", f"{_number(stats.objective)} / {_number(stats.best_bound)}"),
            ("Model", f"{stats.variables:,} variables, {stats.constraints:,} constraints")]
    return "<br>".join(f"{html.escape(k)}: {html.escape(v)}" for k, v in rows)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


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
    # one line per requirement as the manager sees it: the rows a headcount grid is stored
    # in (one family) are added up
    families: dict[tuple[object, ...], list[str]] = {}
    for r in scenario.target.requirements:
        families.setdefault(family_key(r), []).append(r.id)
    result = []
    for ids in families.values():
        first = scenario.target.requirement(ids[0])
        result.append(RequirementCoverage(
            first.id, first.name, sum(required[i] for i in ids), sum(covered[i] for i in ids),
            sum(missing_minutes[i] for i in ids) / 60))
    return result


def summary_html(scenario: Scenario, plan: Plan, status: PlanStatus | None = None) -> str:
    lines = [f"<b>{html.escape(status_sentence(plan, status))}</b> · "
             f"{len(plan.shifts)} shifts"]
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
