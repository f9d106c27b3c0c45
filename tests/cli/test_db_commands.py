"""The database subcommands: info, import, export-scenario, demo, backup (exit codes 0 and 2)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from coverage_app.cli import main
from coverage_app.services.store import ScenarioStore
from models.files import scenario_to_json, write_scenario
from models.storage import migrate
from models.storage.database import describe
from tests.models.storage_helpers import rich_scenario
from tests.storage_backends import is_sqlite, is_untouched, missing_database


@pytest.fixture
def db(db_url) -> str:
    """The database the commands run on: a SQLite file, then a PostgreSQL database."""
    return db_url


def run(db: str | Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def said(capsys: pytest.CaptureFixture[str]) -> str:
    """Everything printed, with rich's line wrapping undone."""
    captured = capsys.readouterr()
    return " ".join((captured.out + captured.err).split())


def stored(db: str | Path):
    with ScenarioStore.open(db) as store:
        return store.load()


def test_demo_loads_the_demo_team_and_refuses_to_overwrite(db, demo, capsys):
    assert run(db, "demo") == 0
    assert stored(db) == demo
    with ScenarioStore.open(db) as store:
        store.replace(dataclasses.replace(demo, agents=demo.agents[:2], time_off=()))
    assert run(db, "demo") == 2
    assert "already holds a team" in said(capsys)
    assert len(stored(db).agents) == 2  # untouched
    assert run(db, "demo", "--replace") == 0
    assert stored(db) == demo


def test_import_then_export_gives_the_same_file(db, demo, tmp_path):
    source = tmp_path / "team.json"
    write_scenario(rich_scenario(demo), source)
    assert run(db, "import", str(source)) == 0
    out = tmp_path / "out" / "exported.json"
    assert run(db, "export-scenario", str(out)) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        source.read_text(encoding="utf-8"))


def test_import_of_a_bad_file_exits_2_and_writes_nothing(db, demo, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    document = scenario_to_json(demo)
    document["agents"][3]["time_zone"] = "Europe/Talinn"
    bad.write_text(json.dumps(document), encoding="utf-8")
    assert run(db, "import", str(bad)) == 2
    assert "agents[3].time_zone: 'Europe/Talinn' is not a time zone" in said(capsys)
    assert is_untouched(db)  # not even an empty database was created
    assert run(db, "demo") == 0
    assert run(db, "import", "--replace", str(bad)) == 2
    assert stored(db) == demo


def test_import_over_an_existing_team_needs_replace(db, demo, tmp_path):
    source = tmp_path / "team.json"
    write_scenario(rich_scenario(demo), source)
    assert run(db, "demo") == 0
    assert run(db, "import", str(source)) == 2
    assert stored(db) == demo
    assert run(db, "import", "--replace", str(source)) == 0
    assert stored(db) == rich_scenario(demo)


def test_export_without_a_team_exits_2(db, tmp_path, capsys):
    out = tmp_path / "out.json"
    missing = missing_database(db)
    assert run(missing, "export-scenario", str(out)) == 2  # no database at all
    assert is_untouched(db)
    with ScenarioStore.open(db):
        pass  # an empty database
    assert run(db, "export-scenario", str(out)) == 2
    assert "coverage-scheduler demo" in said(capsys)
    assert not out.exists()


def test_info_shows_location_schema_version_and_counts(db, capsys):
    assert run(db, "demo") == 0
    capsys.readouterr()
    assert run(db, "info") == 0
    text = capsys.readouterr().out
    url = make_url(db)
    assert f"Database: {describe(url)}" in text
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip()
            for line in text.splitlines() if line.count("│") == 3}
    assert rows["Kind"] == ("SQLite file" if is_sqlite(db) else "postgresql")
    assert rows["Schema version"] == migrate.head_revision()
    assert rows["Team"] == "Northwind Support Desk (Europe/Tallinn)"
    assert rows["Agents"] == "16"
    # The advice against network shares is for SQLite files only.
    assert ("network share" in " ".join(text.split())) == is_sqlite(db)


def test_info_on_a_missing_database_exits_2(db, capsys):
    missing = missing_database(db)
    assert run(missing, "info") == 2
    message = said(capsys)
    if is_sqlite(db):
        assert "there is no database at" in message
        assert "coverage-scheduler demo" in message
    else:
        assert f'cannot open the database {describe(make_url(missing))}' in message
        assert "does not exist" in message
    assert "Traceback" not in message
    assert is_untouched(missing)


# The tests below are about SQLite files (backups through SQLite's backup API, file paths, the
# default file, network shares) and run on SQLite only.


def test_backup_writes_a_loadable_copy(demo, tmp_path):
    db = tmp_path / "cli.sqlite"
    assert run(db, "demo") == 0
    target = tmp_path / "backups" / "copy.sqlite"
    assert run(db, "backup", str(target)) == 0
    assert stored(target) == demo


def test_db_accepts_a_sqlalchemy_url(demo, tmp_path):
    db = tmp_path / "cli.sqlite"
    assert main(["--db", f"sqlite:///{db}", "demo"]) == 0
    assert stored(db) == demo


def test_default_database_is_in_the_data_directory(demo, monkeypatch, tmp_path):
    monkeypatch.setenv("COVERAGE_SCHEDULER_DATA_DIR", str(tmp_path / "data"))
    assert main(["demo"]) == 0
    assert stored(tmp_path / "data" / "coverage.sqlite") == demo


def test_info_warns_when_the_file_is_on_a_network_share(capsys, monkeypatch, tmp_path):
    from models.storage import database

    db = tmp_path / "cli.sqlite"
    assert run(db, "demo") == 0
    capsys.readouterr()
    monkeypatch.setattr(database, "_mount_type", lambda path: "cifs")
    assert run(db, "info") == 0
    text = said(capsys)
    assert "warning:" in text
    assert "is on a network share (cifs)" in text
    assert "PostgreSQL" in text


def test_backup_of_a_postgresql_database_exits_2_and_names_pg_dump(postgres_db_url, demo,
                                                                    tmp_path, capsys):
    assert run(postgres_db_url, "demo") == 0
    target = tmp_path / "copy.sqlite"
    assert run(postgres_db_url, "backup", str(target)) == 2
    assert "pg_dump" in said(capsys)
    assert not target.exists()
    assert stored(postgres_db_url) == demo
