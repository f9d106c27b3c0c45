"""The domain of Coverage Scheduler: plain, frozen, slotted dataclasses.

Standard library only (an import-linter contract enforces it). Every class validates itself in
``__post_init__`` and raises :class:`DomainError` carrying *all* the problems it found, each with
the field it concerns, the bad value and, where one exists, a suggestion
a support manager can act on.

Conventions
- Instants are aware ``datetime`` objects in UTC; a naive or non-UTC instant is refused.
- Recurring rules are local wall-clock times (``datetime.time``) plus an IANA zone: an agent's
  availability is in the agent's zone, coverage requirements are in the team's reference zone.
- A weekly window runs from ``start`` to ``end`` on each of its ``weekdays`` (Monday is 0). A window
  that runs past midnight says so with ``ends_next_day`` (written ``"06:00+1"`` in files); the end
  of a window that does not is after its start. ``00:00+1`` is "until midnight".
- Hours in contracts are decimal hours; the solver converts them to minutes at its boundary.
- Ids are stable strings chosen by the user or generated as UUIDs; they never are row numbers,
  because they become iCalendar UIDs and survive a round trip through files and the database.
"""

from __future__ import annotations

import difflib
import enum
import re
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_WEEKDAYS: frozenset[int] = frozenset(range(7))
GRANULARITIES = (15, 30, 60)
OVERRIDE_NOTE_PREFIX = "override: "  # a kept rule break: the note names the rule
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$")


# --------------------------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where (a dotted path), the bad value, and what to do."""

    path: str
    value: object
    message: str
    suggestion: str | None = None

    def at(self, prefix: str) -> Problem:
        """The same problem seen from a containing object (``agents[3]`` + ``time_zone``)."""
        if not prefix:
            return self
        path = f"{prefix}.{self.path}" if self.path and not self.path.startswith("[") else (
            f"{prefix}{self.path}"
        )
        return Problem(path, self.value, self.message, self.suggestion)

    def __str__(self) -> str:
        message = self.message
        shown = self.value if isinstance(self.value, str) else repr(self.value)
        if self.value not in (None, "", [], {}) and str(shown) not in message:
            message += f" (got {self.value!r})"
        text = f"{self.path}: {message}" if self.path else message
        if self.suggestion:
            text += f"; {self.suggestion}"
        return text


class DomainError(ValueError):
    """Raised for input that breaks a domain rule; ``problems`` lists every one found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def at(self, prefix: str) -> DomainError:
        return DomainError(p.at(prefix) for p in self.problems)


def _raise_if(problems: Iterable[Problem]) -> None:
    found = list(problems)
    if found:
        raise DomainError(found)


@cache
def known_zones() -> frozenset[str]:
    """Every IANA zone name the pinned zone data knows."""
    return frozenset(zoneinfo.available_timezones())


def suggest(value: str, choices: Iterable[str]) -> str | None:
    """A 'did you mean' for a misspelt name, or None when nothing is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered:
        return f"did you mean {lowered[value.lower()]!r}?"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not close:
        # City names alone ("Tallinn", "Kathmandu") match the last part of a zone name.
        tail = {c.rsplit("/", 1)[-1].lower(): c for c in choices}
        hit = difflib.get_close_matches(value.lower().replace(" ", "_"), list(tail), n=1,
                                        cutoff=0.8)
        close = [tail[hit[0]]] if hit else []
    return f"did you mean {close[0]!r}?" if close else None


def zone_problems(path: str, name: str) -> Iterator[Problem]:
    if not isinstance(name, str) or name not in known_zones():
        hint = suggest(str(name), known_zones())
        yield Problem(path, name, f"{name!r} is not a time zone",
                      hint or "use an IANA name such as 'Europe/Berlin' or 'America/New_York'")


def id_problems(path: str, value: str) -> Iterator[Problem]:
    if not isinstance(value, str) or not _ID_RE.match(value):
        yield Problem(path, value, f"{value!r} is not a valid id",
                      "use letters, digits and - _ . : @ (at most 128 characters)")


def _is_utc(instant: datetime) -> bool:
    return instant.tzinfo is not None and instant.utcoffset() == timedelta(0)


def instant_problems(path: str, instant: datetime) -> Iterator[Problem]:
    if not isinstance(instant, datetime) or not _is_utc(instant):
        yield Problem(path, instant, "must be an aware UTC instant",
                      "write it with an offset, e.g. '2026-03-29T01:00:00Z'")


def format_hhmm(t: time, next_day: bool = False) -> str:
    """``06:00`` or ``06:00+1``; midnight at the end of a day is ``00:00+1``."""
    return f"{t:%H:%M}{'+1' if next_day else ''}"


