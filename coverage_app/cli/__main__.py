"""``python -m coverage_app.cli`` is the ``coverage-scheduler`` command."""

from coverage_app.cli import program

if __name__ == "__main__":
    program()
