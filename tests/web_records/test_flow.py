"""A documenter records an incident with an act, a victim, a perpetrator and evidence, all
through the pages, and every step is in the custody ledger."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client

from sprava.ledger.tags import ITEM_VIEWED
from sprava.records.models import Act, Incident, Involvement, PersonRole
from tests.web_records.conftest import PNG, World, entries, put, text


def test_an_investigator_records_an_incident_with_an_act_victim_and_evidence(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("investigator")

    # 1. A new incident, opened from the case's page.
    case_page = text(client.get(f"/cases/{world.case.reference}/"))
    assert f"/incidents/new/?case={world.case.reference}" in case_page
    form = text(client.get(f"/incidents/new/?case={world.case.reference}"))
    assert f'<option value="{world.case.pk}" selected>' in form
    response = client.post(f"/incidents/new/?case={world.case.reference}", {
        "case": world.case.pk, "title": "Detentions at Pushkinskaya", "start_date": "2020-08-10",
        "date_precision": "day", "place": world.minsk.pk, "narrative": "Riot police detained.",
        "reason": "from the interview of 2021-03-01",
    })
    incident = Incident.objects.get(title="Detentions at Pushkinskaya")
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"

    # 2. An act against a victim nobody has recorded yet.
    page = text(client.get(response["Location"]))
    assert f"/acts/new/?incident={incident.pk}" in page
    response = client.post(f"/acts/new/?incident={incident.pk}", {
        "incident": str(incident.pk), "act_type": world.beating.pk, "new_name": "Taisa New",
        "date_precision": "day", "description": "Beaten with batons in the van.",
    })
    act = Act.objects.get(incident=incident)
    assert response.status_code == 302 and response["Location"] == f"/acts/{act.pk}/"
    assert act.victim is not None
    assert PersonRole.objects.filter(person=act.victim, case=world.case, role="victim").exists()
    assert act.start_date == incident.start_date  # taken from the incident when not given

    # 3. The perpetrator, an existing person, acting for a unit.
    reference = f"P-{world.perpetrator.pk:06d}"
    response = client.post(f"/involvements/new/?act={act.pk}", {
        "perpetrator": reference, "organisation": world.unit.pk, "mode": "commission",
        "basis": "Identified on video.",
    })
    assert response.status_code == 302
    assert response["Location"] == f"/acts/{act.pk}/#perpetrators"
    assert Involvement.objects.get(act=act).perpetrator_id == world.perpetrator.pk

    # 4. A photograph the investigator uploaded, linked to the act.
    item = put(PNG, "injuries.png", user=User.objects.get(username="investigator"))
    response = client.post(f"/acts/{act.pk}/evidence/", {"item": item.pk,
                                                          "reason": "photo of injuries"})
    assert response.status_code == 302 and response["Location"] == f"/acts/{act.pk}/#evidence"
    assert list(act.evidence.all()) == [item]

    # The act's page links everything: victim, perpetrator, unit, place, incident, evidence.
    page = text(client.get(f"/acts/{act.pk}/"))
    for link in (f"/persons/{act.victim.pk}/", f"/persons/{world.perpetrator.pk}/",
                 f"/organisations/{world.unit.pk}/", f"/incidents/{incident.pk}/",
                 f"/cases/{world.case.reference}/", f"/thumbnails/{item.pk}/",
                 f"/evidence/{item.pk}/"):
        assert f'href="{link}"' in page or f'src="{link}"' in page, link
    assert "Taisa New" in page and "Ivan Perpetratorov" in page
    assert 'class="graphic"' in page

    # The victim's page shows the act they suffered; the perpetrator's, the act they took part in.
    assert f'href="/acts/{act.pk}/"' in text(client.get(f"/persons/{act.victim.pk}/"))
    assert f'href="/acts/{act.pk}/"' in text(client.get(f"/persons/{world.perpetrator.pk}/"))

    # Opening the thumbnail is a custody event.
    thumbnail = client.get(f"/thumbnails/{item.pk}/")
    assert b"".join(thumbnail.streaming_content) == PNG  # type: ignore[attr-defined]
    viewed = entries(ITEM_VIEWED)[-1]
    assert viewed["details"]["channel"] == "thumbnail" and viewed["actor"] == "user:investigator"

    # Every change is in the ledger, under the investigator's name.
    mine = [e for e in entries() if e["actor"] == "user:investigator"]
    actions = [e["action"] for e in mine]
    for action in ("records:incident:created", "records:person:created",
                   "records:personname:created", "records:personrole:created",
                   "records:act:created", "records:involvement:created",
                   "records:act:evidence_linked", ITEM_VIEWED):
        assert action in actions, action
    created = next(e for e in mine if e["action"] == "records:incident:created")
    assert created["reason"] == "from the interview of 2021-03-01"
    assert "Taisa New" not in str(mine)  # names enter the ledger as keyed hashes only

    # The act's history lists its own entries and its perpetrator's.
    history = text(client.get(f"/acts/{act.pk}/")).split('id="history"')[1]
    assert "records:act:created" in history and "records:involvement:created" in history
    assert "records:act:evidence_linked" in history


def test_quick_links_lead_from_the_incident_to_its_acts_and_testimonies(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("viewer").get(f"/incidents/{world.incident.pk}/"))
    for href in (f"/acts/{world.act.pk}/", f"/acts/{world.act2.pk}/",
                 f"/persons/{world.victim.pk}/", f"/persons/{world.perpetrator.pk}/",
                 f"/testimonies/{world.testimony.pk}/", f"/places/{world.akrestsina.pk}/",
                 f"/cases/{world.case.reference}/"):
        assert f'href="{href}"' in page, href
    # A viewer gets no buttons that lead to a refusal.
    assert "/edit/" not in page and "/acts/new/" not in page
    assert not re.search(r'action="/incidents/\d+/evidence/"', page)


def test_a_persons_page_shows_roles_names_custody_acts_and_testimonies(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("lead").get(f"/persons/{world.victim.pk}/"))
    for part in ('id="names"', 'id="roles"', 'id="custody"', 'id="acts-suffered"',
                 'id="acts-involved"', 'id="testimonies"', 'id="consents"', 'id="evidence"',
                 'id="history"'):
        assert part in page, part
    assert "Victim · akrestsina-2020" in page
    assert "2020-08-10 – 2020-08-14" in page  # the custody period
    assert "whereabouts not acknowledged" in page
    assert f'href="/acts/{world.act.pk}/"' in page
    witness_page = text(client_of("lead").get(f"/persons/{world.witness.pk}/"))
    assert f'href="/testimonies/{world.testimony.pk}/"' in witness_page
    perpetrator_page = text(client_of("lead").get(f"/persons/{world.perpetrator.pk}/"))
    assert "Commission, alone" in perpetrator_page
