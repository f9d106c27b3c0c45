"""Where a new plan's coverage search starts: better first rotas than the greedy one.

Two ways, each tried only where it has been measured to pay, each within its share of the
time, each replacing the start only when it misses less:

- the headcount-first rota (:mod:`solver.headcount`), before the model is built, for teams on
  a few fixed shifts a day;
- RENS (:mod:`solver.relaxation`) at the start of the coverage stage: the LP relaxation's bound
  is kept, and a search in its neighbourhood may find a better hint, or the optimum. It stops
  once it has gone as long without a better plan as it took to find its best.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.coverage_windows import flexible
from solver.headcount import headcount_rota
from solver.model import BuiltModel, Prepared
from solver.relaxation import rens_model, solve_relaxation
from solver.search import FULL_LP_FROM_S, Callback, Run, configured_solver, run_search
from solver.stage_order import real_shortfall, shortfall_minutes
from solver.types import Progress, SolveParams

# Of the coverage stage's time: for GLOP on the relaxation, then for CP-SAT in its neighbourhood
# (RENS, solver.relaxation). What they do not use passes on to the coverage stage itself.
# GLOP alone needs about 1.0 s on tight M (a 0.5 s build): at 0.3 of a 10 s solve's 4 s it ran
# out of time in one run of three, and the search from the greedy rota then left 430-640 h
# instead of 41-58 h.
RELAXATION_SHARE = 0.4
# RENS stops earlier once it stalls (solver.search.run_search): at 30 s on tight M it ran its
# whole share, 10 s, most of it without a better plan, while the whole model's search waited.
# Stopped when stalled, the whole model gets that time: 15, 13, 8, 9, 29 h over five
# instances (four proven) instead of 17, 13, 9, 9, 31 h (one proven); at 10 s, where RENS
# improves to its end, the same within a few hours.
RENS_SHARE = 0.5
# Stalled means: as long without a better plan as it took to find its best. When the whole
# model's search after it will be a long one (solver.search.FULL_LP_FROM_S: the full LP, the
# hint left at once), that search finds and proves better plans than RENS does, so half as
# long. Tight M at 30 s: RENS found its best (18 h) 1.9 s in, and the whole model's search
# starts a second sooner (see solver.engine.NEAR_PROOF_SHARE for the runs); tight L at 60 s:
# 52-57 h over five runs, against 51-54 h in three before (bound 50 h), within the runs'
# spread. At 10 s RENS stopped that soon cost 2-3 h on one instance of two (15-16 h against
# 13 h, which RENS proved), so a short search keeps the longer wait.
STALL_BEFORE_SHORT_SEARCH = 1.0
STALL_BEFORE_LONG_SEARCH = 0.5
# GLOP needs at least about as long as building the model took to write out and solve the
# relaxation (tight M: 1.0 s against a 0.87 s build; the demo team, 28 days: out of time after
# 2.1 s against a 2.2 s build): with less than that share, it is not tried. A flexible team's
# LP (many lengths and starts a day) takes this many times as long as the build (support desk
# of 10 agents: 3.4 s against a 1.0 s build; at 10 s GLOP ran out of time after 2.3 s of the
# 7 s search and the coverage stage found 830 h instead of 776 h without it).
GLOP_PER_BUILD_FLEXIBLE = 4.0
# A start that misses at most this share of the demand is one CP-SAT polishes well (desk M:
# 0.3 %, 0 h after 10 s), and there GLOP is slowest (desk M: 35 s): no relaxation, and no
# second first rota either.
SKIP_BELOW = 0.01
# Of the time to the deadline, at most, for the second first rota (solver.headcount): step 1
# and the assignment took 0.3 s and 3.4 s on 400 agents (follow-the-sun, 28 days). It is
# tried for teams on a few fixed shifts a day, where the greedy rota spends the weeks early
# (same: 6,568 h uncovered, against 1,534-1,915 h); a flexible team's greedy rota has
# lengths and starts to choose from (demo team, 28 days: from either start the week-by-week
# search ends near 115-135 h, and alike agents' nights were further apart from this one).
# Inside a 60 s solve of 400 agents it took 6.2 s of the 6.6 s a share of 0.15 gave it.
HEADCOUNT_SHARE = 0.2


def misses_more_than(prepared: Prepared, run: Run, share: float) -> bool:
    """Whether the start in ``run`` misses more than ``share`` of the demand's person-minutes."""
    grid = prepared.grid
    demand = sum(d.headcount * grid.slot_minutes(d.slot) for d in prepared.demands)
    return run.hint_shortfall_minutes > share * demand


