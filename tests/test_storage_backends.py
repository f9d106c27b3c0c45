"""The db_url fixture itself: without a PostgreSQL server that variant is skipped with its
reason on a developer's machine, and fails under CI=true, where the PostgreSQL leg is required."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage_backends import POSTGRES_URL_ENV

ROOT = Path(__file__).resolve().parent.parent

# A session whose machine has no PostgreSQL programs and no server was given.
_NO_POSTGRES_CONFTEST = """
pytest_plugins = ["tests.storage_backends"]


def pytest_configure(config):
    import tests.storage_backends as backends

    backends.postgres_bin_dir = lambda: None
"""

_A_STORAGE_TEST = """
from sqlalchemy.engine import make_url


def test_a_database_url(db_url):
    assert make_url(db_url).get_backend_name() in ("sqlite", "postgresql")
"""


@pytest.fixture
def without_postgres(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv(POSTGRES_URL_ENV, raising=False)
    pytester.makeconftest(_NO_POSTGRES_CONFTEST)
    pytester.makepyfile(test_storage=_A_STORAGE_TEST)
    return pytester


def test_without_a_server_the_postgresql_variant_is_skipped_with_the_reason(without_postgres,
                                                                            monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    result = without_postgres.runpytest_subprocess("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines([
        "PostgreSQL leg: 0 passed, 1 skipped (PostgreSQL not available: set "
        "COVERAGE_TEST_POSTGRES_URL to a server, or install the PostgreSQL server programs*",
    ])


def test_under_ci_a_missing_server_fails_the_postgresql_variant(without_postgres, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = without_postgres.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([
        "*CI=true requires the PostgreSQL leg of the storage tests: set "
        "COVERAGE_TEST_POSTGRES_URL*",
        "PostgreSQL leg: 0 passed, 1 failed or errors",
    ])
    assert result.ret != 0