def _weekday_problems(path: str, weekdays: frozenset[int]) -> Iterator[Problem]:
    if not weekdays:
        yield Problem(path, [], "no weekday chosen", "pick at least one of mon..sun")
    bad = sorted(d for d in weekdays if not isinstance(d, int) or not 0 <= d <= 6)
    if bad:
        yield Problem(path, bad, "weekdays are 0 (Monday) to 6 (Sunday)")


# --------------------------------------------------------------------------------------------
# Windows and enums
# --------------------------------------------------------------------------------------------


class SkillCategory(enum.StrEnum):
    CHANNEL = "channel"
    PLATFORM = "platform"
    LANGUAGE = "language"
    TIER = "tier"


class AvailabilityKind(enum.StrEnum):
    AVAILABLE = "available"
    PREFERRED = "preferred"  # available, and the agent would rather work then


class TimeOffKind(enum.StrEnum):
    VACATION = "vacation"
    SICK = "sick"
    OTHER = "other"


class DutyKind(enum.StrEnum):
    SHARED = "shared"  # every on-duty agent with the skill counts
    DEDICATED = "dedicated"  # the agent holds this duty for the whole shift and nothing else


class ShiftKind(enum.StrEnum):
    """Whether the agent works the shift or is on standby (reachable, called in when needed)."""

    ON_DUTY = "on_duty"  # working: counts for every requirement the agent meets (see Shift)
    STANDBY = "standby"  # reachable: counts only for the standby requirement it names


class ShiftOrigin(enum.StrEnum):
    SOLVER = "solver"
    MANUAL = "manual"
    HISTORY = "history"  # worked before the period; only read for rest and consecutive days


class GapReason(enum.StrEnum):
    """Why a gap is open; ``solver.gaps`` gives the first that holds, in the order it lists."""

    NO_SKILL = "no_skill"  # nobody in the team has the skill
    NOT_AVAILABLE = "not_available"  # people with the skill exist but none is available then
    CONTRACT_LIMIT = "contract_limit"  # every shift the available people could add breaks a rule
    OTHER_DUTY = "other_duty"  # available people are busy on another dedicated duty
    NOT_PROVEN = "not_proven"  # someone could take it (named); the gap is not proven unavoidable
    ALL_BUSY = "all_busy"  # everyone available then is already on shift then
    NOT_EXAMINED = "not_examined"  # the time limit ran out before its placements were tried


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """A local wall-clock window repeated on some weekdays."""

    weekdays: frozenset[int]
    start: time
    end: time
    ends_next_day: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        _raise_if(self.problems())

    def problems(self) -> Iterator[Problem]:
        yield from _weekday_problems("weekdays", self.weekdays)
        yield from _window_problems(self.start, self.end, self.ends_next_day)

    @property
    def minutes(self) -> int:
        """Nominal wall-clock length; the real length on a DST day differs."""
        return _nominal_minutes(self.start, self.end, self.ends_next_day)

    def label(self) -> str:
        return f"{format_hhmm(self.start)}–{format_hhmm(self.end, self.ends_next_day)}"


def _nominal_minutes(start: time, end: time, next_day: bool) -> int:
    begin = start.hour * 60 + start.minute
    finish = end.hour * 60 + end.minute + (24 * 60 if next_day else 0)
    return finish - begin


def _window_problems(start: time, end: time, next_day: bool) -> Iterator[Problem]:
    for name, t in (("start", start), ("end", end)):
        if not isinstance(t, time) or t.tzinfo is not None:
            yield Problem(name, t, "must be a local wall-clock time like '09:00'")
            return
        if t.second or t.microsecond:
            yield Problem(name, format_hhmm(t), "times are whole minutes")
    minutes = _nominal_minutes(start, end, next_day)
    if minutes == 0 and not next_day:
        yield Problem("end", format_hhmm(end), f"the window ends when it starts ({start:%H:%M})",
                      f"for a whole day write '{start:%H:%M}' to '{start:%H:%M}+1'")
    elif minutes < 0:
        yield Problem("end", format_hhmm(end),
                      f"the window ends at {end:%H:%M}, before it starts at {start:%H:%M}",
                      f"if it runs past midnight, write the end as '{end:%H:%M}+1'")
    elif minutes > 24 * 60:
        yield Problem("end", format_hhmm(end, next_day), "a window is at most 24 hours long")


# --------------------------------------------------------------------------------------------
# Team, skills, contracts
# --------------------------------------------------------------------------------------------


DEFAULT_STANDBY_RATE = 0.25  # a common standby allowance: a quarter of the hourly cost


