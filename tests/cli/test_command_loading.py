"""Only the command being run is loaded: the others' modules bring OR-Tools, SQLAlchemy or
pandas, and loading every one made each command wait for all of them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coverage_app.cli.commands import COMMANDS, build_parser, command_named

SLOW = ("ortools", "sqlalchemy", "pandas", "solver")


def _loaded_after(args: list[str]) -> set[str]:
    """The slow packages imported by the time ``coverage-scheduler ARGS`` has parsed them."""
    code = ("import sys\n"
            "from coverage_app.cli.commands import build_parser\n"
            f"build_parser({args!r}).parse_known_args({args!r})\n"
            f"print(' '.join(m for m in {SLOW!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return set(out.stdout.split())


def test_validate_loads_neither_the_solver_nor_the_database() -> None:
    assert _loaded_after(["validate", "team.json"]) == set()


def test_solve_loads_the_solver() -> None:
    assert "ortools" in _loaded_after(["solve", "team.json", "--start", "2026-03-02"])


@pytest.mark.parametrize(("argv", "named"), [
    (["solve", "--days", "7"], "solve"),
    (["--db", "team.db", "info"], "info"),
    (["--db=team.db", "backup", "copy.sqlite"], "backup"),
    (["--version"], None),
    ([], None),
])
def test_the_command_is_the_first_argument_that_is_no_option(argv: list[str],
                                                             named: str | None) -> None:
    assert command_named(argv) == named


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_its_description_and_arguments_when_named(
        name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser([name, "--help"]).parse_args([name, "--help"])
    assert stop.value.code == 0
    usage = capsys.readouterr().out.split("\n\n")[0]
    assert usage.startswith(f"usage: coverage-scheduler {name} [-h] ")  # more than the stub


def test_a_mistyped_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser(["solv"]).parse_args(["solv"])
    listed = capsys.readouterr().err
    assert all(f"'{name}'" in listed for name in COMMANDS)
