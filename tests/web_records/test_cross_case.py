"""Records of another team's case, reached through a record both teams see: not found.

A person can have roles in two teams' cases ("shared"). Both teams see the person, but what is
recorded for the other team's case (a consent given for it, the person's role in it, a
testimony, an act's perpetrators) stays theirs: every page answers 404 for it, as for a record
that does not exist, whether asked (GET) or posted to (POST), and changes nothing.

`ATTACKS` has one row per page of the records app (its URL name); a new page that is not in it
fails `test_every_records_page_has_a_cross_case_attack`, so it cannot ship without a check.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern

from sprava.evidence.models import Item
from sprava.records.models import (
    Consent,
    CustodyPeriod,
    Involvement,
    Person,
    PersonName,
    PersonRole,
    Position,
    Testimony,
)
from sprava.web.records.urls import urlpatterns
from tests.web_records.conftest import PNG, World, person, put, save, text

# Members of the personas' case with every right there (EDIT and identity access), and the
# other team's lead: each attacks the other's records.
ATTACKERS = ("lead", "investigator", "viewer", "outsider", "administrator")


@dataclass
class Theirs:
    """Records of the other team's case (B), each reachable from something case A sees."""

    world: World
    shared: Person  # a victim in case A, a witness in case B
    consent: Consent  # given by the shared person for case B only
    role: PersonRole  # the shared person's role in case B
    testimony: Testimony  # given by the shared person in case B
    involvement: Involvement  # the shared person as a perpetrator in case B's act
    name: PersonName  # a name of the other team's own person
    custody: CustodyPeriod  # of the other team's own person
    position: Position  # of the other team's own person
    item: Item  # an image that arrived for case B only


@pytest.fixture
def theirs(world: World) -> Theirs:
    shared = person("Shared Victim", world.case, "victim")
    role = save(PersonRole(person=shared, case=world.other_case, role="witness"))
    consent = save(Consent(person=shared, case=world.other_case, use="tribunal", granted=True,
                           given_on=datetime.date(2022, 1, 1), scope="only the other team's"))
    testimony = save(Testimony(case=world.other_case, given_by=shared, kind="interview",
                               transcript="Told only to the other team."))
    testimony.incidents.add(world.other_incident)
    involvement = save(Involvement(act=world.other_act, perpetrator=shared,
                                   organisation=world.unit, mode="commission"))
    other = world.other_person
    custody = save(CustodyPeriod(person=other, place=world.akrestsina,
                                 start_date=datetime.date(2021, 1, 1)))
    position = save(Position(person=other, organisation=world.unit, title="Guard"))
    item = put(PNG, "their-photo.png", case=world.other_case.reference)
    return Theirs(world=world, shared=shared, consent=consent, role=role, testimony=testimony,
                  involvement=involvement, name=other.names.get(), custody=custody,
                  position=position, item=item)


@dataclass(frozen=True)
class Attack:
    url: Callable[[Theirs], str]
    post: Callable[[Theirs], dict[str, Any]] | None = None  # a POST body, for forms
    get: bool = True  # False: the page takes POST only (GET is 405 whoever asks)


REASON = {"reason": "planted"}


def consent_body(t: Theirs) -> dict[str, Any]:
    return {"use": "publication", "granted": "on", "given_on": "2022-02-02", **REASON}


