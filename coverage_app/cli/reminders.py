"""``--reminder-minutes``: reminders before each shift in the agents' calendars (none unless
asked), for everyone (``30``) or for one agent (``kadri=45``, repeatable; wins over ``30``)."""

from __future__ import annotations

import argparse

from coverage_app.cli.common import UserError
from exports.ics import MAX_REMINDER_MINUTES
from models.domain import Scenario

OPTION = "--reminder-minutes"


def add_reminder_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(OPTION, action="append", default=None, metavar="[AGENT=]N",
                        help="remind agents N minutes before each shift (0 = at its start): "
                             "N for everyone, AGENT=N for one agent (repeatable); no "
                             "reminders unless given")


def reminders_from(values: list[str] | None, scenario: Scenario) -> dict[str, int]:
    """Minutes before each shift, by agent id; a bad value names itself and stops."""
    agents = [a.id for a in scenario.agents]
    everyone: int | None = None
    own: dict[str, int] = {}
    for value in values or ():
        agent, _, number = value.rpartition("=")
        minutes = _minutes(number.strip(), value)
        if not agent:
            everyone = minutes
        elif agent.strip() not in agents:
            raise UserError.say("no agent has this id", agent, OPTION,
                                f"agents: {', '.join(agents)}")
        else:
            own[agent.strip()] = minutes
    found = dict.fromkeys(agents, everyone) if everyone is not None else {}
    return {**found, **own}


def _minutes(text: str, value: str) -> int:
    try:
        minutes = int(text)
    except ValueError:
        raise UserError.say("not a whole number of minutes", value, OPTION,
                            "e.g. 30, or kadri=45") from None
    if not 0 <= minutes <= MAX_REMINDER_MINUTES:
        raise UserError.say(f"a reminder is 0 to {MAX_REMINDER_MINUTES} minutes (a week) "
                            "before the shift", value, OPTION)
    return minutes
