"""Shared test set-up: Qt offscreen, logs in a temporary folder, the demo scenario."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

import models  # noqa: F401  (pins zone data to the tzdata package before any test)
from models.domain import Scenario


def _one_colorama_wrap_only() -> None:
    """The `ics` parser the calendar tests use runs on tatsu, which calls colorama.init() on
    every parse when colorama is installed (pyqtgraph, for the Compare page, brings it). Under
    pytest's captured output each call wraps sys.stdout once more, until isatty() recurses too
    deep. The app never imports tatsu; here, wrapping once is enough."""
    try:
        import colorama
    except ImportError:
        return
    colorama.init = lambda *args, **kwargs: None


_one_colorama_wrap_only()

# db_url: each storage test on a SQLite file and on PostgreSQL (see tests/storage_backends.py)
pytest_plugins = ["pytester", "tests.storage_backends"]


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Logs and the default database go to a temporary folder, never the user's."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("COVERAGE_SCHEDULER_LOG_DIR", str(base / "logs"))
    monkeypatch.setenv("COVERAGE_SCHEDULER_DATA_DIR", str(base / "data"))


@pytest.fixture(scope="session")
def demo() -> Scenario:
    from coverage_app.services.scenarios import demo_scenario

    return demo_scenario()
