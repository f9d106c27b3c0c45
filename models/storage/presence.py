"""Who else has a database open in the app, so a second window can say so at start-up.

Two app instances on one database are allowed (edits are guarded by optimistic versions), but a
manager should know before editing. For a SQLite file, each app instance tries to take an
exclusive OS lock on a small file beside the database (``team.sqlite.open-by``) and writes who it
is into it; an instance that cannot take the lock reads who holds it. The operating system drops
the lock when a process ends, however it ends, so a crashed instance never leaves a stale claim.
The standard library's ``fcntl.flock`` (``msvcrt.locking`` on Windows) does the locking; a
library such as ``filelock`` would too, but it truncates the file on every attempt, and the
holder's name must survive a second instance's attempt.

For PostgreSQL the server already knows: every connection of the app names itself in
``application_name``, and :func:`postgres_instances` reads ``pg_stat_activity``.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, text

APP_NAME_PREFIX = "coverage-scheduler"
_WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks are mandatory: lock a byte past the holder text


@dataclass(frozen=True, slots=True)
class Instance:
    """Another app instance with the database open."""

    who: str  # "maria@desk"
    since: datetime | None
    pid: int | None = None

    def describe(self) -> str:
        since = f" since {self.since:%Y-%m-%d %H:%M} UTC" if self.since else ""
        pid = f", process {self.pid}" if self.pid else ""
        return f"{self.who}{pid}{since}"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".open-by")


class InstanceLock:
    """An exclusive claim on a SQLite file by one app instance, held until :meth:`release`."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self, who: str, now: datetime) -> Instance | None:
        """Take the claim; returns None when taken, else the instance that holds it.

        A folder where the claim file cannot be written (read-only media) gives no claim and no
        holder: the check is a courtesy, never a reason to refuse the database.
        """
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open
        except OSError:
            return None
        if not _try_lock(handle):
            holder = _read_holder(self.path)
            handle.close()
            return holder or Instance("another instance", None)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"who": who, "pid": os.getpid(), "host": socket.gethostname(),
                                 "since": now.astimezone(UTC).isoformat()}))
        handle.flush()
        self._file = handle
        return None

    def release(self) -> None:
        handle, self._file = self._file, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            _unlock(handle)
        finally:
            handle.close()


def _read_holder(path: Path) -> Instance | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not data.get("who"):
        return None
    try:
        since = datetime.fromisoformat(str(data.get("since")))
    except ValueError:
        since = None
    pid = data.get("pid")
    return Instance(str(data["who"]), since if since and since.tzinfo else None,
                    pid if isinstance(pid, int) else None)


if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def application_name(who: str) -> str:
    """What this process's PostgreSQL connections call themselves (at most 63 bytes)."""
    return f"{APP_NAME_PREFIX} {os.getpid()} {who}".encode()[:63].decode(errors="ignore")


def postgres_instances(connection: Connection, own_name: str) -> list[Instance]:
    """Other app instances connected to this PostgreSQL database (from ``pg_stat_activity``)."""
    rows = connection.execute(text(
        "SELECT application_name, backend_start FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND application_name LIKE :prefix ORDER BY backend_start"),
        {"prefix": f"{APP_NAME_PREFIX} %"})
    seen: dict[str, Instance] = {}
    for name, started in rows:
        name = str(name)
        if name == own_name or name in seen:  # this process, or another pooled connection
            continue
        pid_text, _, who = name[len(APP_NAME_PREFIX):].strip().partition(" ")
        seen[name] = Instance(who or "someone", started.astimezone(UTC) if started else None,
                              int(pid_text) if pid_text.isdigit() else None)
    return list(seen.values())
