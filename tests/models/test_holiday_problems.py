"""The agent form's public-holiday note: known countries, aliases, subdivisions."""

from __future__ import annotations

import holidays

from models.timerules import holiday_problems


def test_known_country_and_subdivision_have_no_problem() -> None:
    assert holiday_problems("EE", "") is None
    assert holiday_problems("US", "CA") is None
    assert holiday_problems("UK", "") is None  # an alias the holidays package knows
    assert holiday_problems("", "") is None  # no country: no holidays, no problem


def test_unknown_country_and_subdivision_are_named() -> None:
    assert holiday_problems("XX", "") == "no public-holiday calendar for country 'XX'"
    message = holiday_problems("US", "ZZ")
    assert message is not None
    assert message.startswith("no subdivision 'ZZ' in US; known: AK, AL")


def test_the_codes_are_those_the_holidays_package_lists() -> None:
    from models.timerules import _country_codes

    assert _country_codes() == frozenset(holidays.list_supported_countries())
