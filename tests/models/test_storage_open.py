"""Opening a database never harms a file that is not ours, and explains damage.

Every file here is real: a PNG image, a truncated copy of a database, another program's SQLite
file. The files that are refused must be byte-for-byte unchanged afterwards, with the same
modification time and no ``-wal``/``-shm`` files left beside them.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from coverage_app.services.errors import UserError
from coverage_app.services.store import ScenarioStore
from models.storage import migrate
from models.storage.inspection import SQLITE_MAGIC
from tests.models.damaged_files import (
    Snapshot,
    backup_named,
    execute,
    foreign_sqlite,
    png_named_db,
    stored_demo,
    truncated,
)


def refusal(path: Path) -> str:
    """The message of opening ``path``, which must be refused."""
    with pytest.raises(UserError) as refused:
        ScenarioStore.open(path)
    return " ".join(str(refused.value).split())


def test_a_png_renamed_db_is_not_ours_and_stays_untouched(tmp_path):
    path = png_named_db(tmp_path)
    before = Snapshot.of(path)
    message = refusal(path)
    assert f"{path} is not a Coverage Scheduler database" in message
    assert "Portable Network Graphics" in message
    assert Snapshot.of(path) == before


def test_a_text_file_is_not_ours(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("shopping list: milk, bread\n", encoding="utf-8")
    before = Snapshot.of(path)
    assert "it holds text, not a SQLite database" in refusal(path)
    assert Snapshot.of(path) == before


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_another_programs_sqlite_file_is_refused_before_anything_touches_it(tmp_path, wal):
    path = foreign_sqlite(tmp_path / "places.sqlite", wal=wal)
    before = Snapshot.of(path)
    assert before.content[18:20] == (b"\x02\x02" if wal else b"\x01\x01")
    message = refusal(path)
    assert f"{path} is not a Coverage Scheduler database" in message
    assert "moz_bookmarks, moz_places" in message
    # Not switched to WAL, not even read through a -wal/-shm pair created for the purpose.
    assert Snapshot.of(path) == before


def test_another_programs_alembic_database_is_not_taken_for_a_newer_version_of_ours(tmp_path):
    path = foreign_sqlite(tmp_path / "other.sqlite")
    execute(path, "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
            "INSERT INTO alembic_version VALUES ('3f2a9c1b7d4e')")
    before = Snapshot.of(path)
    message = refusal(path)
    assert "is not a Coverage Scheduler database" in message
    assert "schema version '3f2a9c1b7d4e'" in message
    assert Snapshot.of(path) == before


def test_a_database_from_a_newer_program_is_refused_untouched(tmp_path, demo):
    path = stored_demo(tmp_path / "newer.sqlite", demo)
    execute(path, "UPDATE alembic_version SET version_num = '0999'")
    before = Snapshot.of(path)
    message = refusal(path)
    assert "schema version '0999'" in message
    assert "newer version" in message
    assert Snapshot.of(path) == before


def test_a_truncated_database_names_the_newest_backup_to_restore(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    backup_named(path, "desk.before-0001.20260101T000000Z.sqlite", age_seconds=7200)
    newest = backup_named(path, "desk.manual.sqlite", age_seconds=60)
    backup_named(path, "other-team.sqlite", age_seconds=0)  # another database's backup
    truncated(path)
    before = Snapshot.of(path)
    message = refusal(path)
    assert f"{path} is damaged (the file is cut short" in message
    assert f"restore from the backup at {newest}" in message
    assert Snapshot.of(path) == before


def test_a_truncated_database_without_backups_says_what_to_do(tmp_path, demo):
    path = truncated(stored_demo(tmp_path / "desk.sqlite", demo), keep=0.9)
    before = Snapshot.of(path)
    message = refusal(path)
    assert "is damaged" in message
    assert f"there is no backup of it in {tmp_path / 'backups'}" in message
    assert ".recover" in message
    assert Snapshot.of(path) == before


def test_broken_pages_inside_a_complete_file_are_found(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size):  # every page but the first: zeros
        data[page * page_size:(page + 1) * page_size] = bytes(page_size)
    path.write_bytes(bytes(data))
    before = Snapshot.of(path)
    assert "is damaged" in refusal(path)
    assert Snapshot.of(path) == before


def test_a_file_cut_inside_its_header_is_damaged(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    path.write_bytes(path.read_bytes()[:60])
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    assert "less than its own header" in refusal(path)


def test_a_zero_length_file_and_a_sqlite_file_without_tables_become_new_databases(tmp_path,
                                                                                  demo):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    blank = tmp_path / "blank.sqlite"
    sqlite3.connect(blank).close()
    execute(blank, "PRAGMA user_version = 0")
    for path in (empty, blank):
        with ScenarioStore.open(path) as store:
            assert store.is_empty()
            store.replace(demo)
        with ScenarioStore.open(path) as store:
            assert store.load() == demo


def test_an_empty_file_is_no_database_for_commands_that_only_read(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    with pytest.raises(UserError, match=r"no database at .* yet \(the file is empty\)"):
        ScenarioStore.open(path, must_exist=True)
    assert path.read_bytes() == b""


def test_a_folder_is_not_a_database(tmp_path):
    assert "is a folder, not a database file" in refusal(tmp_path)


def test_our_database_opens_while_another_instance_has_it_open(tmp_path, demo):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    with ScenarioStore.open(path) as first:
        first.save_plan(first.load_plan() or _any_plan())
        assert Path(f"{path}-wal").exists()  # the first instance's WAL is live
        with ScenarioStore.open(path) as second:
            assert second.load() == demo
            assert len(second.plan_history()) == 1


def _any_plan():
    from tests.models.storage_helpers import make_plan

    return make_plan("p1")


# Failed upgrades --------------------------------------------------------------------------

_BROKEN_MIGRATION = '''
"""test: a later version whose upgrade fails half-way"""
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
    op.execute("UPDATE no_such_table SET x = 1")


def downgrade():
    pass
'''


def test_a_failed_upgrade_names_the_versions_the_untouched_data_and_the_backup(
        tmp_path, demo, monkeypatch):
    path = stored_demo(tmp_path / "desk.sqlite", demo)
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "0099_broken.py").write_text(
        _BROKEN_MIGRATION.replace("HEAD", head), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)

    message = refusal(path)
    backups = list((tmp_path / "backups").glob("desk.before-0099.*.sqlite"))
    assert len(backups) == 1
    assert f"upgrading the database {path} from schema version {head} to 0099 failed" in message
    assert "no such table: no_such_table" in message
    assert ("nothing in the database was changed (the upgrade is one transaction), it is still "
            f"at schema version {head}") in message
    assert f"the backup taken before the upgrade is at {backups[0]}" in message
    # The claim is true: the version and the table are as they were, and the data is there.
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head,)]
        columns = [c[1] for c in connection.execute("PRAGMA table_info(agents)")]
    assert "nickname" not in columns
    monkeypatch.undo()
    with ScenarioStore.open(path) as store:
        assert store.load() == demo
