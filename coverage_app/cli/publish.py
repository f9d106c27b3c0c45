"""``coverage-scheduler publish caldav``: each agent's shifts pushed into a calendar on a CalDAV
server (their own, or one per agent under a team server's address), so nobody imports a file.

The events are the folder export's (same UIDs, SEQUENCE, times, text, status); the ledger is
the export's too: the database's, or with ``--scenario`` the ``.published.json`` of ``--ledger``
(an export folder or the file itself). Only calendars whose push succeeded advance it. A
calendar the server refuses is named with the reason, the others are pushed, and the command
exits 1; running it again completes the work. ``--dry-run`` says what would change.

``coverage-scheduler publish caldav-password`` keeps an account's password in the system
keyring, where the push looks for it.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from rich.table import Table

from coverage_app.cli.common import (
    EXIT_OK,
    EXIT_VIOLATIONS,
    UserError,
    add_database_option,
    console,
    error_console,
)
from coverage_app.cli.reminders import add_reminder_option, reminders_from
from coverage_app.services.caldav_push import PushResult, push_calendars
from coverage_app.services.caldav_targets import (
    CalDavSettings,
    EnvironmentPassword,
    KeyringPasswords,
    Passwords,
    read_targets,
    settings_from_options,
    store_password,
)
from coverage_app.services.exporting import LEDGER_FILE, JsonLedger, Ledger, read_plan_file
from coverage_app.services.scenarios import read_scenario_file
from models.domain import Plan, Scenario

EXIT_NOT_ALL_PUSHED = EXIT_VIOLATIONS  # 1: some calendars were not updated


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Publish a plan: `publish plan` stores it as the published version "
                          "after the check; `publish caldav` pushes it straight into the "
                          "calendars agents use.")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    push = kinds.add_parser(
        "caldav", help="create, update or cancel each agent's shifts on a CalDAV server",
        description="Push each agent's calendar to a CalDAV server: the events of the folder "
                    "export, by UID. Exit 0 when every calendar is up to date, 1 when a "
                    "server refused one (the others are pushed; run again once fixed), "
                    "2 on bad input.")
    push.add_argument("--targets", type=Path, metavar="CALDAV.json",
                      help="where each calendar goes (see docs/calendar-import.md)")
    push.add_argument("--base-url", metavar="URL",
                      help="one calendar per agent under this address, created when missing "
                           "(e.g. https://dav.example.com/dav/scheduler/)")
    push.add_argument("--username", metavar="NAME",
                      help="the account on the server (for --base-url, or the default of "
                           "the targets file)")
    push.add_argument("--password-from-env", metavar="VAR",
                      help="read the password from this environment variable (default: "
                           "the system keyring)")
    push.add_argument("--dry-run", action="store_true",
                      help="read the servers and list what would change; write nothing")
    push.add_argument("--scenario", type=Path, metavar="SCENARIO.json",
                      help="scenario file (default: the database given by --db)")
    push.add_argument("--plan", type=Path, metavar="PLAN.json",
                      help="plan file (default with a database: its working draft, else its "
                           "newest stored plan)")
    push.add_argument("--plan-id", metavar="ID", help="with a database: this stored plan")
    push.add_argument("--ledger", type=Path, metavar="PATH",
                      help=f"with --scenario: the export folder whose {LEDGER_FILE} keeps "
                           "what was published (or that file)")
    add_reminder_option(push)
    add_database_option(push)
    push.set_defaults(run=run)

    from coverage_app.cli import publish_plan

    publish_plan.register(kinds)

    password = kinds.add_parser(
        "caldav-password", help="keep a CalDAV account's password in the system keyring",
        description="Store the password of an account on a CalDAV server in the system "
                    "keyring (asked for without echo, or read from --password-from-env).")
    password.add_argument("--url", required=True, metavar="URL",
                          help="the server (any address on it)")
    password.add_argument("--username", required=True, metavar="NAME")
    password.add_argument("--password-from-env", metavar="VAR")
    password.set_defaults(run=run_password)


def run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    passwords: Passwords = (EnvironmentPassword(args.password_from_env)
                            if args.password_from_env else KeyringPasswords())
    if args.scenario is not None:
        if args.plan is None or args.ledger is None:
            raise UserError.say("--plan and --ledger are needed with --scenario", "",
                                "--plan" if args.plan is None else "--ledger",
                                f"--ledger names the export folder (its {LEDGER_FILE}), so "
                                "the calendars and the push count SEQUENCE together")
        scenario = read_scenario_file(args.scenario)
        plan = read_plan_file(args.plan)
        return _push(args, scenario, plan, JsonLedger(_ledger_path(args.ledger)), settings,
                     passwords)
    from coverage_app.cli.dbopen import open_store, stored_plan

    with open_store(args, must_exist=True) as store:
        scenario = store.load()
        stored = stored_plan(store, args)
        return _push(args, scenario, stored, store, settings, passwords)


def _settings(args: argparse.Namespace) -> CalDavSettings:
    if args.targets is not None:
        return read_targets(args.targets, base_url=args.base_url, username=args.username)
    if args.base_url is None:
        raise UserError.say("say where the calendars go", "", "--targets",
                            "give --targets CALDAV.json, or --base-url URL for one calendar "
                            "per agent on a team server")
    return settings_from_options(args.base_url, args.username)


def _ledger_path(path: Path) -> Path:
    if path.is_dir() or not path.suffix:
        return path / LEDGER_FILE
    return path


def _push(args: argparse.Namespace, scenario: Scenario, plan: Plan, ledger: Ledger,
          settings: CalDavSettings, passwords: Passwords) -> int:
    reminders = reminders_from(args.reminder_minutes, scenario)
    result = push_calendars(scenario, plan, ledger, settings, passwords,
                            dry_run=args.dry_run, reminders=reminders)
    return report(result, plan)


def report(result: PushResult, plan: Plan) -> int:
    out = console()
    period = f"{plan.period.first_day.isoformat()} to {plan.period.last_day.isoformat()}"
    title = "What a push would change" if result.dry_run else "Calendars pushed"
    table = Table(title=f"{title} ({period})")
    for name in ("Calendar", "Created", "Updated", "Cancelled", "Deleted", "Unchanged",
                 "Result"):
        text = name in ("Calendar", "Result")
        table.add_column(name, justify="left" if text else "right", no_wrap=name == "Result")
    for pushed in result.calendars:
        c = pushed.changes
        outcome = ("failed" if pushed.error
                   else "new calendar" if pushed.created_calendar else "ok")
        table.add_row(pushed.who, str(c.created), str(c.updated), str(c.cancelled),
                      str(c.deleted), str(c.unchanged), outcome)
    out.print(table)
    if result.dry_run:
        for pushed in result.calendars:
            for line in pushed.planned:
                out.print(f"  {pushed.who} ({pushed.url}): would be {line}", markup=False)
    for note in result.notes:
        out.print(note, markup=False)
    verb = "Would push" if result.dry_run else "Pushed"
    out.print(f"{verb}: {result.totals.words()}.", markup=False)
    if not result.failed:
        return EXIT_OK
    err = error_console()
    count = len(result.failed)
    err.print(f"{count} calendar{'s were' if count != 1 else ' was'} not "
              f"{'read' if result.dry_run else 'updated'}:", markup=False)
    for pushed in result.failed:
        err.print(f"  • {pushed.who}: {pushed.error}", markup=False)
    if not result.dry_run:
        err.print("The other calendars were pushed. Fix the above and push again: what is "
                  "already on the server is not written twice.", markup=False)
    return EXIT_NOT_ALL_PUSHED


def run_password(args: argparse.Namespace) -> int:
    if args.password_from_env:
        password = EnvironmentPassword(args.password_from_env).password(args.url, args.username)
    else:
        password = getpass.getpass(f"Password for {args.username} at {args.url}: ")
        if not password:
            raise UserError.say("no password given", "", "password")
    service = store_password(args.url, args.username, password)
    console().print(f"Password for {args.username!r} kept in the system keyring "
                    f"(service {service!r}).", markup=False)
    return EXIT_OK
