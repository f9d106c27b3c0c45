"""``python -m coverage_app.cli`` is the ``coverage-scheduler`` command."""

import sys

from coverage_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
