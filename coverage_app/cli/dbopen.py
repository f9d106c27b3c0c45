"""Opening the database given by the global ``--db`` for a subcommand."""

from __future__ import annotations

import argparse

from coverage_app.services.store import ScenarioStore, current_user
from models.domain import Plan


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


def stored_plan(store: ScenarioStore, args: argparse.Namespace) -> Plan:
    """The plan a command works on with a database: ``--plan`` FILE, else ``--plan-id``, else
    the working draft (or the newest stored plan); a UserError when there is none."""
    from coverage_app.cli.common import UserError
    from coverage_app.services.exporting import read_plan_file

    plan_file = getattr(args, "plan", None)
    plan = (read_plan_file(plan_file) if plan_file is not None
            else store.load_plan(getattr(args, "plan_id", None)))
    if plan is None:
        raise UserError.say("the database holds no plan yet", "", "--plan",
                            "solve first, or pass --plan PLAN.json")
    return plan
