"""Assessments, conclusions and charges through the API: attacks first, then what it answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sprava.evidence.visibility import first_number
from sprava.law.models import Assessment, Charge, Conclusion
from sprava.ledger import tags
from sprava.ledger.models import Entry
from tests.law.conftest import (
    INSIDER_NAME,
    WITNESS_NAME,
    ApiClient,
    World,
    entries,
    put,
)

pytestmark = pytest.mark.django_db

Api = Callable[[str], ApiClient]


CONCLUSION = {"crime": "torture", "element": "torture-1", "state": "met",
              "standard": "reasonable-grounds", "reasoning": "Yes."}


def body(world: World, **changes: Any) -> dict[str, Any]:
    made = {"act": world.act.pk, "crime": "torture", "element": "torture-1",
            "source": {"type": "item", "id": first_number(world.item), "pinpoint_kind": "page",
                       "pinpoint": "3"},
            "direction": "supports", "category": "crime-base", "strength": "direct",
            "reliability": "B", "reasoning": "Fractures of both hands."}
    made.update(changes)
    return made


def made(world: World, api: Api, persona: str = "analyst", **changes: Any) -> dict[str, Any]:
    response = api(persona).post(f"/cases/{world.case.pk}/assessments", body(world, **changes))
    assert response.status_code == 201, response.content
    answer: dict[str, Any] = response.json()
    return answer


# --- attacks ---------------------------------------------------------------------------------


def test_a_member_of_another_case_finds_nothing(world: World, api: Api) -> None:
    row = made(world, api)
    stranger = api("other_lead")
    case = world.case.pk
    for response in (stranger.get(f"/cases/{case}/assessments"),
                     stranger.post(f"/cases/{case}/assessments", body(world)),
                     stranger.get(f"/assessments/{row['id']}"),
                     stranger.patch(f"/assessments/{row['id']}", {"strength": "direct"}),
                     stranger.post(f"/assessments/{row['id']}/withdraw", {"reason": "x"}),
                     stranger.get(f"/cases/{case}/conclusions"),
                     stranger.post(f"/cases/{case}/conclusions", CONCLUSION | {
                         "act": world.act.pk}),
                     stranger.get(f"/cases/{case}/charges"),
                     stranger.post(f"/cases/{case}/charges", {"crime": "murder"}),
                     stranger.delete(f"/cases/{case}/charges/murder")):
        assert response.status_code == 404, response.content
    assert Assessment.objects.count() == 1


def test_their_own_case_cannot_take_this_cases_act(world: World, api: Api) -> None:
    response = api("other_lead").post(f"/cases/{world.other_case.pk}/assessments", body(world))
    assert response.status_code == 400
    assert response.json()["detail"] == f"unknown act {world.act.pk}"


@pytest.mark.parametrize("persona", ["viewer", "investigator"])
def test_a_viewer_reads_but_cannot_assess(world: World, api: Api, persona: str) -> None:
    row = made(world, api)
    client = api(persona)
    assert client.post(f"/cases/{world.case.pk}/assessments", body(world)).status_code == 403
    assert client.patch(f"/assessments/{row['id']}", {"strength": "direct"}).status_code == 403
    assert client.post(f"/assessments/{row['id']}/withdraw",
                       {"reason": "x"}).status_code == 403
    listed = client.get(f"/cases/{world.case.pk}/assessments").json()
    assert [a["id"] for a in listed["items"]] == [row["id"]]


def test_an_analyst_cannot_conclude_or_charge(world: World, api: Api) -> None:
    analyst = api("analyst")
    conclusion = {"act": world.act.pk, "crime": "torture", "element": "torture-1",
                  "state": "met", "standard": "reasonable-grounds", "reasoning": "Yes."}
    assert analyst.post(f"/cases/{world.case.pk}/conclusions",
                        conclusion).status_code == 403
    assert analyst.post(f"/cases/{world.case.pk}/charges", {"crime": "murder"}).status_code == 403
    assert api("lawyer").post(f"/cases/{world.case.pk}/conclusions",
                              conclusion).status_code == 201
    assert Conclusion.objects.count() == 1


def test_a_source_of_another_case_is_refused(world: World, api: Api) -> None:
    case = f"/cases/{world.case.pk}/assessments"
    lead = api("lead")
    for source in ({"type": "testimony", "id": world.other_testimony.pk, "paragraph": 1},
                   {"type": "custody", "id": world.other_custody.pk},
                   {"type": "involvement", "id": world.other_involvement.pk},
                   {"type": "item", "id": first_number(world.other_item),
                    "pinpoint_kind": "page", "pinpoint": "1"}):
        response = lead.post(case, body(world, source=source))
        assert response.status_code == 400, source
        assert response.json()["detail"].startswith("unknown "), source
    # An item the reader sees (they sent it) that the case does not reach.
    own = put(b"%PDF-1.4 my own notes", "notes.pdf", world.other_case.reference)
    from sprava.accounts.members import add_member

    add_member(world.other_case, world.personas.lead, "viewer", actor="test")
    response = lead.post(case, body(world, source={
        "type": "item", "id": first_number(own), "pinpoint_kind": "page", "pinpoint": "1"}))
    assert response.status_code == 400
    assert "not one of case akrestsina-2020" in response.json()["detail"]
    assert Assessment.objects.count() == 0


def test_a_reader_without_identity_access_sees_pseudonyms(world: World, api: Api) -> None:
    made(world, api, act=None, crime="", perpetrator=world.insider.pk, mode="aiding",
         element="aiding-1", category="linkage",
         source={"type": "testimony", "id": world.testimony.pk, "paragraph": 4})
    for persona in ("analyst", "viewer", "lawyer"):  # no identity access
        answer = api(persona).get(f"/cases/{world.case.pk}/assessments").json()
        text = str(answer)
        assert INSIDER_NAME not in text and WITNESS_NAME not in text, persona
        [row] = answer["items"]
        assert row["perpetrator"]["label"] == world.insider.pseudonym
        assert world.witness.pseudonym in row["source"]["label"]
    assert not Entry.objects.filter(action=tags.IDENTITY_REVEALED).exists()
    answer = api("lead").get(f"/cases/{world.case.pk}/assessments").json()
    assert INSIDER_NAME in answer["items"][0]["perpetrator"]["label"]
    assert Entry.objects.filter(action=tags.IDENTITY_REVEALED).exists()  # and the ledger knows


def test_a_protected_persons_custody_is_withheld_from_a_reader_without_identity_access(
        world: World, api: Api) -> None:
    made(world, api, persona="lead", act=world.hidden_act.pk, element="torture-2",
         source={"type": "custody", "id": world.hidden_custody.pk})
    [row] = api("analyst").get(f"/cases/{world.case.pk}/assessments").json()["items"]
    assert row["source"]["withheld"] is True and row["source"]["id"] is None
    response = api("analyst").post(f"/cases/{world.case.pk}/assessments", body(
        world, act=world.hidden_act.pk, source={"type": "custody",
                                                "id": world.hidden_custody.pk}))
    assert response.status_code == 400  # as if it were not there
    [row] = api("lead").get(f"/cases/{world.case.pk}/assessments").json()["items"]
    assert row["source"]["id"] == world.hidden_custody.pk


# --- what it answers -------------------------------------------------------------------------


def test_an_assessment_reads_back_with_its_element_source_and_version(world: World,
                                                                      api: Api) -> None:
    row = made(world, api)
    assert row["kind"] == "act" and row["act"] == world.act.pk and row["crime"] == "torture"
    assert row["element"] == {"id": "torture-1", "number": 1, "type": "conduct",
                              "label": "Severe pain or suffering", "contextual": False}
    assert row["source"]["type"] == "item" and row["source"]["pinpoint"] == "p. 3"
    assert row["source"]["id"] == first_number(world.item)
    assert row["framework_version"] and row["created_by"] == "analyst"
    assert row["withdrawn"] is False
    assert api("viewer").get(f"/assessments/{row['id']}").json() == row


def test_a_refused_element_says_why(world: World, api: Api) -> None:
    response = api("analyst").post(f"/cases/{world.case.pk}/assessments",
                                   body(world, crime="murder", element="murder-1"))
    assert response.status_code == 400
    assert "charge it first" in response.json()["detail"]
    response = api("analyst").post(f"/cases/{world.case.pk}/assessments",
                                   body(world, element="torture-9"))
    assert response.json()["detail"] == "Torture has no element 'torture-9'"
    response = api("analyst").post(f"/cases/{world.case.pk}/assessments",
                                   body(world, source={"type": "item",
                                                       "id": first_number(world.item),
                                                       "pinpoint_kind": "page",
                                                       "pinpoint": "0"}))
    assert response.status_code == 400 and "12 or 12-14" in response.json()["detail"]


def test_change_and_withdraw_keep_the_history(world: World, api: Api) -> None:
    row = made(world, api)
    analyst = api("analyst")
    changed = analyst.patch(f"/assessments/{row['id']}", {"strength": "corroborating"})
    assert changed.status_code == 200 and changed.json()["strength"] == "corroborating"
    moved = analyst.patch(f"/assessments/{row['id']}", {"source": {
        "type": "testimony", "id": world.testimony.pk, "paragraph": 2}})
    assert moved.json()["source"]["type"] == "testimony"
    assert moved.json()["source"]["pinpoint"] == "para. 2"
    assert analyst.post(f"/assessments/{row['id']}/withdraw", {"reason": ""}).status_code == 400
    withdrawn = analyst.post(f"/assessments/{row['id']}/withdraw", {"reason": "Wrong person."})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn"] is True
    assert withdrawn.json()["withdrawn_reason"] == "Wrong person."
    again = analyst.post(f"/assessments/{row['id']}/withdraw", {"reason": "Again."})
    assert again.status_code == 409
    live = analyst.get(f"/cases/{world.case.pk}/assessments").json()
    assert live["count"] == 0
    every = analyst.get(f"/cases/{world.case.pk}/assessments", withdrawn="true").json()
    assert every["count"] == 1
    assert len(entries(tags.ASSESSMENT_CHANGED)) == 2
    assert len(entries(tags.ASSESSMENT_WITHDRAWN)) == 1


def test_conclusions_supersede_and_list_current_or_all(world: World, api: Api) -> None:
    lawyer = api("lawyer")
    conclusion = {"act": world.act.pk, "crime": "torture", "element": "torture-2",
                  "state": "open", "standard": "reasonable-grounds", "reasoning": "Thin."}
    first = lawyer.post(f"/cases/{world.case.pk}/conclusions", conclusion).json()
    second = lawyer.post(f"/cases/{world.case.pk}/conclusions",
                         {**conclusion, "state": "met", "reasoning": "Custody shown."}).json()
    assert second["current"] is True
    current = lawyer.get(f"/cases/{world.case.pk}/conclusions").json()
    assert [c["id"] for c in current["items"]] == [second["id"]]
    every = lawyer.get(f"/cases/{world.case.pk}/conclusions", superseded="true").json()
    assert [(c["id"], c["superseded_by"]) for c in every["items"]] == [
        (first["id"], second["id"]), (second["id"], None)]
    bad = lawyer.post(f"/cases/{world.case.pk}/conclusions", {**conclusion, "standard": "x"})
    assert bad.status_code == 400


def test_charges_are_added_listed_and_removed(world: World, api: Api) -> None:
    lawyer = api("lawyer")
    added = lawyer.post(f"/cases/{world.case.pk}/charges", {"crime": "persecution"})
    assert added.status_code == 201
    assert added.json()["article"] == "7(1)(h)" and added.json()["name"] == "Persecution"
    assert lawyer.post(f"/cases/{world.case.pk}/charges",
                       {"crime": "persecution"}).status_code == 409
    assert lawyer.post(f"/cases/{world.case.pk}/charges", {"crime": "nope"}).status_code == 400
    assert [c["crime"] for c in api("viewer").get(
        f"/cases/{world.case.pk}/charges").json()] == ["persecution"]
    assert lawyer.delete(f"/cases/{world.case.pk}/charges/murder").status_code == 404
    assert lawyer.delete(f"/cases/{world.case.pk}/charges/persecution",
                         reason="").status_code == 400
    assert lawyer.delete(f"/cases/{world.case.pk}/charges/persecution").status_code == 204
    assert not Charge.objects.exists()
