"""The scenario store: the one Qt-free facade the command line and the app use for the database.

Each public method is one transaction (one user action). The store hands out domain objects only;
no session, engine or ORM row leaves it, so a Scenario can go to a worker thread.

Concurrent edits: :meth:`ScenarioStore.load` remembers the version of every row it read;
:meth:`ScenarioStore.save` writes only what changed since the snapshot the edit was made on, and
only if nobody else changed those rows in between (otherwise :class:`EditConflict`, and nothing
is written).
"""

from __future__ import annotations

import getpass
import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from coverage_app.services.errors import UserError
from coverage_app.services.serial import SerialExecutor
from models.domain import DomainError, Period, Plan, Problem, PublishedEvent, Scenario, utc_now
from models.hiring_menu import HiringMenu
from models.storage import migrate, presence
from models.storage.backup import BackupNotSupportedError, backup_sqlite
from models.storage.database import (
    WRITE,
    create_db_engine,
    describe,
    network_share_warning,
    resolve_url,
    sqlite_path,
)
from models.storage.hiring_menu import HiringMenuRepository
from models.storage.inspection import DatabaseOpenError
from models.storage.plans import (
    PlanConflictError,
    PlanRecord,
    PlanRepository,
    PlanStamp,
    UnknownPlanError,
)
from models.storage.presence import Instance
from models.storage.repository import ConflictError, ScenarioRepository, Stamp, Stamps

__all__ = ["EditConflict", "PlanConflict", "PlanRecord", "PlanStamp", "ScenarioStore"]

_REMEMBERED = 8  # snapshots whose row versions are kept for later saves


class EditConflict(UserError):
    """Someone else changed a row this edit touches; nothing was written."""

    def __init__(self, conflict: ConflictError | None = None) -> None:
        if conflict is None:
            message = "someone else saved a change to the same data at the same moment"
        else:
            when = f" at {conflict.at:%H:%M} UTC on {conflict.at:%Y-%m-%d}" if conflict.at else ""
            message = (f"{conflict.kind} {conflict.label} was {conflict.change} "
                       f"by someone else{when}")
        super().__init__([Problem("", "", message, "reload to see their change")])
        self.conflict = conflict


class PlanConflict(UserError):
    """Another instance saved or replaced the working draft since this one read it."""

    def __init__(self, current: PlanStamp | None) -> None:
        if current is None:
            message = "the working draft was removed in another window"
        else:
            who = f" by {current.updated_by}" if current.updated_by else ""
            message = (f"the plan was changed in another window at "
                       f"{current.updated_at:%H:%M} UTC on {current.updated_at:%Y-%m-%d}{who}")
        super().__init__([Problem("plan", "", message,
                                  "reload to see their plan, or keep yours as a copy")])
        self.current = current


