"""The plan explained by rule, and the warnings under it, as the ``solve`` and ``check`` summaries
print them."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from models.domain import Scenario
from solver.check import HoursWarning
from solver.explain import PlanExplanation


def _text(value: str) -> str:
    return value.replace("[", "\\[")


def print_hours_warnings(out: Console, scenario: Scenario,
                         warnings: Sequence[HoursWarning]) -> None:
    """Agents under their contract's weekly minimum, with the hours missing."""
    if not warnings:
        out.print("[green]Minimum hours: every agent gets the weekly minimum of the contract.[/]")
        return
    missing = sum(w.missing_minutes for w in warnings) / 60
    weeks = "agent-week" if len(warnings) == 1 else "agent-weeks"
    out.print(f"[yellow]Warnings: {len(warnings)} {weeks} under the contract minimum "
              f"({missing:,.1f} h missing in all)[/]", soft_wrap=True)
    table = Table(title="Under the weekly minimum")
    for name in ("Agent", "Week", "Worked h", "Minimum h", "Missing h"):
        table.add_column(name, justify="left" if name == "Agent" else "right")
    names = {a.id: a.label for a in scenario.agents}
    for w in warnings:
        table.add_row(_text(names.get(w.agent_id, w.agent_id)), f"{w.year}-W{w.week:02d}",
                      f"{w.worked_minutes / 60:.1f}", f"{w.minimum_minutes / 60:.1f}",
                      f"[yellow]{w.missing_minutes / 60:.1f}[/]")
    out.print(table)


def print_explanation(out: Console, explanation: PlanExplanation) -> None:
    """The plan by rule: the solver's per-rule totals (a solver's plan only), fairness and
    preferences met (coverage per requirement is :func:`coverage_app.cli.solve.coverage_table`,
    printed before it)."""
    if explanation.rules:
        rules = Table(title="The plan by rule")
        for name in ("Stage", "Rule", "Amount", "Terms", "Weighted"):
            rules.add_column(name, justify="left" if name in ("Stage", "Rule") else "right")
        stages = {1: "coverage", 2: "changes", 3: "people and cost"}
        for r in explanation.rules:
            rules.add_row(stages.get(r.tier, str(r.tier)), _text(r.title), r.amount,
                          str(r.terms), f"{r.weighted:,}")
        out.print(rules)
    for stage in explanation.not_optimised:
        out.print(f"[yellow]The {stage} stage did not run (time ran out before it): its rules "
                  "were not optimised and are left out above.[/]", soft_wrap=True)
    fairness = explanation.fairness
    if fairness:
        out.print("Fairness (peaks the solver lowers): " + "; ".join(
            f"{_text(r.title.lower())} {r.amount}" for r in fairness), soft_wrap=True)
    met = explanation.preferences
    if met.percent is None:
        out.print("Preferences met: nobody who works in this plan stated preferred hours.",
                  soft_wrap=True)
    else:
        who = "the agent" if met.agents == 1 else f"the {met.agents} agents"
        out.print(f"Preferences met: {met.percent:.1f} % of the hours of {who} with preferred "
                  f"windows lie inside them ({met.preferred_minutes / 60:,.1f} of "
                  f"{met.worked_minutes / 60:,.1f} h).", soft_wrap=True)
    standby = (f" On standby: {explanation.standby_minutes / 60:,.1f} h."
               if explanation.standby_minutes else "")
    out.print(f"Hours worked: {explanation.worked_minutes / 60:,.1f} h.{standby}")
