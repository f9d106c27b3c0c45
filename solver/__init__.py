"""The rota engine: Scenario -> candidate shifts -> CP-SAT -> Plan with gaps and reasons.

Imports only ``models`` and OR-Tools. The public API::

    from solver import solve, SolveParams, SolveResult, Progress, CancelToken, Weights
    from solver.check import check, Violation
    from solver.replan import diff_plans, PlanDiff
    from solver.advice import candidates_for
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solver.types import (
    CancelToken,
    PenaltySummary,
    Progress,
    SolveParams,
    SolveResult,
    Weights,
)

if TYPE_CHECKING:
    from solver.engine import solve

__all__ = ["CancelToken", "PenaltySummary", "Progress", "SolveParams", "SolveResult", "Weights",
           "solve"]


def __getattr__(name: str) -> Any:
    # ``solve`` loads OR-Tools (~0.7 s): only on first use, so the GUI thread can build
    # parameters and cancel tokens from ``solver.types`` without freezing.
    if name == "solve":
        from solver.engine import solve

        return solve
    raise AttributeError(f"module 'solver' has no attribute {name!r}")
