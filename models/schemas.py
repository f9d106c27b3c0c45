"""Write the JSON Schemas of the scenario and plan files: ``python -m models.schemas DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

from models.files import plan_schema, scenario_schema, write_json_atomic


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, schema in (("scenario", scenario_schema()), ("plan", plan_schema())):
        path = folder / f"{name}.schema.json"
        write_json_atomic(path, schema)
        written.append(path)
    return written


if __name__ == "__main__":
    write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "resources"))
