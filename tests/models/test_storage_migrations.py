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
from models.storage.database import create_db_engine, resolve_url
from models.storage.orm import Base
from tests.models.storage_helpers import make_plan


def _differences(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_migrations_on_an_empty_file_match_the_models(tmp_path):
    engine = create_db_engine(resolve_url(tmp_path / "fresh.sqlite"))
    result = migrate.upgrade(engine)
    assert (result.before, result.after, result.backup) == (None, migrate.head_revision(), None)
    assert _differences(engine) == []
    with engine.connect() as connection:  # and the way back is clean too
        command.downgrade(migrate.alembic_config(connection), "base")
        connection.commit()
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


@pytest.mark.skipif(not os.environ.get("COVERAGE_SCHEDULER_TEST_PG_URL"),
                    reason="set COVERAGE_SCHEDULER_TEST_PG_URL to an empty PostgreSQL database")
def test_migrations_and_round_trip_on_postgresql(demo):  # pragma: no cover - needs a server
    url = os.environ["COVERAGE_SCHEDULER_TEST_PG_URL"]
    with ScenarioStore.open(url) as store:
        assert _differences(store.engine) == []
        store.replace(demo)
        assert store.load() == demo
        assert store.schema_version() == migrate.head_revision()


def test_schema_version_and_default_location(demo):
    with ScenarioStore.open() as store:
        assert store.path == Path(os.environ["COVERAGE_SCHEDULER_DATA_DIR"]) / "coverage.sqlite"
        assert store.schema_version() == migrate.head_revision() == "0002"


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


def test_an_upgrade_takes_a_backup_first(tmp_path, demo):
    db = tmp_path / "old.sqlite"
    with ScenarioStore.open(db) as store:
        store.replace(demo)
    engine = create_db_engine(resolve_url(db))
    result = migrate.upgrade(engine, script_location=_scripts_with_next_version(tmp_path,
                                                                                 fails=False))
    engine.dispose()
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


def test_a_failed_upgrade_leaves_the_database_as_it_was(tmp_path, demo):
    db = tmp_path / "old.sqlite"
    with ScenarioStore.open(db) as store:
        store.replace(demo)
    engine = create_db_engine(resolve_url(db))
    with pytest.raises(migrate.UpgradeFailedError, match="broken migration") as failed:
        migrate.upgrade(engine, script_location=_scripts_with_next_version(tmp_path, fails=True))
    assert isinstance(failed.value.__cause__, RuntimeError)
    engine.dispose()
    assert _read(db, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]
    assert "nickname" not in [c[1] for c in _read(db, "PRAGMA table_info(agents)")]
    with ScenarioStore.open(db) as store:
        assert store.load() == demo
    assert len(list((tmp_path / "backups").glob("old.before-0099.*.sqlite"))) == 1


def test_a_database_from_a_newer_program_is_refused(tmp_path, demo):
    db = tmp_path / "new.sqlite"
    with ScenarioStore.open(db) as store:
        store.replace(demo)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    with pytest.raises(UserError, match="newer version"):
        ScenarioStore.open(db)


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
