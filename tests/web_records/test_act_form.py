"""The act form: several victims and the perpetrators on one page, without JavaScript."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from django.test import Client

from sprava.records.models import Act, Involvement
from tests.web_records.conftest import OTHER_NAME, WITNESS_NAME, World, person, text
from tests.web_records.test_forms import field_errors as escaped_errors


def field_errors(page: str, field: str) -> list[str]:
    return [html.unescape(error) for error in escaped_errors(page, field)]


def _post(client: Client, world: World, **fields: str) -> str:
    response = client.post(f"/acts/new/?incident={world.incident.pk}", {
        "incident": world.incident.pk, "act_type": world.beating.pk, "date_precision": "day",
        **fields})
    assert response.status_code == 400
    return text(response)


def test_a_new_act_offers_several_victims_and_rows_of_perpetrators(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("investigator").get(f"/acts/new/?incident={world.incident.pk}"))
    assert re.search(r'<textarea name="victim"', page)
    for number in (1, 2, 3):
        assert f'name="perpetrator_{number}"' in page
        assert f'name="perpetrator_{number}_mode"' in page
    # Plain text inputs: a reference typed or pasted works without any script.
    assert re.search(r'<input type="text" name="perpetrator_1"', page)


def test_an_act_for_several_victims_goes_back_to_the_incident(
    world: World, client_of: Callable[[str], Client]
) -> None:
    other = person("Pavel Novy", world.case, "witness")
    response = client_of("investigator").post(f"/acts/new/?incident={world.incident.pk}", {
        "incident": world.incident.pk, "act_type": world.beating.pk, "date_precision": "day",
        "victim": f"P-{world.victim.pk:06d}, P-{other.pk:06d}"})
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{world.incident.pk}/#acts"
    page = text(client_of("investigator").get(response["Location"]))
    assert "2 acts recorded, one for each victim." in page


def test_a_bad_reference_in_a_perpetrator_row_is_one_error(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = _post(client_of("investigator"), world, victim=f"P-{world.victim.pk:06d}",
                 perpetrator_1="P-999999", perpetrator_1_mode="ordering")
    assert field_errors(page, "perpetrator_1") == [
        "No person “P-999999” among those you may use here. Copy the reference from the "
        "person's page."]
    assert field_errors(page, "perpetrator_1_mode") == []
    assert Act.objects.filter(incident=world.incident).count() == 2


def test_a_row_needs_a_mode_and_a_mode_needs_a_perpetrator(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = _post(client_of("investigator"), world, victim=f"P-{world.victim.pk:06d}",
                 perpetrator_1=f"P-{world.perpetrator.pk:06d}", perpetrator_2_mode="aiding")
    assert field_errors(page, "perpetrator_1_mode") == ["Choose the mode of liability claimed."]
    assert field_errors(page, "perpetrator_2") == [
        "Give the perpetrator's reference, or leave the row empty."]


def test_a_bad_reference_on_new_perpetrator_is_one_error_not_two(
    world: World, client_of: Callable[[str], Client]
) -> None:
    before = Involvement.objects.count()
    response = client_of("investigator").post(f"/involvements/new/?act={world.act.pk}", {
        "perpetrator": "P-999999", "mode": "commission"})
    assert response.status_code == 400
    page = text(response)
    assert field_errors(page, "perpetrator") == [
        "No person “P-999999” among those you may use here. Copy the reference from the "
        "person's page."]
    assert "Give the perpetrator's reference, or a new name." not in page
    assert Involvement.objects.count() == before


def test_the_same_victim_twice_is_refused(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = _post(client_of("investigator"), world,
                 victim=f"P-{world.victim.pk:06d}\nP-{world.victim.pk:06d}")
    assert field_errors(page, "victim") == [f"“P-{world.victim.pk:06d}” is given twice."]


def test_the_act_list_filters_take_a_person_as_the_forms_do(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("investigator")
    by_reference = text(client.get("/acts/", {"victim": f"P-{world.victim.pk:06d}"}))
    by_number = text(client.get("/acts/", {"victim": str(world.victim.pk)}))
    for page in (by_reference, by_number):
        assert f'href="/acts/{world.act.pk}/"' in page
        assert f'href="/acts/{world.act2.pk}/"' not in page
    page = text(client.get("/acts/", {"perpetrator": f"P-{world.perpetrator.pk:06d}"}))
    assert f'href="/acts/{world.act.pk}/"' in page and f'href="/acts/{world.act2.pk}/"' not in page


def test_an_act_changed_without_a_place_takes_the_incidents(
    world: World, client_of: Callable[[str], Client]
) -> None:
    # The lead: act2's victim is the protected witness, whose identity only the lead may see.
    response = client_of("lead").post(f"/acts/{world.act2.pk}/edit/", {
        "incident": world.incident.pk, "act_type": world.detention.pk, "date_precision": "day",
        "victim": f"P-{world.witness.pk:06d}", "start_date": "2020-08-10"})
    assert response.status_code == 302
    assert Act.objects.get(pk=world.act2.pk).place == world.akrestsina


def test_victims_are_typed_as_names_pseudonyms_or_references_one_a_line(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """The several-victims field reads each line as the one-person field reads it: a name that
    means one person is that person, a protected person by pseudonym, a reference as it is."""
    other = person("Pavel Novy", world.case, "witness")
    response = client_of("investigator").post(f"/acts/new/?incident={world.incident.pk}", {
        "incident": world.incident.pk, "act_type": world.beating.pk, "date_precision": "day",
        "victim": f"pavel novy\n{str(world.witness.pseudonym).lower()}\nP-{world.victim.pk:06d}"})
    assert response.status_code == 302, text(response)
    made = Act.objects.filter(incident=world.incident).order_by("-pk")[:3]
    assert {act.victim_id for act in made} == {other.pk, world.witness.pk, world.victim.pk}


def test_a_victim_line_that_names_several_persons_lists_them_and_records_nothing(
    world: World, client_of: Callable[[str], Client]
) -> None:
    before = Act.objects.count()
    namesake = person("Pavel Namesake", world.case, "witness")
    other = person("Pavel Novy", world.case, "witness")
    page = _post(client_of("investigator"), world, victim=f"P-{world.victim.pk:06d}\nPavel")
    [error] = field_errors(page, "victim")
    assert f"({namesake.reference})" in error and f"({other.reference})" in error
    # The other team's persons, and protected names, never answer a typed name.
    page = _post(client_of("investigator"), world, victim=f"{WITNESS_NAME}\n{OTHER_NAME}")
    errors = field_errors(page, "victim")
    assert len(errors) == 2 and all(e.startswith("No person") for e in errors)
    assert world.other_person.reference not in page
    assert Act.objects.count() == before


def test_fifty_victims_by_reference_are_read_in_a_fixed_number_of_queries(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """The victims field reads its references together, not one query a line."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of("investigator")

    def queries(count: int) -> int:
        victims = [person(f"Victim Number{n}", world.case, "witness") for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            page = _post(client, world, victim="\n".join(v.reference for v in victims),
                         perpetrator_1="P-999999", perpetrator_1_mode="ordering")
        assert field_errors(page, "victim") == []  # refused for the perpetrator, not them
        return len(captured.captured_queries)

    queries(1)  # the session's and the policy's first reads
    two = queries(2)
    assert queries(50) == two
