"""The words shown after a solve: status, proven or not, coverage per requirement, gaps (no Qt)."""

from __future__ import annotations

import html
from collections import defaultdict

from coverage_app.services.plan_review import PlanReview
from models.domain import PlanStatus

STATUS_WORDS = {
    PlanStatus.OPTIMAL: "optimal",
    PlanStatus.FEASIBLE: "feasible (time limit reached; better plans may exist)",
    PlanStatus.CANCELLED: "cancelled — best plan so far kept",
    PlanStatus.NO_PLAN: "stopped before any plan was found",
    PlanStatus.INVALID: "the input could not be planned",
    PlanStatus.MANUAL: "edited by hand",
}


def summary_html(review: PlanReview, status: PlanStatus | None = None) -> str:
    """The headline over the calendar: computed from a review of the plan on show, so it
    changes with every edit, re-plan and undo."""
    plan = review.plan
    status = status or plan.statistics.status
    stats = plan.statistics
    if not review.explained:
        status_words = "first plan, shown while the solver improves it"
    else:
        status_words = STATUS_WORDS.get(status, str(status))
    proven = ("gaps proven unavoidable" if stats.shortfall_proven_minimal
              else "best found, not proven")
    lines = [f"<b>{html.escape(status_words)}</b> · {proven} · "
             f"{len(plan.shifts)} shifts · {stats.wall_seconds:.1f} s"]
    rows = []
    for rc in review.coverage:
        colour = "#2e7d32" if rc.covered_slots == rc.required_slots else "#c62828"
        gap = f", {rc.short_hours:g} h short" if rc.short_minutes else ""
        rows.append(f"<span style='color:{colour}'>{html.escape(rc.name)}: "
                    f"{rc.percent_text}%{gap}</span>")
    if rows:
        lines.append(" · ".join(rows))
    gaps = review.gaps
    count = review.gap_count
    noun = "gap" if count == 1 else "gaps"
    if not review.explained:
        lines.append(f"{count} {noun} so far — the solver is still improving this first plan")
    elif gaps:
        reasons: dict[str, int] = defaultdict(int)
        for g in gaps:
            reasons[g.reason.value.replace("_", " ")] += 1
        words = ", ".join(f"{n} × {r}" for r, n in sorted(reasons.items()))
        lines.append(f"{count} {noun} ({words}) — hover the red strip for reasons")
    else:
        lines.append("No gaps")
    return "<br>".join(lines)