@dataclass(frozen=True, slots=True)
class Premiums:
    """Pay multipliers finance applies to hours worked at night, at weekends, on holidays.

    ``standby_rate`` is what an hour on standby is paid, as a fraction of the agent's hourly
    cost (0.25: a quarter). It is flat: the night, weekend and holiday premiums apply to hours
    worked, not to hours on standby (the standby rate is already the out-of-hours allowance).
    """

    night: float = 1.0
    weekend: float = 1.0
    holiday: float = 1.0
    standby_rate: float = DEFAULT_STANDBY_RATE

    def __post_init__(self) -> None:
        problems = [
            Problem(name, value, "a premium is a multiplier between 1.0 and 5.0", "e.g. 1.25")
            for name in ("night", "weekend", "holiday")
            if not 1.0 <= (value := getattr(self, name)) <= 5.0
        ]
        rate = self.standby_rate
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0.0 <= rate <= 1.0:
            problems.append(Problem(
                "standby_rate", rate,
                "the standby rate is a fraction of the hourly cost between 0.0 and 1.0",
                f"e.g. {DEFAULT_STANDBY_RATE} (a quarter of the hourly cost)"))
        _raise_if(problems)


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    reference_zone: str
    granularity_minutes: int = 30
    night_start: time = time(22, 0)
    night_end: time = time(6, 0)  # the night window wraps past midnight when end <= start
    week_start: int = 0  # Monday
    premiums: Premiums = field(default_factory=Premiums)

    def __post_init__(self) -> None:
        _raise_if(self.problems())

    def problems(self) -> Iterator[Problem]:
        if not str(self.name).strip():
            yield Problem("name", self.name, "the team needs a name")
        yield from zone_problems("reference_zone", self.reference_zone)
        if self.granularity_minutes not in GRANULARITIES:
            yield Problem("granularity_minutes", self.granularity_minutes,
                          "planning granularity must be 15, 30 or 60 minutes",
                          "use 15 when agents work in zones with 30- or 45-minute offsets")
        if self.night_start == self.night_end:
            yield Problem("night_end", format_hhmm(self.night_end),
                          "the night window ends when it starts", "e.g. 22:00 to 06:00")
        if self.week_start not in range(7):
            yield Problem("week_start", self.week_start, "0 (Monday) to 6 (Sunday)")

    def is_night(self, t: time) -> bool:
        """Whether a local wall-clock time lies inside the night window."""
        if self.night_start < self.night_end:
            return self.night_start <= t < self.night_end
        return t >= self.night_start or t < self.night_end


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    name: str
    category: SkillCategory

    def __post_init__(self) -> None:
        problems = list(id_problems("id", self.id))
        if not str(self.name).strip():
            problems.append(Problem("name", self.name, "the skill needs a name"))
        if self.category not in SkillCategory.__members__.values():
            problems.append(Problem("category", self.category,
                                    "category is channel, platform, language or tier"))
        _raise_if(problems)


@dataclass(frozen=True, slots=True)
class Contract:
    id: str
    name: str
    min_hours_per_week: float
    max_hours_per_week: float
    max_hours_per_day: float = 10.0
    min_shift_hours: float = 4.0
    max_shift_hours: float = 9.0
    min_rest_hours: float = 11.0
    max_consecutive_days: int = 6
    max_nights_per_week: int = 3
    works_public_holidays: bool = False

    def __post_init__(self) -> None:
        _raise_if(self.problems())

    def problems(self) -> Iterator[Problem]:
        yield from id_problems("id", self.id)
        checks: list[tuple[str, float, float, float]] = [
            ("min_hours_per_week", self.min_hours_per_week, 0, 168),
            ("max_hours_per_week", self.max_hours_per_week, 0, 168),
            ("max_hours_per_day", self.max_hours_per_day, 0.25, 24),
            ("min_shift_hours", self.min_shift_hours, 0.25, 24),
            ("max_shift_hours", self.max_shift_hours, 0.25, 24),
            ("min_rest_hours", self.min_rest_hours, 0, 48),
            ("max_consecutive_days", self.max_consecutive_days, 1, 31),
            ("max_nights_per_week", self.max_nights_per_week, 0, 7),
        ]
        bad = set()
        for name, value, low, high in checks:
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                low <= value <= high
            ):
                bad.add(name)
                yield Problem(name, value, f"must be a number from {low:g} to {high:g}")
        pairs = [("min_hours_per_week", "max_hours_per_week"),
                 ("min_shift_hours", "max_shift_hours")]
        for low_name, high_name in pairs:
            if bad.isdisjoint({low_name, high_name}) and (
                getattr(self, low_name) > getattr(self, high_name)
            ):
                yield Problem(low_name, getattr(self, low_name),
                              f"is more than {high_name} ({getattr(self, high_name):g})",
                              f"lower {low_name} or raise {high_name}")
        if bad.isdisjoint({"min_shift_hours", "max_hours_per_day"}) and (
            self.min_shift_hours > self.max_hours_per_day
        ):
            yield Problem("min_shift_hours", self.min_shift_hours,
                          f"a shift cannot be longer than max_hours_per_day "
                          f"({self.max_hours_per_day:g})")
        if bad.isdisjoint({"min_shift_hours", "max_hours_per_week", "min_hours_per_week"}) and (
            self.max_hours_per_week > 0 and self.min_shift_hours > self.max_hours_per_week
        ):
            yield Problem("min_shift_hours", self.min_shift_hours,
                          "is more than max_hours_per_week: no shift would ever fit")


