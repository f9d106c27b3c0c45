"""The benchmark's instance families, by name: ``instance(family, size, seed)``.

- ``desk``: the support desk of ``bench/generate.py`` (skills, a dedicated phone duty, seven
  zones with DST changes, 30-minute grid, contracts with flexible shift lengths);
- ``tight`` and ``loose``: follow-the-sun instances of ``bench/follow_sun.py`` (four fixed-offset
  zones, fixed 8 h shifts, anonymous hourly demand at 97.5 % and 88 % of capacity).
"""

from __future__ import annotations

from bench.follow_sun import generate_family
from bench.generate import SIZES, generate
from models.domain import Period, Scenario

FAMILIES = ("desk", "tight", "loose")
SIZE_NAMES = tuple(SIZES)


def instance(family: str, size: str, seed: int = 0) -> tuple[Scenario, Period]:
    if family == "desk":
        return generate(size, seed)
    if family in FAMILIES:
        return generate_family(family, size, seed)
    raise ValueError(f"unknown instance family {family!r}; choose from {', '.join(FAMILIES)}")
