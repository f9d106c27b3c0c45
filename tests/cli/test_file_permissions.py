"""Files the command line writes get the permissions open() would give them (0666 less the
umask), so a folder a web server publishes can serve the calendars; backups stay private."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coverage_app.cli import main
from models.files import read_plan, write_plan, write_scenario
from tests.exports import sample

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture(params=[0o022, 0o027], ids=["umask022", "umask027"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def no_temporary_files_in(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    scenario_path, plan_path = tmp_path / "team.json", tmp_path / "plan.json"
    write_scenario(sample.scenario(), scenario_path)
    write_plan(sample.plan(), plan_path)
    return scenario_path, plan_path


def test_exports_get_the_mode_open_would_give(files, tmp_path, umask):
    scenario_path, plan_path = files
    source = ["--scenario", str(scenario_path), "--plan", str(plan_path)]
    calendars, workbook, shifts = tmp_path / "www", tmp_path / "hours.xlsx", tmp_path / "s.csv"
    assert main(["export", "ics", *source, "--out", str(calendars)]) == 0
    assert main(["export", "xlsx", *source, "--out", str(workbook)]) == 0
    assert main(["export", "csv", *source, "--out", str(shifts)]) == 0
    expected = 0o666 & ~umask
    written = [*calendars.iterdir(), workbook, shifts]
    assert any(p.name == "team.ics" for p in written)
    assert any(p.name == ".published.json" for p in written)  # the ledger beside them
    assert {p.name: mode(p) for p in written} == {p.name: expected for p in written}
    assert no_temporary_files_in(calendars)
    assert no_temporary_files_in(tmp_path)


def test_a_reexport_opens_up_a_calendar_an_older_version_wrote_private(files, tmp_path, umask):
    scenario_path, plan_path = files
    calendars = tmp_path / "www"
    args = ["export", "ics", "--scenario", str(scenario_path), "--plan", str(plan_path),
            "--out", str(calendars)]
    assert main(args) == 0
    team = calendars / "team.ics"
    team.chmod(0o600)  # as the versions that wrote through mkstemp left it
    assert main(args) == 0
    assert mode(team) == 0o666 & ~umask


def test_scenario_and_plan_files_get_the_mode_open_would_give(files, tmp_path, umask):
    db = tmp_path / "team.sqlite"
    scenario_path, plan_path = files
    assert main(["--db", str(db), "import", str(scenario_path)]) == 0
    exported = tmp_path / "out" / "team.json"
    assert main(["--db", str(db), "export-scenario", str(exported)]) == 0
    plan_copy = tmp_path / "out" / "plan.json"
    write_plan(read_plan(plan_path), plan_copy)
    expected = 0o666 & ~umask
    assert (mode(exported), mode(plan_copy)) == (expected, expected)
    assert no_temporary_files_in(exported.parent)


def test_a_backup_stays_readable_by_its_owner_only(files, tmp_path, umask):
    db = tmp_path / "team.sqlite"
    assert main(["--db", str(db), "import", str(files[0])]) == 0
    backup = tmp_path / "backups" / "copy.sqlite"
    assert main(["--db", str(db), "backup", str(backup)]) == 0
    assert mode(backup) == 0o600
    assert main(["--db", str(backup), "info"]) == 0  # a complete, readable database
    assert no_temporary_files_in(backup.parent)
