"""Recording a person through the page and through the API is one change
(`sprava.records.people`): the same rows, the same ledger events, the same refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from sprava.ledger import tags
from sprava.records.models import Person, PersonName, PersonRole
from tests.api.conftest import ApiClient
from tests.parity.conftest import actions, mark, record_events
from tests.web_records.conftest import World

REASON = "from the intake interview"


def on_the_page(client: Client, world: World, name: str, **extra: Any) -> Person:
    response = client.post("/persons/new/", {
        "name": name, "script": "latin", "case": world.case.pk, "role": "witness",
        "gender": "female", "birth_date": "1979-03-01", "birth_precision": "month",
        "notes": "Met at the courthouse.", "reason": REASON, **extra})
    assert response.status_code == 302, response.content.decode()
    return Person.objects.get(names__text=name)


def through_the_api(api: ApiClient, world: World, name: str, **extra: Any) -> Person:
    response = api.post(f"/persons?reason={REASON.replace(' ', '+')}", {
        "names": [{"text": name, "script": "latin"}], "case": world.case.reference,
        "role": "witness", "gender": "female", "birth_date": "1979-03-01",
        "birth_precision": "month", "notes": "Met at the courthouse.", **extra})
    assert response.status_code == 201, response.json()
    return Person.objects.get(pk=response.json()["id"])


def rows(person: Person) -> dict[str, Any]:
    """A person as the database holds them, without what differs by run (id, pseudonym)."""
    return {
        "facts": (person.gender, person.birth_date, person.birth_precision, person.notes),
        "protected": (person.protected, bool(person.pseudonym), person.protecting_case_id),
        "names": [(n.text, n.script, n.kind) for n in person.names.order_by("id")],
        "roles": [(r.case_id, r.role) for r in person.roles.order_by("id")],
    }


def test_a_person_recorded_on_the_page_is_the_person_the_api_records(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("investigator")
    start = mark()
    paged = on_the_page(client_of("investigator"), world, "Nina Paritetava")
    by_page, start = record_events(start), mark()
    sent = through_the_api(api, world, "Nina Paritetava")
    by_api = record_events(start)
    assert rows(paged) == rows(sent)
    assert by_page == by_api
    # The person, the role that lets the case see them, then the name; each with the reason.
    assert actions(by_api) == [tags.record_action("person", tags.CREATED),
                               tags.record_action("personrole", tags.CREATED),
                               tags.record_action("personname", tags.CREATED)]
    assert {event["reason"] for event in by_api} == {REASON}


def test_a_person_protected_at_once_is_protected_alike(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("investigator")
    start = mark()
    paged = on_the_page(client_of("investigator"), world, "Taisa Schavanaja", protected="on")
    by_page, start = record_events(start), mark()
    sent = through_the_api(api, world, "Taisa Schavanaja", protected=True)
    assert rows(paged) == rows(sent)
    assert paged.protecting_case_id == world.case.pk and paged.pseudonym != sent.pseudonym
    assert by_page == record_events(start)
    assert actions(by_page)[-1] == tags.record_action("person", tags.CHANGED)


def test_protecting_a_recorded_person_is_the_same_change_on_both(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    paged, sent = (on_the_page(client_of("investigator"), world, "Olga Adna"),
                   through_the_api(api_of("investigator"), world, "Olga Dzve"))
    start = mark()
    response = client_of("investigator").post(f"/persons/{paged.pk}/edit/", {
        "gender": "female", "birth_date": "1979-03-01", "birth_precision": "month",
        "notes": "Met at the courthouse.", "protected": "on", "reason": "threatened"})
    assert response.status_code == 302
    by_page, start = record_events(start), mark()
    answer = api_of("investigator").patch(f"/persons/{sent.pk}?reason=threatened",
                                          {"protected": True})
    assert answer.status_code == 200, answer.json()
    paged.refresh_from_db()
    sent.refresh_from_db()
    assert (paged.protected, paged.protecting_case_id) == (sent.protected,
                                                           sent.protecting_case_id)

    def without_subjects(events: list[dict[str, Any]]) -> list[Any]:
        # Two persons recorded before the change: their ids differ, their events must not.
        return [(e["action"], e["reason"], e["details"].get("changes")) for e in events]

    assert without_subjects(by_page) == without_subjects(record_events(start))
    assert actions(by_page) == [tags.record_action("person", tags.CHANGED)]


def test_another_spelling_added_on_the_page_is_the_one_the_api_adds(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    start = mark()
    response = client_of("investigator").post(f"/names/new/?person={world.victim.pk}", {
        "text": "  Алеся   Віктымовіч ", "script": "be", "kind": "transliteration",
        "reason": REASON})
    assert response.status_code == 302
    by_page, start = record_events(start), mark()
    answer = api_of("investigator").post(f"/persons/{world.perpetrator.pk}/names", {
        "text": "  Алеся   Віктымовіч ", "script": "be", "kind": "transliteration"})
    assert answer.status_code == 201
    # Both as one spelling, its spaces tidied, found by the same search key.
    added = PersonName.objects.filter(kind="transliteration", text="Алеся Віктымовіч")
    assert sorted(added.values_list("person_id", flat=True)) == sorted(
        [world.victim.pk, world.perpetrator.pk])
    assert len({name.search_key for name in added}) == 1
    by_api = record_events(start)

    def named(events: list[dict[str, Any]]) -> list[Any]:
        return [(e["action"], {k: v for k, v in e["details"]["after"].items() if k != "person"})
                for e in events]

    assert named(by_page) == named(by_api)


# --- who may --------------------------------------------------------------------------------


def test_a_member_of_another_case_cannot_record_a_person_in_this_one(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("other_lead")
    persons, start = Person.objects.count(), mark()
    page = client_of("other_lead").post("/persons/new/", {
        "name": "Intruder Record", "script": "latin", "case": world.case.pk, "role": "victim",
        "gender": "unknown", "birth_precision": "unknown"})
    assert page.status_code in (400, 403)
    answer = api.post("/persons", {"names": [{"text": "Intruder Record"}],
                                   "case": world.case.reference, "role": "victim"})
    assert answer.status_code in (400, 403)
    assert Person.objects.count() == persons and record_events(start) == []


def test_a_member_of_another_case_cannot_give_a_person_a_role_in_this_one(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    # Their own person, whom they see: the role would put them into a case that is not theirs.
    own = world.other_person
    api = api_of("other_lead")
    start = mark()
    page = client_of("other_lead").post(f"/roles/new/?person={own.pk}", {
        "case": world.case.pk, "role": "witness"})
    assert page.status_code in (400, 403)
    answer = api.post(f"/persons/{own.pk}/roles", {"case": world.case.reference,
                                                   "role": "witness"})
    assert answer.status_code in (400, 403)
    assert not PersonRole.objects.filter(person=own, case=world.case).exists()
    assert record_events(start) == []


def test_a_viewer_of_this_case_cannot_record_a_person_in_it(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("viewer")
    start = mark()
    page = client_of("viewer").post("/persons/new/", {
        "name": "Viewer Record", "script": "latin", "case": world.case.pk, "role": "victim",
        "gender": "unknown", "birth_precision": "unknown"})
    assert page.status_code in (400, 403)
    answer = api.post("/persons", {"names": [{"text": "Viewer Record"}],
                                   "case": world.case.reference, "role": "victim"})
    assert answer.status_code == 403
    assert not Person.objects.filter(names__text="Viewer Record").exists()
    assert record_events(start) == []


def test_a_refused_person_writes_nothing(
    world: World, api_of: Callable[[str], ApiClient]
) -> None:
    # The second name is empty: the person, their role and first name go too.
    start, persons = mark(), Person.objects.count()
    answer = api_of("investigator").post("/persons", {
        "names": [{"text": "Half Written"}, {"text": "   "}], "case": world.case.reference,
        "role": "victim"})
    assert answer.status_code == 400
    assert Person.objects.count() == persons and record_events(start) == []
