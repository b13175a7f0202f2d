"""Record links are built from a URL reversed once per name; they equal Django's reverse()."""

from __future__ import annotations

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from sprava.web.records.context import url_of


@pytest.mark.parametrize(("name", "key"), [
    ("records:person-detail", 42), ("records:act-edit", 7), ("records:incident-delete", 1),
    ("records:case-detail", "akrestsina-2020"),
])
def test_a_record_url_is_what_reverse_gives(name: str, key: object) -> None:
    assert url_of(name, key) == reverse(name, args=[key])


def test_a_record_url_follows_the_script_prefix() -> None:
    set_script_prefix("/sprava/")
    try:
        assert url_of("records:person-detail", 42) == "/sprava/persons/42/"
    finally:
        clear_script_prefix()
    assert url_of("records:person-detail", 42) == "/persons/42/"
