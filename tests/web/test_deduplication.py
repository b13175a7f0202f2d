"""Deduplication confers no visibility: who uploads bytes already held sees only what they sent.

Case A's team holds a photograph: it arrived for their case with its collection details, it is
linked to their incident, and their lead downloaded it for the prosecutor. An outsider (no
membership) and a member of another team then upload the same bytes. Each sees their own
receipt and their own custody events, and nothing of case A's: not its receipt, its file name,
its collection details, who downloaded it and why, or what it is linked to. The upload result
says "stored", in the words and shape a new file gets, so it does not confirm that the file
was already held; only someone who could already see the item is told it is a duplicate.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sprava.accounts.tokens import create_token
from sprava.evidence.access import open_item
from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item, Receipt
from sprava.home.vault import open_vault
from sprava.records import services
from sprava.records.models import Incident
from tests.accounts.conftest import Personas, make_personas, signed_in
from tests.web.conftest import text
from tests.web_records.conftest import PNG, put

# What only case A's team knows about the photograph.
THEIR_NAME = "akrestsina-yard-secret.png"
THEIR_SOURCE = "a guard who must stay unknown"
THEIR_REASON = "for the prosecutor"
THEIR_INCIDENT = "Beatings in the yard"


@dataclass
class Held:
    people: Personas
    item: Item
    incident: Incident


@pytest.fixture
def held(db: None, settings: Any) -> Held:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    people = make_personas()
    outcome = ingest_stream(io.BytesIO(PNG), vault=open_vault(), filename=THEIR_NAME,
                            actor="user:lead", user=people.lead,
                            collection=Collection(collected_by=THEIR_SOURCE),
                            source_path="web upload", case=people.case.reference)
    incident = services.save_record(Incident(case=people.case, title=THEIR_INCIDENT),
                                    actor="user:lead")
    services.link_evidence(incident, outcome.item, actor="user:lead")
    for _ in open_item(outcome.item, vault=open_vault(read=True), actor="user:lead",
                       reason=THEIR_REASON):
        pass
    return Held(people, outcome.item, incident)


def upload(client: Client, name: str, content: bytes, **fields: str) -> Any:
    return client.post("/evidence/upload/", {"files": [SimpleUploadedFile(name, content)],
                                             **fields}, follow=True)


def numbers_on(page: str) -> set[int]:
    """The item numbers a page links to."""
    return {int(n) for n in re.findall(r'href="/evidence/(\d+)/"', page)}


def the_teams_number(held: Held) -> int:
    """The number case A's team knows the photograph by (its list, searched by digest)."""
    page = signed_in(held.people.viewer).get("/evidence/", {"q": held.item.sha256[:12]})
    [number] = numbers_on(text(page))
    return number



def sent(client: Client, name: str, content: bytes, **fields: str) -> int:
    """Upload one file; the number the result page gives it."""
    [number] = numbers_on(text(upload(client, name, content, **fields)))
    return number

SECRETS = (THEIR_NAME, THEIR_SOURCE, THEIR_REASON, THEIR_INCIDENT, "user:lead",
           "already held", "already in the locker", "Already in the locker")


def assert_nothing_of_theirs(page: str) -> None:
    for secret in SECRETS:
        assert secret not in page, secret


