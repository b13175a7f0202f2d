"""What a reader without identity access sees of a protected witness besides the name: per the
one rule (`records.identity.HIDDEN_FACTS`), no custody timeline, no gender, and acts suffered
whose victim reads "a protected person", on every page that shows those facts.

For a political prisoner, a prison, exact dates and "whereabouts not acknowledged" identify them
from public lists as surely as a name.
"""

from __future__ import annotations

import datetime
import re

import pytest

from sprava.records import services
from sprava.records.models import CustodyPeriod
from tests.web_records.conftest import ACTOR, World, text

pytestmark = pytest.mark.django_db

WITHOUT_IDENTITY = ("lawyer", "investigator", "analyst", "viewer")
CELL = "Kamera 13, the secret wing"  # the custody period's detail
HELD_ON = datetime.date(2020, 7, 17)


@pytest.fixture
def held(world: World) -> CustodyPeriod:
    """The protected witness (who suffered act2) was held, unacknowledged, at Akrestsina."""
    services.save_record(world.act2, actor=ACTOR)  # act2's victim is the witness already
    return services.save_record(CustodyPeriod(
        person=world.witness, place=world.akrestsina, place_detail=CELL, acknowledged=False,
        start_date=HELD_ON, end_date=datetime.date(2021, 2, 1), notes="moved at night"),
        actor=ACTOR)


def _rows(page: str, marker: str) -> list[str]:
    """The table rows (or list items) of a page that contain `marker`."""
    return [row for row in re.split(r"<tr|<li", page) if marker in row]


def _custody_visible(page: str) -> bool:
    return any(s in page for s in (CELL, "moved at night", "17.07.2020", "2020-07-17",
                                   "17 July 2020", "whereabouts not acknowledged"))


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_viewer_without_identity_access_sees_no_custody_timeline(
        world: World, held: CustodyPeriod, client_of, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = client_of(persona)
    for url in (f"/persons/{world.witness.pk}/", f"/places/{world.akrestsina.pk}/"):
        page = text(client.get(url))
        assert not _custody_visible(page), url
    assert client.get(f"/custody/{held.pk}/").status_code == 404
    assert client.get(f"/custody/{held.pk}/edit/").status_code == 404


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_viewer_without_identity_access_sees_no_gender_of_a_protected_person(
        world: World, client_of, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = client_of(persona)
    page = text(client.get(f"/persons/{world.witness.pk}/"))
    assert "Female" not in page
    for row in _rows(text(client.get("/persons/")), "W-0001"):
        assert "Female" not in row


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_acts_suffered_by_a_protected_person_do_not_name_them(
        world: World, client_of, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = client_of(persona)
    witness_url = f"/persons/{world.witness.pk}/"
    act_url = f"/acts/{world.act2.pk}/"
    for url in ("/acts/", f"/incidents/{world.incident.pk}/"):
        rows = _rows(text(client.get(url)), act_url)
        assert rows, url
        for row in rows:
            assert "W-0001" not in row and witness_url not in row, url
            assert "a protected person" in row, url
    detail = text(client.get(act_url))
    assert "W-0001" not in detail and witness_url not in detail
    assert act_url not in text(client.get("/acts/", {"victim": world.witness.pk}))
    person_page = text(client.get(witness_url))
    assert act_url not in person_page


def test_the_lead_with_identity_access_sees_every_fact(
        world: World, held: CustodyPeriod, client_of) -> None:  # type: ignore[no-untyped-def]
    client = client_of("lead")
    page = text(client.get(f"/persons/{world.witness.pk}/"))
    assert CELL in page and "whereabouts not acknowledged" in page and "Female" in page
    assert f"/acts/{world.act2.pk}/" in page
    assert _rows(text(client.get(f"/places/{world.akrestsina.pk}/")), "W-0001")
    assert f"/acts/{world.act2.pk}/" in text(client.get("/acts/", {"victim": world.witness.pk}))


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_the_history_of_a_hidden_person_lists_no_custody_entries(
        world: World, held: CustodyPeriod, client_of, persona: str) -> None:  # type: ignore[no-untyped-def]
    page = text(client_of(persona).get(f"/persons/{world.witness.pk}/"))
    assert "custodyperiod #" not in page


@pytest.mark.parametrize("persona", WITHOUT_IDENTITY)
def test_a_search_result_does_not_name_the_victim_of_a_hidden_act(
        world: World, client_of, persona: str) -> None:  # type: ignore[no-untyped-def]
    world.act2.description = "Taken from the yard to an unknown place"
    services.save_record(world.act2, actor=ACTOR)
    page = text(client_of(persona).get("/search/", {"q": "unknown place"}))
    rows = _rows(page, f"/acts/{world.act2.pk}/")
    assert rows
    assert all("W-0001" not in row and f"/persons/{world.witness.pk}/" not in row
               for row in rows)
    lead = text(client_of("lead").get("/search/", {"q": "unknown place"}))
    assert "W-0001" in "".join(_rows(lead, f"/acts/{world.act2.pk}/"))


@pytest.mark.parametrize("persona", ("lawyer", "investigator"))
def test_the_edit_form_of_an_act_does_not_name_its_hidden_victim(
        world: World, client_of, persona: str) -> None:  # type: ignore[no-untyped-def]
    answer = client_of(persona).get(f"/acts/{world.act2.pk}/edit/")
    assert answer.status_code == 403
    assert f"P-{world.witness.pk:06d}" not in text(answer)
    assert client_of("lead").get(f"/acts/{world.act2.pk}/edit/").status_code == 200
