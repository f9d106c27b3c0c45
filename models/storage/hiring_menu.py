"""The hiring menu's rows <-> domain :class:`~models.hiring_menu.MenuEntry`, in a session it is
given (it never commits). Saves are edits on top of the menu this program last read, checked
row by row against the versions read then, like the scenario's (:mod:`.repository`): another
instance's change to the same possible hire is a :class:`ConflictError`, never a lost update;
different hires edited in two windows both stay."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain import DomainError, Problem
from models.hiring_menu import HiringMenu, MenuEntry, entry_from_json, entry_to_json
from models.jsonio import JSON
from models.storage.orm import HiringMenuRow
from models.storage.repository import ConflictError, Stamp

MenuStamps = Mapping[str, Stamp]  # entry id -> the version read or written
KIND = "possible hire"


def _fill(row: HiringMenuRow, entry: MenuEntry, position: int) -> None:
    data = entry_to_json(entry)
    row.position = position
    row.max_count = entry.max_count
    row.monthly_cost = entry.monthly_cost
    row.agent = dict(data["agent"])


def _entry_of(row: HiringMenuRow, problems: list[Problem]) -> MenuEntry | None:
    raw: dict[str, JSON] = {"id": row.id, "max_count": row.max_count, "agent": row.agent}
    if row.monthly_cost is not None:
        raw["monthly_cost"] = row.monthly_cost
    return entry_from_json(raw, f"hiring_menu[{row.id}]", problems)


def _label(entry: MenuEntry) -> str:
    return repr(entry.agent.name)


class HiringMenuRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self) -> dict[str, HiringMenuRow]:
        rows = self.session.scalars(select(HiringMenuRow).order_by(HiringMenuRow.position))
        return {row.id: row for row in rows}

    def load(self) -> tuple[HiringMenu, dict[str, Stamp]]:
        """The stored menu in its order and the versions read; DomainError names every row
        that is not a valid possible hire (changed by hand or by another tool)."""
        problems: list[Problem] = []
        entries: list[MenuEntry] = []
        stamps: dict[str, Stamp] = {}
        for row in self._rows().values():
            entry = _entry_of(row, problems)
            if entry is not None:
                entries.append(entry)
                stamps[row.id] = Stamp(row.version, row.updated_at)
        if problems:
            raise DomainError(problems)
        return tuple(entries), stamps

    def save(self, menu: HiringMenu, base: HiringMenu, expected: MenuStamps,
             now: datetime) -> dict[str, Stamp]:
        """Write what changed from ``base`` to ``menu``; raises ConflictError (the caller's
        transaction then writes nothing)."""
        rows = self._rows()
        before = {e.id: e for e in base}
        after = {e.id for e in menu}
        stamps: dict[str, Stamp] = {}
        for entry in base:
            if entry.id in after:
                continue
            row = rows.get(entry.id)
            if row is None:
                continue  # removed here and elsewhere alike
            self._check(row, entry, expected)
            self.session.delete(row)
        for position, entry in enumerate(menu):
            row = rows.get(entry.id)
            old = before.get(entry.id)
            if old is None:
                if row is not None:
                    raise ConflictError(KIND, _label(entry), "added", row.updated_at)
                row = HiringMenuRow(id=entry.id, version=1, updated_at=now)
                _fill(row, entry, position)
                self.session.add(row)
            elif row is None:
                raise ConflictError(KIND, _label(old), "deleted", None)
            elif old != entry:
                self._check(row, old, expected)
                _fill(row, entry, position)
                row.version += 1
                row.updated_at = now
            else:
                if row.position != position:
                    row.position = position  # a new order alone is not an edit
                stamps[entry.id] = expected.get(entry.id) or Stamp(row.version, row.updated_at)
                continue
            stamps[entry.id] = Stamp(row.version, row.updated_at)
        self.session.flush()
        return stamps

    @staticmethod
    def _check(row: HiringMenuRow, old: MenuEntry, expected: MenuStamps) -> None:
        stamp = expected.get(old.id)
        same = (row.version == stamp.version if stamp is not None
                else _entry_of(row, []) == old)  # a base this program did not read
        if not same:
            raise ConflictError(KIND, _label(old), "changed", row.updated_at)
