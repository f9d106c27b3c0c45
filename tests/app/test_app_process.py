"""The desktop app as a process: a first start on the demo database reaches its readiness
markers, and SIGTERM closes it like the window's close button (solve stopped, exit code 0)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32",
                                reason="POSIX signals")


def test_first_start_shows_a_rota_and_sigterm_closes_the_app_cleanly(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               COVERAGE_SCHEDULER_READY_MARKERS="1")
    database = str(tmp_path / "demo.sqlite")
    command = [sys.executable, "-m", "coverage_app.cli"]
    subprocess.run([*command, "demo", "--db", database], env=env, check=True,
                   capture_output=True)
    app = subprocess.Popen([*command, "--db", database], env=env, stderr=subprocess.PIPE,
                           stdout=subprocess.DEVNULL, text=True)
    assert app.stderr is not None
    stages = []
    for line in app.stderr:
        if line.startswith("coverage-scheduler ready: "):
            stages.append(line.split(": ", 1)[1].strip())
        if "rota" in stages:
            break
    assert stages[-3:] == ["window", "team", "rota"]
    app.send_signal(signal.SIGTERM)  # while the first solve is still improving its plan
    rest = app.stderr.read()
    assert app.wait(timeout=120) == 0
    assert "Traceback" not in rest
