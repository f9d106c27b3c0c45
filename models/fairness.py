"""Fairness as plain data: each agent's hours, nights, weekends and holidays against the fair
share, and the balance carried from earlier plans. Computed by :mod:`solver.fairness`; read by
the solver's result, the command line, the app and the workbook (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass

FAIRNESS_KINDS = ("night", "weekend", "holiday")


@dataclass(frozen=True, slots=True)
class CarriedBalance:
    """Minutes one agent worked above (+) or below (-) the fair share in earlier plans."""

    agent_id: str
    night_minutes: int = 0
    weekend_minutes: int = 0
    holiday_minutes: int = 0

    def of(self, kind: str) -> int:
        return int(getattr(self, f"{kind}_minutes"))


@dataclass(frozen=True, slots=True)
class FairShare:
    """One kind of hours (night, weekend, holiday, or all hours) of one agent."""

    minutes: int  # worked in this plan
    share: float  # the agent's fair share of the team's minutes of this kind in this plan
    carried: int = 0  # above (+) or below (-) the fair share in earlier published plans

    @property
    def balance(self) -> float:
        """Above (+) or below (-) the fair share once this plan is worked, carried included:
        what the next plan carries forward."""
        return self.minutes - self.share + self.carried


@dataclass(frozen=True, slots=True)
class AgentFairness:
    """An agent's hours, nights, weekends and public holidays against the fair share.

    The fair share of a kind of hours is the team's minutes of that kind in the plan, shared
    in proportion to contract hours × the minutes of that kind the agent is available for (in
    the agent's own zone and country); for all hours, to contract hours × days not off."""

    agent_id: str
    name: str
    hours: FairShare
    night: FairShare
    weekend: FairShare
    holiday: FairShare

    def of(self, kind: str) -> FairShare:
        return getattr(self, kind)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class AlikeSpread:
    """One kind of hours across a group of alike agents (same contract, available for the same
    hours of that kind, so the same fair share): how far apart they are, against the group's
    longest shift. "Within one shift" is the promise of a fair plan."""

    kind: str
    agent_ids: tuple[str, ...]
    names: tuple[str, ...]
    minutes: tuple[int, ...]  # worked in this plan, per agent, in the order of agent_ids
    longest_shift_minutes: int  # the longest shift any of them works in this plan

    @property
    def spread_minutes(self) -> int:
        return max(self.minutes) - min(self.minutes) if self.minutes else 0

    @property
    def within_one_shift(self) -> bool:
        return self.spread_minutes <= self.longest_shift_minutes


@dataclass(frozen=True, slots=True)
class FairnessReport:
    agents: tuple[AgentFairness, ...] = ()
    alike: tuple[AlikeSpread, ...] = ()  # per kind and group of alike agents

    def agent(self, agent_id: str) -> AgentFairness | None:
        return next((a for a in self.agents if a.agent_id == agent_id), None)
