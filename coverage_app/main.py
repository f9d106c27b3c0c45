"""The desktop app's entry point (the window arrives with the app issue)."""

from __future__ import annotations


def main(db_url: str | None = None) -> int:
    from coverage_app.cli.common import console

    del db_url
    console().print("The desktop app is not built yet; try [bold]coverage-scheduler --help[/].")
    return 0
