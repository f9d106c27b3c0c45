"""Opening the database given by the global ``--db`` for a subcommand."""

from __future__ import annotations

import argparse

from coverage_app.services.store import ScenarioStore, current_user


def open_store(args: argparse.Namespace, *, must_exist: bool = False) -> ScenarioStore:
    """The store of ``--db`` (or the default file), upgraded to the current schema."""
    store = ScenarioStore.open(getattr(args, "db", None), must_exist=must_exist,
                               user=f"{current_user()} (command line)")
    upgrade = store.upgrade
    if upgrade is not None and upgrade.before is not None and upgrade.changed:
        from coverage_app.cli.common import console

        saved = f" (backup: {upgrade.backup})" if upgrade.backup else ""
        console().print(f"Database upgraded from schema {upgrade.before} to "
                        f"{upgrade.after}{saved}.")
    return store
