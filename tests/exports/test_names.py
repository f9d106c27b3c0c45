"""Calendar file names from display names: safe on Windows, macOS and Linux, and unique."""

from __future__ import annotations

import pytest

from exports.names import MAX_STEM_BYTES, safe_stem, unique_stems


@pytest.mark.parametrize(("name", "stem"), [
    ("Kadri T.", "Kadri T"),
    ("Lucía G.", "Lucía G"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
    ("CON", "CON_"),
    ("nul.txt", "nul.txt_"),
    ("  ...  ", "calendar"),
    ("-rf", "rf"),
    ("tab\there\nnewline", "tab here newline"),
])
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem


def test_long_names_are_cut_between_characters():
    stem = safe_stem("Ж" * 200)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert set(stem) == {"Ж"}


def test_stems_are_unique_ignoring_case_and_never_team():
    stems = unique_stems([("a", "Anna K."), ("b", "anna k."), ("c", "Team"), ("d", "Anna K")],
                         reserved=["team"])
    assert stems == {"a": "Anna K", "b": "anna k 2", "c": "Team 2", "d": "Anna K 3"}
