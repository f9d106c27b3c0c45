"""One CP-SAT search as the engine runs it: the solver's parameters, progress from each
solution, and a cancel that stops the search at once. Shared by the stages of
:mod:`solver.engine` and the neighbourhoods of :mod:`solver.neighbourhoods`."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.model import BuiltModel
from solver.stage_order import real_shortfall, shortfall_minutes
from solver.types import CancelToken, Progress, SolveParams, StageOutcome

PROGRESS_INTERVAL_S = 0.1
# A search asked to stop when it stalls (see _watch) gets at least this long without a better
# solution.
MIN_STALL_S = 1.0
# A coverage search with at least this long puts every constraint in CP-SAT's LP
# (linearization level 2), not only the linear ones: each node costs more, and the tighter LP
# pays back only with time. Follow the sun of 40 agents at 30 s (coverage search ~15 s after
# RENS): 15, 15, 15 h (proven) on one instance where level 1 ended at 16-17 h in four runs,
# 30-31 h against 31 h on another, the same on three; at 20 s the same within 1 h; at 10 s
# (~5 s) 4 h worse over five instances, so short searches keep level 1. Proofs on the loose
# families and the desk at 30-60 s unchanged.
FULL_LP_FROM_S = 10.0
# Such a long search follows its hint for at most this many conflicts before searching on its
# own (CP-SAT's default is 10). A complete, feasible hint is followed without a conflict, so
# with the default the LP worker never left it and added no cuts: on follow the sun of 40
# agents at 30 s its bound stayed at 7 h for 18 s, against 15 h (the optimum) 2.8 s in with
# this setting, and a plan that meets the bound is proven at once. Measured at 30 s:
# - the bench's instance, seed 0: 15 h in 2 runs of 5 (16 h otherwise), against 3 of 4 with
#   the default; seeds 1-3: 15 h each time;
# - four more instances: 13, 8, 8, 29 h, all proven, against 13, 9 (unproven), 8, 29 h;
# - 150 agents at 60 s: 53, 54 h against 51, 53 h (bound 50 h), within a run's luck, but the
#   one place where it may cost.
# At 10 s the same within 1 h (17, 13, 9, 9, 32 h against 17, 13, 8, 9, 31 h over the five
# instances), so short searches keep the default.
LONG_SEARCH_HINT_CONFLICTS = 0


@dataclass
class Run:
    """What one solve() call accumulates across its stages."""

    started: float
    on_progress: Callable[[Progress], None] | None
    cancel: CancelToken | None
    solutions: int = 0
    first_solution_s: float | None = None
    last_emit: float = -1.0
    values: list[bool] | None = None
    stage_status: dict[int, Any] = field(default_factory=dict)
    coverage_objective: float | None = None
    coverage_bound: float | None = None
    deterministic_used: float = 0.0
    messages: list[str] = field(default_factory=list)
    stages: list[StageOutcome] = field(default_factory=list)
    relaxation_bound: float | None = None  # the LP relaxation's bound of the coverage stage
    hint_shortfall_minutes: int = 0  # of the plan in ``values``, before CP-SAT improves it
    build_seconds: float = 0.0  # building the whole model took this long
    rejected_locked: bool = False  # the model found the locked shifts infeasible
    # The coverage stage's optimum over pruned candidates is proven over every legal
    # placement too (solver.every_placement).
    coverage_every: bool = False
    # (variables, constraints) of the largest sub-model searched (weeks, neighbourhoods)
    largest_part: tuple[int, int] = (0, 0)

    def searched(self, model: cp_model.CpModel) -> None:
        """Note the size of a sub-model searched (for the plan's statistics)."""
        size = (len(model.proto.variables), len(model.proto.constraints))
        self.largest_part = max(self.largest_part, size)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.cancelled


class Callback(cp_model.CpSolverSolutionCallback):
    """Progress, the cancel, and (``floor``: a bound proven before the search, in objective
    units) the end of a search whose plan reaches that bound: it is optimal, and CP-SAT,
    which does not know the bound, would search on to its time limit."""

    def __init__(self, run: Run, stage: str, built: BuiltModel, scale: int,
                 floor: float | None = None) -> None:
        super().__init__()
        self._run, self._stage, self._built, self._scale = run, stage, built, scale
        self._floor = floor
        self.began = run.elapsed
        # When its best solution so far was found (the hint counts); None: none yet.
        self.improved_at: float | None = None
        # Its best objective value so far, and the best bound CP-SAT has proven (when the
        # solver reports bounds to :meth:`bound_improved`), in objective units.
        self.objective: float | None = None
        self.bound: float | None = None

    def bound_improved(self, bound: float) -> None:
        self.bound = bound

    def on_solution_callback(self) -> None:
        run = self._run
        self.improved_at = run.elapsed
        self.objective = self.objective_value
        run.solutions += 1
        if run.first_solution_s is None:
            run.first_solution_s = run.elapsed
        if run.cancelled:
            self.stop_search()
            return
        if self._floor is not None and self.objective <= self._floor:
            self.stop_search()  # optimal: the bound proven before the search is reached
        now = run.elapsed
        if run.on_progress is not None and now - run.last_emit >= PROGRESS_INTERVAL_S:
            run.last_emit = now
            missing = real_shortfall(self._built, self.value)
            run.on_progress(Progress(now, self.objective_value // self._scale,
                                     self.best_objective_bound // self._scale,
                                     run.solutions, shortfall_minutes(self._built, missing),
                                     self._stage))


@dataclass(frozen=True)
class Overtime:
    """A search that may run past its time: at ``soft_end`` (seconds since the run started) it
    stops unless its best plan is within ``near`` objective units of a proven bound (CP-SAT's,
    or ``floor``, one proven before the search), so that the next better plan would be proven
    optimal; then it goes on to its solver's own limit."""

    soft_end: float
    near: float
    floor: float | None = None

    def ends(self, run: Run, callback: Callback) -> bool:
        if run.elapsed < self.soft_end:
            return False
        bounds = [b for b in (callback.bound, self.floor) if b is not None]
        return (callback.objective is None or not bounds
                or callback.objective - max(bounds) > self.near)


def _watch(run: Run, solver: cp_model.CpSolver, done: threading.Event,
           callback: Callback | None, give_up_at: float | None, stall: float | None,
           overtime: Overtime | None) -> None:
    """Stop the search the moment the token is cancelled (not only at the next solution), at
    ``give_up_at`` (seconds since the run started) if it has reported no solution yet, with
    ``stall`` once it has gone without a better solution for that share of the time it took
    to find its best (at least :data:`MIN_STALL_S`), or at the end of its time unless
    ``overtime`` lets it go on."""
    while not done.is_set():
        if run.cancel is not None and run.cancel.wait(0.05):
            solver.stop_search()
            return
        if run.cancel is None:
            done.wait(0.05)
        if (give_up_at is not None and run.elapsed >= give_up_at and callback is not None
                and callback.improved_at is None):
            solver.stop_search()
            return
        if stall is not None and callback is not None and callback.improved_at is not None:
            took = callback.improved_at - callback.began
            if run.elapsed - callback.improved_at >= max(MIN_STALL_S, stall * took):
                solver.stop_search()
                return
        if overtime is not None and callback is not None and overtime.ends(run, callback):
            solver.stop_search()
            return


def configured_solver(params: SolveParams, limit_s: float,
                       deterministic_s: float | None = None, *,
                       coverage: bool = False) -> cp_model.CpSolver:
    """A CP-SAT solver with the engine's parameters, ending ``limit_s`` from now.
    ``coverage``: it searches a whole model's coverage stage (see :data:`FULL_LP_FROM_S`)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, limit_s)
    if deterministic_s is not None:
        solver.parameters.max_time_in_seconds = max(0.05, params.time_limit_s) * 10
        solver.parameters.max_deterministic_time = max(0.05, deterministic_s)
        solver.parameters.interleave_search = True
    solver.parameters.num_workers = params.workers
    solver.parameters.max_memory_in_mb = params.max_memory_mb
    solver.parameters.random_seed = params.seed
    # Symmetry detection and probing cost seconds of presolve on these models and buy nothing.
    solver.parameters.symmetry_level = 0
    # Ctrl+C is ours (the cancel token keeps the best plan): CP-SAT's own SIGINT handler aborts
    # the process when the search runs off the main thread.
    solver.parameters.catch_sigint_signal = False
    solver.parameters.cp_model_probing_level = 0
    # One presolve round, not three: on 150 agents the later rounds took 9 of 16 s of presolve
    # and the search from the less reduced model did better in the same time (L: shortfall
    # 91.5 h and 14.5 h against 97.5 h and 109.5 h at 60 s, seeds 0 and 1).
    solver.parameters.max_presolve_iterations = 1
    if coverage and deterministic_s is None and limit_s >= FULL_LP_FROM_S:
        solver.parameters.linearization_level = 2
        solver.parameters.hint_conflict_limit = LONG_SEARCH_HINT_CONFLICTS
    # For diagnosing a slow model: CP-SAT's own search log on stderr.
    solver.parameters.log_search_progress = bool(os.environ.get("COVERAGE_SCHEDULER_CPSAT_LOG"))
    return solver


def run_search(run: Run, solver: cp_model.CpSolver, model: cp_model.CpModel,
               callback: Callback | None = None, give_up_s: float | None = None,
               stall: float | None = None, overtime: Overtime | None = None) -> Any:
    """``solver.solve``, stopped the moment the run's cancel token is cancelled, after
    ``give_up_s`` when the callback has seen no solution by then, with ``stall`` when it
    has stopped improving, or at ``overtime``'s soft end (see :func:`_watch`)."""
    done = threading.Event()
    watcher = None
    if overtime is not None and callback is not None:
        solver.best_bound_callback = callback.bound_improved
    if (run.cancel is not None or give_up_s is not None or stall is not None
            or overtime is not None):
        give_up_at = run.elapsed + give_up_s if give_up_s is not None else None
        watcher = threading.Thread(target=_watch,
                                   args=(run, solver, done, callback, give_up_at, stall,
                                         overtime),
                                   daemon=True)
        watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
