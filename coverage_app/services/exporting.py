"""The "export" use case (Qt-free): calendars, the finance workbook, the CSV and the payroll file,
written to disk.

The exporters in :mod:`exports` are pure; this module checks the input, writes every file
atomically (a file is either the old one or the whole new one) and keeps the calendar ledger, so
that the next export of the same calendars updates and cancels events instead of duplicating
them. The ledger lives in the database (:class:`~coverage_app.services.store.ScenarioStore`) or,
without a database, in a JSON file beside the calendars (:class:`JsonLedger`).

An export changes only the events of its plan's period; the events of other periods are written
again as the ledger kept them (see :mod:`exports.ics`). Ledgers written by older versions kept
no text: for those events the calendar files in the folder are read back, only then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from coverage_app.services.errors import UserError
from exports.csvfile import build_csv
from exports.hours import plan_hours
from exports.ics import TEAM, CalendarChanges, CalendarFile, build_calendar_export
from exports.ics_earlier import read_earlier
from exports.payroll import PayPeriods, build_payroll_csv, pay_lines, plan_share
from exports.xlsx import build_workbook
from exports.xlsx_title import PlanVersion
from models import atomic_write
from models.domain import DomainError, Plan, Problem, PublishedEvent, Scenario, utc_now
from models.fairness import CarriedBalance
from models.files import plan_problems, read_json, read_plan, write_json_atomic
from models.jsonio import decode, encode
from models.storage.plans import PlanRecord
from models.words import count
from solver.check import under_minimum_hours

LEDGER_FILE = ".published.json"
LEDGER_FORMAT = "coverage-scheduler/published-events"
LEDGER_VERSION = 2  # 2 keeps each event's summary and description; 1 did not


class Ledger(Protocol):
    """What earlier calendar exports published, per calendar (agent id or ``"team"``)."""

    def published_events(self, calendar: str) -> dict[str, PublishedEvent]: ...

    def save_published_events(self, calendar: str, events: Iterable[PublishedEvent]) -> None: ...


class JsonLedger:
    """The ledger as a JSON file, for exports without a database (``<folder>/.published.json``)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._calendars: dict[str, dict[str, PublishedEvent]] = {}
        if self.path.exists():
            self._calendars = self._read()

    def _read(self) -> dict[str, dict[str, PublishedEvent]]:
        try:
            data = read_json(self.path)
            if not isinstance(data, dict) or data.get("format") != LEDGER_FORMAT:
                raise DomainError([Problem("format", str(self.path),
                                           "not a Coverage Scheduler calendar ledger",
                                           f"move the file away or delete it ({LEDGER_FILE})")])
            version = data.get("version")
            if type(version) is not int or not 1 <= version <= LEDGER_VERSION:
                raise DomainError([Problem(
                    "version", version,
                    f"{'is missing; ' if version is None else ''}this program reads calendar "
                    f"ledger versions 1 to {LEDGER_VERSION}",
                    "export with the newer Coverage Scheduler that wrote it, or into another "
                    "folder")])
            calendars = data.get("calendars", {})
            return {cal: {e.shift_id: e for e in (decode(PublishedEvent, item,
                                                         f"calendars.{cal}[{i}]")
                                                  for i, item in enumerate(events))}
                    for cal, events in calendars.items()}
        except DomainError as error:
            raise UserError.of(error, str(self.path)) from None

    def calendars(self) -> list[str]:
        return sorted(self._calendars)

    def published_events(self, calendar: str) -> dict[str, PublishedEvent]:
        return dict(self._calendars.get(calendar, {}))

    def save_published_events(self, calendar: str, events: Iterable[PublishedEvent]) -> None:
        self._calendars[calendar] = {e.shift_id: e for e in events}
        self.flush()

    def save_many(self, ledgers: Mapping[str, Iterable[PublishedEvent]]) -> None:
        for calendar, events in ledgers.items():
            self._calendars[calendar] = {e.shift_id: e for e in events}
        self.flush()

    def flush(self) -> None:
        write_json_atomic(self.path, {
            "format": LEDGER_FORMAT, "version": LEDGER_VERSION,
            "calendars": {cal: [encode(e) for e in events.values()]
                          for cal, events in sorted(self._calendars.items())},
        })


