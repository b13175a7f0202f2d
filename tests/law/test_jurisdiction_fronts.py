"""The jurisdiction page, the act page's block, `GET /api/v1/cases/{id}/jurisdiction` and
`sprava law jurisdiction`: thin front ends over `law.jurisdiction`, for the case's members
only, protected victims never named to a reader without identity access."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from sprava.accounts.tokens import create_token
from sprava.cli import main
from sprava.ledger import tags
from sprava.ledger.models import Entry
from sprava.records.identity import HIDDEN_VICTIM
from tests.accounts.conftest import signed_in
from tests.law.case9 import ACTOR, PUBLIC_NAME, SECRET_NAME, Case9

pytestmark = pytest.mark.django_db


def page_url(case9: Case9) -> str:
    return reverse("law:case-jurisdiction", args=[case9.people.case.reference])


def api(case9: Case9, persona: str, **params: str) -> object:
    token = create_token(case9.people[persona], "tests", actor=ACTOR)
    client = Client(headers={"authorization": f"Bearer {token}"})
    return client.get(f"/api/v1/cases/{case9.people.case.pk}/jurisdiction", params)


def reveals() -> int:
    return Entry.objects.filter(action=tags.IDENTITY_REVEALED).count()


# --- attacks first ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_lead", "outsider", "administrator"])
def test_a_non_member_finds_no_page_and_no_answer(case9: Case9, persona: str) -> None:
    assert signed_in(case9.people[persona]).get(page_url(case9)).status_code == 404
    response = api(case9, persona)
    assert response.status_code == 404  # type: ignore[attr-defined]
    assert response.json() == {"detail": "not found"}  # type: ignore[attr-defined]
    act = reverse("records:act-detail", args=[case9.vilnius_2021.pk])
    assert signed_in(case9.people[persona]).get(act).status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(case9: Case9) -> None:
    response = Client().get(page_url(case9))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_viewer_without_identity_access_never_sees_the_protected_victim(
        case9: Case9) -> None:
    before = reveals()
    html = signed_in(case9.people.viewer).get(page_url(case9)).content.decode()
    assert SECRET_NAME not in html
    assert str(HIDDEN_VICTIM) in html  # what they suffered is hidden: not even the pseudonym
    assert PUBLIC_NAME in html
    body = api(case9, "viewer", venue="icc").json()  # type: ignore[attr-defined]
    shown = json.dumps(body, ensure_ascii=False)
    assert SECRET_NAME not in shown and case9.secret.pseudonym not in shown
    victims = {item["id"]: item["victim"] for item in body["venues"][0]["reachable_acts"]["items"]}
    assert victims[case9.vilnius_2021.pk] == {"id": None, "label": str(HIDDEN_VICTIM),
                                              "protected": True}
    assert reveals() == before


def test_the_lead_sees_the_name_and_the_ledger_knows(case9: Case9) -> None:
    before = reveals()
    html = signed_in(case9.people.lead).get(page_url(case9)).content.decode()
    assert SECRET_NAME in html
    assert reveals() == before + 1


# --- the page --------------------------------------------------------------------------------


def test_the_page_lists_per_venue_the_acts_it_reaches_and_why(case9: Case9) -> None:
    response = signed_in(case9.people.analyst).get(page_url(case9))
    assert response.status_code == 200
    html = response.content.decode()
    for venue in ("icc", "lt", "de", "pl", "peoples-tribunal"):
        assert f'id="{venue}"' in html
    icc = html[html.index('id="icc"'):html.index('id="lt"')]
    for act in (case9.vilnius_2021, case9.kyiv_2024, case9.torture_vilnius):
        assert reverse("records:act-detail", args=[act.pk]) in icc
    for act in (case9.minsk, case9.vilnius_2002, case9.undated):
        assert f'href="{reverse("records:act-detail", args=[act.pk])}"' not in icc
    assert "ICC-RoC46(3)-01/18-37" in icc
    assert "not a State Party" in icc  # the Minsk act's group, with its reason
    assert reverse("records:act-detail", args=[case9.other_act.pk]) not in html


def test_the_case_page_links_to_it(case9: Case9) -> None:
    html = signed_in(case9.people.viewer).get(
        reverse("records:case-detail", args=[case9.people.case.reference])).content.decode()
    assert page_url(case9) in html


def test_the_acts_page_has_a_jurisdiction_block(case9: Case9) -> None:
    html = signed_in(case9.people.viewer).get(
        reverse("records:act-detail", args=[case9.minsk.pk])).content.decode()
    block = html[html.index('id="jurisdiction"'):]
    assert "not a State Party" in block
    assert f'{page_url(case9)}#icc' in block
    assert "People" in block


def test_the_page_speaks_belarusian(case9: Case9) -> None:
    client = signed_in(case9.people.viewer, headers={"accept-language": "be"})
    html = client.get(page_url(case9)).content.decode()
    assert "Вільнюс" in html


# --- the API ---------------------------------------------------------------------------------


def test_the_api_answers_per_venue_with_counts_crimes_and_a_page_of_acts(case9: Case9) -> None:
    response = api(case9, "viewer")
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["case"] == {"id": case9.people.case.pk, "reference": "akrestsina-2020"}
    venues = {venue["venue"]: venue for venue in body["venues"]}
    assert set(venues) == {"icc", "lt", "de", "pl", "peoples-tribunal"}
    icc = venues["icc"]
    assert icc["rule"] == "icc-territorial"
    assert icc["counts"] == {"link": 3, "no-link": 2, "unknown": 3, "not-needed": 0}
    assert icc["referral"] == 2
    assert {c["crime"]: c["acts"] for c in icc["crimes"]} == {
        "deportation": 2, "torture": 1, "persecution": 1}
    acts = icc["reachable_acts"]
    assert acts["count"] == 3
    item = next(i for i in acts["items"] if i["id"] == case9.vilnius_2021.pk)
    assert item["place"] == "vilnius" and item["country"] == "LT"
    assert item["finding"]["status"] == "link" and item["finding"]["referral"] == "covered"
    assert [r["code"] for r in item["finding"]["reasons"]][:2] == ["icc-state-party",
                                                                  "icc-ruling"]
    assert venues["peoples-tribunal"]["reachable_acts"]["count"] == 8


def test_the_api_pages_and_narrows_to_one_venue(case9: Case9) -> None:
    body = api(case9, "viewer", venue="peoples-tribunal", limit="3", offset="6").json()  # type: ignore[attr-defined]
    [venue] = body["venues"]
    assert venue["reachable_acts"]["count"] == 8
    assert len(venue["reachable_acts"]["items"]) == 2


def test_an_unknown_venue_is_a_400(case9: Case9) -> None:
    response = api(case9, "viewer", venue="atlantis")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "atlantis" in response.json()["detail"]  # type: ignore[attr-defined]


def test_places_in_the_api_carry_their_country(case9: Case9) -> None:
    token = create_token(case9.people.viewer, "tests", actor=ACTOR)
    client = Client(headers={"authorization": f"Bearer {token}"})
    rows = client.get("/api/v1/places", {"q": "Vilnius"}).json()["items"]
    assert {row["code"]: row["country"] for row in rows}["vilnius"] == "LT"


# --- the command line ------------------------------------------------------------------------


def sprava(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_answers_a_member(case9: Case9, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sprava(capsys, "law", "jurisdiction", "akrestsina-2020", "--as", "viewer")
    assert code == 0
    assert "3 of 8 acts can be brought here" in out
    assert "not a State Party" in out
    assert SECRET_NAME not in out and PUBLIC_NAME not in out


def test_the_command_prints_json_for_one_venue(case9: Case9,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sprava(capsys, "law", "jurisdiction", "akrestsina-2020", "--venue", "icc",
                          "--json", "--as", "viewer")
    assert code == 0
    [venue] = json.loads(out)["venues"]
    assert venue["counts"]["link"] == 3
    assert {act["id"] for act in venue["reachable_acts"]} == {
        case9.vilnius_2021.pk, case9.kyiv_2024.pk, case9.torture_vilnius.pk}


def test_the_command_refuses_a_member_of_another_case(
        case9: Case9, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = sprava(capsys, "law", "jurisdiction", "akrestsina-2020", "--as",
                            "other_lead")
    assert code == 2 and not out
    assert "may not view" in err
