"""Column types: instants are stored in UTC by :class:`UTCDateTime`, which refuses naive values.

SQLite has no time-zone type: SQLAlchemy writes an aware datetime there as its wall-clock reading
and silently drops the offset, so ``09:00+02:00`` would come back as ``09:00`` naive. This type
converts every instant to UTC before it is written and marks every value read back as UTC, so a
round trip returns an aware datetime equal to the one written, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class NaiveDatetimeError(ValueError):
    """A naive datetime reached the database: a bug, since every instant must be aware."""


class UTCDateTime(TypeDecorator[datetime]):
    """An aware instant, stored in UTC; naive datetimes are refused on write."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected an aware datetime, got {type(value).__name__}: {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(
                f"naive datetime {value.isoformat()} cannot be stored: every instant must be "
                "timezone-aware (UTC inside the program)")
        value = value.astimezone(UTC)
        if not _stores_offsets(dialect):
            # SQLite would drop the offset anyway; write the UTC wall-clock reading.
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a driver that returns text
            value = datetime.fromisoformat(value)
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _stores_offsets(dialect: Dialect) -> bool:
    """Whether the database keeps a time-zone-aware value (PostgreSQL's timestamptz does)."""
    return dialect.name not in ("sqlite", "mysql", "mariadb")