@dataclass(frozen=True, slots=True)
class ExportResult:
    paths: tuple[Path, ...]
    changes: Mapping[str, CalendarChanges] = field(default_factory=dict)  # per calendar file
    notes: tuple[str, ...] = ()  # lines to show: calendars left out, texts rebuilt

    @property
    def totals(self) -> CalendarChanges:
        c = list(self.changes.values())
        return CalendarChanges(sum(x.added for x in c), sum(x.updated for x in c),
                               sum(x.unchanged for x in c), sum(x.cancelled for x in c),
                               sum(x.kept for x in c), sum(x.rebuilt for x in c))


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


def read_plan_file(path: Path) -> Plan:
    try:
        return read_plan(path)
    except DomainError as error:
        raise UserError.of(error, str(path)) from None


def check_plan(scenario: Scenario, plan: Plan, source: str = "") -> None:
    """UserError when the plan names agents or duties the scenario does not have."""
    problems = [Problem(p.path, p.value, f"{p.value!r}: {p.message}", p.suggestion)
                for p in plan_problems(plan, scenario)]
    if problems:
        raise UserError(problems, source or "the plan")


def _file_target(out: Path, suffix: str) -> Path:
    out = Path(out)
    if out.is_dir():
        raise UserError.say("is a folder; give the file to write", str(out), "--out",
                            f"e.g. {out / ('hours' + suffix)}")
    if out.suffix.lower() != suffix:
        raise UserError.say(f"the file name should end in {suffix}", str(out), "--out",
                            f"e.g. {out.with_suffix(suffix)}")
    return out


def _folder_target(out: Path) -> Path:
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError.say("calendars go into a folder, and this is a file", str(out), "--out",
                            "give a folder name; it is created if missing")
    return out


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write so that ``path`` is either untouched or complete (temp file + rename), with the
    permissions open() would give it (the umask applies), so a published folder can serve it."""
    atomic_write.write_bytes_atomic(path, data)


# --------------------------------------------------------------------------------------------
# Use cases
# --------------------------------------------------------------------------------------------


def calendar_keys(scenario: Scenario, ledger: Ledger) -> list[str]:
    keys = [a.id for a in scenario.agents] + [TEAM]
    listed = getattr(ledger, "calendars", None)
    if callable(listed):
        keys += [k for k in listed() if k not in keys]
    return keys


def export_calendars(scenario: Scenario, plan: Plan, out_dir: Path, ledger: Ledger | None = None,
                     *, now: datetime | None = None,
                     reminders: Mapping[str, int] | None = None) -> ExportResult:
    """One .ics per agent plus team.ics into ``out_dir``; the ledger is updated afterwards.

    Without a ledger, ``out_dir/.published.json`` is used, so exporting into the same folder
    again updates and cancels events instead of duplicating them. Only events of the plan's
    period change; the others are written again as the ledger kept them (entries of older
    ledgers, without their text: as the calendar files already in ``out_dir`` show them).
    A calendar with nothing to show gets no file and a line in ``notes``. ``reminders``: minutes
    before each shift, by agent id, for the agents whose calendars remind them.
    """
    check_plan(scenario, plan)
    out_dir = _folder_target(out_dir)
    if ledger is None:
        ledger = JsonLedger(out_dir / LEDGER_FILE)
    published = {k: ledger.published_events(k) for k in calendar_keys(scenario, ledger)}
    export = build_calendar_export(scenario, plan, {k: v for k, v in published.items() if v},
                                   now=now or utc_now(),
                                   earlier=lambda: read_earlier(_ics_files(out_dir)),
                                   reminders=reminders)
    for f in export.files:  # every file first: the ledger only records what was really written
        write_bytes_atomic(out_dir / f.file_name, f.data)
    _save_ledger(ledger, list(export.files))
    notes = [s.message for s in export.skipped]
    rebuilt = sum(f.changes.rebuilt for f in export.files)
    if rebuilt:
        notes.append(f"{count(rebuilt, 'earlier event')}, published before the ledger kept their "
                     f"text, were not found as published in the calendar files in {out_dir}; "
                     "their title and description were written again from the team data (times, "
                     "UID and SEQUENCE unchanged).")
    return ExportResult(tuple(out_dir / f.file_name for f in export.files),
                        {f.file_name: f.changes for f in export.files}, tuple(notes))


def _ics_files(folder: Path) -> list[bytes]:
    """The calendar files already in ``folder`` (what the last export there wrote)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.ics")):
        try:
            found.append(path.read_bytes())
        except OSError:
            continue  # unreadable: its events' texts are rebuilt, and the notes say so
    return found


