"""The rota engine: Scenario -> candidate shifts -> CP-SAT -> Plan with gaps and reasons.

Imports only ``models`` and OR-Tools. The public API::

    from solver import solve, SolveParams, SolveResult, Progress, CancelToken, Weights
    from solver.check import check, Violation
    from solver.replan import diff_plans, PlanDiff
    from solver.advice import candidates_for
"""

from solver.engine import solve
from solver.types import (
    CancelToken,
    PenaltySummary,
    Progress,
    SolveParams,
    SolveResult,
    Weights,
)

__all__ = ["CancelToken", "PenaltySummary", "Progress", "SolveParams", "SolveResult", "Weights",
           "solve"]
