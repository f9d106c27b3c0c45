"""One calendar on a CalDAV server, through the maintained ``caldav`` library: read the events,
create, replace and delete them by UID. Nothing here decides what to write
(:mod:`coverage_app.services.caldav_push` does); every failure becomes a :class:`ServerError`
whose message a manager can act on.

Events are stored as the exports wrote them (``save(raw_data=...)``): the library neither
re-serialises them nor raises their SEQUENCE. A replacement is sent with the ETag read before
(``If-Match``), so an event changed on the server meanwhile is refused, not overwritten.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import icalendar

from coverage_app.services.caldav_targets import EXTRA_HINT, CalendarTarget, origin
from coverage_app.services.errors import UserError

T = TypeVar("T")
TIMEOUT = 30  # seconds per request


class ServerError(Exception):
    """The server could not be reached, refused a request, or answered something unusable."""


@dataclass(frozen=True, slots=True)
class ServerEvent:
    """One event the calendar holds: its UID, its calendar data as stored, and the library's
    object for it (to replace or delete it)."""

    uid: str
    data: bytes
    handle: Any


def _caldav() -> Any:
    try:
        import caldav
    except ImportError:
        raise UserError.say(f"pushing to calendar servers needs the caldav library; "
                            f"{EXTRA_HINT}") from None
    return caldav


class ServerCalendar:
    """A calendar collection at ``target.url``; created on :meth:`ensure` when the target
    allows it and the server has none there."""

    def __init__(self, target: CalendarTarget, password: str | None) -> None:
        self.target = target
        self.url = target.url
        self._caldav = _caldav()
        self._client = self._caldav.DAVClient(
            url=target.url, username=target.username, password=password, timeout=TIMEOUT,
            enable_rfc6764=False)
        self._calendar = self._caldav.Calendar(client=self._client, url=target.url)

    def close(self) -> None:
        self._client.close()

    def exists(self) -> bool:
        response = self._call(lambda: self._client.propfind(self.url, depth=0), "read")
        if response.status == 404:
            return False
        if response.status >= 400:
            raise ServerError(f"the server answered {response.status} {response.reason} "
                              f"for {self.url}")
        return True

    def create(self, display_name: str) -> None:
        """Make the calendar (MKCALENDAR) under its parent collection."""
        parent_url, _, cal_id = self.url.rstrip("/").rpartition("/")
        parent = self._caldav.CalendarSet(client=self._client, url=parent_url + "/")
        self._call(lambda: parent.make_calendar(name=display_name, cal_id=cal_id), "create")

    def events(self) -> dict[str, ServerEvent]:
        """Every event resource in the calendar, by UID (ours and anyone else's)."""
        found: dict[str, ServerEvent] = {}
        for item in self._call(lambda: self._calendar.search(event=True), "read"):
            data = item.data
            raw = data.encode("utf-8") if isinstance(data, str) else bytes(data or b"")
            uid = _uid(raw)
            if uid is not None:
                found[uid] = ServerEvent(uid, raw, item)
        return found

    def add(self, uid: str, data: bytes) -> None:
        """A new resource, named after the UID in characters every server accepts."""
        url = self._calendar.url.join(resource_name(uid))
        event = self._caldav.Event(client=self._client, url=url, parent=self._calendar)
        self._call(lambda: event.save(raw_data=data, no_overwrite=True), "write")

    def replace(self, event: ServerEvent, data: bytes) -> None:
        self._call(lambda: event.handle.save(raw_data=data), "write")

    def delete(self, event: ServerEvent) -> None:
        self._call(lambda: event.handle.delete(), "delete")

    def _call(self, action: Callable[[], T], what: str) -> T:
        errors = self._caldav.lib.error
        try:
            return action()
        except errors.AuthorizationError as error:
            raise ServerError(self._refused(error, what)) from None
        except errors.DAVError as error:
            status = getattr(error, "status", None)
            said = f" ({status})" if status else ""
            raise ServerError(f"the server refused to {what}{said} at {self.url}: "
                              f"{error.reason}") from None
        except OSError as error:
            raise ServerError(f"cannot reach {origin(self.url)}: {_short(error)}") from None

    def _refused(self, error: Any, what: str) -> str:
        user = self.target.username
        if getattr(error, "status", None) == 403:
            return (f"the server refused to {what} (403 Forbidden) at {self.url}"
                    f"{f' for {user!r}' if user else ''}: the account may not change this "
                    "calendar")
        if user is None:
            return (f"the server asks for a sign-in at {self.url}; give a \"username\" in "
                    "the targets file")
        return (f"authentication failed for {user!r} at {origin(self.url)}: check the user "
                "name and the password in the system keyring")


def resource_name(uid: str) -> str:
    """``kadri-1005-coverage-scheduler-1a2b3c4d.ics``: letters, digits, '-' and '.' only
    (some servers refuse ':' or '@' in a path), made unique by a digest of the whole UID."""
    readable = re.sub(r"[^A-Za-z0-9.-]+", "-", uid).strip("-.")[:80]
    digest = hashlib.sha256(uid.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}.ics"


def _uid(data: bytes) -> str | None:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    for event in calendar.walk("VEVENT"):
        uid = event.get("UID")
        if uid is not None:
            return str(uid)
    return None


def _short(error: OSError) -> str:
    text = str(error)
    if "Connection refused" in text:
        return "connection refused (is the server running, and is the address right?)"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "the host name is not known"
    return text if len(text) < 200 else text[:200] + "…"
