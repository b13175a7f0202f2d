"""A number in a page's query string or path is read by one rule (`sprava.ids`): hostile values
(tests/assets/numbers.py) are refused clearly, never a 500 and never read as another number."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
from django.test import Client

from sprava.web.records.config import KINDS
from sprava.web.records.fields import IdField
from sprava.web.records.filters import ReferenceFilter
from tests.assets.numbers import HOSTILE_NUMBERS
from tests.web_records.conftest import World, text

REFUSED = "Enter a re"  # "Enter a record number…" or "Enter a reference such as P-000042…"
NUMBER_FILTERS = [(kind.name, kind.path, name) for kind in KINDS.values()
                  if kind.filters is not None
                  for name, field in kind.filters.base_fields.items()
                  if isinstance(field, IdField | ReferenceFilter)]
LISTS = [kind.path for kind in KINDS.values() if kind.listed]
BY_NUMBER = [kind.path for kind in KINDS.values() if kind.lookup == "pk"]
HOSTILE = [n for n in HOSTILE_NUMBERS if n.text]  # an empty filter is no filter


def _client(client_of: Callable[[str], Client]) -> Client:
    client = client_of("lead")
    client.raise_request_exception = False  # a 500 is an answer to assert on, not a crash
    return client


def test_the_filters_under_test_include_the_ones_that_answered_500() -> None:
    assert {("act", "victim"), ("act", "perpetrator"), ("act", "incident"),
            ("testimony", "given_by"), ("testimony", "incident")} <= {
        (kind, name) for kind, _, name in NUMBER_FILTERS}


def _answers(client: Client, urls: dict[str, str]) -> dict[str, int]:
    """The status of each hostile URL, by the hostile value's id."""
    return {name: client.get(url).status_code for name, url in urls.items()}


# One test per page, looping over the values: the world is built once per page, not per value.
@pytest.mark.parametrize(("kind", "path", "name"), NUMBER_FILTERS,
                         ids=[f"{k}-{n}" for k, _, n in NUMBER_FILTERS])
def test_a_hostile_number_in_a_filter_is_shown_as_wrong_and_not_obeyed(
    world: World, client_of: Callable[[str], Client], kind: str, path: str, name: str,
) -> None:
    client = _client(client_of)
    whole = text(client.get(f"/{path}/")).split("<tbody>")[1].split("</tbody>")[0]
    # A record filter takes a reference as forms do, and forms forgive the spaces around one.
    typed = isinstance(KINDS[kind].filters.base_fields[name], ReferenceFilter)
    for number in HOSTILE:
        if typed and number.id == "blank-padded":
            continue
        response = client.get(f"/{path}/", {name: number.text})
        assert response.status_code == 200, number.id
        page = text(response)
        assert REFUSED in page, number.id
        # Not obeyed: the list is the whole list, as if the filter were empty ("١٢" is not 12).
        assert page.split("<tbody>")[1].split("</tbody>")[0] == whole, number.id


@pytest.mark.parametrize("path", [*(f"{p}/?" for p in LISTS), "evidence/?", "ledger/?",
                                  "search/?q=Akrestsina&kind=incidents&"])
def test_a_hostile_page_number_shows_a_page(
    world: World, client_of: Callable[[str], Client], path: str
) -> None:
    answers = _answers(_client(client_of), {
        n.id: f"/{path}page={quote(n.text)}" for n in HOSTILE_NUMBERS})
    assert set(answers.values()) <= {200, 403}, answers  # the ledger is for administrators


@pytest.mark.parametrize("suffix", ["", "edit/", "delete/"])
@pytest.mark.parametrize("path", BY_NUMBER)
def test_a_hostile_number_in_a_path_is_not_found(
    world: World, client_of: Callable[[str], Client], path: str, suffix: str
) -> None:
    answers = _answers(_client(client_of), {
        n.id: f"/{path}/{quote(n.text)}/{suffix}" for n in HOSTILE})
    assert set(answers.values()) == {404}, answers


@pytest.mark.parametrize("url", ["/evidence/{}/", "/evidence/{}/download/", "/thumbnails/{}/"])
def test_a_hostile_evidence_number_is_not_found(
    world: World, client_of: Callable[[str], Client], url: str
) -> None:
    answers = _answers(_client(client_of), {n.id: url.format(quote(n.text)) for n in HOSTILE})
    assert set(answers.values()) == {404}, answers


@pytest.mark.parametrize("query", ["/acts/new/?incident={}", "/names/new/?person={}",
                                   "/persons/?q=P-{}", "/persons/?q={}"])
def test_a_hostile_number_where_a_page_takes_a_record_is_never_a_500(
    world: World, client_of: Callable[[str], Client], query: str
) -> None:
    answers = _answers(_client(client_of), {
        n.id: query.format(quote(n.text)) for n in HOSTILE})
    assert set(answers.values()) <= {200, 404}, answers


def test_a_person_filter_takes_the_reference_forms_take_or_its_bare_number(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = _client(client_of)

    def acts(victim: str) -> str:
        page = text(client.get("/acts/", {"victim": victim}))
        assert REFUSED not in page, victim
        return page.split("<tbody>")[1].split("</tbody>")[0]

    by_number = acts(str(world.victim.pk))
    assert f'href="/acts/{world.act.pk}/"' in by_number
    for typed in (f"P-{world.victim.pk:06d}", f"p{world.victim.pk}", f" P-{world.victim.pk} "):
        assert acts(typed) == by_number, typed
    # Another kind's letter is refused, not read as a person's number.
    page = text(client.get("/acts/", {"victim": f"I-{world.victim.pk:06d}"}))
    assert "Enter a reference such as P-000042" in page


def test_a_record_number_in_ascii_digits_still_filters(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(_client(client_of).get("/acts/", {"victim": str(world.victim.pk)}))
    assert REFUSED not in page
    assert page.count('href="/acts/') - page.count('href="/acts/new/') >= 1