def current_user() -> str:
    """Who this program runs as, for "changed by" and "published by" (``maria@laptop``)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        user = "someone"
    host = socket.gethostname().split(".")[0]
    return f"{user}@{host}" if host else user


class ScenarioStore:
    """The scenario, plans and published calendar events in one database."""

    def __init__(self, engine: Engine, user: str | None = None) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # What this store last read or wrote (the base of the next save), shared by every
        # thread that uses the store: read and written only under ``_bookkeeping``, which is
        # held from reading a base to recording the save made on it.
        self._bookkeeping = threading.RLock()
        self._snapshots: list[tuple[Scenario, Stamps]] = []
        self._working: PlanStamp | None = None
        self._menu_stamps: dict[str, Stamp] = {}  # the hiring menu as last read or written
        self._lock: presence.InstanceLock | None = None
        # Every job of the app that uses this store runs here, one after another.
        self.jobs = SerialExecutor("database")
        self.user = user or current_user()
        self.upgrade: migrate.UpgradeResult | None = None

    # Opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | Path | None = None, *, must_exist: bool = False,
             user: str | None = None) -> ScenarioStore:
        """Open (and create or upgrade) the database: a URL, a file path or None (default).

        With ``must_exist`` a SQLite file that does not exist yet is an error instead of being
        created (for commands that only read). ``user`` is who the saves are recorded as
        (default: :func:`current_user`).
        """
        try:
            resolved = resolve_url(url)
        except ArgumentError as error:
            raise UserError.say(f"not a database URL or file path: {error}", str(url), "--db",
                                "e.g. a file path, sqlite:///path/to/file.sqlite or "
                                "postgresql+psycopg://user@host/dbname") from None
        path = sqlite_path(resolved)
        if must_exist and path is not None and _no_database_at(path):
            empty = " (the file is empty)" if path.exists() else ""
            raise UserError.say(f"there is no database at {path} yet{empty}", str(path), "--db",
                                "create it with `coverage-scheduler demo` or "
                                "`coverage-scheduler import FILE`")
        who = user or current_user()
        try:
            engine = create_db_engine(resolved, presence.application_name(who))
        except (ImportError, ArgumentError) as error:
            raise UserError.say(
                f"no database driver for {resolved.drivername} is installed ({error})",
                describe(resolved), "--db",
                "for PostgreSQL install psycopg (pip install 'psycopg[binary]') and write the "
                "URL as postgresql+psycopg://user@host/dbname") from None
        except OSError as error:  # the folder of a new SQLite file cannot be made
            raise UserError.say(f"cannot create the folder for the database {path}: "
                                f"{error.strerror or error}", describe(resolved), "--db") from None
        try:
            # A SQLite file is inspected read-only first: one that is not ours, damaged or too
            # new is refused before anything (even the WAL switch) touches it.
            result = migrate.upgrade(engine)
        except DatabaseOpenError as error:
            engine.dispose()
            raise UserError([Problem("", "", error.message, error.suggestion)]) from None
        except (DBAPIError, OSError) as error:
            engine.dispose()
            reason = getattr(error, "orig", None) or error
            raise UserError.say(f"cannot open the database {describe(resolved)}: "
                                f"{str(reason).strip()}", describe(resolved), "--db") from None
        store = cls(engine, who)
        store.upgrade = result
        return store

    def close(self) -> None:
        self.jobs.shutdown()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.engine.dispose()

    def claim(self) -> list[Instance]:
        """Announce this app instance; returns the other instances that have the database open.

        A SQLite file is claimed with a lock file beside it until :meth:`close`; PostgreSQL
        knows its connections. Finding others refuses nothing: edits are guarded by versions.
        """
        path = self.path
        if path is not None:
            if self._lock is None:
                self._lock = presence.InstanceLock(path)
            if self._lock.held:
                return []
            holder = self._lock.acquire(self.user, utc_now())
            return [] if holder is None else [holder]
        if self.engine.dialect.name == "postgresql":
            with self._read() as session:
                return presence.postgres_instances(session.connection(),
                                                   presence.application_name(self.user))
        return []

    def __enter__(self) -> ScenarioStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def location(self) -> str:
        """Where the data is, for people (file path, or URL without the password)."""
        return describe(self.engine.url)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for other databases."""
        return sqlite_path(self.engine.url)

    def network_warning(self) -> str | None:
        return network_share_warning(self.path)

    def schema_version(self) -> str:
        return migrate.current_revision(self.engine) or "none"

    # Transactions -------------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._unavailable_is_user_error(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._unavailable_is_user_error(), self._sessions() as session, session.begin():
            session.connection(execution_options=WRITE)
            yield session

    @contextmanager
    def _unavailable_is_user_error(self) -> Iterator[None]:
        """A locked or unreachable database is a message, not a crash (nothing was written)."""
        try:
            yield
        except OperationalError as error:
            raise UserError.say(
                f"the database {self.location} is busy or unavailable: "
                f"{str(error.orig).strip()}", self.location, "--db",
                "another program may be writing to it; try again in a moment") from None

    # Scenario -----------------------------------------------------------------------------
    def is_empty(self) -> bool:
        with self._read() as session:
            return ScenarioRepository(session).is_empty()

    def load(self) -> Scenario:
        try:
            with self._read() as session:
                loaded = ScenarioRepository(session).load()
        except DomainError as error:  # rows changed by hand or by another tool
            raise UserError.of(error, f"the database {self.location}") from None
        if loaded is None:
            raise UserError.say(
                f"the database {self.location} holds no team yet", self.location, "--db",
                "run `coverage-scheduler demo` for the demo team, or "
                "`coverage-scheduler import FILE` for your own")
        scenario, stamps = loaded
        self._remember(scenario, stamps)
        return scenario

    def replace(self, scenario: Scenario) -> None:
        """Replace the whole scenario (import); plans and published events are kept."""
        with self._bookkeeping:
            with self._write() as session:
                repo = ScenarioRepository(session)
                previous = repo.clear()
                stamps = repo.insert(scenario, utc_now(), previous)
            self._snapshots.clear()
            self._remember(scenario, stamps)

    def save(self, scenario: Scenario, base: Scenario) -> None:
        """Save the edits made on top of ``base`` (a snapshot this store loaded or saved)."""
        with self._bookkeeping:
            expected = self._stamps_of(base)
            try:
                with self._write() as session:
                    stamps = ScenarioRepository(session).save_edits(scenario, base, expected,
                                                                    utc_now())
            except ConflictError as conflict:
                raise EditConflict(conflict) from None
            except StaleDataError:
                raise EditConflict() from None
            except IntegrityError as error:
                raise UserError.say(
                    "the change does not fit the stored data (a row it refers to was removed)",
                    str(error.orig), "", "reload and try again") from None
            self._remember(scenario, {**(expected or {}), **stamps})

    def _remember(self, scenario: Scenario, stamps: Stamps) -> None:
        with self._bookkeeping:
            self._snapshots = [(s, v) for s, v in self._snapshots if s is not scenario]
            self._snapshots.append((scenario, stamps))
            del self._snapshots[:-_REMEMBERED]

    def _stamps_of(self, base: Scenario) -> Stamps | None:
        with self._bookkeeping:
            return next((v for s, v in reversed(self._snapshots) if s is base), None)

    def counts(self) -> dict[str, int]:
        with self._read() as session:
            counts = ScenarioRepository(session).counts()
            counts["plans"] = PlanRepository(session).count()
        return counts

    # Hiring menu --------------------------------------------------------------------------
    def load_hiring_menu(self) -> HiringMenu:
        """The possible hires the manager listed (empty: none yet)."""
        with self._bookkeeping:
            try:
                with self._read() as session:
                    menu, self._menu_stamps = HiringMenuRepository(session).load()
            except DomainError as error:
                raise UserError.of(error, f"the hiring menu in {self.location}") from None
            return menu

    def save_hiring_menu(self, menu: HiringMenu, base: HiringMenu) -> None:
        """Save the menu edits made on top of ``base`` (the menu this store last read or
        wrote); another instance's change to the same hire is an EditConflict."""
        with self._bookkeeping:
            try:
                with self._write() as session:
                    stamps = HiringMenuRepository(session).save(menu, base, self._menu_stamps,
                                                                utc_now())
            except ConflictError as conflict:
                raise EditConflict(conflict) from None
            except StaleDataError:
                raise EditConflict() from None
            self._menu_stamps = stamps

    # Plans --------------------------------------------------------------------------------
    # The working draft is what the app shows and autosaves; this store remembers which draft
    # and version it last read or wrote, and saves only on top of that (else PlanConflict).

    def load_working_plan(self) -> Plan | None:
        """The plan to show: the working draft, else the newest stored version, else None.

        A stored version shown this way becomes a working draft at its first save.
        """
        with self._bookkeeping:
            with self._read() as session:
                plan, self._working = PlanRepository(session).shown()
            return plan

    @property
    def working_stamp(self) -> PlanStamp | None:
        """The working draft as this store last read or wrote it (None: it knew of none)."""
        with self._bookkeeping:
            return self._working

    def save_working_plan(self, plan: Plan) -> str:
        """Autosave: write ``plan`` over the working draft this store last read or wrote.

        Raises :class:`PlanConflict` (nothing written) when another instance saved in between.
        """
        with self._bookkeeping:
            try:
                with self._write() as session:
                    stamp = PlanRepository(session).save_working(
                        plan, self._working, now=utc_now(), by=self.user)
            except PlanConflictError as error:
                raise PlanConflict(error.current) from None
            self._working = stamp
            return stamp.plan_id

    def replace_working_plan(self, plan: Plan, *, name: str) -> tuple[str, str | None]:
        """A new solve becomes the working draft; the draft it replaces stays as a version.

        Returns the new draft's id and the id of the draft it replaced (None: there was none).
        """
        with self._bookkeeping:
            now = utc_now()
            with self._write() as session:
                stamp, retired = PlanRepository(session).replace_working(
                    plan, now=now, by=self.user, name=name,
                    retired_name=f"Working draft until {now:%d %b %Y %H:%M} UTC")
            self._working = stamp
            return stamp.plan_id, retired

    def keep_plan_copy(self, plan: Plan, *, name: str) -> str:
        """Store ``plan`` as a separate version (e.g. mine, after a conflict); returns its id."""
        with self._write() as session:
            return PlanRepository(session).add(plan, name=name, now=utc_now(), by=self.user)

    def save_plan(self, plan: Plan, *, name: str = "", published_by: str | None = None) -> str:
        """Store a plan as a new version; published at once when ``published_by`` is given."""
        with self._write() as session:
            repo = PlanRepository(session)
            now = utc_now()
            plan_id = repo.add(plan, name=name, now=now, by=published_by or self.user)
            if published_by is not None:
                repo.publish(plan_id, published_by, now)
        return plan_id

    def load_plan(self, plan_id: str | None = None) -> Plan | None:
        """A stored plan by id; without an id the working draft, else the newest version."""
        try:
            with self._read() as session:
                repo = PlanRepository(session)
                return repo.shown()[0] if plan_id is None else repo.get(plan_id)
        except UnknownPlanError as error:
            raise UserError.say("no such plan in the database", error.plan_id, "plan",
                                "list the stored plans with `coverage-scheduler info`") from None

    def plan_history(self) -> list[PlanRecord]:
        with self._read() as session:
            return PlanRepository(session).history()

    def last_published_plan(self, period: Period) -> tuple[Plan, PlanRecord] | None:
        """The newest published version whose period overlaps ``period`` (None: none)."""
        with self._read() as session:
            return PlanRepository(session).last_published(period.first_day, period.last_day)

    def publish(self, plan_id: str, by: str) -> None:
        try:
            with self._write() as session:
                PlanRepository(session).publish(plan_id, by, utc_now())
        except UnknownPlanError as error:
            raise UserError.say("no such plan in the database", error.plan_id, "plan") from None

    # Published calendar events ------------------------------------------------------------
    def published_events(self, calendar: str) -> dict[str, PublishedEvent]:
        """What the last export of a calendar (agent id or ``"team"``) said, by shift id."""
        with self._read() as session:
            return PlanRepository(session).events(calendar)

    def save_published_events(self, calendar: str, events: Iterable[PublishedEvent]) -> None:
        """Insert or update events of a calendar by shift id; events not given are kept."""
        with self._write() as session:
            PlanRepository(session).put_events(calendar, events)

    # Backups ------------------------------------------------------------------------------
    def backup(self, target: Path) -> Path:
        """A consistent copy of the live SQLite database (the backup API, not a file copy)."""
        try:
            return backup_sqlite(self.engine, target)
        except BackupNotSupportedError as error:
            raise UserError.say(str(error), self.location, "--db") from None
        except (ValueError, OSError) as error:
            raise UserError.say(f"cannot write the backup: {error}", str(target), "FILE") from None


def _no_database_at(path: Path) -> bool:
    """No file, or an empty one (which opening would turn into a new database)."""
    try:
        return path.stat().st_size == 0 and not Path(f"{path}-wal").exists()
    except FileNotFoundError:
        return True
