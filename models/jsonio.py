"""Domain dataclasses <-> JSON values, and the JSON Schema that describes them.

One generic codec driven by the dataclasses' type hints, so the files, the schema and the domain
cannot drift apart. Conventions in JSON:
- dates ``"2026-03-29"``, instants ``"2026-03-29T01:00:00Z"`` (UTC; any offset is accepted on
  input and converted), local times ``"09:00"``; the end of a window that runs past midnight is
  ``"06:00+1"`` (this is how ``ends_next_day`` is written; ``"24:00"`` is read as ``"00:00+1"``);
- weekdays are names: ``["mon", "tue", ...]``; enums are their values; tuples are arrays.

Decoding never stops at the first problem: it returns every problem with its path.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from models.domain import WEEKDAY_NAMES, DomainError, Problem, format_hhmm, suggest

JSON = Any
_TIME_RE = re.compile(r"^(?P<h>[01]\d|2[0-4]):(?P<m>[0-5]\d)(?P<next>\+1)?$")
_NEXT_DAY = "ends_next_day"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fields(cls: type) -> list[dataclasses.Field[Any]]:
    """The fields a document carries: not the window's next-day flag (it is written in
    ``end``), nor derived fields that are not constructor arguments."""
    return [f for f in dataclasses.fields(cls) if f.name != _NEXT_DAY and f.init]


def _has_next_day(cls: type) -> bool:
    return any(f.name == _NEXT_DAY for f in dataclasses.fields(cls))


def _is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for ``X | None``, else None."""
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0]
    return None


# --------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------


def encode(obj: Any) -> JSON:
    """A domain object as plain JSON values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        cls = type(obj)
        hints = _hints(cls)
        out: dict[str, JSON] = {}
        for f in _fields(cls):
            value = getattr(obj, f.name)
            if f.name == "end" and _has_next_day(cls):
                out[f.name] = format_hhmm(value, getattr(obj, _NEXT_DAY))
            elif hints[f.name] == frozenset[int]:
                out[f.name] = [WEEKDAY_NAMES[d] for d in sorted(value)]
            else:
                out[f.name] = encode(value)
        return out
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, datetime):
        return obj.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, time):
        return format_hhmm(obj)
    if isinstance(obj, tuple | list):
        return [encode(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): encode(v) for k, v in obj.items()}
    return obj


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------


class _Invalid(Exception):
    """A value of the wrong kind; the problem is already recorded."""


class Decoder:
    """Decodes JSON into domain objects, collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, value: object, message: str, hint: str | None = None) -> _Invalid:
        self.problems.append(Problem(path, value, message, hint))
        return _Invalid()

    def decode(self, tp: Any, data: JSON, path: str) -> Any:
        """The decoded value, or raises ``_Invalid`` after recording the problem(s)."""
        inner = _optional_inner(tp)
        if inner is not None:
            return None if data is None else self.decode(inner, data, path)
        origin = typing.get_origin(tp)
        if origin is tuple:
            (item_type, _) = typing.get_args(tp)
            if not isinstance(data, list):
                raise self.fail(path, data, "must be a list")
            items, bad = [], False
            for i, item in enumerate(data):
                try:
                    items.append(self.decode(item_type, item, f"{path}[{i}]"))
                except _Invalid:
                    bad = True
            if bad:
                raise _Invalid()
            return tuple(items)
        if tp == frozenset[int]:
            return self._weekdays(data, path)
        if dataclasses.is_dataclass(tp):
            return self.decode_object(typing.cast(type, tp), data, path)
        decoder = _SCALARS.get(tp)
        if decoder is None and isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._enum(tp, data, path)
        if decoder is None:  # pragma: no cover - a field type the codec does not know
            raise TypeError(f"no JSON codec for {tp!r}")
        return decoder(self, data, path)

    def decode_object(self, cls: type, data: JSON, path: str) -> Any:
        if not isinstance(data, dict):
            raise self.fail(path, data, "must be an object ({...})")
        hints = _hints(cls)
        fields = {f.name: f for f in _fields(cls)}
        kwargs: dict[str, Any] = {}
        bad = False
        for key in data:
            if key not in fields:
                bad = True
                self.fail(_join(path, key), data[key], f"unknown field {key!r}",
                          suggest(key, fields) or f"known fields: {', '.join(fields)}")
        for name, f in fields.items():
            sub = _join(path, name)
            if name not in data:
                if _is_required(f):
                    bad = True
                    self.fail(sub, None, "is missing")
                continue
            try:
                if name == "end" and _has_next_day(cls):
                    kwargs["end"], kwargs[_NEXT_DAY] = _window_end(self, data[name], sub)
                else:
                    kwargs[name] = self.decode(hints[name], data[name], sub)
            except _Invalid:
                bad = True
        if bad:
            raise _Invalid()
        try:
            return cls(**kwargs)
        except DomainError as error:
            self.problems.extend(p.at(path) for p in error.problems)
            raise _Invalid() from None

    def _weekdays(self, data: JSON, path: str) -> frozenset[int]:
        if not isinstance(data, list) or not all(isinstance(d, str) for d in data):
            raise self.fail(path, data, "must be a list of weekday names",
                            "e.g. [\"mon\", \"tue\", \"wed\"]")
        days: set[int] = set()
        for i, name in enumerate(data):
            key = name.lower()[:3]
            if key not in WEEKDAY_NAMES:
                raise self.fail(f"{path}[{i}]", name, "is not a weekday",
                                "use mon, tue, wed, thu, fri, sat, sun")
            days.add(WEEKDAY_NAMES.index(key))
        return frozenset(days)

    def _enum(self, tp: type[enum.Enum], data: JSON, path: str) -> enum.Enum:
        values = [m.value for m in tp]
        if data not in values:
            raise self.fail(path, data, f"must be one of {', '.join(map(str, values))}",
                            suggest(str(data), map(str, values)))
        return tp(data)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _str(d: Decoder, data: JSON, path: str) -> str:
    if not isinstance(data, str):
        raise d.fail(path, data, "must be text")
    return data


