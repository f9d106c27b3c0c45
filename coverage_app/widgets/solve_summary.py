"""The headline over the rota: the solve result in words, coverage per requirement, gaps."""

from __future__ import annotations

import html
from collections import defaultdict

from coverage_app.services.plan_review import PlanReview
from models.domain import Plan, PlanStatus

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


def status_sentence(plan: Plan, status: PlanStatus | None = None,
                    gap_count: int | None = None) -> str:
    """The solve result in a manager's words; it claims a proof only when the solver made one.

    ``shortfall_proven_minimal`` says whether no plan the rules allow covers more; only then
    does the sentence say the gaps cannot be closed. ``gap_count``: the gaps open now (a
    review's count), when the plan's recorded gaps may be stale.
    """
    status = status or plan.statistics.status
    stats = plan.statistics
    count = len(plan.gaps) if gap_count is None else gap_count
    gaps = _gaps(count)
    if status is PlanStatus.MANUAL:
        return f"Edited by hand, {gaps}"
    if status is PlanStatus.CANCELLED:
        return f"Solve cancelled: the best plan so far is kept, {gaps}; solve again to improve it"
    if status in (PlanStatus.NO_PLAN, PlanStatus.INVALID):
        return STATUS_WORDS[status].capitalize()
    if not count:
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


def summary_html(review: PlanReview, status: PlanStatus | None = None,
                 notes: tuple[str, ...] = ()) -> str:
    """The headline over the calendar: computed from a review of the plan on show, so it
    changes with every edit, re-plan and undo. ``notes``: what the solve that made the plan
    said besides it (locked shifts kept although they break a rule, a plan not optimised),
    one line each under the gaps."""
    plan = review.plan
    count = review.gap_count
    if not review.explained:
        sentence = "First plan, shown while the solver improves it"
    else:
        sentence = status_sentence(plan, status, count)
    lines = [f"<b>{html.escape(sentence)}</b> · {len(plan.shifts)} shifts"]
    rows = []
    for rc in review.coverage:
        colour = "#2e7d32" if rc.met == rc.minutes else "#c62828"
        gap = f", {rc.short_hours:g} h short" if rc.short_minutes else ""
        rows.append(f"<span style='color:{colour}'>{html.escape(rc.name)}: "
                    f"{rc.percent_text}%{gap}</span>")
    if rows:
        lines.append(" · ".join(rows))
    gaps = review.gaps
    noun = "gap" if count == 1 else "gaps"
    if not review.explained:
        lines.append(f"{count} {noun} so far — the solver is still improving this first plan")
    elif gaps:
        reasons: dict[str, int] = defaultdict(int)
        for g in gaps:
            reasons[g.reason.value.replace("_", " ")] += 1
        words = ", ".join(f"{n} × {r}" for r, n in sorted(reasons.items()))
        lines.append(f"{count} {noun} ({words}) — hover the strip for reasons")
    else:
        lines.append("No gaps")
    lines.extend(f"<span style='color:#8d6e00'>{html.escape(note[:1].upper() + note[1:])}"
                 "</span>" for note in notes)
    return "<br>".join(lines)
