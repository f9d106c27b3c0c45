"""The engine's CP-SAT parameters: a long coverage search puts every constraint in the LP, a
short one, a later stage or a reproducible run keeps the default."""

from __future__ import annotations

from solver.search import FULL_LP_FROM_S, configured_solver
from solver.types import SolveParams
from tests.solver.factory import WEEK


def _level(limit_s: float, *, coverage: bool, deterministic: bool = False) -> int:
    params = SolveParams(WEEK, time_limit_s=60.0, workers=2, seed=0)
    solver = configured_solver(params, limit_s, limit_s if deterministic else None,
                               coverage=coverage)
    return int(solver.parameters.linearization_level)


def test_only_a_long_coverage_search_gets_the_full_lp() -> None:
    assert _level(FULL_LP_FROM_S, coverage=True) == 2
    assert _level(FULL_LP_FROM_S - 1, coverage=True) == 1
    assert _level(FULL_LP_FROM_S + 20, coverage=False) == 1
    assert _level(FULL_LP_FROM_S + 20, coverage=True, deterministic=True) == 1
