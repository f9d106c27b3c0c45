"""``--db`` on a file that is not ours, a damaged one, or one with bad rows: exit 2, a message
naming the file (and the backup, or every bad row), and the file unchanged."""

from __future__ import annotations

import pytest

from coverage_app.cli import main
from tests.models.damaged_files import (
    Snapshot,
    backup_named,
    foreign_sqlite,
    png_named_db,
    stored_demo,
    truncated,
    with_bad_rows,
)


def said(capsys: pytest.CaptureFixture[str]) -> str:
    """Everything printed, without white space: rich wraps long paths at any hyphen."""
    captured = capsys.readouterr()
    return "".join((captured.out + captured.err).split())


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("command", [["info"], ["backup", "copy.sqlite"],
                                     ["export", "csv", "--out", "shifts.csv"]])
def test_a_png_renamed_db_exits_2_and_stays_untouched(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    path = png_named_db(tmp_path)
    before = Snapshot.of(path)
    assert main(["--db", str(path), *command]) == 2
    out = said(capsys)
    assert flat(f"{path} is not a Coverage Scheduler database") in out
    assert flat("Something went wrong") not in out
    assert Snapshot.of(path) == before  # and nothing was written beside it


def test_another_programs_sqlite_file_exits_2_and_stays_untouched(tmp_path, capsys):
    path = foreign_sqlite(tmp_path / "places.sqlite")
    before = Snapshot.of(path)
    assert main(["--db", str(path), "demo"]) == 2
    assert flat("moz_bookmarks, moz_places") in said(capsys)
    assert Snapshot.of(path) == before


def test_a_truncated_database_exits_2_and_names_the_backup(tmp_path, demo, capsys):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    backup = backup_named(path, "desk.2026-11-23.sqlite", age_seconds=60)
    truncated(path)
    before = Snapshot.of(path)
    assert main(["--db", str(path), "info"]) == 2
    out = said(capsys)
    assert flat(f"{path} is damaged") in out
    assert flat(f"restore from the backup at {backup}") in out
    assert Snapshot.of(path) == before


@pytest.mark.parametrize("command", [["info"], ["export", "csv", "--out", "shifts.csv"],
                                     ["export-scenario", "team.json"]])
def test_bad_rows_exit_2_listing_every_one(tmp_path, demo, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    path = with_bad_rows(tmp_path / "desk.sqlite", demo)
    assert main(["--db", str(path), *command]) == 2
    out = said(capsys)
    assert flat(f"3 problems in the database {path}") in out
    assert flat("agent 'Kadri Tamm' (id kadri-tamm), time_zone: 'Europe/Tallin' is not a "
                "time zone") in out
    assert flat("agent 'Anna Kask' (id anna-kask), time_zone: 'Europe/Tallin' is not a "
                "time zone") in out
    assert flat("time off of 'James Carter' from 2026-12-14 to 2026-12-01 "
                "(id vac-james-2026-12), last_day: time off ends before it starts") in out
    assert not (tmp_path / "shifts.csv").exists()
    assert not (tmp_path / "team.json").exists()
