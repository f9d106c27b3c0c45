"""``coverage-scheduler backup FILE``: a consistent copy of the live SQLite database."""

from __future__ import annotations

import argparse
from pathlib import Path

from coverage_app.cli.common import EXIT_OK, add_database_option, console
from coverage_app.cli.dbopen import open_store


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Copy the SQLite database with SQLite's backup API, which is safe while "
                          "the app is open (copying the file by hand is not). For PostgreSQL use "
                          "the server's tools (pg_dump).")
    parser.add_argument("file", type=Path, metavar="BACKUP.sqlite")
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args, must_exist=True) as store:
        target = store.backup(args.file)
    size = target.stat().st_size / 1024
    console().print(f"Backed up {store.location} to {target} ({size:.0f} KiB).")
    return EXIT_OK
