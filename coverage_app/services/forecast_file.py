"""Reading a forecast file (.csv or .xlsx; the format is in docs/formats.md, "Forecast files").

One row per channel and hour: either a dated hour of the past (``start``), averaged over the
same weekday and hour of the last N weeks, or an hour of a typical week (``weekday`` and
``hour``), typed in. Every problem names the file, sheet, row and column, with the bad value.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from coverage_app.services.errors import UserError
from coverage_app.services.team_import.files import read_sheets
from coverage_app.services.team_import.tables import column_letter
from models.domain import DomainError, Problem, Scenario, SkillCategory, suggest
from models.words import noun_for
from solver.demand import DemandModel, HourLoad, ServiceTarget

COLUMNS = ("channel", "start", "weekday", "hour", "volume", "handle_seconds", "model",
           "target", "answer_within", "concurrency", "shrinkage")
ALIASES = {"skill": "channel", "date": "start", "datetime": "start", "interval": "start",
           "day": "weekday", "contacts": "volume", "calls": "volume", "count": "volume",
           "aht": "handle_seconds", "handle time": "handle_seconds",
           "average handle time": "handle_seconds", "handle seconds": "handle_seconds",
           "service level": "target", "answered within": "answer_within",
           "answer within": "answer_within", "respond within": "answer_within",
           "chats per agent": "concurrency"}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# What a channel needs when the file does not say (the usual support-desk targets).
DEFAULTS = {
    DemandModel.QUEUE: ServiceTarget(DemandModel.QUEUE, 0.8, 20),
    DemandModel.CHAT: ServiceTarget(DemandModel.CHAT, 0.8, 60, concurrency=2),
    DemandModel.EMAIL: ServiceTarget(DemandModel.EMAIL, 0.9, 3600),
}
MODEL_WORDS = {"queue": DemandModel.QUEUE, "phone": DemandModel.QUEUE,
               "voice": DemandModel.QUEUE, "call": DemandModel.QUEUE,
               "erlang-c": DemandModel.QUEUE, "chat": DemandModel.CHAT,
               "email": DemandModel.EMAIL, "e-mail": DemandModel.EMAIL,
               "mail": DemandModel.EMAIL, "ticket": DemandModel.EMAIL}


@dataclass(frozen=True, slots=True)
class ChannelForecast:
    """One channel's typical week: 168 hour loads (Monday 00:00 first, reference zone) and the
    service it must get."""

    skill_id: str
    service: ServiceTarget
    loads: tuple[HourLoad, ...]
    weeks: int  # how many past weeks were averaged (0: typed in as a typical week)


@dataclass(frozen=True, slots=True)
class _Row:
    where: str  # "volumes.csv, row 5"
    columns: Mapping[str, str]  # key -> "column C 'Volume'"
    values: Mapping[str, str]

    def problem(self, key: str, message: str, suggestion: str | None = None) -> Problem:
        column = self.columns.get(key, f"column '{key}'")
        return Problem(f"{self.where}, {column}", self.values.get(key, ""), message, suggestion)


def read_forecast(path: Path, scenario: Scenario, weeks: int = 4) -> tuple[ChannelForecast, ...]:
    """The channels of a forecast file, or :class:`UserError` listing every problem."""
    if not 1 <= weeks <= 52:
        raise UserError.say("average over 1 to 52 weeks", weeks, "--weeks")
    rows = _rows(Path(path))
    return forecast_from_rows(rows, scenario, weeks, source=Path(path).name)


def _rows(path: Path) -> list[_Row]:
    book = read_sheets(path)
    result: list[_Row] = []
    for sheet in book.sheets:
        header_index = next((i for i, row in enumerate(sheet.rows) if any(row)), None)
        if header_index is None:
            continue
        where = f"{book.name}, sheet '{sheet.name}'" if sheet.name else book.name
        keys: dict[int, str] = {}
        labels: dict[str, str] = {}
        for i, text in enumerate(sheet.rows[header_index]):
            key = _key(text)
            if key:
                keys[i], labels[key] = key, f"column {column_letter(i)} '{text}'"
        missing = [k for k in ("channel", "volume", "handle_seconds") if k not in labels]
        if "start" not in labels and not {"weekday", "hour"} <= labels.keys():
            missing.append("start (or weekday and hour)")
        if missing:
            raise UserError.say(f"the header row lacks the {noun_for(len(missing), 'column')} "
                                f"{', '.join(missing)}",
                                ", ".join(h for h in sheet.rows[header_index] if h),
                                f"{where}, row {header_index + 1}",
                                f"columns are: {', '.join(COLUMNS)}")
        for r in range(header_index + 1, len(sheet.rows)):
            cells = sheet.rows[r]
            values = {k: (cells[i] if i < len(cells) else "") for i, k in keys.items()}
            if not any(values.values()):
                continue
            flagged = [p for (row, _c), p in sheet.flagged.items() if row == r]
            if flagged:
                raise UserError([Problem(f"{where}, row {r + 1}", p.value, p.message,
                                         p.suggestion) for p in flagged])
            result.append(_Row(f"{where}, row {r + 1}", labels, values))
    if not result:
        raise UserError.say("the forecast file has no rows", path.name, "file",
                            f"columns are: {', '.join(COLUMNS)}")
    return result


def _key(header: str) -> str:
    text = " ".join(header.strip().lower().replace("_", " ").split())
    key = ALIASES.get(text, text).replace(" ", "_")
    return key if key in COLUMNS else ""


def forecast_from_rows(rows: list[_Row], scenario: Scenario, weeks: int,
                       source: str) -> tuple[ChannelForecast, ...]:
    problems: list[Problem] = []
    zone = ZoneInfo(scenario.team.reference_zone)
    channels = {s.id.casefold(): s.id for s in scenario.skills
                if s.category is SkillCategory.CHANNEL}
    channels.update({s.name.casefold(): s.id for s in scenario.skills
                     if s.category is SkillCategory.CHANNEL})
    # skill -> (service, first row), and skill -> [(local hour start or week hour, load)]
    services: dict[str, tuple[ServiceTarget, _Row]] = {}
    dated: dict[str, list[tuple[datetime, float, float]]] = {}
    weekly: dict[str, dict[int, tuple[float, float, _Row]]] = {}
    for row in rows:
        before = len(problems)
        skill_id = channels.get(row.values.get("channel", "").casefold())
        if skill_id is None:
            text = row.values.get("channel", "")
            problems.append(row.problem("channel", "no channel skill of the team has this name",
                                        suggest(text, sorted(set(channels.values())))))
            continue
        volume = _number(row, "volume", problems, minimum=0.0)
        handle = _number(row, "handle_seconds", problems, minimum=1e-9)
        service = _service(row, scenario.skill(skill_id).name, problems)
        instant = _start(row, zone, problems) if row.values.get("start") else None
        hour_of_week = None if instant is not None else _week_hour(row, problems)
        if len(problems) > before or service is None or volume is None or handle is None:
            continue
        known = services.setdefault(skill_id, (service, row))
        if known[0] != service:
            problems.append(Problem(row.where, skill_id,
                                    f"the service of this channel differs from {known[1].where}",
                                    "give every row of a channel the same model, target, "
                                    "answer time, concurrency and shrinkage"))
            continue
        if instant is not None:
            if skill_id in weekly:
                problems.append(row.problem("start", "this channel mixes dated rows with "
                                            "weekday/hour rows", "use one kind per channel"))
                continue
            dated.setdefault(skill_id, []).append((instant, volume, handle))
        elif hour_of_week is not None:
            if skill_id in dated:
                problems.append(row.problem("weekday", "this channel mixes dated rows with "
                                            "weekday/hour rows", "use one kind per channel"))
                continue
            hours = weekly.setdefault(skill_id, {})
            if hour_of_week in hours:
                problems.append(row.problem("hour", f"this hour is given twice (also "
                                            f"{hours[hour_of_week][2].where})"))
                continue
            hours[hour_of_week] = (volume, handle, row)
    if problems:
        raise UserError(problems, source)
    result = [ChannelForecast(s, services[s][0], _averaged(dated[s], weeks),
                              min(weeks, _weeks_in(dated[s]))) for s in dated]
    result += [ChannelForecast(s, services[s][0], _typed(weekly[s]), 0) for s in weekly]
    return tuple(sorted(result, key=lambda c: c.skill_id))


def _number(row: _Row, key: str, problems: list[Problem], minimum: float) -> float | None:
    text = row.values.get(key, "").replace(",", ".").strip()
    if not text:
        problems.append(row.problem(key, "is empty"))
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(row.problem(key, "is not a number"))
        return None
    if not math.isfinite(value) or value < minimum:
        problems.append(row.problem(key, "must be a number above 0" if minimum > 0
                                    else "must be a number of 0 or more"))
        return None
    return value


def _share(row: _Row, key: str, problems: list[Problem]) -> float | None:
    """``80``, ``80 %`` or ``0.8`` -> 0.8."""
    text = row.values.get(key, "").replace(",", ".").replace("%", "").strip()
    try:
        value = float(text)
    except ValueError:
        problems.append(row.problem(key, "is not a share", "e.g. 80 % or 0.8"))
        return None
    return value / 100 if value > 1 else value


def _seconds(row: _Row, key: str, problems: list[Problem]) -> float | None:
    """``20``, ``20 s``, ``60 min``, ``1 h`` -> seconds."""
    text = row.values.get(key, "").strip().lower().replace(",", ".")
    match = re.fullmatch(r"([0-9.]+)\s*(s|sec|seconds?|m|min|minutes?|h|hours?)?", text)
    if match is None:
        problems.append(row.problem(key, "is not a time", "e.g. 20 s, 60 min or 2 h"))
        return None
    try:
        value = float(match.group(1))
    except ValueError:
        problems.append(row.problem(key, "is not a time", "e.g. 20 s, 60 min or 2 h"))
        return None
    unit = (match.group(2) or "s")[0]
    return value * {"s": 1, "m": 60, "h": 3600}[unit]


def _service(row: _Row, channel_name: str, problems: list[Problem]) -> ServiceTarget | None:
    text = row.values.get("model", "").strip().casefold()
    model = MODEL_WORDS.get(text) if text else next(
        (m for word, m in MODEL_WORDS.items() if word in channel_name.casefold()), None)
    if model is None:
        problems.append(row.problem("model", "say how this channel is served" if not text
                                    else "unknown model",
                                    "queue (phone), chat or email"))
        return None
    base = DEFAULTS[model]
    values: dict[str, float | int] = {}
    before = len(problems)
    if row.values.get("target"):
        share = _share(row, "target", problems)
        if share is not None:
            values["target"] = share
    if row.values.get("answer_within"):
        seconds = _seconds(row, "answer_within", problems)
        if seconds is not None:
            values["answer_within_seconds"] = seconds
    if row.values.get("concurrency"):
        number = _number(row, "concurrency", problems, minimum=1)
        if number is not None:
            values["concurrency"] = int(number) if number.is_integer() else -1
    if row.values.get("shrinkage"):
        share = _share(row, "shrinkage", problems)
        if share is not None:
            values["shrinkage"] = share
    if len(problems) > before:
        return None
    try:
        return dataclasses.replace(base, **values)  # type: ignore[arg-type]
    except DomainError as error:
        keys = {"answer_within_seconds": "answer_within"}
        problems.extend(row.problem(keys.get(p.path, p.path), p.message, p.suggestion)
                        for p in error.problems)
        return None


def _start(row: _Row, zone: ZoneInfo, problems: list[Problem]) -> datetime | None:
    """The local wall-clock hour (reference zone) a dated row starts."""
    text = row.values["start"].strip().replace("T", " ").replace("Z", "+00:00")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        problems.append(row.problem("start", "is not a date and time",
                                    "e.g. 2026-11-02 09:00 (reference zone)"))
        return None
    if value.tzinfo is not None:
        value = value.astimezone(zone)
    if value.minute or value.second:
        problems.append(row.problem("start", "an hour starts at minute 0",
                                    f"e.g. {value:%Y-%m-%d %H}:00"))
        return None
    return value.replace(tzinfo=None)


def _week_hour(row: _Row, problems: list[Problem]) -> int | None:
    day_text = row.values.get("weekday", "").strip().casefold()
    day = (int(day_text) if day_text.isdigit() and int(day_text) < 7 else
           WEEKDAYS.index(day_text[:3]) if day_text[:3] in WEEKDAYS and
           (len(day_text) == 3 or day_text.endswith("day")) else None)
    if day is None:
        problems.append(row.problem("weekday", "is not a weekday", "mon..sun or 0 (Monday)..6"))
    hour_text = row.values.get("hour", "").strip()
    hour_text = hour_text[:-3] if re.fullmatch(r"\d{1,2}:00", hour_text) else hour_text
    hour = int(hour_text) if hour_text.isdigit() and int(hour_text) < 24 else None
    if hour is None:
        problems.append(row.problem("hour", "is not an hour of the day", "0 to 23, or 09:00"))
    return None if day is None or hour is None else day * 24 + hour


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks_in(rows: list[tuple[datetime, float, float]]) -> int:
    return len({_week_start(t.date()) for t, _, _ in rows})


def _averaged(rows: list[tuple[datetime, float, float]], weeks: int) -> tuple[HourLoad, ...]:
    """The same weekday-hour averaged over the last ``weeks`` weeks of the rows (a week with
    rows but none for an hour counts as no contacts then); handle time weighted by volume."""
    all_weeks = sorted({_week_start(t.date()) for t, _, _ in rows})
    kept = set(all_weeks[-weeks:])
    volume = [0.0] * 168
    work = [0.0] * 168
    handle_seen = [0.0] * 168
    for t, v, h in rows:
        if _week_start(t.date()) not in kept:
            continue
        i = t.weekday() * 24 + t.hour
        volume[i] += v
        work[i] += v * h
        handle_seen[i] = h
    n = len(kept)
    return tuple(HourLoad(volume[i] / n, work[i] / volume[i] if volume[i] else
                          (handle_seen[i] or 1.0)) for i in range(168))


def _typed(hours: Mapping[int, tuple[float, float, _Row]]) -> tuple[HourLoad, ...]:
    """A typed week; hours not given have no contacts."""
    handle = next(iter(hours.values()))[1]
    return tuple(HourLoad(hours[i][0], hours[i][1]) if i in hours else HourLoad(0.0, handle)
                 for i in range(168))