# --------------------------------------------------------------------------------------------
# Agents, availability, time off
# --------------------------------------------------------------------------------------------


SKILL_LEVELS = (1, 2, 3)  # 1 learning, 2 competent, 3 expert


@dataclass(frozen=True, slots=True)
class AgentSkill:
    skill_id: str
    level: int = 2  # 1 learning, 2 competent, 3 expert

    def __post_init__(self) -> None:
        if self.level not in SKILL_LEVELS:
            raise DomainError([Problem("level", self.level, "skill level is 1, 2 or 3")])


@dataclass(frozen=True, slots=True)
class AvailabilityWindow:
    window: WeeklyWindow
    kind: AvailabilityKind = AvailabilityKind.AVAILABLE


@dataclass(frozen=True, slots=True)
class AvailabilityException:
    """A dated change to the weekly pattern, in the agent's local time.

    ``available=False`` removes availability for the window (a dentist's appointment);
    ``available=True`` adds it (an extra Saturday).
    """

    day: date
    start: time = time(0)
    end: time = time(0)
    ends_next_day: bool = True
    available: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        _raise_if(_window_problems(self.start, self.end, self.ends_next_day))


@dataclass(frozen=True, slots=True)
class Availability:
    windows: tuple[AvailabilityWindow, ...] = ()
    exceptions: tuple[AvailabilityException, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "windows", tuple(self.windows))
        object.__setattr__(self, "exceptions", tuple(self.exceptions))


EMPLOYEE_NUMBER_LENGTH = 64


def employee_number_problems(number: str) -> Iterator[Problem]:
    """An employee number is optional text of one line, without spaces around it."""
    if not isinstance(number, str):
        yield Problem("employee_number", number, "an employee number is text", "e.g. '00123'")
        return
    if len(number) > EMPLOYEE_NUMBER_LENGTH:
        yield Problem("employee_number", number,
                      f"an employee number has at most {EMPLOYEE_NUMBER_LENGTH} characters")
    if any(ord(c) < 32 or c == "\x7f" for c in number):
        yield Problem("employee_number", number, "an employee number is one line of text",
                      "leave out line breaks and tabs")
    elif number != number.strip():
        yield Problem("employee_number", number, "has spaces before or after it",
                      f"write {number.strip()!r}")


@dataclass(frozen=True, slots=True)
class Agent:
    id: str
    name: str
    time_zone: str
    contract_id: str
    skills: tuple[AgentSkill, ...] = ()
    display_name: str = ""
    email: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, for public holidays
    subdivision: str = ""  # ISO 3166-2 subdivision code without the country, e.g. "BY"
    hourly_cost: float = 0.0
    currency: str = "EUR"
    active: bool = True
    availability: Availability = field(default_factory=Availability)
    employee_number: str = ""  # payroll's number for the person; text ("00123" keeps its zeros)

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", tuple(self.skills))
        _raise_if(self.problems())

    def problems(self) -> Iterator[Problem]:
        yield from id_problems("id", self.id)
        if not str(self.name).strip():
            yield Problem("name", self.name, "the agent needs a name")
        yield from zone_problems("time_zone", self.time_zone)
        if self.country and not re.fullmatch(r"[A-Z]{2}", self.country):
            yield Problem("country", self.country, "a country is a two-letter ISO code",
                          "e.g. 'EE', 'US', 'IN'")
        if self.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.email):
            yield Problem("email", self.email, "is not an e-mail address")
        if not isinstance(self.hourly_cost, int | float) or self.hourly_cost < 0:
            yield Problem("hourly_cost", self.hourly_cost, "cost cannot be negative")
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            yield Problem("currency", self.currency, "a currency is a three-letter ISO code",
                          "e.g. 'EUR', 'USD'")
        yield from employee_number_problems(self.employee_number)
        for skill_id, count in Counter(s.skill_id for s in self.skills).items():
            if count > 1:
                yield Problem("skills", skill_id, "skill listed twice")

    @property
    def label(self) -> str:
        return self.display_name or self.name

    def level(self, skill_id: str) -> int:
        """The agent's level in a skill, 0 if the agent does not have it."""
        return next((s.level for s in self.skills if s.skill_id == skill_id), 0)

    def has_skill(self, skill_id: str) -> bool:
        return self.level(skill_id) > 0

    def level_for(self, requirement: Requirement) -> int:
        """The agent's lowest level among the skills the requirement asks for: 0 when one is
        missing, the top level when it asks for none."""
        return min((self.level(s) for s in requirement.skills), default=SKILL_LEVELS[-1])

    def meets(self, requirement: Requirement) -> bool:
        """Whether the agent has every skill the requirement asks for, at its minimum level or
        higher. The one test of who may count for a requirement: the solver, the checker, the
        gap reasons and the advisor all ask it."""
        return self.level_for(requirement) >= requirement.min_level