# One row per URL name of the records app. `None`: the page reaches no record of a case (a
# list, shared reference data, a create page without a parent), with the reason beside it.
ATTACKS: dict[str, Attack | None] = {
    "case-detail": Attack(lambda t: f"/cases/{t.world.other_case.reference}/"),
    "case-edit": Attack(lambda t: f"/cases/{t.world.other_case.reference}/edit/",
                        lambda t: {"title": "Planted", **REASON}),
    "case-delete": Attack(lambda t: f"/cases/{t.world.other_case.reference}/delete/",
                          lambda t: REASON),
    "case-create": None,  # administrators open cases; tested in test_access
    "case-list": None,
    "case-export": None,  # a list as CSV: its attacks are in test_export
    "incident-detail": Attack(lambda t: f"/incidents/{t.world.other_incident.pk}/"),
    "incident-edit": Attack(lambda t: f"/incidents/{t.world.other_incident.pk}/edit/",
                            lambda t: {"case": t.world.case.pk, "title": "Planted",
                                       "date_precision": "day", **REASON}),
    "incident-delete": Attack(lambda t: f"/incidents/{t.world.other_incident.pk}/delete/",
                              lambda t: REASON),
    "incident-evidence": Attack(lambda t: f"/incidents/{t.world.other_incident.pk}/evidence/",
                                lambda t: {"item": t.item.pk}, get=False),
    "incident-create": Attack(lambda t: f"/incidents/new/?case={t.world.other_case.reference}"),
    "incident-list": None,
    "incident-export": None,  # a list as CSV: its attacks are in test_export
    "act-detail": Attack(lambda t: f"/acts/{t.world.other_act.pk}/"),
    "act-edit": Attack(lambda t: f"/acts/{t.world.other_act.pk}/edit/",
                       lambda t: {"incident": t.world.incident.pk,
                                  "act_type": t.world.beating.pk, "date_precision": "day",
                                  **REASON}),
    "act-delete": Attack(lambda t: f"/acts/{t.world.other_act.pk}/delete/", lambda t: REASON),
    "act-evidence": Attack(lambda t: f"/acts/{t.world.other_act.pk}/evidence/",
                           lambda t: {"item": t.item.pk}, get=False),
    "act-create": Attack(lambda t: f"/acts/new/?incident={t.world.other_incident.pk}"),
    "act-list": None,
    "act-export": None,  # a list as CSV: its attacks are in test_export
    "involvement-detail": Attack(lambda t: f"/involvements/{t.involvement.pk}/"),
    "involvement-edit": Attack(lambda t: f"/involvements/{t.involvement.pk}/edit/",
                               lambda t: {"perpetrator": t.shared.pk, "mode": "ordering",
                                          **REASON}),
    "involvement-delete": Attack(lambda t: f"/involvements/{t.involvement.pk}/delete/",
                                 lambda t: REASON),
    "involvement-create": Attack(lambda t: f"/involvements/new/?act={t.world.other_act.pk}",
                                 lambda t: {"perpetrator": t.shared.pk, "mode": "commission"}),
    "testimony-detail": Attack(lambda t: f"/testimonies/{t.testimony.pk}/"),
    "testimony-edit": Attack(lambda t: f"/testimonies/{t.testimony.pk}/edit/",
                             lambda t: {"case": t.world.case.pk, "kind": "interview",
                                        "reliability": "F", "transcript": "Planted",
                                        **REASON}),
    "testimony-delete": Attack(lambda t: f"/testimonies/{t.testimony.pk}/delete/",
                               lambda t: REASON),
    "testimony-evidence": Attack(lambda t: f"/testimonies/{t.testimony.pk}/evidence/",
                                 lambda t: {"item": t.item.pk}, get=False),
    "testimony-create": Attack(lambda t: f"/testimonies/new/?case={t.world.other_case.reference}"),
    "testimony-list": None,
    "testimony-export": None,  # a list as CSV: its attacks are in test_export
    "person-detail": Attack(lambda t: f"/persons/{t.world.other_person.pk}/"),
    "person-edit": Attack(lambda t: f"/persons/{t.world.other_person.pk}/edit/",
                          lambda t: {"gender": "male", "birth_precision": "unknown", **REASON}),
    "person-delete": Attack(lambda t: f"/persons/{t.world.other_person.pk}/delete/",
                            lambda t: REASON),
    "person-evidence": Attack(lambda t: f"/persons/{t.world.other_person.pk}/evidence/",
                              lambda t: {"item": t.item.pk}, get=False),
    "person-create": None,  # no parent: the case field is tested in test_access
    "person-list": None,
    "person-export": None,  # a list as CSV: its attacks are in test_export
    # Answers what the reader may see, never 404: its attacks are in test_person_picker.py.
    "person-suggest": None,
    "name-detail": Attack(lambda t: f"/names/{t.name.pk}/"),
    "name-edit": Attack(lambda t: f"/names/{t.name.pk}/edit/",
                        lambda t: {"text": "Planted", "script": "latin", "kind": "alias",
                                   **REASON}),
    "name-delete": Attack(lambda t: f"/names/{t.name.pk}/delete/", lambda t: REASON),
    "name-create": Attack(lambda t: f"/names/new/?person={t.world.other_person.pk}",
                          lambda t: {"text": "Planted", "script": "latin", "kind": "alias"}),
    "role-detail": Attack(lambda t: f"/roles/{t.role.pk}/"),
    "role-edit": Attack(lambda t: f"/roles/{t.role.pk}/edit/",
                        lambda t: {"case": t.world.case.pk, "role": "victim", **REASON}),
    "role-delete": Attack(lambda t: f"/roles/{t.role.pk}/delete/", lambda t: REASON),
    "role-create": Attack(lambda t: f"/roles/new/?person={t.world.other_person.pk}",
                          lambda t: {"case": t.world.case.pk, "role": "victim"}),
    "custody-detail": Attack(lambda t: f"/custody/{t.custody.pk}/"),
    "custody-edit": Attack(lambda t: f"/custody/{t.custody.pk}/edit/",
                           lambda t: {"place_detail": "Planted", "date_precision": "day",
                                      "acknowledged": "unknown", **REASON}),
    "custody-delete": Attack(lambda t: f"/custody/{t.custody.pk}/delete/", lambda t: REASON),
    "custody-create": Attack(lambda t: f"/custody/new/?person={t.world.other_person.pk}",
                             lambda t: {"place_detail": "Planted", "date_precision": "day",
                                        "acknowledged": "unknown"}),
    "position-detail": Attack(lambda t: f"/positions/{t.position.pk}/"),
    "position-edit": Attack(lambda t: f"/positions/{t.position.pk}/edit/",
                            lambda t: {"organisation": t.world.unit.pk, "title": "Planted",
                                       "date_precision": "day", **REASON}),
    "position-delete": Attack(lambda t: f"/positions/{t.position.pk}/delete/",
                              lambda t: REASON),
    "position-create": Attack(lambda t: f"/positions/new/?person={t.world.other_person.pk}",
                              lambda t: {"organisation": t.world.unit.pk, "title": "Planted",
                                         "date_precision": "day"}),
    # The finding: a consent given for case B, on the page of a person case A also sees.
    "consent-detail": Attack(lambda t: f"/consents/{t.consent.pk}/"),
    "consent-edit": Attack(lambda t: f"/consents/{t.consent.pk}/edit/", consent_body),
    "consent-delete": Attack(lambda t: f"/consents/{t.consent.pk}/delete/", lambda t: REASON),
    "consent-create": Attack(lambda t: f"/consents/new/?person={t.world.other_person.pk}",
                             consent_body),
    "thumbnail": Attack(lambda t: f"/thumbnails/{t.item.pk}/"),
    # Shared reference data: every signed-in user reads it; nothing of a case is reached.
    **{f"{kind}-{page}": None for kind in ("place", "organisation", "acttype")
       for page in ("detail", "edit", "delete", "create", "list", "export")},
}


