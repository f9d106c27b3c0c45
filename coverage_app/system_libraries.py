"""The system libraries Qt's X11 (xcb) platform plugin needs on Linux, checked before a window
opens: without one, Qt aborts the process with a message that names the plugin, not the
package. A fresh Debian or Ubuntu desktop often lacks ``libxcb-cursor0``.

The list is what ``libQt6XcbQpa.so.6`` of PySide6 6.7–6.11 links against, from ``ldd``; each
entry is the library's name as ``ctypes.util.find_library`` knows it and its Debian/Ubuntu
package.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable

XCB_LIBRARIES: dict[str, str] = {
    "xcb": "libxcb1",
    "X11-xcb": "libx11-xcb1",
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-randr": "libxcb-randr0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-shm": "libxcb-shm0",
    "xcb-sync": "libxcb-sync1",
    "xcb-xfixes": "libxcb-xfixes0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
    "GL": "libgl1",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
}


def uses_xcb(environ: dict[str, str] | os._Environ[str] = os.environ,
             platform: str = sys.platform) -> bool:
    """Whether Qt will load its xcb plugin here (Linux on X11, no other platform chosen)."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def missing_packages(find: Callable[[str], str | None] = ctypes.util.find_library) -> list[str]:
    """The Debian/Ubuntu packages of the xcb plugin's libraries that cannot be found."""
    return [package for library, package in XCB_LIBRARIES.items() if find(library) is None]


def install_message(packages: list[str]) -> str:
    """What to tell a user whose system lacks them: the exact command, then other systems."""
    return ("The desktop app cannot open a window: Qt needs system libraries this computer "
            f"lacks ({', '.join(packages)}).\n"
            f"On Debian or Ubuntu, install them with:\n\n"
            f"    sudo apt-get install {' '.join(packages)}\n\n"
            "On other systems install the same X11/xcb libraries with their package manager "
            "(Fedora: xcb-util-cursor xcb-util-wm xcb-util-keysyms). Then run the app again; "
            "the command line (coverage-scheduler --help) works without them.")