@dataclass(frozen=True, slots=True)
class TimeOff:
    """Whole local days (in the agent's zone) off work, from ``first_day`` to ``last_day``."""

    id: str
    agent_id: str
    first_day: date
    last_day: date
    kind: TimeOffKind = TimeOffKind.VACATION
    note: str = ""

    def __post_init__(self) -> None:
        problems = list(id_problems("id", self.id))
        if self.last_day < self.first_day:
            problems.append(Problem("last_day", self.last_day.isoformat(),
                                    f"time off ends before it starts ({self.first_day})"))
        _raise_if(problems)

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


# --------------------------------------------------------------------------------------------
# Coverage target
# --------------------------------------------------------------------------------------------


MAX_ALLOWANCE_MINUTES = 24 * 60  # the longest response time a requirement may allow
MAX_STANDBY_REACH_MINUTES = 4 * 60  # the longest call-out time a standby may promise


@dataclass(frozen=True, slots=True)
class Requirement:
    """At least ``headcount`` agents on duty in the window who have every skill in ``skills``,
    each at ``min_level`` or higher (1 learning, 2 competent, 3 expert).

    No skills means any agent. The window is local time in the team's reference zone.
    ``priority`` 1 is the most important: one person missing in a priority-1 slot outweighs
    anything in priority-2 slots. A dedicated duty (phone) holds its agents for whole shifts.
    ``allowance_minutes`` is a response time ("someone with e-mail within every 60 minutes"):
    a hole shorter than it is not a gap; 0 asks for the headcount in every slot.
    ``standby_reach_minutes`` lets an agent on standby count ("tier 2 reachable within 30
    minutes"): a standby shift for this requirement counts toward it as if on duty, and the
    agent promises to be at work within that many minutes of a call. 0: only agents on duty
    count. Only a shared requirement may accept standby: a dedicated duty (the phone) is a
    queue worked the whole shift, which nobody can work from home on call. A time rather than
    a yes/no, because the time is the promise a standby makes: the agent's calendar states it
    and a manager checks it against the line's response target.
    """

    id: str
    name: str
    window: WeeklyWindow
    headcount: int
    skills: tuple[str, ...] = ()
    priority: int = 2
    duty: DutyKind = DutyKind.SHARED
    min_level: int = 1  # the lowest skill level that counts, for every skill in ``skills``
    allowance_minutes: int = 0  # a hole shorter than this is not a gap (0: none is allowed)
    standby_reach_minutes: int = 0  # standby counts, reachable within this (0: on duty only)

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", tuple(self.skills))
        problems = list(id_problems("id", self.id))
        problems.extend(self._standby_problems())
        if isinstance(self.allowance_minutes, bool) or not isinstance(
                self.allowance_minutes, int) or not (
                0 <= self.allowance_minutes <= MAX_ALLOWANCE_MINUTES):
            problems.append(Problem(
                "allowance_minutes", self.allowance_minutes,
                f"requirement {self.name!r} ({self.id}): the response allowance is a whole "
                f"number of minutes from 0 (every slot counts) to {MAX_ALLOWANCE_MINUTES}",
                "e-mail answered within an hour is 60"))
        if isinstance(self.min_level, bool) or self.min_level not in SKILL_LEVELS:
            problems.append(Problem("min_level", self.min_level,
                                    "the minimum skill level is 1, 2 or 3"))
        elif self.min_level > 1 and not self.skills:
            problems.append(Problem("min_level", self.min_level,
                                    "a minimum level needs a skill to apply to",
                                    "choose the skills, or set the level to 1"))
        for skill_id, n in Counter(self.skills).items():
            if n > 1:
                problems.append(Problem("skills", skill_id, "skill listed twice"))
        if not str(self.name).strip():
            problems.append(Problem("name", self.name, "the requirement needs a name"))
        if isinstance(self.headcount, bool) or not isinstance(self.headcount, int) or not (
            0 <= self.headcount <= 500
        ):
            problems.append(Problem("headcount", self.headcount,
                                    "headcount is a whole number from 0 to 500"))
        if self.priority not in (1, 2, 3):
            problems.append(Problem("priority", self.priority,
                                    "priority is 1 (must), 2 (should) or 3 (nice to have)"))
        _raise_if(problems)

    @property
    def accepts_standby(self) -> bool:
        """Whether an agent on standby counts toward this requirement."""
        return self.standby_reach_minutes > 0

    def _standby_problems(self) -> Iterator[Problem]:
        reach = self.standby_reach_minutes
        if isinstance(reach, bool) or not isinstance(reach, int) or not (
                0 <= reach <= MAX_STANDBY_REACH_MINUTES):
            yield Problem(
                "standby_reach_minutes", reach,
                f"requirement {self.name!r} ({self.id}): the standby reach is a whole number "
                f"of minutes from 0 (standby does not count) to {MAX_STANDBY_REACH_MINUTES}",
                "'tier 2 reachable within 30 minutes' is 30")
        elif reach > 0 and self.duty is DutyKind.DEDICATED:
            yield Problem(
                "standby_reach_minutes", reach,
                f"requirement {self.name!r} ({self.id}) is a dedicated duty, which is worked "
                "on duty for the whole shift: it cannot accept standby",
                "make it shared, or set the standby reach to 0")


