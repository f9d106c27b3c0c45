"""Counts in messages are in the right number."""

from models.words import count, noun_for


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert count(1, "gap") == "1 gap"
    assert count(0, "gap") == "0 gaps"
    assert count(2, "possible hire") == "2 possible hires"
    assert count(1234, "shift") == "1,234 shifts"
    assert count(3, "person", "people") == "3 people"
    assert noun_for(1, "column") == "column"
    assert noun_for(2, "column") == "columns"
