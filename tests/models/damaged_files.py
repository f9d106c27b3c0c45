"""Real files for the opening tests: other programs' files, damaged copies, bad rows."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from coverage_app.services.store import ScenarioStore
from models.domain import Scenario

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "01-team.png"


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and modification time, and which files lie beside it."""

    content: bytes
    mtime_ns: int
    neighbours: frozenset[str]

    @classmethod
    def of(cls, path: Path) -> Snapshot:
        return cls(path.read_bytes(), path.stat().st_mtime_ns,
                   frozenset(p.name for p in path.parent.iterdir()))


def png_named_db(folder: Path) -> Path:
    """A real PNG image renamed to ``.db``."""
    path = folder / "team.db"
    shutil.copyfile(SCREENSHOT, path)
    return path


def stored_demo(path: Path, demo: Scenario) -> Path:
    """A database of ours holding the demo team, closed (its WAL checkpointed away)."""
    with ScenarioStore.open(path) as store:
        store.replace(demo)
    return path


def truncated(path: Path, keep: float = 0.5) -> Path:
    """Cut a file short, as an interrupted copy or a full disk does."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def foreign_sqlite(path: Path, *, wal: bool = False) -> Path:
    """Another program's SQLite database (a browser history, say)."""
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, title TEXT)")
    connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    return path


def backup_named(db: Path, name: str, age_seconds: int) -> Path:
    """A backup of ``db`` in its backups folder, made ``age_seconds`` ago."""
    with ScenarioStore.open(db) as store:
        target = store.backup(db.parent / "backups" / name)
    when = target.stat().st_mtime - age_seconds
    os.utime(target, (when, when))
    return target


def execute(path: Path, *statements: str) -> None:
    """Change stored rows the way another tool would: plain SQL, no checks."""
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def with_bad_rows(path: Path, demo: Scenario) -> Path:
    """The demo with two misspelt agent zones and a time off that ends before it starts."""
    stored_demo(path, demo)
    execute(path,
            "UPDATE agents SET time_zone = 'Europe/Tallin' "
            "WHERE id IN ('kadri-tamm', 'anna-kask')",
            "UPDATE time_off SET last_day = '2026-12-01' WHERE id = 'vac-james-2026-12'")
    return path
