"""Rows that break a domain rule in a real SQLite file are all reported at once, each named.

The rows are changed with plain SQL, the way another tool or a hand edit would change them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from coverage_app.services.errors import UserError
from coverage_app.services.store import ScenarioStore
from models.domain import DomainError
from models.storage.repository import ScenarioRepository
from tests.models.damaged_files import execute, stored_demo, with_bad_rows

ZONE_SUGGESTION = "did you mean 'Europe/Tallinn'?"


def load_problems(path: Path) -> list[str]:
    with ScenarioStore.open(path) as store, pytest.raises(UserError) as failed:
        store.load()
    assert failed.value.source == f"the database {path}"
    return [str(p) for p in failed.value.problems]


def test_two_bad_zones_and_a_bad_time_off_are_reported_together(tmp_path, demo):
    path = with_bad_rows(tmp_path / "desk.sqlite", demo)
    assert load_problems(path) == [
        "agent 'Kadri Tamm' (id kadri-tamm), time_zone: 'Europe/Tallin' is not a time zone; "
        + ZONE_SUGGESTION,
        "agent 'Anna Kask' (id anna-kask), time_zone: 'Europe/Tallin' is not a time zone; "
        + ZONE_SUGGESTION,
        "time off of 'James Carter' from 2026-12-14 to 2026-12-01 (id vac-james-2026-12), "
        "last_day: time off ends before it starts (2026-12-14) (got '2026-12-01')",
    ]


def test_the_repository_raises_one_domain_error_with_every_problem(tmp_path, demo):
    path = with_bad_rows(tmp_path / "desk.sqlite", demo)
    with ScenarioStore.open(path) as store, Session(store.engine) as session, \
            pytest.raises(DomainError) as failed:
        ScenarioRepository(session).load()
    found = [(p.path, p.value) for p in failed.value.problems]
    assert found == [
        ("agent 'Kadri Tamm' (id kadri-tamm), time_zone", "Europe/Tallin"),
        ("agent 'Anna Kask' (id anna-kask), time_zone", "Europe/Tallin"),
        ("time off of 'James Carter' from 2026-12-14 to 2026-12-01 (id vac-james-2026-12), "
         "last_day", "2026-12-01"),
    ]


def test_every_problem_inside_one_row_and_across_kinds_is_listed(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    execute(
        path,
        # one agent, three problems: a zone, a skill level and a window that ends before it starts
        "UPDATE agents SET time_zone = 'Mars/Olympus' WHERE id = 'dmitri-volkov'",
        "UPDATE agent_skills SET level = 7 WHERE agent_id = 'dmitri-volkov' AND position = 0",
        "UPDATE availability_windows SET end_time = '05:00:00.000000', ends_next_day = 0 "
        "WHERE agent_id = 'dmitri-volkov' AND position = 0",
        # a skill, a contract, a coverage target and a time off kind
        "UPDATE skills SET category = 'colour' WHERE id = 'chat'",
        "UPDATE contracts SET max_hours_per_day = 99 WHERE id = 'full-time'",
        "UPDATE requirements SET headcount = -1, duty = 'phone-ish' "
        "WHERE target_id = '24-7' AND position = 0",
        "UPDATE time_off SET kind = 'holliday' WHERE id = 'vac-lena-2026-12'",
    )
    problems = load_problems(path)
    text = "\n".join(problems)
    assert "agent 'Dmitri Volkov' (id dmitri-volkov), time_zone: 'Mars/Olympus'" in text
    assert "agent 'Dmitri Volkov' (id dmitri-volkov), skills[0].level: skill level is 1, 2 or 3 " \
           "(got 7)" in text
    assert "agent 'Dmitri Volkov' (id dmitri-volkov), availability.windows[0].end:" in text
    assert ("skill 'Chat' (id chat), category: must be one of channel, platform, language, "
            "tier (got 'colour')") in text
    assert ("contract 'Full-time 40 h' (id full-time), max_hours_per_day: must be a number "
            "from 0.25 to 24 (got 99.0)") in text
    assert "coverage target '24/7' (id 24-7), requirements[0].duty: must be one of" in text
    assert "coverage target '24/7' (id 24-7), requirements[0].headcount:" in text
    assert ("time off of 'Lena Schmidt' from 2026-12-21 to 2027-01-03 (id vac-lena-2026-12), "
            "kind: must be one of vacation, sick, other (got 'holliday')") in text
    assert len(problems) == 8


def test_the_time_off_of_a_bad_agent_is_not_reported_twice(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    execute(path, "UPDATE agents SET time_zone = 'Europe/Berln' WHERE id = 'lena-schmidt'")
    assert load_problems(path) == [
        "agent 'Lena Schmidt' (id lena-schmidt), time_zone: 'Europe/Berln' is not a time zone; "
        "did you mean 'Europe/Berlin'?"]


def test_a_broken_reference_names_the_row_that_holds_it(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    execute(path, "PRAGMA foreign_keys = OFF",
            "UPDATE agents SET contract_id = 'full-tme' WHERE id = 'anna-kask'")
    [problem] = load_problems(path)
    assert problem.startswith("agent 'Anna Kask' (id anna-kask), contract_id: no such contract "
                              "(got 'full-tme')")


def test_values_a_column_cannot_hold_are_named_row_by_row(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    execute(path,
            "UPDATE availability_windows SET start_time = 'nine' "
            "WHERE agent_id = 'kadri-tamm' AND position = 1",
            "UPDATE requirements SET headcount = 'two' WHERE target_id = '12h' AND position = 0",
            "UPDATE time_off SET first_day = 'soon' WHERE id = 'vac-james-2026-12'")
    assert load_problems(path) == [
        "time off (id vac-james-2026-12) of 'James Carter', first_day: cannot be read as a "
        "date (got 'soon')",
        "agent 'Kadri Tamm' (id kadri-tamm), availability.windows[1].start_time: cannot be "
        "read as a time of day (got 'nine')",
        "coverage target '12 h a day' (id 12h), requirements[0].headcount: must be a whole "
        "number (got 'two')",
    ]


def test_good_rows_still_load_unchanged(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    with ScenarioStore.open(path) as store:
        assert store.load() == demo
