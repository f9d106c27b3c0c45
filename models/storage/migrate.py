"""Schema versions with Alembic, configured in code (no alembic.ini at run time).

The migration scripts live in ``models/migrations`` inside the package, so they ship in the
wheel. On open, :func:`upgrade` brings the database to the newest schema; when the database
already holds a schema that is behind, a SQLite file is first copied with the backup API, so a
failed or unwanted upgrade can always be undone by hand. The whole upgrade is one transaction
(SQLite and PostgreSQL both have transactional DDL).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from models.storage.backup import backup_sqlite
from models.storage.database import WRITE, describe, sqlite_path
from models.storage.inspection import (
    DatabaseOpenError,
    StoredSchema,
    backup_folder,
    inspect_sqlite_file,
    judge,
)

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class UpgradeFailedError(DatabaseOpenError):
    """The schema upgrade failed; its transaction was rolled back."""

    def __init__(self, message: str, suggestion: str, before: str | None, after: str,
                 backup: Path | None) -> None:
        super().__init__(message, suggestion)
        self.before, self.after, self.backup = before, after, backup


@dataclass(frozen=True, slots=True)
class UpgradeResult:
    before: str | None  # None: an empty database
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config(connection: Connection | None = None,
                   script_location: Path | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision(script_location: Path | None = None) -> str:
    scripts = ScriptDirectory.from_config(alembic_config(script_location=script_location))
    head = scripts.get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migration scripts found")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, *, backup_dir: Path | None = None,
            script_location: Path | None = None) -> UpgradeResult:
    """Bring the database to the newest schema, backing a SQLite file up first if needed.

    A SQLite file is inspected read-only before the engine connects (connecting switches it to
    WAL): one that is not ours, is damaged or is too new raises a :class:`DatabaseOpenError`
    and stays byte-for-byte as it was. A failed upgrade raises :class:`UpgradeFailedError`.
    """
    scripts = ScriptDirectory.from_config(alembic_config(script_location=script_location))
    head = head_revision(script_location)
    known = {s.revision for s in scripts.walk_revisions()}
    path = sqlite_path(engine.url)
    if path is not None:
        found = inspect_sqlite_file(path, known, head)
        current = found.revision if found is not None else None
    else:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            tables = frozenset(inspect(connection).get_table_names())
        judge(StoredSchema(current, tables), known, head, describe(engine.url))
    if current == head:
        return UpgradeResult(current, head, None)
    backup = None
    if current is not None and path is not None:
        folder = backup_dir or backup_folder(path)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = folder / f"{path.stem}.before-{head}.{stamp}.sqlite"
        try:
            backup = backup_sqlite(engine, target)
        except (OSError, sqlite3.Error) as error:
            raise UpgradeFailedError(
                f"the database {path} needs an upgrade from schema version {current} to {head}, "
                f"but the backup before it could not be written to {target} ({error}); nothing "
                "was changed", "make room on the disk or make the folder writable, then open "
                "the database again", current, head, None) from error
    try:
        with engine.connect().execution_options(**WRITE) as connection:
            command.upgrade(alembic_config(connection, script_location), "head")
            connection.commit()
    except Exception as error:
        log.exception("schema upgrade of %s from %s to %s failed", describe(engine.url),
                      current, head)
        raise _upgrade_failed(engine, current, head, backup, error) from error
    return UpgradeResult(current, head, backup)


def _upgrade_failed(engine: Engine, before: str | None, after: str, backup: Path | None,
                    error: Exception) -> UpgradeFailedError:
    """Say what failed, and check (not assume) that the database is still as it was."""
    where = describe(engine.url)
    cause = str(getattr(error, "orig", None) or error).strip() or type(error).__name__
    try:
        now = current_revision(engine)
    except Exception:  # the database cannot even be read now: say so rather than guess
        now = "unknown"
    start = (f"upgrading the database {where} from schema version {before} to {after}"
             if before is not None else
             f"creating the tables of schema version {after} in {where}")
    if now == before:
        state = (f"nothing in the database was changed (the upgrade is one transaction), it "
                 f"is still at schema version {before}" if before is not None else
                 "nothing was written (it is one transaction)")
    else:
        state = f"the database now reports schema version {now}"
    saved = f"; the backup taken before the upgrade is at {backup}" if backup else ""
    suggestion = ("keep using the version of Coverage Scheduler that wrote this database and "
                  "report the problem with the log file")
    return UpgradeFailedError(f"{start} failed ({cause}): {state}{saved}", suggestion,
                              before, after, backup)
