"""Where the database is and how to connect to it.

``--db`` takes a SQLAlchemy URL (``postgresql+psycopg://host/db``, ``sqlite:///path``) or a plain
file path (a SQLite file). Without it the database is ``coverage.sqlite`` in the user's data
directory (``$COVERAGE_SCHEDULER_DATA_DIR`` when set, which the tests do).

A write that another instance blocks waits at most ``BUSY_TIMEOUT_MS`` (SQLite's
``busy_timeout``, PostgreSQL's ``lock_timeout``) and then fails, so the app says "busy" within
5 seconds instead of hanging. PostgreSQL connections name themselves in ``application_name``
(see :mod:`models.storage.presence`).

SQLite connections get ``foreign_keys=ON``, ``journal_mode=WAL`` and a ``busy_timeout``; the
driver's own transaction handling is switched off so that SQLAlchemy's ``BEGIN`` is real (reads
and writes of one user action see one snapshot, and DDL is transactional). A write transaction
starts with ``BEGIN IMMEDIATE`` so that two instances writing at once wait for each other instead
of failing half-way. On PostgreSQL writes are ordinary transactions, and a row changed by another
instance between this program's read and its write is caught by the version column. Nothing
else is database-specific: the same SQL runs on both.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url

APP_DIR_NAME = "coverage-scheduler"
DB_FILE_NAME = "coverage.sqlite"
DATA_DIR_ENV = "COVERAGE_SCHEDULER_DATA_DIR"
BUSY_TIMEOUT_MS = 4_000  # a blocked write says "busy" within 5 s
WRITE = {"coverage_write": True}  # execution option: this transaction will write

_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "ncpfs", "davfs",
               "fuse.sshfs", "fuse.rclone", "glusterfs", "ceph", "lustre"}


def default_path() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    folder = Path(override) if override else platformdirs.user_data_path(APP_DIR_NAME,
                                                                          appauthor=False)
    return folder / DB_FILE_NAME


def resolve_url(db: str | Path | None = None) -> URL:
    """A SQLAlchemy URL from ``--db``: a URL, a file path, or None for the default file."""
    if db is None or (isinstance(db, str) and not db.strip()):
        return _file_url(default_path())
    text = str(db)
    if isinstance(db, str) and _URL_RE.match(text):
        return make_url(text)
    return _file_url(Path(text))


def _file_url(path: Path) -> URL:
    path = path.expanduser().resolve()
    return URL.create("sqlite", database=str(path))


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def create_db_engine(url: URL, application_name: str | None = None) -> Engine:
    """An engine for the URL; SQLite files get their folder created and the pragmas set.

    PostgreSQL connections get a lock timeout and, when given, an ``application_name``.
    """
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    connect_args: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql" and application_name:
        connect_args["application_name"] = application_name
    engine = create_engine(url, connect_args=connect_args)
    if url.get_backend_name() == "sqlite":
        _configure_sqlite(engine, in_memory=path is None)
    elif url.get_backend_name() == "postgresql":
        _configure_postgresql(engine)
    return engine


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Like SQLite's busy_timeout: a lock another program holds is an error after a while
        # (reported as "busy"), not a wait without end. 0 would mean "no limit" here.
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET lock_timeout = {max(BUSY_TIMEOUT_MS, 1)}")
        cursor.close()
        dbapi_connection.commit()


def _configure_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite would delay it until the first write).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("coverage_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def describe(url: URL) -> str:
    """The URL for people: a file path for SQLite files, the URL without password otherwise."""
    path = sqlite_path(url)
    return str(path) if path is not None else url.render_as_string(hide_password=True)


def network_share_warning(path: Path | None) -> str | None:
    """A warning when a SQLite file lies on a network file system (its locking is unreliable)."""
    if path is None:
        return None
    text = str(path)
    if sys.platform == "win32" and (text.startswith("\\\\") or _is_windows_remote(path)):
        return _share_message(path)
    fs_type = _mount_type(path)
    if fs_type is not None and (fs_type in _NETWORK_FS or fs_type.startswith("fuse.s")):
        return _share_message(path, fs_type)
    return None


def _share_message(path: Path, fs_type: str | None = None) -> str:
    kind = f" ({fs_type})" if fs_type else ""
    return (f"{path} is on a network share{kind}. SQLite files on network shares can be "
            "corrupted when two computers use them; keep the file on a local disk, or share one "
            "PostgreSQL database (--db postgresql+psycopg://host/dbname).")


def _mount_type(path: Path) -> str | None:
    """The file-system type of the mount holding ``path`` (Linux /proc/mounts), if known."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    target = path.resolve()
    best: tuple[int, str] | None = None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        try:
            target.relative_to(mount_point)
        except ValueError:
            continue
        if best is None or len(mount_point) > best[0]:
            best = (len(mount_point), parts[2])
    return best[1] if best else None


def _is_windows_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = path.resolve().drive
    if not drive:
        return False
    drive_remote = 4
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    return bool(windll.kernel32.GetDriveTypeW(f"{drive}\\") == drive_remote)