@dataclass(frozen=True, slots=True)
class TargetOverride:
    """On one local date (reference zone), a different headcount for one or all requirements."""

    day: date
    headcount: int
    requirement_id: str | None = None  # None: every requirement
    note: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.headcount <= 500:
            raise DomainError([Problem("headcount", self.headcount,
                                       "headcount is a whole number from 0 to 500")])


@dataclass(frozen=True, slots=True)
class CoverageTarget:
    id: str
    name: str
    requirements: tuple[Requirement, ...]
    overrides: tuple[TargetOverride, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "requirements", tuple(self.requirements))
        object.__setattr__(self, "overrides", tuple(self.overrides))
        problems = list(id_problems("id", self.id))
        for rid, n in Counter(r.id for r in self.requirements).items():
            if n > 1:
                problems.append(Problem("requirements", rid, "requirement id used twice"))
        known = {r.id for r in self.requirements}
        for i, o in enumerate(self.overrides):
            if o.requirement_id is not None and o.requirement_id not in known:
                problems.append(Problem(f"overrides[{i}].requirement_id", o.requirement_id,
                                        "no such requirement in this target",
                                        suggest(o.requirement_id, known)))
        _raise_if(problems)

    def requirement(self, requirement_id: str) -> Requirement:
        return next(r for r in self.requirements if r.id == requirement_id)

    def headcount_on(self, requirement: Requirement, day: date) -> int:
        """The headcount of a requirement on a local date, after overrides."""
        for o in self.overrides:
            if o.day == day and o.requirement_id in (None, requirement.id):
                return o.headcount
        return requirement.headcount


# --------------------------------------------------------------------------------------------
# Period, shifts, plans, gaps
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """Local days in the team's reference zone, from ``first_day`` for ``days`` days."""

    first_day: date
    days: int

    def __post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int) or not (
            1 <= self.days <= 366
        ):
            raise DomainError([Problem("days", self.days, "a period is 1 to 366 days")])

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=self.days - 1)

    def dates(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.days)]


@dataclass(frozen=True, slots=True)
class Shift:
    """One agent on duty (or on standby) from ``start`` to ``end`` (UTC).

    On duty (``kind`` ON_DUTY), ``duty`` is the id of the dedicated requirement the agent holds
    for the whole shift, or None when the agent counts for every shared requirement their
    skills meet.

    On standby (``kind`` STANDBY) the agent is not at work but reachable, and ``duty`` names
    the one requirement they stand by for; the shift counts toward that requirement only, and
    only while it accepts standby (:attr:`Requirement.accepts_standby`) and the agent meets it.
    A standby shift is a shift for the per-shift and daily rules (its length, one shift per
    local day, rest before and after it, consecutive days, nights): the agent may be called
    in at any hour of it. It does not count toward the contract's weekly hours, neither the
    maximum nor the minimum: those are the hours the agent works, and standby is paid apart
    at the team's standby rate (:attr:`Premiums.standby_rate`). This is how support desks run
    on-call rotas: time on call at home is not working time of the contract unless the agent is
    called in, yet someone who may be woken at 03:00 needs the same rest as after a night worked.
    """

    id: str
    agent_id: str
    start: datetime
    end: datetime
    duty: str | None = None
    locked: bool = False
    origin: ShiftOrigin = ShiftOrigin.SOLVER
    note: str = ""
    kind: ShiftKind = ShiftKind.ON_DUTY

    def __post_init__(self) -> None:
        problems = [*id_problems("id", self.id),
                    *instant_problems("start", self.start),
                    *instant_problems("end", self.end)]
        if not problems and self.end <= self.start:
            problems.append(Problem("end", self.end.isoformat(), "a shift ends after it starts"))
        if self.kind not in ShiftKind.__members__.values():
            problems.append(Problem("kind", self.kind,
                                    f"shift {self.id}: the kind is on_duty or standby"))
        elif self.kind is ShiftKind.STANDBY and self.duty is None:
            problems.append(Problem("duty", None,
                                    f"shift {self.id}: a standby shift names the requirement "
                                    "it stands by for",
                                    "set duty to the id of a requirement that accepts standby"))
        _raise_if(problems)

    @property
    def is_standby(self) -> bool:
        return self.kind is ShiftKind.STANDBY

    @property
    def is_override(self) -> bool:
        """A hand edit the manager kept although it breaks a rule (the note says which)."""
        return self.note.startswith(OVERRIDE_NOTE_PREFIX)

    @property
    def minutes(self) -> int:
        """Real elapsed minutes (UTC arithmetic, so DST nights are counted as worked)."""
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass(frozen=True, slots=True)
class GapCandidate:
    """An agent who has the skill: why they could not fill the gap, or the legal shift
    (or lengthened shift) that would cover part of it."""

    agent_id: str
    why: str