def start_from_headcount(prepared: Prepared, run: Run, deadline: float, stage: str) -> None:
    """For a new plan of a team on fixed shifts whose greedy rota misses more than a trace:
    the headcount-first rota replaces it as the start when it misses less. It gets at most
    :data:`HEADCOUNT_SHARE` of the time to ``deadline`` (seconds since the run started)."""
    params = prepared.params
    if (params.previous is not None or params.deterministic or flexible(prepared)
            or not misses_more_than(prepared, run, SKIP_BELOW)):
        return
    until = run.elapsed + HEADCOUNT_SHARE * (deadline - run.elapsed)
    rota = headcount_rota(prepared.scenario, prepared.candidates, prepared.demands,
                          prepared.grid, run.started + until, params.workers, params.seed,
                          lambda: run.cancelled)
    if rota is None or run.cancelled or rota.shortfall_minutes >= run.hint_shortfall_minutes:
        return
    run.values = rota.values
    run.hint_shortfall_minutes = rota.shortfall_minutes
    run.solutions += 1
    if run.on_progress is not None:
        run.on_progress(Progress(run.elapsed, rota.objective, None, run.solutions,
                                 rota.shortfall_minutes, stage))


def relaxation_worth_trying(built: BuiltModel, run: Run, limit_s: float) -> bool:
    """Whether RENS is tried before a new plan's coverage stage of ``limit_s``: the start
    misses more than a trace, and GLOP has time enough for this model."""
    per_build = GLOP_PER_BUILD_FLEXIBLE if flexible(built.prepared) else 1.0
    return (misses_more_than(built.prepared, run, SKIP_BELOW)
            and RELAXATION_SHARE * limit_s >= run.build_seconds * per_build)


def rens_stall(limit_s: float) -> float:
    """How soon RENS before a coverage stage of ``limit_s`` counts as stalled (a share of the
    time it took to find its best): sooner when, even if it took its whole share, the whole
    model's search after it would be a long one."""
    if (1 - RENS_SHARE) * limit_s >= FULL_LP_FROM_S:
        return STALL_BEFORE_LONG_SEARCH
    return STALL_BEFORE_SHORT_SEARCH


def start_from_relaxation(built: BuiltModel, params: SolveParams, run: Run, scale: int,
                          limit_s: float, stage: str) -> cp_model.CpSolver | None:
    """RENS before the coverage stage: the relaxation's bound is kept, and the plan found in
    its neighbourhood replaces the start as the hint when it misses less. When that plan meets
    the relaxation's bound it is optimal: its solver is returned and the coverage stage needs
    no search of its own (its time passes on)."""
    started = run.elapsed
    relaxation = solve_relaxation(built.model, RELAXATION_SHARE * limit_s)
    if relaxation is None or run.cancelled:
        return None
    run.relaxation_bound = relaxation.bound // scale
    sub, fixed = rens_model(built.model, relaxation, [x.index for x in built.vars.x])
    if fixed == 0:
        return None  # nothing integral: the neighbourhood is the whole model
    solver = configured_solver(params, RENS_SHARE * limit_s - (run.elapsed - started))
    callback = Callback(run, stage, built, scale)
    status = run_search(run, solver, sub, callback, stall=rens_stall(limit_s))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found = shortfall_minutes(built, real_shortfall(built, solver.value))
    if run.values is None or found < run.hint_shortfall_minutes:
        run.values = [bool(solver.boolean_value(x)) for x in built.vars.x]
        run.hint_shortfall_minutes = found
    # Same variables as the model, so its values read the model's expressions.
    return solver if solver.objective_value <= relaxation.bound else None
