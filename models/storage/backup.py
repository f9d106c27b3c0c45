"""Backups of a SQLite database through SQLite's online backup API.

Copying the file of a live database can lose data (pages still in the WAL file, a write
half-done); the backup API copies a consistent snapshot while the program keeps running. The copy
is written to a temporary file and renamed into place, so the target is never half-written, and
it is switched out of WAL mode so it is one self-contained file. A backup holds all the team's
data, so it is readable by its owner only (mode 0600), whatever the umask.

Other databases (PostgreSQL) are backed up by their server's own tools (``pg_dump``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from models.atomic_write import replacing
from models.storage.database import describe, sqlite_path


class BackupNotSupportedError(Exception):
    """The database is not a SQLite file: backups are the database server's job."""


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """Copy the live SQLite database of ``engine`` to ``target``; returns the absolute path."""
    if engine.dialect.name != "sqlite":
        raise BackupNotSupportedError(
            f"{describe(engine.url)} is a {engine.dialect.name} database: back it up with the "
            f"database server's own tools (for PostgreSQL, pg_dump), not with this program")
    target = Path(target).expanduser().resolve()
    source = sqlite_path(engine.url)
    if source is not None and source.resolve() == target:
        raise ValueError(f"the backup would overwrite the database itself ({target})")
    raw = engine.raw_connection()
    try:
        source_connection = raw.driver_connection
        if not isinstance(source_connection, sqlite3.Connection):  # pragma: no cover
            raise BackupNotSupportedError("the SQLite driver does not offer the backup API")
        with replacing(target, private=True) as temporary:
            copy = sqlite3.connect(temporary)
            try:
                source_connection.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
                copy.commit()
            finally:
                copy.close()
    finally:
        raw.close()
    return target
