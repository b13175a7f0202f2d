"""Default deny per persona, and protected names that a search never confirms."""

from __future__ import annotations

import pytest

from sprava.accounts.members import change_member
from sprava.records.models import Place
from sprava.search import engine
from sprava.search.query import parse
from tests.accounts.conftest import PERSONA_NAMES, ROLES
from tests.search.conftest import WITNESS_NAME, WITNESS_NAME_BE, World

CASE_KINDS = ("person", "incident", "act", "testimony")


def results(user, query: str) -> dict[str, list]:  # type: ignore[no-untyped-def]
    return {kind: list(engine.find(user, parse(query), kind)) for kind in engine.KINDS}


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_each_persona_sees_only_its_cases(personas, world: World, name: str) -> None:
    user = personas[name]
    got = results(user, "yard")  # in the narrative of both teams, the act and the testimony
    member = name in ROLES
    assert (world.incident in got["incident"]) is member
    assert (world.act in got["act"]) is member
    assert (world.testimony in got["testimony"]) is member
    assert world.other_incident not in got["incident"]  # nobody here is in the other case
    persons = results(user, "Lukashenko")["person"]
    assert persons == ([world.lukashenko] if member else [])


def test_the_other_team_sees_its_own_and_nothing_of_ours(personas, world: World) -> None:
    got = results(personas.other_lead, "yard")
    assert got["incident"] == [world.other_incident]
    assert got["act"] == got["testimony"] == []
    assert results(personas.other_lead, "Ганна")["person"] == [world.other_person]
    assert results(personas.other_lead, "Лукашэнка")["person"] == []


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_reference_data_is_shared_by_everyone_signed_in(personas, name: str) -> None:
    assert Place.objects.get(code="akrestsina") in results(personas[name], "Akrestsina")["place"]


def test_nobody_anonymous_finds_anything(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    for kind in engine.KINDS:
        assert list(engine.find(AnonymousUser(), parse("Akrestsina"), kind)) == []
        assert list(engine.find(None, parse("Akrestsina"), kind)) == []


def test_a_deactivated_member_finds_nothing(personas, world: World) -> None:
    viewer = personas.viewer
    viewer.is_active = False
    viewer.save()
    assert all(found == [] for found in results(viewer, "yard").values())


@pytest.mark.parametrize("query", [WITNESS_NAME, WITNESS_NAME_BE, "Sakretny", "Сакрэтны",
                                   "Sakret", "Zmitser", "Зміцер Сакрэтны"])
@pytest.mark.parametrize("name", ["viewer", "investigator", "lawyer", "analyst"])
def test_a_protected_name_is_not_matched_without_identity_access(
        personas, world: World, query: str, name: str) -> None:
    assert results(personas[name], query)["person"] == []


@pytest.mark.parametrize("query", [WITNESS_NAME, "Сакрэтны", "Sakret"])
def test_identity_access_finds_a_protected_person_by_name(personas, world: World,
                                                          query: str) -> None:
    assert results(personas.lead, query)["person"] == [world.witness]


@pytest.mark.parametrize("name", ["viewer", "lead"])
def test_everyone_in_the_case_finds_a_protected_person_by_pseudonym(
        personas, world: World, name: str) -> None:
    assert world.witness.pseudonym == "W-0001"
    for query in ("W-0001", "w-0001"):
        assert results(personas[name], query)["person"] == [world.witness]


def test_identity_access_elsewhere_does_not_count(personas, world: World) -> None:
    # other_lead has identity access, but in another case than the witness's.
    assert results(personas.other_lead, WITNESS_NAME)["person"] == []
    assert results(personas.other_lead, "W-0001")["person"] == []


def test_granting_identity_access_opens_the_name(personas, world: World) -> None:
    viewer = personas.viewer
    assert results(viewer, WITNESS_NAME)["person"] == []
    change_member(personas.case, viewer, identity_access=True, actor="test")
    assert results(viewer, WITNESS_NAME)["person"] == [world.witness]


def test_roles_in_cases_the_reader_cannot_see_are_not_shown(personas, world: World) -> None:
    from sprava.records.models import PersonRole
    from tests.search.conftest import save

    save(PersonRole(person=world.lukashenko, case=personas.other_case, role="perpetrator"))
    found = results(personas.viewer, "Lukashenko")["person"]
    assert [role.case.reference for role in found[0].roles.all()] == ["akrestsina-2020"]
    found = results(personas.other_lead, "Lukashenko")["person"]
    assert [role.case.reference for role in found[0].roles.all()] == ["okrestina-other"]