def _save_ledger(ledger: Ledger, files: list[CalendarFile]) -> None:
    if isinstance(ledger, JsonLedger):
        ledger.save_many({f.calendar: f.events for f in files})
        return
    for f in files:
        ledger.save_published_events(f.calendar, f.events)


def export_workbook(scenario: Scenario, plan: Plan, out: Path, *,
                    now: datetime | None = None, version: PlanVersion | None = None,
                    pay_periods: PayPeriods | None = None,
                    carried: tuple[CarriedBalance, ...] = ()) -> Path:
    """The finance workbook; ``version`` names the plan and says whether it is published
    (see :func:`stored_plan_version`, :func:`plan_file_version`); ``carried``: the fairness
    balance from earlier published plans, shown on the Fairness sheet."""
    from solver.fairness import plan_fairness

    check_plan(scenario, plan)
    target = _file_target(out, ".xlsx")
    data = build_workbook(scenario, plan, now=now or utc_now(), rows=plan_hours(scenario, plan),
                          version=version, pay_periods=pay_periods,
                          warnings=under_minimum_hours(scenario, plan),
                          fairness=plan_fairness(scenario, plan, carried))
    write_bytes_atomic(target, data)
    return target


def export_payroll(scenario: Scenario, plan: Plan, out: Path, *,
                   pay_periods: PayPeriods | None = None) -> ExportResult:
    """The payroll CSV: one row per agent, pay period and pay code. Its notes name the pay
    periods the plan covers only in part (their figures are part of that period's pay)."""
    check_plan(scenario, plan)
    target = _file_target(out, ".csv")
    periods = pay_periods or PayPeriods()
    rows = plan_hours(scenario, plan)
    write_bytes_atomic(target, build_payroll_csv(scenario, plan, periods=periods, rows=rows))
    lines = pay_lines(scenario, rows, periods)
    notes = [f"Pay period {start.isoformat()} to {end.isoformat()}: this plan covers "
             f"{share}; its rows are part of that period's pay."
             for start, end in sorted({(x.period_start, x.period_end) for x in lines})
             if (share := plan_share(plan.period, start, end))]
    agents = len({x.agent.id for x in lines})
    summary = (f"{count(len(lines), 'row')}: {count(agents, 'agent')}, pay periods of "
               f"{periods.describe()}")
    return ExportResult((target,), notes=(summary, *notes))


def plan_file_version(path: Path, *, published: bool = False) -> PlanVersion:
    """A plan read from a file: a draft unless the caller says it is the published rota."""
    return PlanVersion(f"plan file {Path(path).name}", published=published)


class PlanRecords(Protocol):
    def plan_history(self) -> list[PlanRecord]: ...


def stored_plan_version(store: PlanRecords, plan: Plan) -> PlanVersion:
    """What the database says of ``plan``: its name, and whether (when, by whom) it was
    published. A plan the database does not hold is an unsaved draft."""
    record = next((r for r in store.plan_history() if plan.id and r.id == plan.id), None)
    if record is None:
        return PlanVersion("unsaved plan" if not plan.id else "")
    name = record.name or ("working draft" if record.working else "stored plan")
    if record.working and record.name:
        name = f"{record.name} (working draft)"
    return PlanVersion(name, published=record.published_at is not None,
                       published_at=record.published_at, published_by=record.published_by or "")


def export_csv(scenario: Scenario, plan: Plan, out: Path) -> Path:
    check_plan(scenario, plan)
    target = _file_target(out, ".csv")
    write_bytes_atomic(target, build_csv(scenario, plan))
    return target
