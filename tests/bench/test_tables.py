"""The benchmark's tables: a run rewrites them and keeps the notes added by hand below them."""

from __future__ import annotations

import json
from pathlib import Path

from bench.tables import write_results

HERE = Path(__file__).resolve().parents[2] / "bench"


def test_a_new_run_rewrites_the_tables_and_keeps_the_notes(tmp_path: Path) -> None:
    results = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
    tables = write_results(results, tmp_path)
    assert (tmp_path / "RESULTS.md").read_text(encoding="utf-8") == tables
    assert "## tight: follow the sun" in tables
    notes = "\n## Notes (added by hand)\n\n- the engine's plan was checked by hand.\n"
    (tmp_path / "RESULTS.md").write_text(tables + notes, encoding="utf-8")
    results["families"]["tight"]["S"]["runs"]["10"]["engine"]["uncovered_h"] = 50.0
    again = write_results(results, tmp_path)
    written = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert written == again + notes
    assert again != tables
    json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