def test_every_records_page_has_a_cross_case_attack() -> None:
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern) and p.name}
    assert names - set(ATTACKS) == set(), "add the new page to ATTACKS"
    assert set(ATTACKS) - names == set()


ROWS = [(name, attack) for name, attack in ATTACKS.items() if attack is not None]


def snapshot(t: Theirs) -> dict[str, Any]:
    """What the other team recorded, to compare after an attack."""
    w = t.world
    return {
        "consents": list(Consent.objects.values_list("pk", "use", "case_id").order_by("pk")),
        "roles": list(PersonRole.objects.values_list("pk", "case_id", "role").order_by("pk")),
        "names": list(PersonName.objects.values_list("pk", "text").order_by("pk")),
        "custody": list(CustodyPeriod.objects.values_list("pk", "place_detail").order_by("pk")),
        "positions": list(Position.objects.values_list("pk", "title").order_by("pk")),
        "involvements": list(Involvement.objects.values_list("pk", "mode").order_by("pk")),
        "testimonies": list(Testimony.objects.values_list("pk", "case_id", "transcript")
                            .order_by("pk")),
        "other_case": w.other_case.__class__.objects.filter(pk=w.other_case.pk)
        .values_list("title").first(),
        "incident_links": list(w.other_incident.evidence.values_list("pk", flat=True)),
        "act_links": list(w.other_act.evidence.values_list("pk", flat=True)),
        "testimony_links": list(t.testimony.evidence.values_list("pk", flat=True)),
        "person_links": list(w.other_person.evidence.values_list("pk", flat=True)),
    }


@pytest.mark.parametrize("persona", ATTACKERS)
@pytest.mark.parametrize(("page", "attack"), ROWS, ids=[name for name, _ in ROWS])
def test_a_record_of_another_teams_case_is_not_found_on_any_page(
    theirs: Theirs, client_of: Callable[[str], Client], persona: str, page: str,
    attack: Attack,
) -> None:
    client = client_of(persona)
    before = snapshot(theirs)
    url = attack.url(theirs)
    if attack.get:
        assert client.get(url).status_code == 404, f"GET {url}"
    if attack.post is not None:
        assert client.post(url, attack.post(theirs)).status_code == 404, f"POST {url}"
    assert snapshot(theirs) == before


@pytest.mark.parametrize(("page", "attack"), ROWS, ids=[name for name, _ in ROWS])
def test_the_other_team_reaches_each_of_its_own_records(
    theirs: Theirs, client_of: Callable[[str], Client], page: str, attack: Attack,
) -> None:
    """The attacks name real records: their own team gets them (no 404), so a 404 above is
    the check, not a wrong address."""
    client, url = client_of("other_lead"), attack.url(theirs)
    if attack.get:
        assert client.get(url).status_code in (200, 302), url
    else:
        assert attack.post is not None
        assert client.post(url, attack.post(theirs)).status_code == 302, url


