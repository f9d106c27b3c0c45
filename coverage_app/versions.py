"""Versions shown by ``--version`` and the About box."""

from __future__ import annotations

import platform
from importlib import metadata

APP_NAME = "Coverage Scheduler"


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    from models.timerules import tzdata_version

    return {
        APP_NAME: package_version("coverage-scheduler"),
        "Zone data (tzdata)": f"{tzdata_version()} (package {package_version('tzdata')})",
        "OR-Tools": package_version("ortools"),
        "Qt for Python": package_version("PySide6-Essentials"),
        "SQLAlchemy": package_version("SQLAlchemy"),
        "Python": platform.python_version(),
    }


def version_text() -> str:
    items = versions()
    head = f"{APP_NAME} {items.pop(APP_NAME)}"
    return "\n".join([head, *(f"  {k}: {v}" for k, v in items.items())])
