"""Forms: errors next to the fields, nothing saved on error, deletions that need a reason and
refuse while other records depend on the record."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from sprava.cases.models import Case
from sprava.records.models import Act, Incident, Organisation, Person, PersonRole, Place
from tests.web_records.conftest import World, entries, text


def field_errors(page: str, field: str) -> list[str]:
    """The error messages shown inside the field's own block."""
    block = re.search(rf'<div class="field[^"]*">\s*(?:<label for="id_{field}"|'
                      rf'<input[^>]*id="id_{field}")(.*?)</div>', page, re.S)
    assert block, f"no field {field}"
    return re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', block.group(1))


def test_a_missing_title_is_shown_next_to_the_field_and_nothing_is_saved(
    world: World, client_of: Callable[[str], Client]
) -> None:
    before = len(entries())
    response = client_of("investigator").post("/incidents/new/", {
        "case": world.case.pk, "title": "", "date_precision": "day"})
    assert response.status_code == 400
    page = text(response)
    assert field_errors(page, "title") == ["This field is required."]
    assert "Nothing was saved" in page
    assert len(entries()) == before


def test_an_end_before_the_start_is_refused(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/incidents/{world.incident.pk}/edit/", {
        "case": world.case.pk, "title": "Beatings", "date_precision": "day",
        "start_date": "2020-08-11", "end_date": "2020-08-01"})
    assert field_errors(text(response), "end_date") == ["The end cannot come before the start."]
    assert Incident.objects.get(pk=world.incident.pk).title == "Beatings at Akrestsina"


def test_a_person_of_another_case_is_answered_like_one_that_does_not_exist(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("investigator")
    answers = []
    for reference in (f"P-{world.other_person.pk:06d}", "P-999999"):
        response = client.post(f"/acts/new/?incident={world.incident.pk}", {
            "incident": world.incident.pk, "act_type": world.beating.pk,
            "victim": reference, "date_precision": "day"})
        assert response.status_code == 400
        answers.append(field_errors(text(response), "victim")[0].replace(reference, "REF"))
    assert answers[0] == answers[1]
    assert Act.objects.filter(incident=world.incident).count() == 2


def test_a_victim_is_either_chosen_or_new(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/acts/new/?incident={world.incident.pk}", {
        "incident": world.incident.pk, "act_type": world.beating.pk, "date_precision": "day",
        "victim": f"P-{world.victim.pk:06d}", "new_name": "Somebody Else"})
    assert field_errors(text(response), "new_name") == [
        "Give either an existing person or a new name, not both."]


def test_a_testimony_links_only_incidents_of_its_own_case(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/testimonies/{world.testimony.pk}/edit/", {
        "case": world.case.pk, "kind": "interview", "reliability": "B",
        "incidents": f"{world.incident.pk}, {world.other_incident.pk}"})
    assert response.status_code == 400
    assert "among those you may use" in field_errors(text(response), "incidents")[0]


def test_changing_a_testimonys_incidents_is_a_ledger_event(
    world: World, client_of: Callable[[str], Client]
) -> None:
    second = Incident.objects.create(case=world.case, title="Second")
    response = client_of("investigator").post(f"/testimonies/{world.testimony.pk}/edit/", {
        "case": world.case.pk, "kind": "interview", "reliability": "B",
        "given_by": f"P-{world.witness.pk:06d}",
        "incidents": f"{world.incident.pk}, {second.pk}", "reason": "also speaks of it"})
    assert response.status_code == 302
    event = entries("records:testimony:changed")[-1]
    assert event["details"]["changes"]["incidents"] == {
        "before": [world.incident.pk], "after": sorted([world.incident.pk, second.pk])}