def _shape(page: str) -> str:
    """A result page with what differs between two uploads anyway (names, numbers, digests)
    blanked: two pages of the same shape and words compare equal."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "CSRF", page)
    page = re.sub(r"[0-9a-f]{64}", "DIGEST", page)
    page = re.sub(r"[0-9a-f]{16}…", "DIGEST…", page)
    page = re.sub(r"\d+", "N", page)
    return page.replace("mine-dup.png", "NAME").replace("mine-new.png", "NAME")


@pytest.mark.parametrize("persona", ["outsider", "other_lead"])
def test_uploading_held_bytes_answers_as_for_a_new_file(held: Held, persona: str) -> None:
    client = signed_in(held.people[persona])
    case = {"case": held.people.other_case.reference} if persona == "other_lead" else {}
    dup = upload(client, "mine-dup.png", PNG, **case)
    new = upload(client, "mine-new.png", PNG + b"another photograph", **case)
    assert dup.status_code == new.status_code == 200
    assert [r["status"] for r in dup.context["rows"]] == ["stored"]
    assert_nothing_of_theirs(text(dup))
    assert _shape(text(dup)) == _shape(text(new))


@pytest.mark.parametrize("persona", ["outsider", "other_lead"])
def test_the_uploader_of_held_bytes_sees_only_their_own_receipt(held: Held,
                                                                persona: str) -> None:
    client = signed_in(held.people[persona])
    mine = sent(client, "mine-dup.png", PNG, collected_by="me")
    page = text(client.get(f"/evidence/{mine}/"))
    assert "mine-dup.png" in page and "me" in page
    assert_nothing_of_theirs(page)
    receipt = Receipt.objects.get(original_filename="mine-dup.png")
    assert f"{receipt.received_at:%Y-%m-%d %H:%M:%S}" in page  # "first received": their own


@pytest.mark.parametrize("persona", ["outsider", "other_lead"])
def test_the_list_and_the_digest_search_show_the_uploader_only_their_own_name(
        held: Held, persona: str) -> None:
    client = signed_in(held.people[persona])
    upload(client, "mine-dup.png", PNG)
    for query in ("", held.item.sha256[:8], f"sha256:{held.item.sha256[:12]}"):
        page = text(client.get("/evidence/", {"q": query}))
        assert "mine-dup.png" in page, query
        assert_nothing_of_theirs(page)
    assert "No item matches" in text(client.get("/evidence/", {"q": "yard-secret"}))


def test_the_uploader_gets_back_only_the_bytes_they_sent(held: Held) -> None:
    client = signed_in(held.people.outsider)
    mine = sent(client, "mine-dup.png", PNG)
    thumbnail = client.get(f"/thumbnails/{mine}/")
    download = client.post(f"/evidence/{mine}/download/")
    assert thumbnail.status_code == download.status_code == 200
    assert b"".join(download.streaming_content) == PNG  # type: ignore[attr-defined]
    assert "mine-dup.png" in download["Content-Disposition"]  # their name, not case A's
    assert THEIR_NAME not in download["Content-Disposition"]


def test_the_outsiders_reads_stay_out_of_the_teams_view_and_theirs_out_of_the_outsiders(
        held: Held) -> None:
    outsider = signed_in(held.people.outsider)
    mine = sent(outsider, "mine-dup.png", PNG)
    outsider.post(f"/evidence/{mine}/download/", {"reason": "my own copy"})
    team = text(signed_in(held.people.viewer).get(f"/evidence/{the_teams_number(held)}/"))
    assert THEIR_NAME in team and THEIR_REASON in team
    assert "my own copy" not in team and "mine-dup.png" not in team and "outsider" not in team
    page = text(outsider.get(f"/evidence/{mine}/"))
    assert "my own copy" in page
    assert_nothing_of_theirs(page)


def test_someone_who_already_sees_the_item_is_told_it_is_a_duplicate(held: Held) -> None:
    response = upload(signed_in(held.people.viewer), "again.png", PNG)
    assert [r["status"] for r in response.context["rows"]] == ["duplicate"]
    assert "already in the locker" in text(response)


def test_an_item_one_sees_only_through_ones_receipt_can_be_linked_without_seeing_more(
        held: Held) -> None:
    """The other team files its own copy to its own incident (by the API): they still see
    their receipt's time, not the day case A's copy arrived."""
    people = held.people
    mine = sent(signed_in(people.other_lead), "mine-dup.png", PNG,
                case=people.other_case.reference)
    theirs = services.save_record(Incident(case=people.other_case, title="Ours"),
                                  actor="user:other_lead")
    token = create_token(people.other_lead, "tests", actor="test")
    api = Client(headers={"authorization": f"Bearer {token}"})
    path = f"/api/v1/incidents/{theirs.pk}/evidence"
    linked = api.post(path, {"item": mine}, content_type="application/json")
    assert linked.status_code == 201, linked.content
    receipt = Receipt.objects.get(original_filename="mine-dup.png")
    [row] = api.get(path).json()["items"]
    assert row["received_at"].startswith(f"{receipt.received_at:%Y-%m-%dT%H:%M:%S}")
    assert linked.json()["received_at"] == row["received_at"]
    page = text(signed_in(people.other_lead).get(f"/evidence/{mine}/"))
    assert_nothing_of_theirs(page)
    # Case A's team does not see the other team's receipt or link either.
    team = text(signed_in(people.viewer).get(f"/evidence/{the_teams_number(held)}/"))
    assert "mine-dup.png" not in team and "Ours" not in team


def test_the_uploader_of_a_new_file_sees_it(held: Held) -> None:
    mine = sent(signed_in(held.people.outsider), "else.bin", b"something else")
    assert signed_in(held.people.outsider).get(f"/evidence/{mine}/").status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "other_lead"])
def test_the_number_given_for_held_bytes_is_as_fresh_as_a_new_files(held: Held,
                                                                    persona: str) -> None:
    """Numbers grow with arrivals: given the number case A's team knows the item by, lower
    than any fresh one (or one seen before), the uploader would learn it was held."""
    put(b"the locker moves on", "later.bin", case=held.people.case.reference)
    team = the_teams_number(held)
    client = signed_in(held.people[persona])
    before, dup, after = (
        numbers_on(text(upload(client, name, content)))
        for name, content in (("mine-new-1.png", PNG + b"1"), ("mine-dup.png", PNG),
                              ("mine-new-2.png", PNG + b"2")))
    assert len(before) == len(dup) == len(after) == 1
    assert min(before) < min(dup) < min(after)
    assert team not in dup
    assert team not in numbers_on(text(client.get("/evidence/")))


@pytest.mark.parametrize("persona", ["outsider", "other_lead"])
def test_the_uploader_of_held_bytes_cannot_reach_them_by_the_teams_number(
        held: Held, persona: str) -> None:
    """Pages, thumbnail and download answer the team's number as a missing one, whereas the
    uploader's own number opens all three."""
    team = the_teams_number(held)
    client = signed_in(held.people[persona])
    mine = sent(client, "mine-dup.png", PNG)
    for path in (f"/evidence/{team}/", f"/thumbnails/{team}/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/evidence/{team}/download/").status_code == 404
    for path in (f"/evidence/{mine}/", f"/thumbnails/{mine}/"):
        assert client.get(path).status_code == 200, path
    assert client.post(f"/evidence/{mine}/download/").status_code == 200


