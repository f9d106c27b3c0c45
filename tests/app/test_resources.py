"""Every icon and style sheet the app asks for exists and loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import resources

ROOT = Path(__file__).resolve().parents[2]


def _referenced(pattern: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "coverage_app").rglob("*.py"):
        names.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return names


def test_every_referenced_icon_exists() -> None:
    referenced = _referenced(r"""\bicon\(\s*["']([a-z0-9_-]+)["']\s*\)""")
    assert referenced, "the app references icons"
    missing = referenced - set(resources.icon_names())
    assert not missing


def test_every_referenced_stylesheet_exists() -> None:
    for name in _referenced(r"""\bstylesheet\(\s*["']([a-z0-9_-]+)["']\s*\)""") | {"style"}:
        assert "{" in resources.stylesheet(name)


def test_icons_render(qapp: object) -> None:
    for name in resources.icon_names():
        icon = resources.icon(name)
        assert not icon.isNull(), name
        image = icon.pixmap(24, 24).toImage()
        assert any(image.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24))


def test_unknown_icon_is_an_error() -> None:
    with pytest.raises(FileNotFoundError):
        resources.icon_bytes("no-such-icon")
