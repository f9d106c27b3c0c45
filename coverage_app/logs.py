"""The log file: where unexpected errors go, so users never see a traceback."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "coverage-scheduler"


def log_path() -> Path:
    override = os.environ.get("COVERAGE_SCHEDULER_LOG_DIR")
    folder = Path(override) if override else platformdirs.user_log_path(APP_DIR_NAME,
                                                                         appauthor=False)
    return folder / "coverage-scheduler.log"


def setup_logging(level: int = logging.INFO) -> None:
    """Log to a rotating file; calling it again is harmless (and follows a moved log folder)."""
    root = logging.getLogger()
    path = log_path()
    for old in [h for h in root.handlers if getattr(h, "_coverage_scheduler", None)]:
        if old._coverage_scheduler == path:  # type: ignore[attr-defined]
            return
        root.removeHandler(old)
        old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._coverage_scheduler = path  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
