"""Edit operations behind the editors (Qt-free)."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest

from coverage_app.services import editing
from coverage_app.services.editing_capacity import staffing, weekly_available_hours
from coverage_app.services.errors import UserError
from models.domain import (
    AvailabilityException,
    AvailabilityKind,
    AvailabilityWindow,
    DomainError,
    Scenario,
    TimeOff,
    WeeklyWindow,
)
from models.presets import around_the_clock, twelve_hours


def test_add_agent_gets_unique_id_and_is_kept(demo: Scenario) -> None:
    agent = editing.agent_from_form(agent_id="", name="Kadri Tamm", time_zone="Europe/Tallinn",
                                    contract_id="full-time", skills=[("phone", 3)])
    new = editing.add_agent(demo, agent)
    assert len(new.agents) == len(demo.agents) + 1
    assert new.agents[-1].id == "kadri-tamm-2"
    assert new.agents[-1].skills[0].level == 3


def test_bad_form_names_the_field(demo: Scenario) -> None:
    with pytest.raises(DomainError) as info:
        editing.agent_from_form(agent_id="x", name="X", time_zone="Europe/Tallin",
                                contract_id="full-time", skills=[("phone", 5)])
    paths = {p.path for p in info.value.problems}
    assert "skills[0].level" in paths
    with pytest.raises(DomainError) as info:
        editing.agent_from_form(agent_id="x", name="X", time_zone="Europe/Tallin",
                                contract_id="full-time")
    assert info.value.problems[0].path == "time_zone"
    assert "Europe/Tallinn" in str(info.value.problems[0].suggestion)


def test_unknown_contract_is_a_user_error(demo: Scenario) -> None:
    agent = editing.agent_from_form(agent_id="", name="New", time_zone="UTC",
                                    contract_id="nope")
    with pytest.raises(UserError) as info:
        editing.add_agent(demo, agent)
    assert "contract" in info.value.problems[0].path


def test_deactivate_and_reactivate(demo: Scenario) -> None:
    agent_id = demo.agents[0].id
    off = editing.set_agent_active(demo, agent_id, False)
    assert not off.agent(agent_id).active
    assert len(off.active_agents()) == len(demo.active_agents()) - 1
    assert editing.set_agent_active(off, agent_id, True) == demo


def test_a_template_becomes_a_new_contract_and_never_takes_over_another(demo: Scenario) -> None:
    part = editing.contract_templates()[1]
    assert demo.contract("part-time").name == "Part-time 24 h"  # the demo's own contract
    new, contract_id = editing.add_contract_from(demo, part)
    assert contract_id != "part-time"
    assert new.contract("part-time") == demo.contract("part-time")
    copy = new.contract(contract_id)
    assert (copy.name, copy.max_hours_per_week) == ("Part-time 20 h", 20)
    again, second_id = editing.add_contract_from(new, part)
    assert again.contract(second_id).name == "Part-time 20 h (2)"


def test_contract_names_stay_unique_and_held_contracts_stay(demo: Scenario) -> None:
    full = demo.contract("full-time")
    with pytest.raises(DomainError) as error:
        editing.update_contract(demo, dataclasses.replace(full, name="Part-time 24 h"))
    assert error.value.problems[0].path == "name"
    assert "part-time" in error.value.problems[0].message
    with pytest.raises(UserError) as held:
        editing.remove_contract(demo, "full-time")
    assert held.value.problems[0].value == "full-time"


def test_painted_cells_round_trip_to_windows() -> None:
    cells: list[list[str | None]] = [[None] * 24 for _ in range(7)]
    for day in range(5):
        for hour in range(9, 17):
            cells[day][hour] = "available"
        for hour in range(10, 12):
            cells[day][hour] = "preferred"
    windows = editing.windows_from_cells(cells)
    assert AvailabilityWindow(WeeklyWindow(frozenset(range(5)), time(9), time(17))) in windows
    assert AvailabilityWindow(WeeklyWindow(frozenset(range(5)), time(10), time(12)),
                              AvailabilityKind.PREFERRED) in windows
    assert editing.cells_from_windows(windows) == cells


def test_painting_until_midnight_ends_next_day() -> None:
    cells: list[list[str | None]] = [[None] * 24 for _ in range(7)]
    for hour in range(20, 24):
        cells[6][hour] = "available"
    (window,) = editing.windows_from_cells(cells)
    assert window.window.end == time(0)
    assert window.window.ends_next_day
    assert window.window.label() == "20:00–00:00+1"


def test_exceptions_and_time_off(demo: Scenario) -> None:
    agent_id = demo.agents[1].id
    exc = AvailabilityException(date(2026, 12, 1), time(9), time(12), False, note="dentist")
    with_exc = editing.add_exception(demo, agent_id, exc)
    assert exc in with_exc.agent(agent_id).availability.exceptions
    assert editing.remove_exception(with_exc, agent_id, exc) == demo
    off = TimeOff("sick", agent_id, date(2026, 12, 2), date(2026, 12, 3))
    twice = editing.add_time_off(editing.add_time_off(demo, off), off)
    assert [t.id for t in twice.time_off[-2:]] == ["sick", "sick-2"]
    assert editing.remove_time_off(twice, "sick-2").time_off[-1].id == "sick"
    with pytest.raises(UserError):
        editing.remove_time_off(demo, "nope")


def test_copy_preset_becomes_active_and_editable(demo: Scenario) -> None:
    new = editing.copy_target(demo, twelve_hours(), "Our 12 h")
    assert new.target.name == "Our 12 h"
    assert new.target.id == "our-12-h"
    req = new.target.requirements[0]
    edited = editing.upsert_requirement(new, new.target.id,
                                        dataclasses.replace(req, headcount=3))
    assert edited.target.requirements[0].headcount == 3
    assert demo.targets == edited.targets[:-1]


def test_active_target_cannot_be_removed(demo: Scenario) -> None:
    with pytest.raises(UserError):
        editing.remove_target(demo, demo.active_target_id)


def test_grid_round_trip_and_cell_edit(demo: Scenario) -> None:
    target = demo.target
    req = target.requirements[0]
    family = editing.family_of(target, req.id)
    grid = [list(row) for row in editing.headcount_grid(family)]
    grid[2][3] = 5  # Wednesday 03:00-04:00 needs five people
    new = editing.set_family_grid(demo, target.id, req.id, grid)
    new_family = editing.family_of(new.target, req.id)
    assert editing.headcount_grid(new_family)[2][3] == 5
    assert [list(r) for r in editing.headcount_grid(new_family)] == grid
    # other requirements are untouched
    others = [r for r in new.target.requirements if r not in new_family]
    assert others == [r for r in target.requirements if r not in family]


def test_grid_over_midnight_window() -> None:
    target = around_the_clock()
    grid = editing.headcount_grid([target.requirements[0]])
    assert all(v == 1 for row in grid for v in row)
    (req,) = editing.requirements_from_grid(target.requirements[0], grid)
    assert req.window.ends_next_day
    assert len(req.window.weekdays) == 7


def test_needed_hours_count_shared_once_and_dedicated_on_top() -> None:
    from coverage_app.services.editing_capacity import needed_hours
    from models.domain import DutyKind

    target = around_the_clock(headcount=1, business_extra=1)  # 1 always, 2 in business hours
    assert needed_hours(target) == 168 + 5 * 8
    phone = dataclasses.replace(target.requirements[0], id="phone", duty=DutyKind.DEDICATED)
    with_phone = dataclasses.replace(target, requirements=(*target.requirements, phone))
    assert needed_hours(with_phone) == 168 + 5 * 8 + 168


def test_staffing_shows_understaffing(demo: Scenario) -> None:
    base = staffing(demo)
    assert base.needed_hours > 0
    assert base.available_hours > 0
    one = dataclasses.replace(demo, agents=demo.agents[:1], time_off=())
    assert staffing(one).understaffed
    assert staffing(one).available_hours == min(
        one.contract_of(one.agents[0]).max_hours_per_week,
        weekly_available_hours(one.agents[0]))