def _int(d: Decoder, data: JSON, path: str) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise d.fail(path, data, "must be a whole number")
    return data


def _float(d: Decoder, data: JSON, path: str) -> float:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise d.fail(path, data, "must be a number")
    return float(data)


def _bool(d: Decoder, data: JSON, path: str) -> bool:
    if not isinstance(data, bool):
        raise d.fail(path, data, "must be true or false")
    return data


def _date(d: Decoder, data: JSON, path: str) -> date:
    try:
        if not isinstance(data, str) or len(data) != 10:
            raise ValueError
        return date.fromisoformat(data)
    except ValueError:
        raise d.fail(path, data, "must be a date like '2026-03-29'") from None


def _datetime(d: Decoder, data: JSON, path: str) -> datetime:
    try:
        if not isinstance(data, str):
            raise ValueError
        value = datetime.fromisoformat(data)
    except ValueError:
        raise d.fail(path, data, "must be an instant like '2026-03-29T01:00:00Z'") from None
    if value.tzinfo is None:
        raise d.fail(path, data, "has no UTC offset", f"write it as '{data}Z' if it is UTC")
    return value.astimezone(UTC)


def _time(d: Decoder, data: JSON, path: str) -> time:
    parsed = _parse_time(data)
    if parsed is None or parsed[1]:
        raise d.fail(path, data, "must be a local time like '09:00'")
    return parsed[0]


def _window_end(d: Decoder, data: JSON, path: str) -> tuple[time, bool]:
    parsed = _parse_time(data)
    if parsed is None:
        raise d.fail(path, data, "must be a local time like '17:00', or '06:00+1' past midnight")
    return parsed


def _parse_time(data: JSON) -> tuple[time, bool] | None:
    match = _TIME_RE.match(data) if isinstance(data, str) else None
    if match is None:
        return None
    hour, minute, next_day = int(match["h"]), int(match["m"]), bool(match["next"])
    if hour == 24:
        if minute or next_day:
            return None
        return time(0), True
    return time(hour, minute), next_day


_SCALARS: dict[Any, Callable[[Decoder, JSON, str], Any]] = {
    str: _str, int: _int, float: _float, bool: _bool,
    date: _date, datetime: _datetime, time: _time,
}


def decode(cls: type, data: JSON, path: str = "") -> Any:
    """Decode one domain object, raising :class:`DomainError` with every problem found."""
    decoder = Decoder()
    try:
        return decoder.decode(cls, data, path)
    except _Invalid:
        raise DomainError(decoder.problems) from None


# --------------------------------------------------------------------------------------------
# JSON Schema
# --------------------------------------------------------------------------------------------

_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
_END_PATTERN = r"^(([01]\d|2[0-3]):[0-5]\d(\+1)?|24:00)$"
_INSTANT_PATTERN = r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$"


def schema_of(tp: Any, defs: dict[str, JSON]) -> JSON:
    """The JSON Schema of a field type; dataclasses go to ``$defs``."""
    inner = _optional_inner(tp)
    if inner is not None:
        return {"anyOf": [schema_of(inner, defs), {"type": "null"}]}
    if typing.get_origin(tp) is tuple:
        return {"type": "array", "items": schema_of(typing.get_args(tp)[0], defs)}
    if tp == frozenset[int]:
        return {"type": "array", "items": {"enum": list(WEEKDAY_NAMES)}, "uniqueItems": True,
                "minItems": 1}
    if dataclasses.is_dataclass(tp):
        cls = typing.cast(type, tp)
        if cls.__name__ not in defs:
            defs[cls.__name__] = {}  # placeholder against recursion
            hints = _hints(cls)
            props: dict[str, JSON] = {}
            for f in _fields(cls):
                if f.name == "end" and _has_next_day(cls):
                    props[f.name] = {"type": "string", "pattern": _END_PATTERN,
                                     "description": "local time; '+1' when past midnight"}
                else:
                    props[f.name] = schema_of(hints[f.name], defs)
            defs[cls.__name__] = {
                "type": "object",
                "description": (cls.__doc__ or "").strip().split("\n\n")[0],
                "properties": props,
                "required": [f.name for f in _fields(cls) if _is_required(f)],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{cls.__name__}"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    simple: dict[Any, JSON] = {
        str: {"type": "string"},
        int: {"type": "integer"},
        float: {"type": "number"},
        bool: {"type": "boolean"},
        date: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d\d-\d\d$"},
        datetime: {"type": "string", "format": "date-time", "pattern": _INSTANT_PATTERN},
        time: {"type": "string", "pattern": _TIME_PATTERN},
    }
    return simple[tp]