@dataclass(frozen=True, slots=True)
class Gap:
    requirement_id: str
    start: datetime
    end: datetime
    missing: int
    reason: GapReason
    message: str
    candidates: tuple[GapCandidate, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "candidates", tuple(self.candidates))
        _raise_if([*instant_problems("start", self.start), *instant_problems("end", self.end)])

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class PlanStatus(enum.StrEnum):
    OPTIMAL = "optimal"  # nothing better exists under the weights
    FEASIBLE = "feasible"  # a complete plan; better ones may exist
    CANCELLED = "cancelled"  # the user stopped the search; best plan so far
    NO_PLAN = "no_plan"  # stopped before any plan was found
    INVALID = "invalid"  # the input could not be modelled
    MANUAL = "manual"  # edited by hand after solving


@dataclass(frozen=True, slots=True)
class PlanStatistics:
    status: PlanStatus = PlanStatus.MANUAL
    objective: float | None = None
    best_bound: float | None = None
    shortfall_minutes: int | None = None
    shortfall_proven_minimal: bool = False
    # The largest CP-SAT model searched (the whole model, or the largest week or neighbourhood
    # when the search went a part at a time); 0 when none was.
    variables: int = 0
    constraints: int = 0
    solutions: int = 0
    first_solution_seconds: float | None = None
    wall_seconds: float = 0.0
    seed: int = 0
    workers: int = 0

    @property
    def relative_gap(self) -> float | None:
        if self.objective is None or self.best_bound is None:
            return None
        scale = max(abs(self.objective), 1e-9)
        return abs(self.objective - self.best_bound) / scale


@dataclass(frozen=True, slots=True)
class Plan:
    period: Period
    shifts: tuple[Shift, ...]
    gaps: tuple[Gap, ...] = ()
    statistics: PlanStatistics = field(default_factory=PlanStatistics)
    target_id: str = ""
    created_at: datetime | None = None
    id: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "shifts", tuple(self.shifts))
        object.__setattr__(self, "gaps", tuple(self.gaps))
        problems: list[Problem] = []
        for sid, n in Counter(s.id for s in self.shifts).items():
            if n > 1:
                problems.append(Problem("shifts", sid, "shift id used twice"))
        if self.created_at is not None:
            problems.extend(instant_problems("created_at", self.created_at))
        _raise_if(problems)

    def shifts_of(self, agent_id: str) -> list[Shift]:
        return sorted((s for s in self.shifts if s.agent_id == agent_id), key=lambda s: s.start)


@dataclass(frozen=True, slots=True)
class PublishedEvent:
    """What the last calendar export said about one shift, so the next export updates it.

    ``uid`` is derived from the shift id and never changes; ``sequence`` rises each time the
    exported event changes; ``fingerprint`` is a digest of everything the event shows. A shift
    removed from the plan is exported once more as cancelled (``cancelled=True``).

    ``summary`` and ``description`` are the title and text the event showed, so a later export
    can write it again exactly (an event of another period) or cancel it under its own title.
    Ledgers written before they were kept have them empty; the export then reads the text back
    from the calendar files, or rebuilds it from the team data.
    """

    uid: str
    shift_id: str
    agent_id: str
    sequence: int
    start: datetime
    end: datetime
    fingerprint: str
    cancelled: bool = False
    summary: str = ""
    description: str = ""

    @property
    def has_text(self) -> bool:
        """Whether the ledger kept what the event showed (not so in older ledgers)."""
        return bool(self.summary or self.description)

    def __post_init__(self) -> None:
        _raise_if([*instant_problems("start", self.start), *instant_problems("end", self.end)])


