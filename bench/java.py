"""Whether a Java runtime is there for the local-search baseline (Timefold runs on Java 17+)."""

from __future__ import annotations

INSTALL = ("install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless) or "
           "set JAVA_HOME")


def missing_java() -> str | None:
    """Why the Timefold baseline cannot run here, or None when it can."""
    try:
        import jpype
    except ImportError:
        return "the timefold package is not installed (pip install -e '.[bench]')"
    try:
        jpype.getDefaultJVMPath()
    except jpype.JVMNotFoundException:
        return f"no Java runtime found: {INSTALL}"
    return None
