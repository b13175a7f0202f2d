"""An act's legal analysis on its page, and the pages that change it: attacks first, then the
analysis as lawyers read it, and the one function behind page and API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sprava.evidence.visibility import first_number
from sprava.law.models import Assessment, Charge, Conclusion
from sprava.ledger import tags
from sprava.records import services
from tests.law.conftest import (
    ACTOR,
    INSIDER_NAME,
    WITNESS_NAME,
    ApiClient,
    World,
    entries,
)

Clients = Callable[[str], Client]
Api = Callable[[str], ApiClient]


@pytest.fixture
def linked(world: World) -> World:
    """The medical report linked to the act: a source its form offers."""
    services.link_evidence(world.act, world.item, actor=ACTOR)
    return world


def form(world: World, **changes: Any) -> dict[str, Any]:
    values = {"element": "torture:torture-1", "source": f"item:{first_number(world.item)}",
              "pinpoint_kind": "page", "pinpoint": "3", "direction": "supports",
              "category": "crime-base", "strength": "direct", "reliability": "B",
              "reasoning": "Fractures of both hands.", "reason": ""}
    values.update(changes)
    return values


def act_page(client: Client, world: World) -> str:
    response = client.get(f"/acts/{world.act.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def new(world: World) -> str:
    return f"/acts/{world.act.pk}/assessments/new/"


# --- attacks ---------------------------------------------------------------------------------


def test_a_member_of_another_case_finds_no_page(linked: World, client_of: Clients,
                                                reader: Any) -> None:
    from sprava.law.assessments import assess
    from sprava.law.targets import Target
    from tests.law.conftest import appraisal, page_of

    row = assess(reader("analyst"), Target.of_act(linked.act, "torture", "torture-1"),
                 page_of(linked.item), appraisal())
    stranger = client_of("other_lead")
    for url in (new(linked), f"/assessments/{row.pk}/edit/", f"/assessments/{row.pk}/withdraw/",
                f"/acts/{linked.act.pk}/conclusions/new/",
                f"/cases/{linked.case.reference}/charges/murder/remove/"):
        assert stranger.get(url).status_code == 404, url
        assert stranger.post(url, form(linked)).status_code == 404, url
    assert stranger.get(f"/acts/{linked.act.pk}/").status_code == 404
    assert stranger.post(f"/cases/{linked.case.reference}/charges/",
                         {"crime": "murder"}).status_code == 404
    assert Assessment.objects.count() == 1 and not Charge.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "investigator"])
def test_a_viewer_reads_the_analysis_but_cannot_assess(linked: World, client_of: Clients,
                                                       persona: str) -> None:
    client_of("analyst").post(new(linked), form(linked))
    client = client_of(persona)
    page = act_page(client, linked)
    assert "Legal analysis" in page and "Fractures of both hands." in page
    assert "Assess a source" not in page and "/edit/" not in page.split("legal-analysis")[-1]
    assert client.get(new(linked)).status_code == 403
    assert client.post(new(linked), form(linked)).status_code == 403
    row = Assessment.objects.get()
    assert client.post(f"/assessments/{row.pk}/withdraw/",
                       {"reason": "no"}).status_code == 403
    assert Assessment.objects.get().live


def test_an_analyst_cannot_conclude_or_charge(linked: World, client_of: Clients) -> None:
    analyst = client_of("analyst")
    page = act_page(analyst, linked)
    assert "Assess a source" in page and "Record a conclusion" not in page
    url = f"/acts/{linked.act.pk}/conclusions/new/"
    assert analyst.get(url).status_code == 403
    assert analyst.post(url, {"element": "torture:torture-1", "state": "met",
                              "standard": "reasonable-grounds",
                              "reasoning": "x"}).status_code == 403
    assert analyst.post(f"/cases/{linked.case.reference}/charges/",
                        {"crime": "murder"}).status_code == 403
    assert not Conclusion.objects.exists() and not Charge.objects.exists()


def test_a_source_the_act_does_not_reach_is_not_offered_nor_taken(linked: World,
                                                                  client_of: Clients) -> None:
    analyst = client_of("analyst")
    offered = analyst.get(new(linked)).content.decode()
    assert f"testimony:{linked.testimony.pk}" in offered
    assert f"custody:{linked.custody.pk}" in offered
    assert f"involvement:{linked.involvement.pk}" in offered
    for source in (f"testimony:{linked.other_testimony.pk}",
                   f"custody:{linked.other_custody.pk}",
                   f"involvement:{linked.other_involvement.pk}",
                   f"item:{first_number(linked.other_item)}"):
        assert source not in offered
        response = analyst.post(new(linked), form(linked, source=source, paragraph="1"))
        assert response.status_code == 400, source
    assert not Assessment.objects.exists()


def test_a_reader_without_identity_access_sees_pseudonyms(linked: World, client_of: Clients,
                                                          reader: Any) -> None:
    from sprava.law.assessments import assess
    from sprava.law.sources import Source
    from sprava.law.targets import Target
    from tests.law.conftest import appraisal

    assess(reader("lead"), Target.of_act(linked.act, "torture", "torture-1"),
           Source(testimony=linked.testimony, paragraph=4), appraisal())
    assess(reader("lead"), Target.of_act(linked.act, "torture", "torture-2"),
           Source(involvement=linked.insider_involvement), appraisal(category="linkage"))
    for persona in ("viewer", "analyst", "lawyer"):
        page = act_page(client_of(persona), linked)
        assert WITNESS_NAME not in page and INSIDER_NAME not in page, persona
        assert f"testimony T-{linked.testimony.pk:06d} of {linked.witness.pseudonym}" in page
        assert f"involvement of {linked.insider.pseudonym}" in page
        form_page = client_of("analyst").get(new(linked)).content.decode()
        assert WITNESS_NAME not in form_page and INSIDER_NAME not in form_page
    assert WITNESS_NAME in act_page(client_of("lead"), linked)


# --- the analysis ----------------------------------------------------------------------------


def test_the_act_page_lists_its_crimes_elements_and_sources(linked: World, client_of: Clients,
                                                            reader: Any) -> None:
    from sprava.law.charges import charge

    charge(reader("lawyer"), linked.case, "persecution")
    analyst = client_of("analyst")
    response = analyst.post(new(linked), form(linked))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/acts/{linked.act.pk}/#legal-analysis")
    page = act_page(analyst, linked)
    for text in ("Art. 7(1)(f): Torture", "Art. 7(1)(h): Persecution",
                 "Art. 7(1)(k): Other inhumane acts", "candidate of the act&#x27;s type",
                 "charged in the case", "1. Severe pain or suffering", "2. Custody or control",
                 "4. Part of a widespread or systematic attack", "contextual element",
                 "1 source supports", "evidence item", "medical.pdf", "p. 3", "Direct"):
        assert text in page, text


def test_editing_and_withdrawing_on_the_page_keep_the_history(linked: World,
                                                              client_of: Clients) -> None:
    analyst = client_of("analyst")
    analyst.post(new(linked), form(linked))
    row = Assessment.objects.get()
    edit = f"/assessments/{row.pk}/edit/"
    assert analyst.get(edit).status_code == 200
    changed = form(linked, strength="circumstantial", source=f"testimony:{linked.testimony.pk}",
                   paragraph="5", reason="the witness says it")
    del changed["element"]
    assert analyst.post(edit, changed).status_code == 302
    row.refresh_from_db()
    assert (row.strength, row.testimony, row.paragraph, row.item) == (
        "circumstantial", linked.testimony, 5, None)
    [event] = entries(tags.ASSESSMENT_CHANGED)
    assert event["reason"] == "the witness says it"
    withdraw = f"/assessments/{row.pk}/withdraw/"
    assert analyst.post(withdraw, {"reason": ""}).status_code == 400
    assert analyst.post(withdraw, {"reason": "The witness retracted."}).status_code == 302
    page = act_page(analyst, linked)
    assert "Withdrawn by analyst on" in page and "The witness retracted." in page
    assert Assessment.objects.count() == 1 and len(entries(tags.ASSESSMENT_WITHDRAWN)) == 1
    assert analyst.get(edit).status_code == 403


def test_a_lawyer_concludes_on_the_page(linked: World, client_of: Clients) -> None:
    lawyer = client_of("lawyer")
    url = f"/acts/{linked.act.pk}/conclusions/new/"
    assert "Record a conclusion" in act_page(lawyer, linked)
    opened = lawyer.get(url + "?crime=torture&element=torture-2").content.decode()
    assert 'value="torture:torture-2" selected' in opened
    response = lawyer.post(url, {"element": "torture:torture-2", "state": "met",
                                 "standard": "reasonable-grounds",
                                 "reasoning": "Held at Akrestsina for four days."})
    assert response.status_code == 302
    page = act_page(client_of("viewer"), linked)
    assert "Held at Akrestsina for four days." in page and "Reasonable grounds" in page
    assert Conclusion.objects.get().created_by == linked.personas.lawyer


def test_a_lawyer_charges_and_withdraws_a_charge_on_the_case_page(linked: World,
                                                                  client_of: Clients) -> None:
    lawyer = client_of("lawyer")
    case = f"/cases/{linked.case.reference}/"
    assert "Charge a crime" in lawyer.get(case).content.decode()
    assert "Charge a crime" not in client_of("analyst").get(case).content.decode()
    assert lawyer.post(f"{case}charges/", {"crime": "persecution"}).status_code == 302
    assert "Persecution" in client_of("viewer").get(case).content.decode()
    remove = f"{case}charges/persecution/remove/"
    assert lawyer.post(remove, {"reason": ""}).status_code == 400
    assert lawyer.post(remove, {"reason": "Another theory."}).status_code == 302
    assert not Charge.objects.exists()
    assert lawyer.get(remove).status_code == 404


# --- one function behind page and API --------------------------------------------------------


def _row(row: Assessment) -> dict[str, Any]:
    values = {f.attname: getattr(row, f.attname) for f in Assessment._meta.concrete_fields}
    for name in ("id", "created_at", "created_by_id", "element"):
        values.pop(name)
    return values


def test_the_page_and_the_api_make_the_same_assessment(linked: World, client_of: Clients,
                                                       api: Api) -> None:
    assert client_of("analyst").post(new(linked), form(linked)).status_code == 302
    response = api("lawyer").post(f"/cases/{linked.case.pk}/assessments", {
        "act": linked.act.pk, "crime": "torture", "element": "torture-3",
        "source": {"type": "item", "id": first_number(linked.item), "pinpoint_kind": "page",
                   "pinpoint": "3"},
        "direction": "supports", "category": "crime-base", "strength": "direct",
        "reliability": "B", "reasoning": "Fractures of both hands."})
    assert response.status_code == 201
    by_page, by_api = Assessment.objects.order_by("id")
    assert _row(by_page) == _row(by_api)
    page_event, api_event = entries(tags.ASSESSMENT_CREATED)
    assert (page_event["actor"], api_event["actor"]) == ("user:analyst", "api:lawyer")
    for event in (page_event, api_event):
        event["details"]["after"].pop("element")
        event["details"]["after"].pop("created_by")
        event["details"].pop("record")
    assert page_event["details"] == api_event["details"]
    assert page_event["items"] == api_event["items"]
    # And each front end reads what the other made, alike.
    listed = api("viewer").get(f"/cases/{linked.case.pk}/assessments").json()["items"]
    assert [a["source"]["label"] for a in listed] == [
        f"evidence item {first_number(linked.item)} (medical.pdf), p. 3"] * 2
    page = act_page(client_of("viewer"), linked)
    assert page.count(f"evidence item {first_number(linked.item)} (medical.pdf), p. 3") == 2


@pytest.mark.parametrize(("language", "heading", "refusal"), [
    ("be", "Прававы аналіз", "пішуць так: 12 або 12-14"),
    ("ru", "Правовой анализ", "пишут так: 12 или 12-14"),
])
def test_the_analysis_and_its_refusals_speak_the_chosen_language(
        linked: World, client_of: Clients, language: str, heading: str, refusal: str) -> None:
    analyst = client_of("analyst")
    assert analyst.post("/i18n/setlang/", {"language": language,
                                           "next": "/"}).status_code == 302
    page = act_page(analyst, linked)
    assert heading in page and "Legal analysis" not in page
    refused = analyst.post(new(linked), form(linked, pinpoint="0"))  # the domain's refusal
    assert refused.status_code == 400 and refusal in refused.content.decode()
    assert not Assessment.objects.exists()


def test_an_assessment_on_a_source_the_form_does_not_offer_keeps_it_when_edited(
        linked: World, client_of: Clients, reader: Any) -> None:
    from sprava.law.assessments import assess
    from sprava.law.sources import Source
    from sprava.law.targets import Target
    from tests.law.conftest import PERPETRATOR_NAME, appraisal

    row = assess(reader("lawyer"), Target.of_act(linked.act, "torture", "torture-2"),
                 Source(position=linked.position), appraisal(category="linkage"))
    edit = f"/assessments/{row.pk}/edit/"
    opened = client_of("lawyer").get(edit).content.decode()
    assert "Its source now" in opened and f"position of {PERPETRATOR_NAME}: Commander" in opened
    changed = form(linked, source=f"position:{linked.position.pk}", strength="corroborating",
                   category="linkage")
    del changed["element"]
    assert client_of("lawyer").post(edit, changed).status_code == 302
    row.refresh_from_db()
    assert (row.position, row.strength) == (linked.position, "corroborating")