# --------------------------------------------------------------------------------------------
# Scenario
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything planning needs, as one immutable snapshot.

    ``history`` holds shifts worked before the period (for rest and consecutive-day rules).
    """

    team: Team
    skills: tuple[Skill, ...]
    contracts: tuple[Contract, ...]
    agents: tuple[Agent, ...]
    targets: tuple[CoverageTarget, ...]
    active_target_id: str
    time_off: tuple[TimeOff, ...] = ()
    history: tuple[Shift, ...] = ()
    # Derived look-up tables, built once: the solver asks for agents and contracts per candidate.
    _agents: Mapping[str, Agent] = field(init=False, repr=False, compare=False)
    _contracts: Mapping[str, Contract] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("skills", "contracts", "agents", "targets", "time_off", "history"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        _raise_if(reference_problems(self.skills, self.contracts, self.agents, self.targets,
                                     self.active_target_id, self.time_off, self.history))
        object.__setattr__(self, "_agents", {a.id: a for a in self.agents})
        object.__setattr__(self, "_contracts", {c.id: c for c in self.contracts})

    # Look-ups -----------------------------------------------------------------------------
    @property
    def target(self) -> CoverageTarget:
        return next(t for t in self.targets if t.id == self.active_target_id)

    def agent(self, agent_id: str) -> Agent:
        return self._agents[agent_id]

    def contract(self, contract_id: str) -> Contract:
        return self._contracts[contract_id]

    def contract_of(self, agent: Agent) -> Contract:
        return self.contract(agent.contract_id)

    def skill(self, skill_id: str) -> Skill:
        return next(s for s in self.skills if s.id == skill_id)

    def active_agents(self) -> tuple[Agent, ...]:
        return tuple(a for a in self.agents if a.active)

    def time_off_of(self, agent_id: str) -> tuple[TimeOff, ...]:
        return tuple(t for t in self.time_off if t.agent_id == agent_id)


def _duplicates(path: str, ids: Iterable[str], what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            yield Problem(f"{path}[{i}].id", item_id, f"{what} id {item_id!r} is used twice",
                          "every id must be unique")
        seen.add(item_id)


def reference_problems(
    skills: Iterable[Skill],
    contracts: Iterable[Contract],
    agents: Iterable[Agent],
    targets: Iterable[CoverageTarget],
    active_target_id: str,
    time_off: Iterable[TimeOff] = (),
    history: Iterable[Shift] = (),
) -> Iterator[Problem]:
    """Problems across objects: duplicate ids and references to things that do not exist."""
    skills, contracts, agents = list(skills), list(contracts), list(agents)
    targets, time_off, history = list(targets), list(time_off), list(history)
    yield from _duplicates("skills", (s.id for s in skills), "skill")
    yield from _duplicates("contracts", (c.id for c in contracts), "contract")
    yield from _duplicates("agents", (a.id for a in agents), "agent")
    yield from _duplicates("targets", (t.id for t in targets), "coverage target")
    yield from _duplicates("time_off", (t.id for t in time_off), "time off")
    skill_ids = {s.id for s in skills}
    contract_ids = {c.id for c in contracts}
    agent_ids = {a.id for a in agents}
    for i, agent in enumerate(agents):
        if agent.contract_id not in contract_ids:
            yield Problem(f"agents[{i}].contract_id", agent.contract_id, "no such contract",
                          suggest(agent.contract_id, contract_ids))
        for j, s in enumerate(agent.skills):
            if s.skill_id not in skill_ids:
                yield Problem(f"agents[{i}].skills[{j}].skill_id", s.skill_id, "no such skill",
                              suggest(s.skill_id, skill_ids))
    for i, target in enumerate(targets):
        for j, r in enumerate(target.requirements):
            for k, skill_id in enumerate(r.skills):
                if skill_id not in skill_ids:
                    yield Problem(f"targets[{i}].requirements[{j}].skills[{k}]", skill_id,
                                  "no such skill", suggest(skill_id, skill_ids))
    if active_target_id not in {t.id for t in targets}:
        yield Problem("active_target_id", active_target_id, "no such coverage target",
                      suggest(active_target_id, [t.id for t in targets]))
    for i, t in enumerate(time_off):
        if t.agent_id not in agent_ids:
            yield Problem(f"time_off[{i}].agent_id", t.agent_id, "no such agent",
                          suggest(t.agent_id, agent_ids))
    for i, shift in enumerate(history):
        if shift.agent_id not in agent_ids:
            yield Problem(f"history[{i}].agent_id", shift.agent_id, "no such agent",
                          suggest(shift.agent_id, agent_ids))


def utc_now() -> datetime:
    """The current instant, aware and in UTC."""
    return datetime.now(UTC)
