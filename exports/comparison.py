"""The comparison workbook: one column per coverage target, the figures a manager weighs
(coverage, gaps by priority, hours, premium hours, cost, fairness), and coverage per
requirement. Numbers are numbers with number formats; written atomically."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from models.atomic_write import write_bytes_atomic

PRIORITY_NAMES = {1: "must", 2: "should", 3: "nice to have"}


@dataclass(frozen=True, slots=True)
class TargetFigures:
    """What one coverage target gives for the team over the period."""

    target_id: str
    target_name: str
    status: str
    required_hours: float
    shortfall_hours: float
    shortfall_by_priority: tuple[tuple[int, float], ...]  # (priority, person-hours missing)
    coverage: tuple[tuple[str, float], ...]  # (requirement name, % of its slots fully met)
    shifts: int
    hours: float
    premium_hours: float
    cost: tuple[tuple[str, float], ...]  # (currency, paid hours x hourly cost), premiums in
    night_spread_hours: float
    weekend_spread_hours: float
    load_spread_percent: float

    @property
    def covered_percent(self) -> float:
        if not self.required_hours:
            return 100.0
        return 100.0 * (1 - self.shortfall_hours / self.required_hours)

    def shortfall_of(self, priority: int) -> float:
        return dict(self.shortfall_by_priority).get(priority, 0.0)

    def cost_in(self, currency: str) -> float:
        return dict(self.cost).get(currency, 0.0)


def figure_rows(figures: Sequence[TargetFigures]) -> list[tuple[str, str, list[float | str]]]:
    """(label, number format, one value per target): the rows both the table on screen and
    the workbook show."""
    rows: list[tuple[str, str, list[float | str]]] = [
        ("Status", "", [f.status for f in figures]),
        ("Person-hours asked", "0.0", [f.required_hours for f in figures]),
        ("Covered %", "0.0", [f.covered_percent for f in figures]),
        ("Missing person-hours", "0.0", [f.shortfall_hours for f in figures]),
    ]
    for p in sorted({p for f in figures for p, _ in f.shortfall_by_priority} | {1}):
        rows.append((f"  missing, priority {p} ({PRIORITY_NAMES.get(p, p)})", "0.0",
                     [f.shortfall_of(p) for f in figures]))
    rows += [
        ("Shifts", "0", [float(f.shifts) for f in figures]),
        ("Hours worked", "0.0", [f.hours for f in figures]),
        ("Premium hours (night, weekend, holiday)", "0.0", [f.premium_hours for f in figures]),
    ]
    # Agents paid in different currencies: one row per currency, never a sum across them.
    for currency in sorted({c for f in figures for c, _ in f.cost}):
        rows.append((f"Cost in {currency} (premiums included)", "#,##0",
                     [f.cost_in(currency) for f in figures]))
    rows += [
        ("Night hours spread (most - least)", "0.0", [f.night_spread_hours for f in figures]),
        ("Weekend hours spread", "0.0", [f.weekend_spread_hours for f in figures]),
        ("Load spread (% of contract)", "0.0", [f.load_spread_percent for f in figures]),
    ]
    return rows


def comparison_workbook(figures: Sequence[TargetFigures], title: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    formats = {fmt: book.add_format({"num_format": fmt}) for fmt in ("0", "0.0", "#,##0")}
    sheet = book.add_worksheet("Comparison")
    sheet.write_string(0, 0, title, bold)
    sheet.write_string(2, 0, "Figure", head)
    for c, f in enumerate(figures, start=1):
        sheet.write_string(2, c, f.target_name, head)
    for r, (label, fmt, values) in enumerate(figure_rows(figures), start=3):
        sheet.write_string(r, 0, label)
        for c, value in enumerate(values, start=1):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, round(value, 2), formats[fmt])
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(figures), 16)
    sheet.freeze_panes(3, 1)

    cover = book.add_worksheet("Coverage")
    cover.write_string(0, 0, "Requirement (% of its slots fully met)", head)
    for c, f in enumerate(figures, start=1):
        cover.write_string(0, c, f.target_name, head)
    names: list[str] = []
    for f in figures:
        names += [n for n, _ in f.coverage if n not in names]
    for r, name in enumerate(names, start=1):
        cover.write_string(r, 0, name)
        for c, f in enumerate(figures, start=1):
            percent = dict(f.coverage).get(name)
            if percent is None:
                cover.write_string(r, c, "not asked")
            else:
                cover.write_number(r, c, round(percent, 1), formats["0.0"])
    cover.set_column(0, 0, 36)
    cover.set_column(1, len(figures), 16)
    cover.freeze_panes(1, 1)
    book.close()
    return buffer.getvalue()


def write_comparison(path: Path, figures: Sequence[TargetFigures], title: str) -> None:
    """Write the workbook so that ``path`` is either untouched or complete."""
    write_bytes_atomic(Path(path), comparison_workbook(figures, title))
