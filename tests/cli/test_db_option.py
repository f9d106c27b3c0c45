"""``--db URL`` goes before or after the command name, for every command that uses the
database; given in both places, the one after the command wins."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from coverage_app.cli import main
from coverage_app.cli.commands import build_parser
from coverage_app.services.store import ScenarioStore
from models.files import read_plan, read_scenario, write_scenario
from tests.exports import sample
from tests.solver.factory import agent, requirement, scenario

# Each command that uses the database, with the other arguments it needs.
DATABASE_COMMANDS = {
    "info": [],
    "demo": [],
    "import": ["team.json"],
    "export-scenario": ["team.json"],
    "backup": ["copy.sqlite"],
    "export": ["csv", "--out", "shifts.csv"],
    "solve": ["--start", "2026-03-02", "--out", "plan.json"],
}


def with_db(position: str, db: Path, command: str, *args: str) -> list[str]:
    if position == "before":
        return ["--db", str(db), command, *args]
    return [command, *args, "--db", str(db)]


def default_database() -> Path:
    return Path(os.environ["COVERAGE_SCHEDULER_DATA_DIR"]) / "coverage.sqlite"


@pytest.mark.parametrize("command", DATABASE_COMMANDS)
@pytest.mark.parametrize("position", ["before", "after"])
def test_every_database_command_takes_db_in_either_place(command, position):
    args = build_parser().parse_args(with_db(position, Path("team.db"), command,
                                             *DATABASE_COMMANDS[command]))
    assert args.db == "team.db"


@pytest.mark.parametrize("position", ["before", "after"])
def test_info_demo_import_and_export_use_the_database_given(position, tmp_path, demo, capsys):
    db = tmp_path / "team.db"
    assert main(with_db(position, db, "demo")) == 0
    assert main(with_db(position, db, "info")) == 0
    assert f"Database: {db}" in capsys.readouterr().out
    team = tmp_path / "team.json"
    write_scenario(sample.scenario(), team)
    assert main(with_db(position, db, "import", "--replace", str(team))) == 0
    with ScenarioStore.open(db) as store:
        assert store.load() == sample.scenario()
        store.save_plan(sample.plan())
    shifts = tmp_path / "shifts.csv"
    assert main(with_db(position, db, "export", "csv", "--out", str(shifts))) == 0
    with shifts.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(sample.plan().shifts)
    copy = tmp_path / "copy.db"
    assert main(with_db(position, db, "backup", str(copy))) == 0
    exported = tmp_path / "exported.json"
    assert main(with_db(position, copy, "export-scenario", str(exported))) == 0
    assert read_scenario(exported) == sample.scenario()
    assert not default_database().exists()


@pytest.mark.parametrize("position", ["before", "after"])
def test_solve_reads_the_team_from_the_database_given(position, tmp_path):
    team = tmp_path / "team.json"
    write_scenario(scenario([agent("ann"), agent("bob")], [requirement(hours=(8, 16))]), team)
    db = tmp_path / "team.db"
    assert main(["--db", str(db), "import", str(team)]) == 0
    out = tmp_path / "plan.json"
    assert main(with_db(position, db, "solve", "--start", "2026-03-02", "--days", "1",
                        "--time-limit", "2", "--out", str(out))) == 0
    assert read_plan(out).shifts
    assert not default_database().exists()


def test_db_after_the_command_wins_over_db_before_it(tmp_path, capsys):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    assert main(["--db", str(first), "demo", "--db", str(second)]) == 0
    assert second.exists()
    assert not first.exists()
    capsys.readouterr()
    assert main(["--db", str(first), "info", "--db", str(second)]) == 0
    assert f"Database: {second}" in capsys.readouterr().out


def test_help_says_db_may_follow_the_command_and_which_one_wins(capsys):
    for args in (["--help"], ["info", "--help"]):
        with pytest.raises(SystemExit) as stop:
            main(args)
        assert stop.value.code == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "--db URL" in text
        assert "after the command wins" in text
