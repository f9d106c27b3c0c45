"""The databases the storage tests run on: a SQLite file and a real PostgreSQL server.

The ``db_url`` fixture is parametrized over both (test ids end in ``[sqlite]`` and
``[postgresql]``). Every PostgreSQL test gets a database of its own, created empty before the
test and dropped after it, so no test ever sees another's rows.

Where the PostgreSQL server comes from:

* ``COVERAGE_TEST_POSTGRES_URL``: a server started outside the tests (CI's ``.ci/run`` does
  this). The URL names a maintenance database and a role that may create databases, e.g.
  ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``.
* otherwise, when the PostgreSQL programs are installed (``initdb``, ``pg_ctl``), a throwaway
  server that this plugin starts on 127.0.0.1 in a temporary folder the first time a test needs
  it, and stops at the end of the session. initdb refuses to run as root, so as root the server
  runs as the ``postgres`` user.

Without either, the PostgreSQL variants are skipped with the reason, except under ``CI=true``:
there the PostgreSQL leg is required, and a missing server fails the tests.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from models.storage.database import sqlite_path

POSTGRES_URL_ENV = "COVERAGE_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
SERVER_USER = "postgres"  # the account that runs a server started as root
START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it


def _unavailable(reason: str) -> NoReturn:
    """Skip the PostgreSQL variant, or fail it under CI, where that leg is required."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true requires the PostgreSQL leg of the storage tests: {reason}",
                    pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


# --------------------------------------------------------------------------------------------
# A server: databases for tests
# --------------------------------------------------------------------------------------------


@dataclass
class PostgresServer:
    """A PostgreSQL server on which each test gets a new, empty database."""

    admin_url: URL  # a maintenance database; its role may CREATE DATABASE

    def __post_init__(self) -> None:
        self._admin: Engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT",
                                            poolclass=NullPool)

    def check(self) -> None:
        with self._admin.connect() as connection:
            connection.execute(text("SELECT 1"))

    def create_database(self) -> URL:
        name = f"test_{secrets.token_hex(6)}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return self.admin_url.set(database=name)

    def drop_database(self, url: URL) -> None:
        # FORCE: a store a failed test left open must not keep its database alive.
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))

    def dispose(self) -> None:
        self._admin.dispose()


def postgres_url(given: str) -> URL:
    """The URL from COVERAGE_TEST_POSTGRES_URL, with psycopg 3 as the driver."""
    url = make_url(given)
    if url.get_backend_name() != "postgresql":
        raise ValueError(f"{POSTGRES_URL_ENV}={url.render_as_string(hide_password=True)} is "
                         "not a PostgreSQL URL (postgresql+psycopg://user@host:port/dbname)")
    return url.set(drivername="postgresql+psycopg")


# --------------------------------------------------------------------------------------------
# A throwaway local server
# --------------------------------------------------------------------------------------------


def postgres_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: from PATH, else Debian's newest version."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    return next((d for d in candidates if (d / "initdb").exists() and (d / "pg_ctl").exists()),
                None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LocalPostgres:
    """initdb in a temporary folder, pg_ctl start on 127.0.0.1, pg_ctl stop at the end."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.run_as: pwd.struct_passwd | None = None
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            self.run_as = pwd.getpwnam(SERVER_USER)
        # In /tmp: the server's account must reach the folder (a root TMPDIR may be private).
        self.folder = Path(tempfile.mkdtemp(prefix="coverage-pg-", dir="/tmp" if self.run_as
                                            else None))
        self.data = self.folder / "data"
        self.sockets = self.folder / "sockets"  # short path: a socket path has ~100 bytes
        self.log = self.folder / "server.log"
        self.sockets.mkdir()
        if self.run_as is not None:
            for path in (self.folder, self.sockets):
                os.chown(path, self.run_as.pw_uid, self.run_as.pw_gid)
        self.port = 0

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / program), *args]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as.pw_name, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False,
                              cwd=self.folder)

    def start(self) -> URL:
        made = self._run("initdb", "-D", str(self.data), "--username=postgres", "--auth=trust",
                         "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions")
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{made.stdout}{made.stderr}")
        for _ in range(START_ATTEMPTS):
            self.port = _free_port()
            # A throwaway server: no durability needed, so no fsync.
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sockets} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            # -w: pg_ctl returns once the server accepts connections (or fails to start).
            started = self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
                                "-l", str(self.log), "-o", options)
            if started.returncode == 0:
                return URL.create("postgresql+psycopg", username="postgres", host="127.0.0.1",
                                  port=self.port, database="postgres")
        log = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        raise RuntimeError(f"pg_ctl start failed:\n{started.stdout}{started.stderr}\n{log}")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                stopped = self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))
                if stopped.returncode != 0:
                    self._kill()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _kill(self) -> None:
        """pg_ctl could not stop it: end the postmaster by the PID it wrote."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass


