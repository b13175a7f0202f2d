"""The assessment and conclusion pages of a perpetrator in a case and of a case's context: the
same forms and views as an act's, for the other two targets. Attacks first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sprava.evidence.visibility import first_number
from sprava.law.models import Assessment, Conclusion
from tests.law.conftest import INSIDER_NAME, WITNESS_NAME, World

Clients = Callable[[str], Client]


def perpetrator_url(world: World, page: str = "assessments", person: Any = None,
                    case: str = "") -> str:
    pk = (person or world.perpetrator).pk
    return f"/cases/{case or world.case.reference}/perpetrators/{pk}/{page}/new/"


def context_url(world: World, page: str = "assessments", case: str = "") -> str:
    return f"/cases/{case or world.case.reference}/context/{page}/new/"


def assessment(world: World, **changes: Any) -> dict[str, Any]:
    values = {"element": "commission:commission-1", "source": f"position:{world.position.pk}",
              "pinpoint_kind": "", "pinpoint": "", "direction": "supports",
              "category": "linkage", "strength": "circumstantial", "reliability": "B",
              "reasoning": "Commanded the company that beat them.", "reason": ""}
    values.update(changes)
    return values


def context_assessment(world: World, **changes: Any) -> dict[str, Any]:
    return assessment(world, **{"element": "ctx-1", "category": "context",
                                "source": f"item:{first_number(world.item)}",
                                "pinpoint_kind": "page", "pinpoint": "2",
                                "reasoning": "The order to clear the streets.", **changes})


def conclusion(element: str) -> dict[str, str]:
    return {"element": element, "state": "met", "standard": "reasonable-grounds",
            "reasoning": "Shown by the order."}


def pages(world: World) -> list[tuple[str, dict[str, Any]]]:
    return [(perpetrator_url(world), assessment(world)),
            (perpetrator_url(world, "conclusions"), conclusion("commission:commission-1")),
            (context_url(world), context_assessment(world)),
            (context_url(world, "conclusions"), conclusion("ctx-1"))]


def nothing_written() -> bool:
    return not Assessment.objects.exists() and not Conclusion.objects.exists()


# --- attacks ---------------------------------------------------------------------------------


def test_a_member_of_another_case_finds_no_page(world: World, client_of: Clients) -> None:
    stranger = client_of("other_lead")
    for url, values in pages(world):
        assert stranger.get(url).status_code == 404, url
        assert stranger.post(url, values).status_code == 404, url
    assert nothing_written()


def test_a_person_or_case_not_of_the_reader_is_not_found(world: World,
                                                         client_of: Clients) -> None:
    lead = client_of("lead")
    other_perpetrator = world.other_involvement.perpetrator
    for url in (perpetrator_url(world, person=other_perpetrator),
                perpetrator_url(world, "conclusions", person=other_perpetrator),
                perpetrator_url(world, case=world.other_case.reference),
                context_url(world, case=world.other_case.reference),
                context_url(world, case="no-such-case"),
                f"/cases/{world.case.reference}/perpetrators/999999/assessments/new/"):
        assert lead.get(url).status_code == 404, url
        assert lead.post(url, assessment(world)).status_code == 404, url
    assert nothing_written()


@pytest.mark.parametrize("persona", ["viewer", "investigator"])
def test_a_viewer_cannot_assess_nor_conclude(world: World, client_of: Clients,
                                             persona: str) -> None:
    client = client_of(persona)
    for url, values in pages(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, values).status_code == 403, url
    assert nothing_written()
    person_page = client.get(f"/persons/{world.perpetrator.pk}/").content.decode()
    assert "/perpetrators/" not in person_page
    assert "/context/assessments/new/" not in client.get(
        f"/cases/{world.case.reference}/context/").content.decode()


def test_an_analyst_cannot_conclude(world: World, client_of: Clients) -> None:
    analyst = client_of("analyst")
    for url, values in pages(world)[1::2]:
        assert analyst.get(url).status_code == 403, url
        assert analyst.post(url, values).status_code == 403, url
    assert nothing_written()
    person_page = analyst.get(f"/persons/{world.perpetrator.pk}/").content.decode()
    assert "/assessments/new/?mode=commission&amp;element=commission-1" in person_page
    assert "/conclusions/new/" not in person_page


def test_a_source_of_another_case_is_refused(world: World, client_of: Clients) -> None:
    analyst = client_of("analyst")
    offered = analyst.get(perpetrator_url(world)).content.decode()
    for source in (f"testimony:{world.testimony.pk}", f"position:{world.position.pk}",
                   f"involvement:{world.involvement.pk}", f"custody:{world.custody.pk}",
                   f"item:{first_number(world.item)}"):
        assert source in offered, source
    for source in (f"testimony:{world.other_testimony.pk}", f"custody:{world.other_custody.pk}",
                   f"involvement:{world.other_involvement.pk}",
                   f"involvement:{world.insider_involvement.pk}",  # another perpetrator's
                   f"item:{first_number(world.other_item)}"):
        assert source not in offered, source
        for url, values in ((perpetrator_url(world), assessment(world)),
                            (context_url(world), context_assessment(world))):
            response = analyst.post(url, {**values, "source": source, "paragraph": "1",
                                          "pinpoint_kind": "page", "pinpoint": "1"})
            assert response.status_code == 400, (url, source)
            assert "Nothing was saved" in response.content.decode()
    # A mode not claimed against them is not assessed either: the domain's refusal.
    refused = analyst.post(perpetrator_url(world), assessment(world, element="ordering:ordering-1"))
    assert refused.status_code == 400
    assert nothing_written()


def test_a_reader_without_identity_access_sees_pseudonyms_in_the_choices(
        world: World, client_of: Clients) -> None:
    from sprava.records.models import Involvement
    from tests.law.conftest import save

    # The perpetrator beat the protected victim too: that victim's custody is in their reach.
    save(Involvement(act=world.hidden_act, perpetrator=world.perpetrator, mode="commission"))
    for persona in ("analyst", "lawyer"):
        for url in (perpetrator_url(world), perpetrator_url(world, person=world.insider),
                    context_url(world)):
            page = client_of(persona).get(url).content.decode()
            assert WITNESS_NAME not in page and INSIDER_NAME not in page, (persona, url)
            assert world.witness.pseudonym in page, (persona, url)
        # A protected victim's custody timeline is hidden: not offered.
        assert f"custody:{world.hidden_custody.pk}" not in client_of(persona).get(
            perpetrator_url(world)).content.decode()
    lead = client_of("lead").get(perpetrator_url(world)).content.decode()
    assert WITNESS_NAME in lead and f"custody:{world.hidden_custody.pk}" in lead


# --- the pages -------------------------------------------------------------------------------


def test_an_analyst_assesses_a_perpetrator_and_goes_back_to_their_page(
        world: World, client_of: Clients) -> None:
    analyst = client_of("analyst")
    opened = analyst.get(perpetrator_url(world) + "?mode=commission&element=commission-2")
    assert 'value="commission:commission-2" selected' in opened.content.decode()
    response = analyst.post(perpetrator_url(world), assessment(world))
    assert response.status_code == 302
    assert response["Location"] == f"/persons/{world.perpetrator.pk}/#command"
    row = Assessment.objects.get()
    assert (row.case, row.perpetrator, row.mode, row.element, row.position, row.act) == (
        world.case, world.perpetrator, "commission", "commission-1", world.position, None)
    testimony = analyst.post(perpetrator_url(world), assessment(
        world, source=f"testimony:{world.testimony.pk}", paragraph="2"))
    assert testimony.status_code == 302 and Assessment.objects.count() == 2


def test_a_lawyer_concludes_on_a_perpetrator_and_on_the_context(world: World,
                                                                client_of: Clients) -> None:
    lawyer = client_of("lawyer")
    person_page = lawyer.get(f"/persons/{world.perpetrator.pk}/").content.decode()
    assert "/conclusions/new/?mode=commission&amp;element=commission-1" in person_page
    response = lawyer.post(perpetrator_url(world, "conclusions"),
                           conclusion("commission:commission-1"))
    assert response["Location"] == f"/persons/{world.perpetrator.pk}/#command"
    response = lawyer.post(context_url(world, "conclusions"), conclusion("ctx-2"))
    assert response["Location"] == f"/cases/{world.case.reference}/context/#policy"
    assert sorted(Conclusion.objects.values_list("mode", "element")) == [
        ("", "ctx-2"), ("commission", "commission-1")]


def test_policy_evidence_assessed_on_the_page_is_listed_there(world: World,
                                                              client_of: Clients) -> None:
    analyst = client_of("analyst")
    context_page = f"/cases/{world.case.reference}/context/"
    assert "/context/assessments/new/?element=ctx-1" in analyst.get(context_page).content.decode()
    assert 'value="ctx-2" selected' in analyst.get(
        context_url(world) + "?element=ctx-2").content.decode()
    response = analyst.post(context_url(world), context_assessment(world))
    assert response["Location"] == f"{context_page}#policy"
    row = Assessment.objects.get()
    assert (row.act, row.perpetrator, row.element, row.item) == (None, None, "ctx-1", world.item)
    page = client_of("viewer").get(context_page).content.decode()
    day = row.created_at.date().isoformat()
    assert (f"Part of a widespread or systematic attack — Supports, Circumstantial: evidence item "
            f"{first_number(world.item)} (medical.pdf), p. 2. The order to clear the streets. "
            f"(analyst, {day})") in page


@pytest.mark.parametrize(("language", "title"), [
    ("be", "Ацаніць кантэкст справы"), ("ru", "Оценить контекст дела")])
def test_the_pages_speak_the_chosen_language(world: World, client_of: Clients, language: str,
                                             title: str) -> None:
    analyst = client_of("analyst")
    analyst.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert title in analyst.get(context_url(world)).content.decode()


def test_only_the_custody_of_the_victims_of_their_acts_is_offered(world: World,
                                                                  client_of: Clients) -> None:
    page = client_of("lead").get(perpetrator_url(world)).content.decode()
    assert f"custody:{world.custody.pk}" in page  # the victim of their act
    assert f"custody:{world.hidden_custody.pk}" not in page  # a victim of an act not theirs
