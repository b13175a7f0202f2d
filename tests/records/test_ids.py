"""The one parser of record ids and page numbers (sprava.ids), on the hostile values."""

from __future__ import annotations

import pytest

from sprava import ids
from tests.assets.numbers import HOSTILE_NUMBERS, IDS, HostileNumber


@pytest.mark.parametrize("number", HOSTILE_NUMBERS, ids=IDS)
def test_no_hostile_value_is_an_id(number: HostileNumber) -> None:
    with pytest.raises(ids.InvalidNumber):
        ids.parse_id(number.text)
    assert ids.id_or_none(number.text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("1", 1), ("00042", 42), (str(ids.MAX_ID), ids.MAX_ID), ("0" * 5000 + "7", 7)])
def test_ascii_digits_up_to_the_largest_key_are_ids(text: str, expected: int) -> None:
    assert ids.parse_id(text) == expected


def test_a_json_number_is_checked_as_it_is() -> None:
    assert ids.parse_id(5) == 5
    for value in (0, -1, ids.MAX_ID + 1, 1.0, True, None):
        with pytest.raises(ids.InvalidNumber):
            ids.parse_id(value)


def test_a_number_above_the_maximum_says_so_for_pagers_to_clamp() -> None:
    with pytest.raises(ids.NumberTooLarge):
        ids.parse_positive("21", maximum=20)
    assert ids.parse_positive("0", minimum=0, maximum=5) == 0