def test_a_member_sees_neither_the_other_teams_consent_nor_its_role_on_a_shared_person(
    theirs: Theirs, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("lead").get(f"/persons/{theirs.shared.pk}/"))
    assert "only the other team" not in page
    assert f"/consents/{theirs.consent.pk}/" not in page
    assert f"/roles/{theirs.role.pk}/" not in page
    assert theirs.world.other_case.reference not in page


def test_a_consent_for_every_case_stays_with_the_persons_teams(
    theirs: Theirs, client_of: Callable[[str], Client]
) -> None:
    """A consent that names no case belongs to the person: either team may change it."""
    general = save(Consent(person=theirs.shared, use="publication", granted=True,
                           given_on=datetime.date(2022, 3, 3)))
    for persona in ("lead", "other_lead"):
        assert client_of(persona).get(f"/consents/{general.pk}/edit/").status_code == 200


def test_a_consent_cannot_be_moved_into_another_teams_case(
    world: World, client_of: Callable[[str], Client]
) -> None:
    own = save(Consent(person=world.victim, case=world.case, use="tribunal", granted=True,
                       given_on=datetime.date(2022, 1, 1)))
    response = client_of("lead").post(f"/consents/{own.pk}/edit/", {
        "use": "tribunal", "granted": "on", "given_on": "2022-01-01",
        "case": world.other_case.pk, **REASON})
    assert response.status_code == 400
    assert Consent.objects.get(pk=own.pk).case_id == world.case.pk


# Forms whose fields take the id of a record: an id of another team's record is refused as
# if it did not exist (400, "among those you may use"), and nothing is recorded.
CHOICES: list[tuple[str, Callable[[Theirs], str], Callable[[Theirs], dict[str, Any]]]] = [
    ("an act in their incident", lambda t: "/acts/new/",
     lambda t: {"incident": t.world.other_incident.pk, "act_type": t.world.beating.pk,
                "victim": t.world.victim.pk, "date_precision": "day"}),
    ("an act against their person", lambda t: "/acts/new/",
     lambda t: {"incident": t.world.incident.pk, "act_type": t.world.beating.pk,
                "victim": t.world.other_person.pk, "date_precision": "day"}),
    ("their person as a perpetrator", lambda t: f"/involvements/new/?act={t.world.act.pk}",
     lambda t: {"perpetrator": t.world.other_person.pk, "mode": "commission"}),
    ("a testimony in their case", lambda t: "/testimonies/new/",
     lambda t: {"case": t.world.other_case.pk, "kind": "interview", "reliability": "F"}),
    ("a testimony by their person", lambda t: "/testimonies/new/",
     lambda t: {"case": t.world.case.pk, "given_by": t.world.other_person.pk,
                "kind": "interview", "reliability": "F"}),
    ("a testimony about their incident", lambda t: "/testimonies/new/",
     lambda t: {"case": t.world.case.pk, "incidents": str(t.world.other_incident.pk),
                "kind": "interview", "reliability": "F"}),
    ("a role in their case", lambda t: f"/roles/new/?person={t.world.victim.pk}",
     lambda t: {"case": t.world.other_case.pk, "role": "witness"}),
    ("a consent for their case", lambda t: f"/consents/new/?person={t.shared.pk}",
     lambda t: {**consent_body(t), "case": t.world.other_case.pk}),
    ("an incident in their case", lambda t: "/incidents/new/",
     lambda t: {"case": t.world.other_case.pk, "title": "Planted", "date_precision": "day"}),
]


@pytest.mark.parametrize(("what", "url", "body"), CHOICES, ids=[c[0] for c in CHOICES])
def test_a_form_refuses_the_id_of_another_teams_record(
    theirs: Theirs, client_of: Callable[[str], Client], what: str,
    url: Callable[[Theirs], str], body: Callable[[Theirs], dict[str, Any]],
) -> None:
    before = snapshot(theirs)
    counts = (Testimony.objects.count(), PersonRole.objects.count(), Consent.objects.count(),
              Involvement.objects.count(), theirs.world.act.__class__.objects.count())
    response = client_of("lead").post(url(theirs), body(theirs))
    assert response.status_code == 400, what
    assert snapshot(theirs) == before
    assert counts == (Testimony.objects.count(), PersonRole.objects.count(),
                      Consent.objects.count(), Involvement.objects.count(),
                      theirs.world.act.__class__.objects.count())


def test_their_evidence_item_cannot_be_linked_to_an_own_record(
    theirs: Theirs, client_of: Callable[[str], Client]
) -> None:
    w = theirs.world
    client_of("lead").post(f"/incidents/{w.incident.pk}/evidence/", {"item": theirs.item.pk})
    assert not w.incident.evidence.exists()

