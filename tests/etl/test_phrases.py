"""Cue phrases written with choices in braces are spelled out when the lexicons load."""

from __future__ import annotations

from etl.extract.phrases import expand, expand_lists


def test_each_choice_is_spelled_out_with_single_spaces() -> None:
    assert sorted(expand("{voice|voiced} {grave |}concern")) == [
        "voice concern",
        "voice grave concern",
        "voiced concern",
        "voiced grave concern",
    ]


def test_lists_and_mappings_of_lists_are_spelled_out_and_other_values_kept() -> None:
    doc = {"cues": ["{a|b} c", "a c"], "status": {"expected": ["{will|would} send"]}, "weight": 0.5}
    assert expand_lists(doc) == {
        "cues": ["a c", "b c"],
        "status": {"expected": ["will send", "would send"]},
        "weight": 0.5,
    }
