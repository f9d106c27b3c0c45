"""Writing a file all at once: a reader sees the old file or the whole new one, never half.

The new content goes to a temporary file beside the target, which then replaces the target in
one ``os.replace``. The temporary file is created the way ``open()`` creates a file, with mode
0666 less the process umask (and a folder's default ACL), so an export into a folder that a web
server publishes is readable there like any other file the user writes; ``private=True`` gives
0600 instead, for files only their owner may read (database backups). ``tempfile.mkstemp``
cannot do either: it always creates 0600.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PUBLIC_MODE = 0o666  # less the umask, as open() does
PRIVATE_MODE = 0o600
_ATTEMPTS = 100


@contextmanager
def replacing(path: Path, *, private: bool = False) -> Iterator[Path]:
    """A new empty file beside ``path`` to fill; when the block ends without an error it
    replaces ``path`` at once, and on an error it is removed and ``path`` stays as it was."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _new_file_beside(target, PRIVATE_MODE if private else PUBLIC_MODE)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` so that ``path`` is either untouched or complete, flushed to the disk."""
    with replacing(path, private=private) as temporary, temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_text_atomic(path: Path, text: str, *, private: bool = False) -> None:
    """Write ``text`` as UTF-8 (line ends as given), atomically as :func:`write_bytes_atomic`."""
    write_bytes_atomic(path, text.encode("utf-8"), private=private)


def _new_file_beside(target: Path, mode: int) -> Path:
    """Create (exclusively) a hidden temporary file in the target's folder; the kernel applies
    the umask to ``mode`` exactly as it does for open()."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL  # never follows a link planted there
    for _ in range(_ATTEMPTS):
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(candidate, flags, mode))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"no free name for a temporary file beside {target}")
