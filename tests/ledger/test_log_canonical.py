"""The log's fast canonical JSON writes exactly what rfc8785 writes, or fails as it fails."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from sprava.integrity.hashing import digest_bytes
from sprava.ledger import log
from sprava.ledger.events import Event, canonical, entry_document

# Every character, surrogates included: a lone surrogate cannot be UTF-8 and must be refused.
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=20)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6) | any_text, inner, max_size=4)
    ),
    max_leaves=20,
)


def outcome(function: Any, document: Any) -> tuple[str, bytes | type[BaseException]]:
    try:
        return "ok", function(document)
    except Exception as exc:
        return "error", type(exc)


@given(st.dictionaries(st.text(max_size=6) | any_text, documents, max_size=6))
def test_fast_canonical_equals_rfc8785(document: dict[str, Any]) -> None:
    assert outcome(log._canonical, document) == outcome(rfc8785.dumps, document)


@pytest.mark.parametrize(
    "document",
    [
        {"s": 'control \x00\x01\x1f\x7f tab\t nl\n quote" backslash\\ slash/'},
        {"s": "Беларусь 𝄞 \u2028\u2029 \ufeff"},
        {"\ue000": 1, "\U0001f600": 2},  # UTF-16 order differs from code point order here
        {"n": 2**53 - 1, "m": -(2**53) + 1},
        {"n": 2**53},
        {"f": 1.0, "g": 1e21, "h": 5e-7},
        {"bad": "\ud800"},
        {"t": (1, 2)},
        {1: "not a string key"},
        {"nested": [{"b": [], "a": {}}, [None, True, False]]},
    ],
)
def test_edge_cases_match_rfc8785(document: dict[Any, Any]) -> None:
    assert outcome(log._canonical, document) == outcome(rfc8785.dumps, document)


def test_an_intake_entry_takes_the_fast_path_and_matches() -> None:
    event = Event(
        actor="cli:tester",
        action="evidence:item:received",
        items=(digest_bytes(b"evidence"),),
        case="case-1",
        details={"filename": "фото 1.jpg", "media_type": "image/jpeg", "duplicate": False},
    )
    document = entry_document(7, datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC), event)
    assert log._plain_json(document)
    assert log._canonical(document) == canonical(document)
