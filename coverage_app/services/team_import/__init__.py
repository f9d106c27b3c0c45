"""Import a team from a CSV file or an Excel workbook: agents and their time off.

``preview(scenario, path)`` reads the file and shows what every row would become, or its
problems (each naming file, sheet, row and column), and writes nothing. ``apply(scenario,
preview)`` imports all of it, or nothing while any row has a problem; ``only_valid=True``, an
explicit choice of the user, imports the valid rows and skips the others.

A table is recognised by its header row. Agents: ``name`` (required), ``id``,
``display_name``, ``email``, ``time_zone`` (or ``zone``), ``country``, ``subdivision``,
``contract`` (id or name), ``skills`` (``phone:3, en, ru:2``; level 2 when left out),
``hourly_cost`` (or ``cost``), ``currency``, ``active`` (yes/no), ``availability``
(``mon-fri 09:00-17:00; sat 10:00-14:00``) and ``employee_number`` (or ``employee
number``). Time off: ``agent`` (name or id), ``first_day``, ``last_day``, ``kind``
(vacation, sick, other) and ``note``. A workbook may hold both, one per sheet. The full
description is in docs/formats.md.
"""

from coverage_app.services.team_import.agents import parse_availability
from coverage_app.services.team_import.batch import (
    ImportOutcome,
    ImportPreview,
    apply,
    preview,
)
from coverage_app.services.team_import.dates import DateOrder
from coverage_app.services.team_import.rows import ImportRow, TimeOffRow

__all__ = ["DateOrder", "ImportOutcome", "ImportPreview", "ImportRow", "TimeOffRow", "apply",
           "parse_availability", "preview"]
