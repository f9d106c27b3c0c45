"""Where each calendar is pushed (CalDAV), and the passwords to do it.

The targets are a small JSON settings file, so the same file serves the command line and the
app, with or without a database, and can be edited by hand or kept next to the team's other
files (it holds no password)::

    {
      "format": "coverage-scheduler/caldav-targets",
      "version": 1,
      "base_url": "https://dav.example.com/dav/scheduler/",
      "username": "scheduler",
      "calendars": {
        "kadri": {"url": "https://cloud.example.com/remote.php/dav/calendars/kadri/shifts/",
                  "username": "kadri"}
      }
    }

A calendar (an agent id, or ``"team"``) listed under ``calendars`` goes to its own URL, which
must exist (an agent's own calendar, created in their calendar app). Every other calendar goes
to ``<base_url>/<agent id>/`` (the team's at ``<base_url>/team/``), created there when missing;
without ``base_url`` it is not pushed, and the push says so. ``username`` is the account used
where a calendar names none.

Passwords are never stored by this program in plain text: they come from the system keyring
(service ``coverage-scheduler CalDAV <scheme>://<host>[:<port>]``, the account name as user),
or for scripts from an environment variable.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from coverage_app.services.errors import UserError
from models.domain import DomainError, Problem
from models.files import read_json

TARGETS_FORMAT = "coverage-scheduler/caldav-targets"
TARGETS_VERSION = 1
KEYRING_SERVICE = "coverage-scheduler CalDAV"
EXTRA_HINT = "install the optional CalDAV support: pip install 'coverage-scheduler[caldav]'"


@dataclass(frozen=True, slots=True)
class CalendarTarget:
    """One calendar on a CalDAV server."""

    url: str  # the calendar collection, ending in "/"
    username: str | None = None  # None: no sign-in
    create: bool = False  # create the calendar when the server has none at this URL


@dataclass(frozen=True, slots=True)
class CalDavSettings:
    base_url: str | None = None
    username: str | None = None
    calendars: Mapping[str, CalendarTarget] = field(default_factory=dict)
    source: str = ""  # the settings file, for messages

    def target(self, calendar: str) -> CalendarTarget | None:
        """Where ``calendar`` (agent id or ``"team"``) goes; None when nowhere."""
        own = self.calendars.get(calendar)
        if own is not None:
            return own
        if self.base_url is None:
            return None
        return CalendarTarget(f"{self.base_url}{quote(calendar, safe='')}/", self.username,
                              create=True)


def normal_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def origin(url: str) -> str:
    """``https://dav.example.com:8443`` (what a password belongs to)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def url_problems(value: object, path: str) -> list[Problem]:
    if not isinstance(value, str) or not value.strip():
        return [Problem(path, value, "a calendar address (http:// or https://) is needed",
                        "e.g. https://dav.example.com/dav/scheduler/")]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [Problem(path, value, "not an http:// or https:// address",
                        "copy the calendar's CalDAV address from your calendar server")]
    if "@" in parts.netloc:
        return [Problem(path, value, "the address holds a user name or password",
                        "give the user name as \"username\"; the password goes into the "
                        "system keyring (coverage-scheduler publish caldav-password)")]
    return []


def settings_from_options(base_url: str | None, username: str | None) -> CalDavSettings:
    """Settings given on the command line: one calendar per agent under ``base_url``."""
    if base_url is None:
        return CalDavSettings(username=username)
    problems = url_problems(base_url, "--base-url")
    if problems:
        raise UserError(problems)
    return CalDavSettings(normal_url(base_url.strip()), username or None)


