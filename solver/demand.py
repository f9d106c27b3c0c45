"""Demand from a forecast: how many agents a channel needs in each hour of the week.

Three models, one per kind of channel:

``queue`` (phone)
    Erlang C: contacts arrive at random and wait in one queue until an agent is free; the
    headcount is the fewest agents for which ``target`` of the contacts are answered within
    ``answer_within_seconds`` (80 % within 20 s is the usual phone target), no agent is busier
    than ``max_occupancy``, and then ``shrinkage`` (breaks, meetings, training) is added on top.
``chat``
    The same queue, but one agent holds ``concurrency`` chats at once: Erlang C gives the
    number of chat "seats", and each agent fills ``concurrency`` of them.
``email``
    Workload within the response window: work that arrives in an hour may be done at any time
    before its answer is due, so each hour's work (volume x handle time) is spread evenly over
    the ``answer_within_seconds`` that follow (whole hours, at least one); the headcount of an
    hour is the work spread into it, divided by an agent's productive hour. An hour with any
    pending work has at least one agent, or the answer could not be given in time.

The Erlang C arithmetic comes from ``pyworkforce.queuing.ErlangC`` (see ``erlang_c_agents``
for why it, and the checks this module adds around it). Nothing here knows about files or Qt.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from models.domain import DomainError, Problem

HOURS_PER_WEEK = 7 * 24
MAX_HEADCOUNT = 500  # a requirement's headcount limit (models.domain.Requirement)


class DemandModel(enum.StrEnum):
    QUEUE = "queue"  # phone: Erlang C
    CHAT = "chat"  # Erlang C with several chats per agent
    EMAIL = "email"  # workload within the response window


@dataclass(frozen=True, slots=True)
class ServiceTarget:
    """How a channel must be served, and what an agent can give it."""

    model: DemandModel
    target: float = 0.8  # fraction answered within the time (queue and chat)
    answer_within_seconds: float = 20.0
    concurrency: int = 1  # chats one agent holds at once
    shrinkage: float = 0.3  # share of paid time not spent on contacts
    max_occupancy: float = 1.0  # the busiest an agent may be on average (queue and chat)

    def __post_init__(self) -> None:
        problems = []
        if self.model not in DemandModel.__members__.values():
            problems.append(Problem("model", self.model, "the model is queue, chat or email"))
        if not 0 < self.target < 1:
            problems.append(Problem("target", self.target,
                                    "the share answered in time is between 0 and 1 (exclusive)",
                                    "e.g. 0.8 for 80 %"))
        if not 0 < self.answer_within_seconds <= 7 * 24 * 3600:
            problems.append(Problem("answer_within_seconds", self.answer_within_seconds,
                                    "the answer time is more than 0 seconds and at most a week"))
        if isinstance(self.concurrency, bool) or not isinstance(self.concurrency, int) or not (
                1 <= self.concurrency <= 10):
            problems.append(Problem("concurrency", self.concurrency,
                                    "concurrency is a whole number of chats from 1 to 10"))
        if not 0 <= self.shrinkage < 0.9:
            problems.append(Problem("shrinkage", self.shrinkage,
                                    "shrinkage is a share from 0 up to 0.9", "e.g. 0.3 for 30 %"))
        if not 0 < self.max_occupancy <= 1:
            problems.append(Problem("max_occupancy", self.max_occupancy,
                                    "occupancy is a share above 0 and at most 1"))
        if problems:
            raise DomainError(problems)


@dataclass(frozen=True, slots=True)
class HourLoad:
    """Contacts expected in one hour and their average handle time."""

    volume: float
    handle_seconds: float

    def __post_init__(self) -> None:
        problems = []
        if not math.isfinite(self.volume) or self.volume < 0:
            problems.append(Problem("volume", self.volume, "a volume is a number of 0 or more"))
        if not math.isfinite(self.handle_seconds) or not 0 < self.handle_seconds <= 86400:
            problems.append(Problem("handle_seconds", self.handle_seconds,
                                    "a handle time is more than 0 seconds and at most a day"))
        if problems:
            raise DomainError(problems)

    @property
    def work_seconds(self) -> float:
        return self.volume * self.handle_seconds


def erlang_c_agents(volume_per_hour: float, handle_seconds: float, target: float,
                    answer_within_seconds: float, max_occupancy: float = 1.0) -> int:
    """The fewest agents (before shrinkage) that answer ``target`` of the contacts of an hour
    within ``answer_within_seconds`` under Erlang C, with occupancy at most ``max_occupancy``.

    pyworkforce's ErlangC computes the waiting probability through the Erlang B recursion
    (no factorials or powers, so no overflow at hundreds of agents) and searches upwards from
    the offered load. It raises on a volume of 0, so an hour without contacts needs nobody
    here; and the answer is checked to be at least the offered load (a stable queue).
    """
    if volume_per_hour <= 0:
        return 0
    return _erlang_c_agents(float(volume_per_hour), float(handle_seconds), float(target),
                            float(answer_within_seconds), float(max_occupancy))


@cache
def _erlang_c_agents(volume: float, handle_seconds: float, target: float,
                     answer_within_seconds: float, max_occupancy: float) -> int:
    from pyworkforce.queuing import ErlangC  # imports pandas: only when a forecast is made

    erlang = ErlangC(transactions=volume, aht=handle_seconds / 60, asa=answer_within_seconds / 60,
                     interval=60, shrinkage=0.0)
    positions = int(erlang.required_positions(service_level=target,
                                              max_occupancy=max_occupancy)["raw_positions"])
    load = volume * handle_seconds / 3600
    return max(positions, math.floor(load) + 1)


def erlang_c_service_level(volume_per_hour: float, handle_seconds: float, agents: int,
                           answer_within_seconds: float) -> float:
    """The share of contacts answered within the time by ``agents`` (0 when overloaded)."""
    load = volume_per_hour * handle_seconds / 3600
    if volume_per_hour <= 0:
        return 1.0
    if agents <= load:
        return 0.0
    from pyworkforce.queuing import ErlangC

    erlang = ErlangC(transactions=volume_per_hour, aht=handle_seconds / 60,
                     asa=answer_within_seconds / 60, interval=60, shrinkage=0.0)
    return float(erlang.service_level(agents))


def _with_shrinkage(productive: float, shrinkage: float) -> int:
    """Paid agents for ``productive`` agents on contacts; a hair of float noise is ignored."""
    if productive <= 0:
        return 0
    return math.ceil(productive / (1 - shrinkage) - 1e-9)


def hour_headcount(load: HourLoad, service: ServiceTarget) -> int:
    """Agents one hour of a queue or chat channel needs (shrinkage included)."""
    if service.model is DemandModel.EMAIL:
        raise ValueError("e-mail demand depends on the hours around it: use weekly_headcounts")
    seats = erlang_c_agents(load.volume, load.handle_seconds, service.target,
                            service.answer_within_seconds, service.max_occupancy)
    agents = math.ceil(seats / service.concurrency)
    return _with_shrinkage(agents, service.shrinkage)


def email_headcounts(loads: Sequence[HourLoad], service: ServiceTarget,
                     cyclic: bool = True) -> tuple[int, ...]:
    """Agents per hour for e-mail: each hour's work spread over the response window.

    ``cyclic``: the hours are one week that repeats, so work arriving late on Sunday is done
    early on Monday.
    """
    window = max(1, int(service.answer_within_seconds // 3600))
    n = len(loads)
    spread = [0.0] * n
    pending = [False] * n
    for i, load in enumerate(loads):
        if load.volume <= 0:
            continue
        for k in range(window):
            j = i + k
            if j >= n:
                if not cyclic:
                    break
                j %= n
            spread[j] += load.work_seconds / window
            pending[j] = True
    result = []
    for work, waiting in zip(spread, pending, strict=True):
        productive = work / 3600
        agents = _with_shrinkage(productive, service.shrinkage)
        result.append(max(agents, 1) if waiting else 0)
    return tuple(result)


def weekly_headcounts(loads: Sequence[HourLoad], service: ServiceTarget) -> tuple[int, ...]:
    """Agents per hour of the week (168 loads, Monday 00:00 first) for one channel."""
    if len(loads) != HOURS_PER_WEEK:
        raise ValueError(f"a week has {HOURS_PER_WEEK} hours, got {len(loads)}")
    if service.model is DemandModel.EMAIL:
        counts = email_headcounts(loads, service)
    else:
        counts = tuple(hour_headcount(load, service) for load in loads)
    too_many = [(i, c) for i, c in enumerate(counts) if c > MAX_HEADCOUNT]
    if too_many:
        i, c = too_many[0]
        raise DomainError([Problem(f"hour {i}", c,
                                   f"the forecast needs more than {MAX_HEADCOUNT} agents "
                                   "in one hour", "check the volume and handle time")])
    return counts
