"""Goods given to the state that is attacked are aid to it, outside the cooperation this monitor
follows: never a transfer to its attacker, nor from a partner taken from the sentences before; weapons
fired into it are still its attacker's."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 11, 20)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def transfers(text: str, ref: Reference) -> list[tuple[object, ...]]:
    """(from, to, confidence) of each arms transfer."""
    return [
        (c.from_actor_id, c.to_actor_id, c.confidence)
        for c in extract_items(text, PUBLISHED, ref)
        if c.category == "arms_transfer"
    ]


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        ("The United Kingdom has supplied Ukraine with missiles.", "GBR"),
        ("The United States will provide Ukraine with air defence systems.", "USA"),
        ("South Korea will consider supplying weapons to Ukraine.", "KOR"),
        ("North Korea shipped shells to Russia. Western partners have sent arms to Ukraine.", None),
        (
            "North Korea shipped shells to Russia. The international community is supporting Ukraine, "
            "including the provision of arms.",
            None,
        ),
    ],
)
def test_aid_to_the_attacked_state_is_no_transfer_to_its_attacker(
    text: str, supplier: str | None, ref: Reference
) -> None:
    aid = [t for t in transfers(text, ref) if t[1] == "UKR"]
    assert [(s, r) for s, r, _ in aid] == [(supplier, "UKR")]
    assert all(confidence < 0.5 for _, _, confidence in aid)  # off the cooperation, or no supplier named
    assert not [t for t in transfers(text, ref) if t[1] == "RUS" and t[0] != "PRK"]


@pytest.mark.parametrize(
    "text",
    [
        "North Korean missiles were fired into Ukraine.",
        "North Korea sent shells to Russia to use against Ukraine.",
        "Russia fired North Korean missiles at Ukraine.",
    ],
)
def test_weapons_used_against_the_attacked_state_are_its_attackers(text: str, ref: Reference) -> None:
    assert [(s, r) for s, r, _ in transfers(text, ref)] == [("PRK", "RUS")]
