"""The workbook as finance reads it: printed to PDF by LibreOffice, then read back as text.

The demo team's four weeks from 19 October 2026 hold the European fall-back night (24/25
October), so the first page of Shifts shows a 22:00–06:00 night of 9:00.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exports.xlsx import SHEETS, build_workbook
from exports.xlsx_title import PlanVersion
from models.domain import Scenario
from models.timerules import tzdata_version
from tests.exports.libreoffice import convert
from tests.exports.test_demo_exports import demo_plan

pytestmark = pytest.mark.slow


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed: the PDF check needs poppler-utils "
                    "(apt-get install -y --no-install-recommends poppler-utils; .ci/run does "
                    "this)")
    return path


@pytest.fixture(scope="module")
def pdf(demo: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pdf")
    path = work / "hours.xlsx"
    path.write_bytes(build_workbook(demo, demo_plan(demo), now=datetime(2026, 10, 1, tzinfo=UTC),
                                    version=PlanVersion("plan file demo-plan.json")))
    return convert(path, work, "pdf") / "hours.pdf"


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    text = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return [page for page in text.split("\f") if page.strip()]


def _sheet_of(page: str) -> str:
    """The sheet a page belongs to, as its printed header names it."""
    first = page.strip().splitlines()[0]
    return first.split()[0] if not first.startswith("Pay codes") else "Pay codes"


def _first_page(pages: list[str], sheet: str) -> tuple[int, str]:
    return next((i, p) for i, p in enumerate(pages, start=1) if _sheet_of(p) == sheet)


def test_every_page_names_its_sheet_team_and_period_and_counts_pages(pages):
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert _sheet_of(page) in SHEETS, lines[0]
        assert "Northwind Support Desk" in lines[0]
        assert "2026-10-19 to 2026-11-15" in lines[0]
        footer = " ".join(lines[-1].split())
        assert f"Page {number} of {total}" in footer, footer
        assert "plan file demo-plan.json · DRAFT" in footer
        assert "Generated 2026-10-01 00:00 UTC" in footer
    assert [s for s in SHEETS if any(_sheet_of(p) == s for p in pages)] == list(SHEETS)


def test_the_first_page_has_the_title_block_and_how_to_read_it(pages):
    first = " ".join(pages[0].split())
    assert _sheet_of(pages[0]) == "Summary"
    assert "Summary — Northwind Support Desk" in first
    assert "DRAFT: not the published rota · Plan: plan file demo-plan.json" in first
    assert "Period 2026-10-19 to 2026-11-15 (28 days, reference zone Europe/Tallinn)" in first
    assert f"tzdata {tzdata_version()}" in first
    assert "How to read this" in first
    assert "UTC start and UTC end (sheet Shifts) are authoritative" in first
    assert "Premium-weighted hours" in first
    assert "All agents" in first  # the whole team's totals fit on the first page


def test_the_first_page_of_shifts_shows_the_fall_back_night_as_nine_hours(pages):
    number, page = _first_page(pages, "Shifts")
    assert "Shifts — Northwind Support Desk" in page
    header = " ".join(page.split())
    for column in ("Local start", "UTC start", "Duration", "Real", "Nominal", "Premium-",
                   "Status"):
        assert column in header, column
    night = next(line for line in page.splitlines() if "2026-10-24 22:00" in line)
    cells = night.split()
    # Kadri T., Estonia: 22:00 -> 06:00 local, 19:00 -> 04:00 UTC, 9:00 worked, 8 nominal.
    assert cells[:3] == ["Kadri", "T.", "EE"]
    assert "06:00" in cells
    assert "9:00" in cells
    assert cells[cells.index("9:00") + 1:cells.index("9:00") + 3] == ["9.00", "8.00"]
    assert number < len(pages)


def test_shifts_print_large_enough_to_read(pdf, pages):
    """Finding: twenty columns squeezed onto one A4 width printed at 3–4 pt."""
    number, _page = _first_page(pages, "Shifts")
    html = subprocess.run([_tool("pdftotext"), "-bbox", "-f", str(number), "-l", str(number),
                           str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    heights = [float(y1) - float(y0) for y0, y1 in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Europe/Tallinn<',
        html)]
    assert heights
    assert min(heights) >= 6.5  # points: the word's box, a little more than the font size
