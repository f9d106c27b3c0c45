"""File names from display names that are safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
MAX_STEM_BYTES = 100


def safe_stem(name: str, fallback: str = "calendar") -> str:
    """A file name stem: NFC letters kept (accents are fine), separators and reserved names not.

    ``'Lucía G.'`` -> ``'Lucía G'``; ``'a/b:c'`` -> ``'a_b_c'``; ``'CON'`` -> ``'CON_'``.
    """
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub("_", re.sub(r"\s+", " ", text)).strip(" ._-")
    while len(text.encode("utf-8")) > MAX_STEM_BYTES:
        text = text[:-1]
    text = text.rstrip(" .")
    if not text:
        text = fallback
    if text.split(".")[0].lower() in _RESERVED:
        text += "_"
    return text


def unique_stems(names: Iterable[tuple[str, str]], reserved: Iterable[str] = ()) -> dict[str, str]:
    """Safe, case-insensitively unique stems for ``(key, display name)`` pairs, by key.

    A second agent with the same display name gets the first free ``'Name 2'``, ``'Name 3'``...
    ``reserved`` stems (``'team'``) are never given to anyone.
    """
    taken = {r.casefold() for r in reserved}
    result: dict[str, str] = {}
    for key, name in names:
        base = safe_stem(name, fallback=safe_stem(key))
        stem, n = base, 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{base} {n}"
        taken.add(stem.casefold())
        result[key] = stem
    return result
