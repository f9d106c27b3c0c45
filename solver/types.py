"""The solver's public data: parameters, weights, progress, the cancel token and the result.

No CP-SAT object appears here: callers see only these dataclasses and the domain's Plan.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from models.domain import Period, Plan, PlanStatus
from models.fairness import (
    FAIRNESS_KINDS,
    AgentFairness,
    AlikeSpread,
    CarriedBalance,
    FairnessReport,
    FairShare,
)

__all__ = ["FAIRNESS_KINDS", "AgentFairness", "AlikeSpread", "CancelToken", "CarriedBalance",
           "CostReport", "FairShare", "FairnessReport", "PenaltySummary", "Progress", "SolveParams",
           "SolveResult", "StageOutcome", "Weights"]

if TYPE_CHECKING:
    from solver.replan import PlanDiff


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the soft rules, by tier.

    The tiers are solved one after the other (lexicographic, see ``solver/engine.py``), so no
    weight of a later tier can ever buy a worse value of an earlier one:

    1. coverage shortfall, per missing person and slot, weighted by requirement priority. The
       priority weights are computed per scenario so that one missing person in a priority-1 slot
       costs more than a whole priority-2 slot left empty (:func:`solver.soft.priority_weights`);
    2. (re-plans only) changes against the previous plan, per shift removed or moved;
    3. people: hours under a contract's weekly minimum, night, weekend and holiday minutes
       above each agent's fair share, the load of the most loaded agent, hours outside
       preferred windows, minutes worked (no shift that covers nothing). Inside tier 3 the
       weights below are a plain weighted sum, ordered so that a minute under a contract's
       minimum (20) outweighs a minute above a fair share (6, 4), which outweighs a minute
       outside preferences (2), which outweighs a minute of work (1): work is added only to
       meet minimum hours.
       Fairness is judged against each agent's fair share (:mod:`solver.fairness`);
    4. money: overstaffing a dedicated duty and the premium-weighted cost (:mod:`solver.cost`).
       It comes after fairness, or before it when the manager asks for the cheapest plan that
       meets the target (``SolveParams.cheapest_first``); coverage always comes first.
    """

    under_min_hours: int = 20  # per minute under the prorated weekly minimum
    contract_spread: int = 3  # per 0.1 % of contract hours of the most loaded agent
    unpreferred: int = 2  # per minute outside an agent's preferred windows (if they have any)
    overstaffing: int = 1  # per extra person and slot on a dedicated duty
    work: int = 1  # per minute worked: no shift that covers nothing
    cost: int = 1  # per cent of premium-weighted cost (tier 4); 0 = cost ignored
    change: int = 1  # per previous shift removed or moved (tier 2)
    fair_night: int = 6  # per night minute above an agent's fair share (and of the largest)
    fair_weekend: int = 4  # per weekend minute above an agent's fair share
    fair_holiday: int = 4  # per public-holiday minute above an agent's fair share


@dataclass(frozen=True, slots=True)
class SolveParams:
    period: Period
    time_limit_s: float = 10.0
    workers: int = 2
    seed: int = 0
    weights: Weights = field(default_factory=Weights)
    previous: Plan | None = None
    keep_before: datetime | None = None
    # With ``previous``: its shifts starting at or after this instant are kept too, so a
    # re-plan changes only [keep_before, keep_after) (a sick call re-plans its own days).
    keep_after: datetime | None = None
    # Reproducible to the bit: the limit counts CP-SAT's deterministic time instead of seconds
    # and the workers interleave, so the same seed gives the same plan on any machine.
    deterministic: bool = False
    # CP-SAT ends its search, keeping the best plan so far, once the whole process uses about
    # this much memory (it checks now and then, so the peak can pass it by a few hundred MB).
    # 400 agents reach it; 150 stay well under.
    max_memory_mb: int = 1600
    # The cheapest plan that meets the target: cost is minimised right after coverage, and
    # fairness only among the plans of that cost (default: fairness first, then cost).
    cheapest_first: bool = False
    # Night, weekend and holiday minutes each agent had above (+) or below (-) the fair share
    # in earlier published plans: this plan evens them out (plain data, see CarriedBalance).
    carried: tuple[CarriedBalance, ...] = ()


@dataclass(frozen=True, slots=True)
class Progress:
    elapsed_s: float
    objective: float | None
    bound: float | None
    solutions: int
    shortfall_minutes: int | None
    stage: str = "coverage"
    # The first complete plan (the greedy rota, before CP-SAT starts), sent once so that a
    # caller can show it while the search improves it; its gaps are not explained yet.
    first_plan: Plan | None = None


class CancelToken:
    """Thread-safe: the GUI (or Ctrl+C) calls ``cancel()``; the solver stops at once."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)


@dataclass(frozen=True, slots=True)
class PenaltySummary:
    """One soft-rule term of the final plan: which rule, about whom, how much it cost."""

    rule: str
    label: str
    ids: tuple[str, ...]
    value: int  # in the term's own unit (minutes, persons × slots, ...)
    weighted: int
    tier: int
    unit_minutes: int = 0  # persons × slots: the slot's real minutes (a person-minute each)


@dataclass(frozen=True, slots=True)
class StageOutcome:
    """How one stage of the search ended: its name, and the plan's real shortfall after it."""

    name: str  # "coverage", "fairness"
    shortfall_minutes: int  # people × minutes missing, counted from who is on duty
    proven: bool  # CP-SAT proved the stage optimal over the candidates


@dataclass(frozen=True, slots=True)
class CostReport:
    """The plan's cost (hourly cost × premium-weighted hours), by the premium each minute is
    paid at. Amounts are summed as numbers: agents paid in different currencies are added
    without conversion, so ``currencies`` says which ones are in the sum."""

    regular: float = 0.0
    night: float = 0.0
    weekend: float = 0.0
    holiday: float = 0.0
    currencies: tuple[str, ...] = ()
    standby: float = 0.0  # hours on standby at the team's standby rate

    @property
    def total(self) -> float:
        return self.regular + self.night + self.weekend + self.holiday + self.standby


@dataclass(frozen=True, slots=True)
class SolveResult:
    status: PlanStatus
    plan: Plan
    diff: PlanDiff | None = None
    penalties: tuple[PenaltySummary, ...] = ()
    messages: tuple[str, ...] = ()
    stages: tuple[StageOutcome, ...] = ()  # the stages that found a solution, in order
    fairness: FairnessReport | None = None  # per agent: hours against the fair share
    cost: CostReport | None = None  # the plan's cost by premium
