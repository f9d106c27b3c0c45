"""Reading the workbook's tables back: the header row sits under the title block."""

from __future__ import annotations

import re
from typing import Any


def header_row(ws: Any) -> int:
    """The 1-based row of the column headers: the frozen panes start just under it."""
    found = re.fullmatch(r"A(\d+)", str(ws.freeze_panes))
    assert found is not None, (ws.title, ws.freeze_panes)
    return int(found.group(1)) - 1


def records(ws: Any) -> list[dict[str, object]]:
    """The rows of a sheet's table as dicts by column header, up to the first empty row."""
    rows = ws.iter_rows(min_row=header_row(ws), values_only=True)
    header = next(rows)
    found = []
    for row in rows:
        if row[0] is None:
            break  # the table ends; totals and notes follow a blank row
        found.append(dict(zip(header, row, strict=False)))
    return found
