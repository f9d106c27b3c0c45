"""Schema versions (Alembic), upgrades that take a backup first, and backups of a live database."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from coverage_app.services.errors import UserError
from coverage_app.services.store import ScenarioStore
from models.storage import migrate
from models.storage.database import create_db_engine, resolve_url, sqlite_path
from models.storage.orm import Base
from tests.models.storage_helpers import make_plan


def _differences(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_migrations_on_an_empty_database_match_the_models(db_url):
    engine = create_db_engine(resolve_url(db_url))
    result = migrate.upgrade(engine)
    assert (result.before, result.after, result.backup) == (None, migrate.head_revision(), None)
    assert _differences(engine) == []
    with engine.connect() as connection:  # and the way back is clean too
        command.downgrade(migrate.alembic_config(connection), "base")
        connection.commit()
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_opening_creates_the_schema_and_a_second_open_keeps_the_data(db_url, demo):
    with ScenarioStore.open(db_url) as store:
        assert store.upgrade is not None
        assert (store.upgrade.before, store.upgrade.backup) == (None, None)
        assert _differences(store.engine) == []
        store.replace(demo)
        assert store.schema_version() == migrate.head_revision()
    with ScenarioStore.open(db_url) as again:
        assert again.upgrade is not None
        assert not again.upgrade.changed
        assert again.load() == demo


def test_schema_version_and_default_location(demo):  # SQLite only: the default file
    with ScenarioStore.open() as store:
        assert store.path == Path(os.environ["COVERAGE_SCHEDULER_DATA_DIR"]) / "coverage.sqlite"
        assert store.schema_version() == migrate.head_revision() == "0007"


_NEXT_MIGRATION = '''
"""test: a column added in a later version"""
from alembic import op
import sqlalchemy as sa

revision = "0099"
down_revision = "HEAD"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=False,
                                   server_default=""))
    FAIL


def downgrade():
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("nickname")
'''


def _scripts_with_next_version(tmp_path: Path, *, fails: bool) -> Path:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    body = _NEXT_MIGRATION.replace("FAIL", "raise RuntimeError('broken migration')"
                                   if fails else "pass").replace("HEAD", migrate.head_revision())
    (scripts / "versions" / "0099_next.py").write_text(body, encoding="utf-8")
    return scripts


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_db_engine(resolve_url(url))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.exec_driver_sql(sql)]
    finally:
        engine.dispose()


def _agent_columns(url: str) -> list[str]:
    engine = create_db_engine(resolve_url(url))
    try:
        return [column["name"] for column in inspect(engine).get_columns("agents")]
    finally:
        engine.dispose()


def _upgrade_to_next_version(url: str, tmp_path: Path, *, fails: bool) -> migrate.UpgradeResult:
    engine = create_db_engine(resolve_url(url))
    try:
        return migrate.upgrade(engine, script_location=_scripts_with_next_version(
            tmp_path, fails=fails))
    finally:
        engine.dispose()


def test_an_upgrade_keeps_every_row(db_url, tmp_path, demo):
    with ScenarioStore.open(db_url) as store:
        store.replace(demo)
    result = _upgrade_to_next_version(db_url, tmp_path, fails=False)
    assert (result.before, result.after) == (migrate.head_revision(), "0099")
    assert _query(db_url, "SELECT version_num FROM alembic_version") == [("0099",)]
    assert "nickname" in _agent_columns(db_url)
    assert _query(db_url, "SELECT count(*) FROM agents") == [(len(demo.agents),)]


def test_an_upgrade_takes_a_backup_first(tmp_path, demo):  # SQLite only: the backup API
    db = tmp_path / "old.sqlite"
    with ScenarioStore.open(db) as store:
        store.replace(demo)
    result = _upgrade_to_next_version(str(db), tmp_path, fails=False)
    head = migrate.head_revision()
    assert (result.before, result.after) == (head, "0099")
    assert result.backup is not None
    assert result.backup.parent == tmp_path / "backups"
    # The backup is the database as it was before the upgrade, with all its data.
    assert _read(result.backup, "SELECT version_num FROM alembic_version") == [(head,)]
    assert _read(result.backup, "SELECT count(*) FROM agents") == [(len(demo.agents),)]
    columns = [c[1] for c in _read(result.backup, "PRAGMA table_info(agents)")]
    assert "nickname" not in columns
    # The database itself is upgraded and keeps its data.
    assert _read(db, "SELECT version_num FROM alembic_version") == [("0099",)]
    assert "nickname" in [c[1] for c in _read(db, "PRAGMA table_info(agents)")]
    assert _read(db, "SELECT count(*) FROM agents") == [(len(demo.agents),)]


def test_a_postgresql_upgrade_is_left_to_the_servers_backups(postgres_db_url, tmp_path, demo):
    with ScenarioStore.open(postgres_db_url) as store:
        store.replace(demo)
    result = _upgrade_to_next_version(postgres_db_url, tmp_path, fails=False)
    assert result.changed
    assert result.backup is None  # the server's own backups (pg_dump) cover it
    assert not (tmp_path / "backups").exists()


def test_a_failed_upgrade_leaves_the_database_as_it_was(db_url, tmp_path, demo):
    with ScenarioStore.open(db_url) as store:
        store.replace(demo)
    with pytest.raises(migrate.UpgradeFailedError, match="broken migration") as failed:
        _upgrade_to_next_version(db_url, tmp_path, fails=True)
    assert isinstance(failed.value.__cause__, RuntimeError)
    # One transaction: the added column is rolled back with the version number.
    assert _query(db_url, "SELECT version_num FROM alembic_version") == [
        (migrate.head_revision(),)]
    assert "nickname" not in _agent_columns(db_url)
    with ScenarioStore.open(db_url) as store:
        assert store.load() == demo
    path = sqlite_path(resolve_url(db_url))
    if path is not None:  # SQLite: the backup taken before the upgrade stays
        backups = list((path.parent / "backups").glob(f"{path.stem}.before-0099.*.sqlite"))
        assert len(backups) == 1


def test_a_database_from_a_newer_program_is_refused(db_url, demo):
    with ScenarioStore.open(db_url) as store:
        store.replace(demo)
        with store.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    with pytest.raises(UserError, match="newer version"):
        ScenarioStore.open(db_url)
    assert _query(db_url, "SELECT version_num FROM alembic_version") == [("0999",)]


def test_a_database_that_is_not_ours_is_left_untouched(db_url):
    engine = create_db_engine(resolve_url(db_url))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with pytest.raises(UserError, match=r"is not a Coverage Scheduler database.*invoices"):
        ScenarioStore.open(db_url)
    engine = create_db_engine(resolve_url(db_url))
    assert inspect(engine).get_table_names() == ["invoices"]
    engine.dispose()


# Backups: SQLite only (its backup API, the WAL file); PostgreSQL is backed up by pg_dump.


def test_backup_of_a_live_database_is_a_complete_readable_copy(tmp_path, demo):
    db = tmp_path / "live.sqlite"
    with ScenarioStore.open(db) as store:
        store.replace(demo)
        store.save_plan(make_plan("p1"))
        assert Path(f"{db}-wal").stat().st_size > 0  # recent writes are still in the WAL
        naive_copy = tmp_path / "copied-by-hand.sqlite"
        shutil.copyfile(db, naive_copy)
        reader = sqlite3.connect(db)  # another reader is mid-transaction during the backup
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM agents").fetchall()
        target = store.backup(tmp_path / "out" / "backup.sqlite")
        reader.close()
    moved = tmp_path / "elsewhere" / "restored.sqlite"
    moved.parent.mkdir()
    shutil.move(target, moved)  # the backup alone is complete: no -wal file beside it
    assert _read(moved, "PRAGMA journal_mode") == [("delete",)]
    with ScenarioStore.open(moved) as restored:
        assert restored.load() == demo
        assert restored.load_plan("p1") is not None
    engine = create_db_engine(resolve_url(naive_copy))
    assert "agents" not in inspect(engine).get_table_names()  # a plain copy misses the WAL
    engine.dispose()


def test_backup_refuses_to_overwrite_the_database(tmp_path, demo):
    with ScenarioStore.open(tmp_path / "db.sqlite") as store, pytest.raises(
        UserError, match="overwrite the database itself"
    ):
        store.backup(tmp_path / "db.sqlite")


def test_backup_of_a_postgresql_database_points_to_pg_dump(postgres_db_url, tmp_path):
    with ScenarioStore.open(postgres_db_url) as store, pytest.raises(UserError, match="pg_dump"):
        store.backup(tmp_path / "copy.sqlite")
    assert not (tmp_path / "copy.sqlite").exists()


def test_employee_numbers_are_kept_and_older_databases_gain_an_empty_one(db_url, demo):
    import dataclasses

    first, *others = demo.agents
    numbered = dataclasses.replace(demo, agents=(
        dataclasses.replace(first, employee_number="00123"), *others))
    assert others[0].employee_number == "10002"  # the demo team's numbers
    with ScenarioStore.open(db_url) as store:
        store.replace(numbered)
    with ScenarioStore.open(db_url) as store:
        assert store.load().agents[0].employee_number == "00123"  # text: the zeros stay
    engine = create_db_engine(resolve_url(db_url))
    with engine.connect() as connection:  # the database as version 0002 left it
        command.downgrade(migrate.alembic_config(connection), "0002")
        connection.commit()
    engine.dispose()
    assert "employee_number" not in _agent_columns(db_url)
    with ScenarioStore.open(db_url) as store:
        assert store.upgrade is not None
        assert (store.upgrade.before, store.upgrade.after) == ("0002", migrate.head_revision())
        assert _differences(store.engine) == []
        loaded = store.load()
    assert [a.employee_number for a in loaded.agents] == [""] * len(demo.agents)
    assert loaded == dataclasses.replace(demo, agents=tuple(  # nothing else changed
        dataclasses.replace(a, employee_number="") for a in demo.agents))
