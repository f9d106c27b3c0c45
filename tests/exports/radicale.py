"""A real CalDAV server for the push tests: Radicale, started on 127.0.0.1 in a temporary folder.

Each server gets a free port, its own storage folder and a plain htpasswd file (or no
authentication at all), and a rights file: every user may read and write its own collections,
except those listed as read-only. The tests wait until the server answers HTTP (polling with a
deadline, no fixed delay) and stop it by its PID.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

READY_WITHIN = 30.0  # seconds: Radicale starts in well under a second on an idle machine


@dataclass(frozen=True)
class RadicaleServer:
    url: str  # http://127.0.0.1:PORT/
    folder: Path
    process: subprocess.Popen[bytes]

    def collection(self, *parts: str) -> str:
        return self.url + "".join(f"{part}/" for part in parts)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rights(read_only: Sequence[str]) -> str:
    """First matching section wins: read-only collections, then each signed-in user's own
    collections; the root may be listed. Anonymous requests are refused, so clients sign in
    (with no authentication, any name and password is accepted)."""
    sections = [f"[read-only-{i}]\nuser: .+\ncollection: {path.strip('/')}\npermissions: r\n"
                for i, path in enumerate(read_only)]
    sections.append("[own]\nuser: .+\ncollection: {user}(/.*)?\npermissions: RrWw\n")
    sections.append("[root]\nuser: .+\ncollection:\npermissions: R\n")
    return "\n".join(sections)


def _config(folder: Path, port: int, users: Mapping[str, str] | None) -> str:
    if users is None:
        auth = "type = none\ndelay = 0.01\n"  # a refused sign-in waits this long
    else:
        (folder / "users").write_text("".join(f"{name}:{password}\n"
                                              for name, password in users.items()))
        auth = (f"type = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
                "htpasswd_encryption = plain\ndelay = 0.01\n")
    return (f"[server]\nhosts = 127.0.0.1:{port}\n"
            f"[auth]\n{auth}"
            f"[rights]\ntype = from_file\nfile = {folder / 'rights'}\n"
            f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
            "[web]\ntype = none\n"
            "[logging]\nlevel = warning\nmask_passwords = True\n")


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("OPTIONS", "/")
        status = connection.getresponse().status
        connection.close()
    except OSError:
        return False
    return status < 500


@contextlib.contextmanager
def running_radicale(folder: Path, *, users: Mapping[str, str] | None = None,
                     read_only: Sequence[str] = ()) -> Iterator[RadicaleServer]:
    """Radicale serving ``folder``; ``users`` (name: plain password) turns on basic auth."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rights").write_text(_rights(read_only))
    port = free_port()
    (folder / "config").write_text(_config(folder, port, users))
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "radicale", "--config",
                                str(folder / "config")],
                               stdout=log, stderr=subprocess.STDOUT, cwd=folder,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + READY_WITHIN
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("Radicale did not start:\n"
                            + (folder / "server.log").read_text(errors="replace"))
            time.sleep(0.05)  # polling interval while waiting for the port, not a fixed delay
        yield RadicaleServer(f"http://127.0.0.1:{port}/", folder, process)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