def _why_no_local_server() -> str | None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install -e '.[dev]')"
    if postgres_bin_dir() is None:
        return (f"set {POSTGRES_URL_ENV} to a server, or install the PostgreSQL server "
                "programs (initdb, pg_ctl; Debian: apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root, and there is no {SERVER_USER!r} user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root, and runuser is missing to start the server as postgres"
    return None


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (given, or started on first use); skips if none."""
    given = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if given:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _unavailable("the psycopg driver is not installed (pip install -e '.[dev]')")
        server = PostgresServer(postgres_url(given))
        try:
            server.check()
        except Exception as error:  # a URL given on purpose must work: never skip
            pytest.fail(f"{POSTGRES_URL_ENV} does not reach a server: {error}", pytrace=False)
        yield server
        server.dispose()
        return
    reason = _why_no_local_server()
    if reason is not None:
        _unavailable(reason)
    bin_dir = postgres_bin_dir()
    assert bin_dir is not None
    local = LocalPostgres(bin_dir)
    previous = _interrupt_on_sigterm()
    try:
        server = PostgresServer(local.start())
        yield server
        server.dispose()
    finally:
        local.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt_on_sigterm() -> signal.Handlers | Callable[..., object] | int | None:
    """A terminated test run stops like Ctrl-C, so the server is stopped and removed too."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt("terminated")

    return signal.signal(signal.SIGTERM, interrupt)


@contextmanager
def _new_postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL no other test uses: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'coverage.sqlite'}"
        return
    with _new_postgres_database(request) as url:
        yield url


@pytest.fixture(params=["postgresql"])
def postgres_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty PostgreSQL database, for tests of what only PostgreSQL does."""
    with _new_postgres_database(request) as url:
        yield url


# --------------------------------------------------------------------------------------------
# Helpers for tests
# --------------------------------------------------------------------------------------------


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def is_untouched(url: str) -> bool:
    """Nothing was written: no SQLite file was created; no PostgreSQL database was created, or
    the database holds no table."""
    parsed = make_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        return not path.exists()
    # Ask the server's maintenance database first: connecting to a missing one is an error.
    server = create_engine(parsed.set(database="postgres"), poolclass=NullPool)
    try:
        with server.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": parsed.database}).first() is not None
    finally:
        server.dispose()
    if not exists:
        return True
    engine = create_engine(parsed, poolclass=NullPool)
    try:
        return inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def missing_database(url: str) -> str:
    """A URL like ``url`` whose database does not exist (a file or a database name)."""
    parsed = make_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        return f"sqlite:///{path.with_name('missing.sqlite')}"
    return parsed.set(database=f"{parsed.database}_missing").render_as_string(
        hide_password=False)


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def pytest_report_header(config: pytest.Config) -> str:
    given = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if given:
        try:
            shown = make_url(given).render_as_string(hide_password=True)
        except Exception:
            shown = "(not a URL)"
        return f"PostgreSQL for storage tests: {shown} (from {POSTGRES_URL_ENV})"
    reason = _why_no_local_server()
    if reason is None:
        return f"PostgreSQL for storage tests: a throwaway server from {postgres_bin_dir()}"
    return f"PostgreSQL for storage tests: none ({reason})"


def _on_postgresql(nodeid: str) -> bool:
    _, _, params = nodeid.partition("[")
    return "postgresql" in params


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line saying how many tests ran on PostgreSQL (CI prints it after make test)."""
    stats = terminalreporter.stats
    passed = sum(1 for r in stats.get("passed", [])
                 if r.when == "call" and _on_postgresql(r.nodeid))
    failed = sum(1 for key in ("failed", "error") for r in stats.get(key, [])
                 if _on_postgresql(getattr(r, "nodeid", "")))
    skipped = [r for r in stats.get("skipped", []) if _on_postgresql(r.nodeid)]
    if not (passed or failed or skipped):
        return
    line = f"PostgreSQL leg: {passed} passed"
    if failed:
        line += f", {failed} failed or errors"
    if skipped:
        longrepr = skipped[0].longrepr
        reason = str(longrepr[2]).removeprefix("Skipped: ") if isinstance(longrepr, tuple) else ""
        line += f", {len(skipped)} skipped ({reason})"
    terminalreporter.write_line(line, bold=True, red=bool(failed or skipped),
                                green=not (failed or skipped))