def test_an_edit_with_a_reason_shows_in_the_records_history(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("lawyer")
    response = client.post(f"/incidents/{world.incident.pk}/edit/", {
        "case": world.case.pk, "title": "Beatings at Akrestsina, 11 August",
        "date_precision": "day", "start_date": "2020-08-11", "place": world.akrestsina.pk,
        "reason": "date added to the title"})
    assert response.status_code == 302
    history = text(client.get(response["Location"])).split('id="history"')[1]
    assert "records:incident:changed" in history and "user:lawyer" in history
    assert "title: Beatings at Akrestsina → Beatings at Akrestsina, 11 August" in history
    assert "date added to the title" in history
    assert "narrative: (protected value) → —" in history  # free text: hashed, never shown


def test_deleting_needs_a_reason(world: World, client_of: Callable[[str], Client]) -> None:
    response = client_of("investigator").post(f"/acts/{world.act.pk}/delete/", {"reason": ""})
    assert response.status_code == 400
    assert field_errors(text(response), "reason") == ["This field is required."]
    assert Act.objects.filter(pk=world.act.pk).exists()


def test_deleting_a_record_others_depend_on_is_refused_with_a_clear_message(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/incidents/{world.incident.pk}/delete/",
                                              {"reason": "entered twice"})
    assert response.status_code == 409
    page = text(response)
    assert "It was not deleted" in page and "other records depend on it (act" in page
    assert Incident.objects.filter(pk=world.incident.pk).exists()


def test_deleting_with_a_reason_keeps_the_history(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/acts/{world.act.pk}/delete/",
                                              {"reason": "entered twice"})
    assert response.status_code == 302 and response["Location"] == "/acts/"
    assert not Act.objects.filter(pk=world.act.pk).exists()
    event = entries("records:act:deleted")[-1]
    assert event["reason"] == "entered twice" and event["actor"] == "user:investigator"


def test_a_persons_last_role_cannot_be_removed(
    world: World, client_of: Callable[[str], Client]
) -> None:
    role = PersonRole.objects.get(person=world.victim)
    response = client_of("investigator").post(f"/roles/{role.pk}/delete/", {"reason": "x"})
    assert response.status_code == 409
    assert "only role" in text(response)


def test_a_person_named_in_acts_cannot_be_deleted(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/persons/{world.victim.pk}/delete/",
                                              {"reason": "x"})
    assert response.status_code == 409
    assert Person.objects.filter(pk=world.victim.pk).exists()


def test_a_new_protected_person_gets_a_pseudonym_and_a_role(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post("/persons/new/", {
        "name": "Mikhas Hidden", "script": "latin", "case": world.case.pk, "role": "witness",
        "protected": "on", "gender": "male", "birth_precision": "unknown"})
    assert response.status_code == 302
    person = Person.objects.get(names__text="Mikhas Hidden")
    assert person.protected and person.pseudonym == "W-0002"
    assert person.roles.get().role == "witness"
    # The investigator lacks identity access: from now on they see the pseudonym only.
    page = text(client_of("investigator").get(response["Location"]))
    assert "Mikhas Hidden" not in page and "W-0002" in page


def test_an_administrator_keeps_reference_data_and_errors_are_shown(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("administrator")
    response = client.post("/places/new/", {"code": "minsk", "label_en": "Minsk again",
                                            "kind": "city"})
    assert response.status_code == 400
    assert field_errors(text(response), "code") == ["Place with this Code already exists."]
    response = client.post("/places/new/", {"code": "test-yard", "label_en": "A yard",
                                            "kind": "other", "parent": world.minsk.pk})
    assert response.status_code == 302
    assert Place.objects.get(code="test-yard").parent == world.minsk
    parent = Organisation.objects.create(label_en="Ministry", kind="ministry")
    world.unit.parent = parent
    world.unit.save()
    response = client.post(f"/organisations/{parent.pk}/edit/", {
        "label_en": "Ministry", "kind": "ministry", "parent": world.unit.pk})
    assert field_errors(text(response), "parent") == [
        "A unit cannot be part of itself or of its own units."]


def test_an_administrator_opens_a_case(client_of: Callable[[str], Client], world: World) -> None:
    client = client_of("administrator")
    response = client.post("/cases/new/", {"reference": "new", "title": "Bad"})
    assert "is used by the pages" in field_errors(text(response), "reference")[0]
    response = client.post("/cases/new/", {"reference": "hrodna-2021", "title": "Hrodna",
                                           "venues": ["tribunal", "peoples"]})
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert Case.objects.get(reference="hrodna-2021").venues == ["tribunal", "peoples"]
    assert entries("records:case:created")[-1]["actor"] == "user:administrator"


def test_a_custody_period_is_added_to_the_timeline(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/custody/new/?person={world.victim.pk}", {
        "place": world.akrestsina.pk, "start_date": "2020-09-01", "date_precision": "month",
        "acknowledged": "false", "notes": "Relatives were told he was not there."})
    assert response.status_code == 302
    assert response["Location"] == f"/persons/{world.victim.pk}/#custody"
    page = text(client_of("viewer").get(response["Location"]))
    assert "2020-09" in page and page.count("whereabouts not acknowledged") == 2


def test_a_custody_period_may_leave_acknowledgement_unknown(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = client_of("investigator").post(f"/custody/new/?person={world.victim.pk}", {
        "place": world.akrestsina.pk, "date_precision": "unknown", "acknowledged": "unknown"})
    assert response.status_code == 302
