"""The Java tools the local-search baseline needs (Timefold Solver runs on Java 17+)."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

INSTALL = ("install a Java 17+ development kit (Debian: apt-get install "
           "openjdk-17-jdk-headless) or set JAVA_HOME")


def _tool(name: str) -> str:
    home = os.environ.get("JAVA_HOME")
    path = str(Path(home) / "bin" / name) if home else shutil.which(name)
    if not path or not Path(path).exists():
        raise FileNotFoundError(f"no Java 17+ development kit found: {INSTALL}")
    return path


def java_tools() -> tuple[str, str]:
    """``java`` and ``javac``: from JAVA_HOME if set, else from the PATH."""
    return _tool("java"), _tool("javac")


def solver_jars() -> Path:
    """The folder of Timefold Solver's jars, which the ``timefold`` package ships (found
    without importing it: importing it starts a Java runtime inside Python)."""
    spec = importlib.util.find_spec("timefold")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the timefold package is not installed (pip install -e '.[bench]')")
    return Path(next(iter(spec.submodule_search_locations))) / "solver" / "jars"


def missing_java() -> str | None:
    """Why the local-search baseline cannot run here, or None when it can."""
    try:
        java_tools()
        jars = solver_jars()
    except FileNotFoundError as error:
        return str(error)
    if not any(jars.glob("timefold-solver-core-*.jar")):
        return f"Timefold Solver's jars are not in {jars}"
    return None
