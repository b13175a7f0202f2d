"""References that name a record to people (sprava.records.references): I-000012, P-000042."""

from __future__ import annotations

import pytest

from sprava.records import references
from sprava.records.references import InvalidReference, Reference
from tests.assets.numbers import HOSTILE_NUMBERS, IDS, HostileNumber


def test_a_record_of_a_kind_with_a_letter_is_named_by_letter_and_six_digits() -> None:
    assert references.reference("records.incident", 12) == "I-000012"
    assert references.reference("records.person", 42) == "P-000042"
    assert references.reference("records.custodyperiod", 27) == "C-000027"
    assert references.reference("records.position", 5) == "#5"


@pytest.mark.parametrize("typed", ["I-000012", "i-12", "I12", "  I-000012 "])
def test_a_reference_is_read_back_with_or_without_its_dash_and_zeros(typed: str) -> None:
    assert references.parse(typed) == Reference("records.incident", 12)
    assert references.parse(typed).subject == "records.incident:12"


def test_a_bare_number_needs_the_kind_it_is_of() -> None:
    assert references.parse("12", "records.act") == Reference("records.act", 12)
    assert references.parse("#12", "records.act") == Reference("records.act", 12)
    with pytest.raises(InvalidReference):
        references.parse("12")


def test_a_reference_of_another_kind_than_asked_is_refused() -> None:
    with pytest.raises(InvalidReference):
        references.parse("P-000042", "records.incident")
    with pytest.raises(InvalidReference):
        references.parse("X-000001")  # no kind has this letter


def test_a_ledger_subject_names_any_kind() -> None:
    assert references.parse("records.position:5") == Reference("records.position", 5)
    assert references.of_subject("records.custodyperiod:27") == Reference(
        "records.custodyperiod", 27)
    assert references.of_subject("") is None
    assert references.of_subject("checkpoint 5") is None


@pytest.mark.parametrize("number", [n for n in HOSTILE_NUMBERS if n.id != "blank-padded"],
                         ids=[i for i in IDS if i != "blank-padded"])
def test_no_hostile_number_makes_a_reference(number: HostileNumber) -> None:
    for typed in (f"I-{number.text}", f"records.incident:{number.text}"):
        with pytest.raises(InvalidReference):
            references.parse(typed)
    with pytest.raises(InvalidReference):
        references.parse(number.text, "records.incident")
