"""``coverage-scheduler info``: where the database is, its schema version and what it holds."""

from __future__ import annotations

import argparse

from rich.table import Table

from coverage_app.cli.common import EXIT_OK, add_database_option, console
from coverage_app.cli.dbopen import open_store
from coverage_app.services.store import PlanRecord


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = "Show where the database is, its schema version and what it holds."
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = console()
    with open_store(args, must_exist=True) as store:
        out.print(f"Database: {store.location}", soft_wrap=True, highlight=False)
        table = Table(title="Coverage Scheduler database", show_header=False)
        path = store.path
        table.add_row("Kind", "SQLite file" if path is not None else
                      store.engine.dialect.name)
        if path is not None and path.exists():
            table.add_row("File size", f"{path.stat().st_size / 1024:.0f} KiB")
        table.add_row("Schema version", store.schema_version())
        empty = store.is_empty()
        if not empty:
            scenario = store.load()
            table.add_row("Team", f"{scenario.team.name} ({scenario.team.reference_zone})")
            table.add_row("Active coverage target", scenario.target.name)
        for name, count in store.counts().items():
            table.add_row(name.capitalize(), str(count))
        history = store.plan_history()
        out.print(table)
        if history:
            out.print(_plans_table(history))
        warning = store.network_warning()
        if warning:
            out.print(f"[bold yellow]warning:[/] {warning}")
        elif path is not None:
            out.print("A SQLite file must stay on a local disk: on a network share it can be "
                      "corrupted. To share one database between people, use PostgreSQL "
                      "(--db postgresql+psycopg://host/dbname).", style="dim")
        if empty:
            out.print("The database holds no team yet: run `coverage-scheduler demo` or "
                      "`coverage-scheduler import FILE`.")
    return EXIT_OK


MAX_PLANS_LISTED = 12


def _plans_table(history: list[PlanRecord]) -> Table:
    """The working draft and the newest stored versions, with the ids `export --plan-id` takes."""
    table = Table(title=f"Plans ({len(history)}; newest first, the working draft on top)")
    table.add_column("Id", no_wrap=True, min_width=36)  # whole: `export --plan-id` takes it
    for name in ("Name", "Status", "Period", "Shifts", "Last change (UTC)"):
        table.add_column(name, justify="right" if name == "Shifts" else "left")
    for record in history[:MAX_PLANS_LISTED]:
        status = record.status
        if record.published_at is not None:
            status = (f"published {record.published_at:%Y-%m-%d %H:%M} by "
                      f"{record.published_by or 'someone'}")
        changed = record.updated_at or record.created_at
        by = f" by {record.updated_by}" if record.updated_by else ""
        table.add_row(record.id, record.name, status,
                      f"{record.first_day:%Y-%m-%d}, {record.days} days", str(record.shifts),
                      f"{changed:%Y-%m-%d %H:%M}{by}")
    if len(history) > MAX_PLANS_LISTED:
        table.caption = f"… and {len(history) - MAX_PLANS_LISTED} older versions"
    return table
