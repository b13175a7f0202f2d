"""A person in two teams' cases: either team may change them, neither may delete them alone.

Deleting takes a person out of every case they have a role in. So it needs the right to change
records in each of those cases; a team that wants the person out of its own files removes its
role instead, and the person stays in the other team's case.
"""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from sprava.records import services
from sprava.records.models import Person, PersonRole
from tests.web_records.conftest import ACTOR, World, person, text

REFUSAL = "also has a role in a case you may not change"


def shared(world: World) -> Person:
    """A victim of the personas' case who is also a witness in the other team's case."""
    victim = person("Shared Victim", world.case, "victim")
    services.save_record(PersonRole(person=victim, case=world.other_case, role="witness"),
                         actor=ACTOR)
    return victim


def test_a_person_shared_with_another_team_is_not_offered_for_deletion(
    world: World, client_of: Callable[[str], Client]
) -> None:
    victim = shared(world)
    page = text(client_of("investigator").get(f"/persons/{victim.pk}/"))
    assert f"/persons/{victim.pk}/edit/" in page  # they may still change the person
    assert f"/persons/{victim.pk}/delete/" not in page


def test_deleting_a_shared_person_is_refused_and_changes_nothing(
    world: World, client_of: Callable[[str], Client]
) -> None:
    victim = shared(world)
    client = client_of("lead")
    asked = client.get(f"/persons/{victim.pk}/delete/")
    assert asked.status_code == 403 and REFUSAL in text(asked)
    posted = client.post(f"/persons/{victim.pk}/delete/", {"reason": "duplicate"})
    assert posted.status_code == 403
    assert Person.objects.filter(pk=victim.pk).exists()
    assert set(victim.roles.values_list("case_id", flat=True)) == {world.case.pk,
                                                                  world.other_case.pk}


def test_removing_the_own_role_takes_a_shared_person_out_of_the_case_only(
    world: World, client_of: Callable[[str], Client]
) -> None:
    victim = shared(world)
    role = victim.roles.get(case=world.case)
    client = client_of("lead")
    removed = client.post(f"/roles/{role.pk}/delete/", {"reason": "recorded in the wrong case"})
    assert removed.status_code == 302
    assert list(victim.roles.values_list("case_id", flat=True)) == [world.other_case.pk]
    assert client.get(f"/persons/{victim.pk}/").status_code == 404  # gone from our case


def test_a_person_of_the_own_case_only_may_be_deleted(
    world: World, client_of: Callable[[str], Client]
) -> None:
    alone = person("Recorded Twice", world.case, "witness")
    client = client_of("investigator")
    assert f"/persons/{alone.pk}/delete/" in text(client.get(f"/persons/{alone.pk}/"))
    assert client.post(f"/persons/{alone.pk}/delete/", {"reason": "duplicate"}).status_code == 302
    assert not Person.objects.filter(pk=alone.pk).exists()


def test_filtering_by_role_does_not_reveal_a_role_in_another_teams_case(
    world: World, client_of: Callable[[str], Client]
) -> None:
    victim = shared(world)  # a witness in the other team's case only
    page = text(client_of("lead").get("/persons/", {"role": "witness"}))
    assert f"/persons/{victim.pk}/" not in page
    assert f"/persons/{world.witness.pk}/" in page  # a witness in the reader's own case


def test_a_consent_given_for_another_teams_case_also_keeps_the_person(
    world: World, client_of: Callable[[str], Client]
) -> None:
    import datetime

    from sprava.records.models import Consent

    witness = person("Consenting Witness", world.case, "witness")
    services.save_record(Consent(person=witness, case=world.other_case, use="tribunal",
                                 granted=True, given_on=datetime.date(2022, 1, 1)), actor=ACTOR)
    posted = client_of("lead").post(f"/persons/{witness.pk}/delete/", {"reason": "duplicate"})
    assert posted.status_code == 403  # the consent would go with the person
    assert Person.objects.filter(pk=witness.pk).exists()
