"""Stored values that cannot be read as their column's type, found row by row.

SQLite keeps whatever it is given: another tool can write ``'abc'`` into a time column or text
into a number column. The ORM then fails on the whole query with a bare ``ValueError``; this
module reads the scenario's tables again without conversions and names every such value, with
its row, field and the value itself, so they can all be reported at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Float, Integer, String, Table, Text, Time
from sqlalchemy.types import TypeEngine

from models.domain import Problem
from models.storage.types import UTCDateTime

# The Python type a value of each column type must come back as (checked most specific first).
_EXPECTED: tuple[tuple[type[TypeEngine[Any]], tuple[type, ...], str], ...] = (
    (UTCDateTime, (datetime,), "an instant (date and time)"),
    (Boolean, (bool,), "true or false"),
    (Integer, (int,), "a whole number"),
    (Float, (int, float), "a number"),
    (Date, (date,), "a date"),
    (Time, (time,), "a time of day"),
    (String, (str,), "text"),
    (Text, (str,), "text"),
)

# table -> (what a row is called inside its owner, owner table, owner key column)
_PARTS = {
    "agent_skills": ("skills", "agents", "agent_id"),
    "availability_windows": ("availability.windows", "agents", "agent_id"),
    "availability_exceptions": ("availability.exceptions", "agents", "agent_id"),
    "requirements": ("requirements", "coverage_targets", "target_id"),
    "requirement_skills": ("requirement skills", "coverage_targets", "target_id"),
    "target_overrides": ("overrides", "coverage_targets", "target_id"),
}
_KINDS = {"skills": "skill", "contracts": "contract", "agents": "agent",
          "coverage_targets": "coverage target"}


def unreadable_values(connection: Connection, tables: Iterable[Table]) -> list[Problem]:
    """Every stored value of ``tables`` that its column type cannot read, each named."""
    names = {table: _names(connection, table) for table in _KINDS}
    problems = []
    for table in tables:
        label = _labeller(table.name, names)
        joint = "." if table.name in _PARTS else ", "  # windows[0].start_time; agent, name
        columns = list(table.columns)
        checks = [(c.name, c.nullable, _reader(c.type, connection)) for c in columns]
        quote = connection.dialect.identifier_preparer.quote
        sql = (f"SELECT {', '.join(quote(c.name) for c in columns)} "
               f"FROM {quote(table.name)}")
        for raw in connection.exec_driver_sql(sql):
            row = dict(zip((c.name for c in columns), raw, strict=True))
            for name, nullable, read in checks:
                message = read(row[name]) if row[name] is not None else (
                    None if nullable else "is empty")
                if message is not None:
                    where = f"{label(row)}{joint}{name}"
                    problems.append(Problem(where, _shown(row[name]), message))
    return problems


def _names(connection: Connection, table: str) -> dict[str, str]:
    quote = connection.dialect.identifier_preparer.quote
    rows = connection.exec_driver_sql(f"SELECT id, name FROM {quote(table)}")
    return {str(key): str(name) for key, name in rows}


def _reader(column_type: TypeEngine[Any], connection: Connection) -> Callable[[Any], str | None]:
    """A check of one raw value: None when it reads as the type, else what is wrong."""
    dialect = connection.dialect
    processor = column_type.dialect_impl(dialect).result_processor(dialect, None)
    expected = next(((kinds, words) for cls, kinds, words in _EXPECTED
                     if isinstance(column_type, cls)), None)

    def check(raw: Any) -> str | None:
        try:
            value = processor(raw) if processor is not None else raw
        except (ValueError, TypeError, OverflowError):
            return f"cannot be read as {expected[1] if expected else 'its type'}"
        if expected is not None and not isinstance(value, expected[0]):
            return f"must be {expected[1]}"
        return None

    return check


def _labeller(table: str, names: Mapping[str, dict[str, str]]) -> Callable[[dict[str, Any]],
                                                                           str]:
    def owner(kind_table: str, key: object) -> str:
        name = names.get(kind_table, {}).get(str(key), "")
        return f"{_KINDS[kind_table]} {name!r} (id {key})"

    if table == "team":
        return lambda row: "team settings"
    if table in _KINDS:
        return lambda row: owner(table, row["id"])
    if table in _PARTS:
        part, owner_table, key = _PARTS[table]
        return lambda row: f"{owner(owner_table, row[key])}, {part}[{row.get('position', '?')}]"
    if table == "time_off":
        return lambda row: (f"time off (id {row['id']}) of "
                            f"{names['agents'].get(str(row['agent_id']), row['agent_id'])!r}")
    if table == "history_shifts":
        return lambda row: (f"past shift (id {row['id']}) of "
                            f"{names['agents'].get(str(row['agent_id']), row['agent_id'])!r}")
    return lambda row: f"{table} row {row.get('id', '?')}"


def _shown(value: Any) -> object:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
