"""``coverage-scheduler publish caldav`` against a real Radicale server on 127.0.0.1, from plan
files and from the database; ``publish caldav-password`` keeps the password in the keyring
(an in-memory keyring here, never the machine's)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from coverage_app.cli import main
from coverage_app.services.caldav_targets import keyring_service
from coverage_app.services.store import ScenarioStore
from exports.ics import TEAM, uid_for
from models.files import write_plan, write_scenario
from tests.exports import sample
from tests.exports.caldav_helpers import memory_keyring, shown
from tests.exports.periods import folder_events, period_plan, shift_id
from tests.exports.radicale import running_radicale

__all__ = ["memory_keyring"]

FIRST = date(2026, 11, 16)
DAYS = 3  # Mon–Wed, a night on Wednesday: enough to show every change, quick to push
SHIFTS = len(period_plan(sample.scenario(), FIRST, DAYS).shifts)  # each in two calendars
EVENTS = 2 * SHIFTS


def said(capsys) -> tuple[str, str]:
    captured = capsys.readouterr()
    return " ".join(captured.out.split()), " ".join(captured.err.split())


@pytest.fixture
def files(tmp_path):
    scenario = sample.scenario()
    team, plan, moved = tmp_path / "team.json", tmp_path / "plan.json", tmp_path / "moved.json"
    write_scenario(scenario, team)
    write_plan(period_plan(scenario, FIRST, DAYS), plan)
    write_plan(period_plan(scenario, FIRST, DAYS, later=[shift_id("kadri", FIRST)]), moved)
    return team, plan, moved


def test_push_from_plan_files_with_the_password_from_the_environment(tmp_path, files, capsys,
                                                                     monkeypatch):
    """No authentication on this server (any name and password is let in)."""
    team, plan, moved = files
    monkeypatch.setenv("DAV_PASSWORD", "anything")
    out = tmp_path / "calendars"
    with running_radicale(tmp_path / "radicale") as server:
        base = server.collection("desk")

        def push(plan_path, *extra: str) -> int:
            return main(["publish", "caldav", "--scenario", str(team), "--plan", str(plan_path),
                         "--ledger", str(out), "--base-url", base, "--username", "desk",
                         "--password-from-env", "DAV_PASSWORD", *extra])

        assert push(plan) == 0
        text, _ = said(capsys)
        assert f"Pushed: {EVENTS} created." in text
        assert "new calendar" in text
        assert (out / ".published.json").exists()  # the folder export's ledger, shared
        assert push(moved, "--dry-run") == 0
        text, _ = said(capsys)
        assert f"Would push: 2 updated, {EVENTS - 2} unchanged." in text
        assert "Kadri T. (kadri) (" in text
        assert "would be updated: Phone duty (starts Mon 16 Nov 10:00 Europe/Tallinn, " \
               "SEQUENCE 1)" in text
        assert push(moved, "--reminder-minutes", "30", "--reminder-minutes", "kadri=10") == 0
        text, _ = said(capsys)
        # The moved shift in both calendars, and every agent's event gains its reminder.
        assert f"Pushed: {SHIFTS + 1} updated, {SHIFTS - 1} unchanged." in text
        kadri = shown(server.collection("desk", "kadri"), "desk", "x")
        assert kadri[uid_for("kadri", shift_id("kadri", FIRST))][:2] == (1, "CONFIRMED")
        # The folder export into the ledger's folder writes what the server holds.
        assert main(["export", "ics", "--scenario", str(team), "--plan", str(moved),
                     "--out", str(out), "--reminder-minutes", "30",
                     "--reminder-minutes", "kadri=10"]) == 0
        in_files = {uid: what for (name, uid), what in folder_events(out).items()
                    if name == "Kadri T.ics"}
        assert kadri == in_files
        assert push(moved, "--reminder-minutes", "30", "--reminder-minutes", "kadri=10") == 0
        assert f"Pushed: {EVENTS} unchanged." in said(capsys)[0]


def test_a_refused_calendar_exits_1_names_the_agent_and_the_rest_is_pushed(
        tmp_path, files, capsys, memory_keyring):
    team, plan, _ = files
    out = tmp_path / "calendars"
    with running_radicale(tmp_path / "radicale", users={"desk": "right", "kadri": "hers"}
                          ) as server:
        memory_keyring.set_password(keyring_service(server.url), "desk", "right")
        memory_keyring.set_password(keyring_service(server.url), "kadri", "stale")
        targets = tmp_path / "caldav.json"
        targets.write_text(json.dumps({
            "format": "coverage-scheduler/caldav-targets", "version": 1,
            "base_url": server.collection("desk"), "username": "desk",
            "calendars": {"kadri": {"url": server.collection("kadri", "shifts"),
                                    "username": "kadri"}}}))

        def push() -> int:
            return main(["publish", "caldav", "--scenario", str(team), "--plan", str(plan),
                         "--ledger", str(out), "--targets", str(targets)])

        assert push() == 1
        text, errors = said(capsys)
        assert "1 calendar was not updated" in errors
        assert ("Kadri T. (kadri): authentication failed for 'kadri' at "
                f"{server.url.rstrip('/')}") in errors
        assert "Traceback" not in errors + text
        ledger = json.loads((out / ".published.json").read_text())["calendars"]
        assert "kadri" not in ledger
        assert {"lena", "maria", TEAM} <= set(ledger)

        # The right password goes into the keyring through the command, then all is pushed.
        home = server.folder / "collections" / "collection-root" / "kadri" / "shifts"
        home.mkdir(parents=True)
        (home / ".Radicale.props").write_text('{"tag": "VCALENDAR"}')
        monkeypatch_env = pytest.MonkeyPatch()
        monkeypatch_env.setenv("KADRI_PASSWORD", "hers")
        try:
            assert main(["publish", "caldav-password", "--url", server.url + "kadri/",
                         "--username", "kadri", "--password-from-env", "KADRI_PASSWORD"]) == 0
        finally:
            monkeypatch_env.undo()
        assert memory_keyring.get_password(keyring_service(server.url), "kadri") == "hers"
        capsys.readouterr()
        assert push() == 0
        text, _ = said(capsys)
        kadri = len([s for s in period_plan(sample.scenario(), FIRST, DAYS).shifts
                     if s.agent_id == "kadri"])
        assert f"Pushed: {kadri} created, {EVENTS - kadri} unchanged." in text
        assert "kadri" in json.loads((out / ".published.json").read_text())["calendars"]


def test_push_from_the_database_advances_its_ledger(tmp_path, capsys, memory_keyring):
    db = tmp_path / "team.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    with ScenarioStore.open(db) as store:
        scenario = store.load()
    plan = tmp_path / "plan.json"
    write_plan(period_plan(scenario, FIRST, 1), plan)
    with running_radicale(tmp_path / "radicale", users={"desk": "pw"}) as server:
        memory_keyring.set_password(keyring_service(server.url), "desk", "pw")
        capsys.readouterr()
        assert main(["--db", str(db), "publish", "caldav", "--plan", str(plan),
                     "--base-url", server.collection("desk"), "--username", "desk"]) == 0
        assert "Traceback" not in " ".join(said(capsys))
    with ScenarioStore.open(db) as store:
        agent = scenario.active_agents()[0]
        assert store.published_events(agent.id)
        assert store.published_events(TEAM)


def test_bad_input_exits_2_and_names_it(tmp_path, files, capsys):
    team, plan, _ = files
    assert main(["publish", "caldav", "--scenario", str(team), "--plan", str(plan),
                 "--ledger", str(tmp_path)]) == 2
    assert "--targets" in said(capsys)[1]
    assert main(["publish", "caldav", "--scenario", str(team), "--plan", str(plan),
                 "--ledger", str(tmp_path), "--base-url", "dav.example.com"]) == 2
    assert "not an http:// or https:// address" in said(capsys)[1]
    assert main(["publish", "caldav", "--scenario", str(team), "--plan", str(plan),
                 "--ledger", str(tmp_path), "--base-url", "https://dav.example.com/",
                 "--reminder-minutes", "kadrí=5"]) == 2
    assert "no agent has this id" in said(capsys)[1]
    assert main(["publish", "caldav", "--scenario", str(team), "--plan", str(plan),
                 "--ledger", str(tmp_path), "--base-url", "https://dav.example.com/",
                 "--password-from-env", "NOT_SET_ANYWHERE"]) == 2
    assert "NOT_SET_ANYWHERE" in said(capsys)[1]
    assert not (tmp_path / ".published.json").exists()
