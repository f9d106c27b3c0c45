"""``coverage-scheduler export ics`` one period after another, from plan files and from the
database: the later period never touches the earlier one's events."""

from __future__ import annotations

import sqlite3
from datetime import date

from coverage_app.cli import main
from coverage_app.services.store import ScenarioStore
from exports.ics import TEAM, uid_for
from models.domain import Plan
from models.files import write_plan, write_scenario
from tests.exports import sample
from tests.exports.periods import folder_events, period_plan, shift_id


def said(capsys) -> str:
    return " ".join(capsys.readouterr().out.split())


def test_december_after_november_from_plan_files_keeps_november(tmp_path, capsys):
    scenario = sample.scenario()
    team, nov, dec = tmp_path / "team.json", tmp_path / "nov.json", tmp_path / "dec.json"
    write_scenario(scenario, team)
    write_plan(period_plan(scenario, date(2026, 11, 16), 14), nov)
    december = period_plan(scenario, date(2026, 11, 30), 14)
    write_plan(december, dec)
    out = tmp_path / "cal"

    def export(plan_path) -> int:
        return main(["export", "ics", "--scenario", str(team), "--plan", str(plan_path),
                     "--out", str(out)])

    assert export(nov) == 0
    before = folder_events(out)
    capsys.readouterr()
    assert export(dec) == 0
    text = said(capsys)
    assert "6 calendars written for 2026-11-30 to 2026-12-13" in text
    assert "Other periods" in text
    after = folder_events(out)
    assert {key: after[key] for key in before} == before
    assert len(after) == len(before) + 2 * len(december.shifts)
    assert not [key for key, shown in after.items() if shown[1] == "CANCELLED"]


def test_an_agent_without_shifts_gets_a_line_and_no_file(tmp_path, capsys):
    scenario = sample.scenario()
    week = period_plan(scenario, date(2026, 12, 7), 7)
    team, plan = tmp_path / "team.json", tmp_path / "plan.json"
    write_scenario(scenario, team)
    write_plan(Plan(week.period, tuple(s for s in week.shifts if s.agent_id != "lena")), plan)
    out = tmp_path / "cal"
    assert main(["export", "ics", "--scenario", str(team), "--plan", str(plan),
                 "--out", str(out)]) == 0
    assert ("Lena Schmidt (lena): no shifts from 2026-12-07 to 2026-12-13 and nothing to "
            "cancel; no file written") in said(capsys)
    assert not (out / "Lena Schmidt.ics").exists()
    others = [s for s in week.shifts if s.agent_id != "lena"]
    assert len(folder_events(out)) == 2 * len(others)  # each agent's file and the team's


def test_with_a_database_december_keeps_the_november_events(tmp_path, capsys):
    db = tmp_path / "team.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    with ScenarioStore.open(db) as store:
        scenario = store.load()
    november = period_plan(scenario, date(2026, 11, 23), 7)
    december = period_plan(scenario, date(2026, 11, 30), 7)
    nov, dec = tmp_path / "nov.json", tmp_path / "dec.json"
    write_plan(november, nov)
    write_plan(december, dec)
    out = tmp_path / "cal"

    def export(plan_path) -> int:
        return main(["--db", str(db), "export", "ics", "--plan", str(plan_path),
                     "--out", str(out)])

    assert export(nov) == 0
    before = folder_events(out)
    assert export(dec) == 0
    after = folder_events(out)
    assert not (out / ".published.json").exists()
    assert {key: after[key] for key in before} == before
    assert not [key for key, shown in after.items() if shown[1] == "CANCELLED"]
    with ScenarioStore.open(db) as store:
        agent = scenario.active_agents()[0]
        ledger = store.published_events(agent.id)
        team = store.published_events(TEAM)
    last_night = shift_id(agent.id, date(2026, 11, 29))
    assert ledger[last_night].uid == uid_for(agent.id, last_night)
    assert (ledger[last_night].sequence, ledger[last_night].cancelled) == (0, False)
    assert not [e for e in team.values() if e.cancelled]
    assert len(team) == len(november.shifts) + len(december.shifts)
    capsys.readouterr()


NOTE = "Covers for Lena; call the desk first"


def test_with_a_database_another_folder_keeps_the_november_text_and_note(tmp_path, capsys):
    db = tmp_path / "team.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    with ScenarioStore.open(db) as store:
        scenario = store.load()
    november = period_plan(scenario, date(2026, 11, 23), 7, note=NOTE)
    nov, dec = tmp_path / "nov.json", tmp_path / "dec.json"
    write_plan(november, nov)
    write_plan(period_plan(scenario, date(2026, 11, 30), 7), dec)

    def export(plan_path, folder) -> int:
        return main(["--db", str(db), "export", "ics", "--plan", str(plan_path),
                     "--out", str(folder)])

    assert export(nov, tmp_path / "first") == 0
    before = folder_events(tmp_path / "first")
    assert sum(NOTE in shown[5] for shown in before.values()) == 2
    capsys.readouterr()
    assert export(dec, tmp_path / "second") == 0
    assert "were written again from the team data" not in said(capsys)
    after = folder_events(tmp_path / "second")
    assert {key: after[key] for key in before} == before
    noted = next(s for s in november.shifts if s.note)
    with ScenarioStore.open(db) as store:
        entry = store.published_events(TEAM)[noted.id]
    assert NOTE in entry.description
    assert entry.summary == before[("team.ics", uid_for(TEAM, noted.id))][4]


def test_with_a_database_ledger_rows_without_text_fall_back_to_the_files(tmp_path, capsys):
    """Rows published before the text was kept (the upgrade gives them '') still work."""
    db = tmp_path / "team.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    with ScenarioStore.open(db) as store:
        scenario = store.load()
    nov, dec = tmp_path / "nov.json", tmp_path / "dec.json"
    write_plan(period_plan(scenario, date(2026, 11, 23), 7, note=NOTE), nov)
    write_plan(period_plan(scenario, date(2026, 11, 30), 7), dec)
    out = tmp_path / "cal"
    assert main(["--db", str(db), "export", "ics", "--plan", str(nov), "--out", str(out)]) == 0
    before = folder_events(out)
    with sqlite3.connect(db) as connection:
        assert connection.execute("UPDATE published_events SET summary = '', "
                                  "description = ''").rowcount == len(before)
    capsys.readouterr()
    assert main(["--db", str(db), "export", "ics", "--plan", str(dec), "--out", str(out)]) == 0
    assert "were written again from the team data" not in said(capsys)
    after = folder_events(out)
    assert {key: after[key] for key in before} == before
    with ScenarioStore.open(db) as store:  # what was read back is kept from now on
        assert all(e.has_text for e in store.published_events(TEAM).values())
