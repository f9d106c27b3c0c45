"""Shared by the CalDAV push tests: a keyring that lives in memory (so no test ever touches the
system's), and reading back what a calendar on the server holds, independently of the push."""

from __future__ import annotations

from collections.abc import Iterator

import caldav
import icalendar
import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.exports.periods import Shown


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict, for tests only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(before)


def held(url: str, username: str, password: str) -> dict[str, tuple[Shown, str, bytes]]:
    """Every event in the calendar at ``url``: what it shows, its ETag and its data, by UID
    (read with the caldav library and icalendar, not with the code under test)."""
    with caldav.DAVClient(url=url, username=username, password=password,
                          enable_rfc6764=False) as client:
        found = {}
        for item in caldav.Calendar(client=client, url=url).search(event=True):
            data = item.data.encode() if isinstance(item.data, str) else bytes(item.data)
            [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
            what = (int(event.get("SEQUENCE", 0)), str(event.get("STATUS", "")),
                    event.decoded("DTSTART"), event.decoded("DTEND"),
                    str(event.get("SUMMARY", "")), str(event.get("DESCRIPTION", "")))
            found[str(event["UID"])] = (what, str(item.props.get("{DAV:}getetag")), data)
        return found


def shown(url: str, username: str, password: str) -> dict[str, Shown]:
    return {uid: what for uid, (what, _, _) in held(url, username, password).items()}