def test_the_api_gives_the_uploader_their_own_number_and_refuses_the_teams(held: Held) -> None:
    people = held.people
    team = the_teams_number(held)
    mine = sent(signed_in(people.other_lead), "mine-dup.png", PNG,
                case=people.other_case.reference)
    theirs = services.save_record(Incident(case=people.other_case, title="Ours"),
                                  actor="user:other_lead")
    token = create_token(people.other_lead, "tests", actor="test")
    api = Client(headers={"authorization": f"Bearer {token}"})
    path = f"/api/v1/incidents/{theirs.pk}/evidence"
    refused = api.post(path, {"item": team}, content_type="application/json")
    assert refused.status_code == 400, refused.content
    linked = api.post(path, {"item": mine}, content_type="application/json")
    assert linked.status_code == 201, linked.content
    assert linked.json()["id"] == mine
    assert [row["id"] for row in api.get(path).json()["items"]] == [mine]
    assert api.delete(f"{path}/{team}?reason=test").status_code == 404
    assert api.delete(f"{path}/{mine}?reason=test").status_code == 204


def test_a_team_sending_bytes_an_outsider_sent_first_gets_a_fresh_number(held: Held) -> None:
    """The other way round: whoever sent the bytes first, the team does not learn it from the
    number either, and its number does not change when others send them later."""
    people = held.people
    outsiders = signed_in(people.outsider)
    first = sent(outsiders, "first.bin", b"sent by an outsider first")
    put(b"the locker moves on", "later.bin", user=people.outsider)
    lead = signed_in(people.lead)
    answer = upload(lead, "ours.bin", b"sent by an outsider first", case=people.case.reference)
    assert [r["status"] for r in answer.context["rows"]] == ["stored"]
    [ours] = numbers_on(text(answer))
    assert ours > first
    team = the_teams_number(held)
    upload(signed_in(people.other_lead), "again.png", PNG)
    assert the_teams_number(held) == team
    assert numbers_on(text(outsiders.get("/evidence/"))) >= {first}


def test_the_link_form_takes_the_uploaders_number_and_not_the_teams(held: Held) -> None:
    people = held.people
    client = signed_in(people.other_lead)
    mine = sent(client, "mine-dup.png", PNG, case=people.other_case.reference)
    theirs = services.save_record(Incident(case=people.other_case, title="Ours"),
                                  actor="user:other_lead")
    url = f"/incidents/{theirs.pk}/evidence/"
    refused = text(client.post(url, {"item": the_teams_number(held)}, follow=True))
    assert "There is no evidence item" in refused
    assert not theirs.evidence.exists()
    linked = client.post(url, {"item": mine}, follow=True)
    assert f"Evidence item {mine} linked." in text(linked)
    assert theirs.evidence.get() == held.item
    page = text(client.get(f"/incidents/{theirs.pk}/"))
    assert numbers_on(page) == {mine} and f'data-src="/thumbnails/{mine}/"' in page