def read_targets(path: Path, *, base_url: str | None = None,
                 username: str | None = None) -> CalDavSettings:
    """The settings file; ``base_url`` and ``username`` (command-line options) win over it."""
    try:
        data = read_json(path)
    except DomainError as error:
        raise UserError.of(error, str(path)) from None
    problems: list[Problem] = []
    if not isinstance(data, dict) or data.get("format") != TARGETS_FORMAT:
        raise UserError([Problem("format", data.get("format") if isinstance(data, dict) else "",
                                 "not a CalDAV targets file",
                                 f'start the file with "format": "{TARGETS_FORMAT}"')],
                        str(path))
    if data.get("version") != TARGETS_VERSION:
        problems.append(Problem("version", data.get("version"),
                                f"this program reads version {TARGETS_VERSION}"))
    base = base_url if base_url is not None else data.get("base_url")
    if base is not None:
        problems += url_problems(base, "base_url")
    default_user = username if username is not None else data.get("username")
    if default_user is not None and not isinstance(default_user, str):
        problems.append(Problem("username", default_user, "a user name is text"))
    calendars: dict[str, CalendarTarget] = {}
    raw = data.get("calendars", {})
    if not isinstance(raw, dict):
        problems.append(Problem("calendars", raw, "a mapping from agent id to "
                                "{\"url\": ..., \"username\": ...}"))
        raw = {}
    for key, entry in raw.items():
        where = f"calendars.{key}"
        if not isinstance(entry, dict):
            problems.append(Problem(where, entry, 'write {"url": "https://...", '
                                    '"username": "..."}'))
            continue
        unknown = sorted(set(entry) - {"url", "username"})
        if unknown:
            problems.append(Problem(f"{where}.{unknown[0]}", entry[unknown[0]],
                                    "not a setting of a calendar", "use url and username"))
        found = url_problems(entry.get("url"), f"{where}.url")
        user = entry.get("username", default_user)
        if user is not None and not isinstance(user, str):
            found.append(Problem(f"{where}.username", user, "a user name is text"))
        problems += found
        if not found:
            calendars[key] = CalendarTarget(normal_url(entry["url"].strip()), user or None)
    if problems:
        raise UserError(problems, str(path))
    return CalDavSettings(normal_url(base.strip()) if isinstance(base, str) else None,
                          default_user or None, calendars, str(path))


def check_targets(settings: CalDavSettings, known: Mapping[str, str]) -> None:
    """UserError for calendars of agents nobody knows (``known``: calendar key -> who), and
    for two calendars sent to one address (each push would remove the other's events)."""
    problems = []
    for key in settings.calendars:
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            problems.append(Problem(f"calendars.{key}", key, "no agent has this id",
                                    f"did you mean {close[0]!r}?" if close
                                    else "agent ids are listed by `coverage-scheduler info`"))
    seen: dict[str, str] = {}
    for key in known:
        target = settings.target(key)
        if target is None:
            continue
        other = seen.setdefault(target.url.casefold(), key)
        if other != key:
            problems.append(Problem(f"calendars.{key}.url", target.url,
                                    f"{other!r} is pushed to the same calendar",
                                    "give every agent a calendar of their own"))
    if problems:
        raise UserError(problems, settings.source)


# --------------------------------------------------------------------------------------------
# Passwords
# --------------------------------------------------------------------------------------------


class PasswordError(Exception):
    """No password to be had: the message says where it was looked for and what to do."""


class Passwords(Protocol):
    def password(self, url: str, username: str) -> str: ...


def keyring_service(url: str) -> str:
    return f"{KEYRING_SERVICE} {origin(url)}"


def _keyring() -> Any:
    try:
        import keyring
    except ImportError:
        raise UserError.say(f"the system keyring is not available; {EXTRA_HINT}") from None
    return keyring


class KeyringPasswords:
    """Passwords from the system keyring, one per server and account."""

    def password(self, url: str, username: str) -> str:
        keyring = _keyring()
        service = keyring_service(url)
        try:
            found = keyring.get_password(service, username)
        except keyring.errors.KeyringError as error:
            raise PasswordError(f"the system keyring cannot be read ({error}); give the "
                                "password with --password-from-env VAR") from None
        if found is None:
            raise PasswordError(
                f"no password for {username!r} at {origin(url)} in the system keyring; store "
                f"it with `coverage-scheduler publish caldav-password --url {origin(url)} "
                f"--username {username}`")
        return str(found)


class EnvironmentPassword:
    """One password for every account, from an environment variable (scripts, CI)."""

    def __init__(self, variable: str) -> None:
        value = os.environ.get(variable)
        if not value:
            raise UserError.say("the environment variable is not set or empty", variable,
                                "--password-from-env")
        self._value = value

    def password(self, url: str, username: str) -> str:
        return self._value


def store_password(url: str, username: str, password: str) -> str:
    """Put a password into the system keyring; returns the service name it is kept under."""
    problems = url_problems(url, "--url")
    if problems:
        raise UserError(problems)
    if not username:
        raise UserError.say("a user name is needed", username, "--username")
    keyring = _keyring()
    service = keyring_service(url)
    try:
        keyring.set_password(service, username, password)
    except keyring.errors.KeyringError as error:
        raise UserError.say(f"the system keyring cannot store it: {error}", service,
                            "keyring", "use --password-from-env VAR when pushing") from None
    return service
