"""Demand from a forecast: Erlang C against a published table, chat concurrency, shrinkage,
and e-mail work spread within its response window."""

from __future__ import annotations

import math

import pytest

from models.domain import DomainError
from solver.demand import (
    DemandModel,
    HourLoad,
    ServiceTarget,
    email_headcounts,
    erlang_c_agents,
    erlang_c_service_level,
    hour_headcount,
    weekly_headcounts,
)

# Published table: CRAN package "ErlangC" 0.1.0 (Damonsoul, 2024), README and reference manual
# (https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html), the Call Centre Helper
# worked example: 100 calls in 30 minutes, average handle time 180 s, target answer time 20 s
# (traffic 10 Erlangs). Agents -> service level, printed to 7 digits (5 for 14 agents).
PUBLISHED_SERVICE_LEVEL = {11: (0.3896138, 7), 14: (0.88835, 5)}
CALLS_PER_HOUR, HANDLE_S, WITHIN_S = 200, 180, 20


@pytest.mark.parametrize(("agents", "published"), sorted(PUBLISHED_SERVICE_LEVEL.items()))
def test_erlang_c_service_level_matches_published_table(agents, published):
    value, digits = published
    level = erlang_c_service_level(CALLS_PER_HOUR, HANDLE_S, agents, WITHIN_S)
    assert round(level, digits) == value


def test_erlang_c_agents_for_80_percent_in_20_seconds_is_the_published_14():
    # The same source: 14 agents for 80 % within 20 s (13 give 79.6 %).
    assert erlang_c_agents(CALLS_PER_HOUR, HANDLE_S, 0.8, WITHIN_S) == 14
    assert erlang_c_service_level(CALLS_PER_HOUR, HANDLE_S, 13, WITHIN_S) < 0.8


def test_shrinkage_and_occupancy_as_the_published_example():
    # The same source's calculate_agents(..., max_occupancy=0.85, shrinkage=0.3): 14 agents on
    # the phones, 14 / 0.7 = 20 paid agents.
    service = ServiceTarget(DemandModel.QUEUE, 0.8, 20, shrinkage=0.3, max_occupancy=0.85)
    assert hour_headcount(HourLoad(CALLS_PER_HOUR, HANDLE_S), service) == 20


def test_large_load_stays_numerically_sound():
    # 300 Erlangs: factorials of 300 overflow a float; the recursion does not.
    agents = erlang_c_agents(6000, 180, 0.8, 20)
    assert 300 < agents < 330
    assert erlang_c_service_level(6000, 180, agents, 20) >= 0.8
    assert erlang_c_service_level(6000, 180, agents - 1, 20) < 0.8


def test_hour_without_contacts_needs_nobody_and_a_trickle_needs_one():
    service = ServiceTarget(DemandModel.QUEUE, shrinkage=0.0)
    assert hour_headcount(HourLoad(0, 300), service) == 0
    assert hour_headcount(HourLoad(0.5, 300), service) == 1


def test_chat_agents_hold_several_chats():
    one = ServiceTarget(DemandModel.CHAT, 0.8, 60, concurrency=1, shrinkage=0.0)
    three = ServiceTarget(DemandModel.CHAT, 0.8, 60, concurrency=3, shrinkage=0.0)
    seats = hour_headcount(HourLoad(120, 600), one)
    assert hour_headcount(HourLoad(120, 600), three) == math.ceil(seats / 3)


def test_email_work_is_spread_over_the_response_window():
    service = ServiceTarget(DemandModel.EMAIL, 0.9, 4 * 3600, shrinkage=0.0)
    loads = [HourLoad(0, 600)] * 168
    loads[10] = HourLoad(48, 600)  # 8 hours of work at 10:00 on Monday, 4 hours to answer
    counts = email_headcounts(loads, service)
    assert counts[10:14] == (2, 2, 2, 2)
    assert sum(counts) == 8
    assert counts[9] == counts[14] == 0


def test_email_late_sunday_work_wraps_into_monday():
    service = ServiceTarget(DemandModel.EMAIL, 0.9, 2 * 3600, shrinkage=0.0)
    loads = [HourLoad(0, 600)] * 168
    loads[167] = HourLoad(6, 600)  # one hour of work at Sunday 23:00
    counts = weekly_headcounts(loads, service)
    assert (counts[167], counts[0], sum(counts)) == (1, 1, 2)


def test_bad_service_names_the_field():
    with pytest.raises(DomainError) as error:
        ServiceTarget(DemandModel.QUEUE, target=1.5, shrinkage=0.95)
    assert {p.path for p in error.value.problems} == {"target", "shrinkage"}
