"""Schema versions with Alembic, configured in code (no alembic.ini at run time).

The migration scripts live in ``models/migrations`` inside the package, so they ship in the
wheel. On open, :func:`upgrade` brings the database to the newest schema; when the database
already holds a schema that is behind, a SQLite file is first copied with the backup API, so a
failed or unwanted upgrade can always be undone by hand. The whole upgrade is one transaction
(SQLite and PostgreSQL both have transactional DDL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from models.storage.backup import backup_sqlite
from models.storage.database import WRITE, sqlite_path

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class SchemaError(Exception):
    """The database's schema cannot be used by this program (too new, or unknown)."""


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
        raise SchemaError("no migration scripts found")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, *, backup_dir: Path | None = None,
            script_location: Path | None = None) -> UpgradeResult:
    """Bring the database to the newest schema, backing a SQLite file up first if needed."""
    scripts = ScriptDirectory.from_config(alembic_config(script_location=script_location))
    head = head_revision(script_location)
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    if current == head:
        return UpgradeResult(current, head, None)
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise SchemaError(
            f"the database has schema version {current!r}, which this version of Coverage "
            f"Scheduler does not know (it knows up to {head!r}); it was probably written by a "
            "newer version: upgrade the program")
    if current is None and tables - {"alembic_version"}:
        raise SchemaError(
            "the database holds tables but no schema version; it was not made by Coverage "
            f"Scheduler ({', '.join(sorted(tables)[:5])}...)")
    backup = None
    path = sqlite_path(engine.url)
    if current is not None and path is not None:
        folder = backup_dir or path.parent / "backups"
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = backup_sqlite(engine, folder / f"{path.stem}.before-{head}.{stamp}.sqlite")
    with engine.connect().execution_options(**WRITE) as connection:
        command.upgrade(alembic_config(connection, script_location), "head")
        connection.commit()
    return UpgradeResult(current, head, backup)
