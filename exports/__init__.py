"""Plan + Scenario -> files for people: calendars for agents, a workbook and a CSV for finance.

Imports ``models`` only (never Qt, SQLAlchemy or the solver). Everything here is pure: it returns
bytes (and, for calendars, the new ledger of published events); the caller writes and stores.

- :mod:`exports.hours` — hours accounting, the one source of every number (real elapsed hours,
  DST adjustment, night / weekend / holiday hours, cost; weekly and monthly totals).
- :mod:`exports.ics` — one iCalendar file per agent and one for the team, with stable UIDs,
  rising SEQUENCE and cancellations; :mod:`exports.ics_surface` writes and checks CRLF, folding
  and escaping.
- :mod:`exports.paycodes` — every hour in one pay code (regular, night, weekend, holiday,
  overtime beyond the contract's weekly maximum).
- :mod:`exports.payroll` — pay periods (month or cut-off day) and the payroll CSV.
- :mod:`exports.xlsx` — the finance workbook (XlsxWriter, formulas with cached values; title
  block and print layout in :mod:`exports.xlsx_title`, hours sheets in :mod:`exports.xlsx_hours`).
- :mod:`exports.csvfile` — the shifts as CSV.
- :mod:`exports.names` — file names that are safe on every operating system.
- :mod:`exports.help` — how to import the calendars (the app's export dialog and the docs).
"""
