"""The coverage stage's LP relaxation, and a start from it (RENS) when the relaxation is cheap.

On follow-the-sun teams near capacity, the coverage stage is close to a flow problem: its LP
relaxation is almost integral (tight M: 5,816 of 6,264 shift booleans integral, optimum 15 h),
while CP-SAT, warm-started from the greedy rota, keeps near that rota (215 h after a long run),
and without the hint it reaches the LP's region only after its own slow root LP (measured in
``bench/RESULTS.md``). So, before the coverage stage, GLOP solves the relaxation under a small
share of the budget; when it is optimal:

- its value, rounded up, is a lower bound of the coverage objective over the candidates (every
  integer plan is a solution of the relaxation), reported beside CP-SAT's own bound;
- RENS (relaxation enforced neighbourhood search): the shift booleans the relaxation sets to 0
  or 1 are fixed and CP-SAT solves what is left, a small model, for another share; its plan, if
  better than the greedy rota, becomes the coverage stage's hint.

The model is pure 0-1 linear (linear rows and at-most-ones, no enforcement literals: checked,
anything else and the relaxation is skipped), so the relaxation is the model with integrality
dropped. GLOP is part of OR-Tools: no new dependency.
"""

from __future__ import annotations

import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ortools.linear_solver import linear_solver_pb2, pywraplp
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

INTEGRAL_EPS = 1e-6
INFINITE = 2**62  # CP-SAT's "no bound" is near 2**63; anything past this is unbounded
MIN_LP_S = 0.1  # less than this left for GLOP after writing the LP: not worth starting


@dataclass(frozen=True)
class Relaxation:
    values: list[float]  # per model variable, by index
    objective: float  # the relaxation's optimum: no integer solution of the model is below it

    @property
    def bound(self) -> int:
        """The smallest integer objective a plan can have (objectives are integer)."""
        return math.ceil(self.objective - INTEGRAL_EPS)


def _plain_proto(model: cp_model.CpModel) -> cp_model_pb2.CpModelProto:
    """The model as a protobuf message. Reading the solver's own proto object field by field
    from Python took 3 s on tight M; writing it out and parsing it back takes 0.3 s."""
    with tempfile.TemporaryDirectory(prefix="coverage-relaxation-") as folder:
        path = Path(folder) / "model.pb"
        model.export_to_file(str(path))
        proto: cp_model_pb2.CpModelProto = cp_model_pb2.CpModelProto.FromString(
            path.read_bytes())
        return proto


def lp_model(model: cp_model.CpModel) -> linear_solver_pb2.MPModelProto | None:
    """The model with integrality dropped, or None when it holds anything but linear rows and
    at-most-ones without enforcement literals."""
    proto = _plain_proto(model)
    lp = linear_solver_pb2.MPModelProto()
    for v in proto.variables:
        lp.variable.add(lower_bound=v.domain[0], upper_bound=v.domain[-1])
    for ct in proto.constraints:
        kind = ct.WhichOneof("constraint")
        if ct.enforcement_literal:
            return None
        if kind == "linear":
            domain = ct.linear.domain
            row = lp.constraint.add(
                lower_bound=domain[0] if domain[0] > -INFINITE else -math.inf,
                upper_bound=domain[-1] if domain[-1] < INFINITE else math.inf)
            row.var_index.extend(ct.linear.vars)
            row.coefficient.extend(ct.linear.coeffs)
        elif kind == "at_most_one":
            literals = ct.at_most_one.literals
            negated = sum(1 for literal in literals if literal < 0)
            row = lp.constraint.add(lower_bound=-math.inf, upper_bound=1.0 - negated)
            row.var_index.extend(lit if lit >= 0 else -lit - 1 for lit in literals)
            row.coefficient.extend(1.0 if lit >= 0 else -1.0 for lit in literals)  # not x = 1 - x
        else:
            return None
    for index, coeff in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        lp.variable[index].objective_coefficient = coeff
    lp.objective_offset = proto.objective.offset
    return lp


def solve_relaxation(model: cp_model.CpModel, time_limit_s: float) -> Relaxation | None:
    """GLOP's optimum of the relaxation within ``time_limit_s`` (writing the LP out included),
    or None (not optimal in time, or a model the relaxation does not cover)."""
    started = time.monotonic()
    lp = lp_model(model) if time_limit_s > 0 else None
    left = time_limit_s - (time.monotonic() - started)
    if lp is None or left < MIN_LP_S:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None or solver.LoadModelFromProto(lp):
        return None
    solver.SetTimeLimit(max(1, int(left * 1000)))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return Relaxation([v.solution_value() for v in solver.variables()],
                      solver.Objective().Value())


def rens_model(model: cp_model.CpModel, relaxation: Relaxation,
               fixable: list[int]) -> tuple[cp_model.CpModel, int]:
    """A copy of the model with each of the ``fixable`` variables fixed where the relaxation
    has it integral; the number fixed."""
    sub = cp_model.CpModel()
    sub.proto.copy_from(model.proto)
    sub.clear_hints()  # type: ignore[no-untyped-call]
    fixed = 0
    for index in fixable:
        value = relaxation.values[index]
        rounded = round(value)
        if abs(value - rounded) < INTEGRAL_EPS:
            variable = sub.proto.variables[index]
            variable.domain.clear()
            variable.domain.extend([rounded, rounded])
            fixed += 1
    return sub, fixed
