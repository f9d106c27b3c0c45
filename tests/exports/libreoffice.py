"""LibreOffice headless for the workbook checks: convert every sheet to CSV with formulas
recalculated on load (an isolated profile whose settings say "always recalculate")."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
# Comma, double quote, UTF-8, from line 1, default cell formats, raw values (not as shown),
# no formulas, every sheet to its own file (-1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice is not installed: the recalculation check needs `soffice` "
                    "(apt-get install -y --no-install-recommends libreoffice-calc; .ci/run "
                    "does this)")
    return path


def convert(workbook: Path, work: Path, target: str, *, timeout: float = 180) -> Path:
    """``workbook`` converted by LibreOffice headless (``target``: a filter such as ``pdf``),
    formulas recalculated on load, into the folder returned."""
    profile = work / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    out = work / "out"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), str(workbook)],
        check=True, capture_output=True, timeout=timeout,
    )
    return out


def recalculated_workbook(workbook: Path, work: Path) -> Path:
    """``workbook`` as LibreOffice saves it again after recalculating every formula: the
    cached values in it are LibreOffice's own."""
    out = convert(workbook, work, "xlsx:Calc MS Excel 2007 XML")
    return out / workbook.name


def convert_sheets_to_csv(workbook: Path, work: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``workbook`` after LibreOffice recalculated it, as rows of cells."""
    out = convert(workbook, work, CSV_FILTER)
    sheets = {}
    for path in out.glob(f"{workbook.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem.removeprefix(f"{workbook.stem}-")] = list(csv.reader(handle))
    return sheets
