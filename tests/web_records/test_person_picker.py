"""The person picker: suggestions as one types a name, pseudonym or reference, only of persons the
reader may see, never showing or matching a protected person's real name; and the same field
without JavaScript, which takes a name when it means one person and lists them when it means
several."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.test import Client

from sprava.ledger import tags
from sprava.records import services
from sprava.records.models import Act
from sprava.search.suggest import LIMIT
from tests.web_records.conftest import (
    ACTOR,
    OTHER_NAME,
    VICTIM_NAME,
    WITNESS_NAME,
    WITNESS_NAME_BE,
    World,
    entries,
    person,
    text,
)
from tests.web_records.test_forms import field_errors

URL = "/persons/suggest/"


def suggest(client: Client, q: str, **params: str) -> list[dict[str, Any]]:
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results: list[dict[str, Any]] = json.loads(response.content)["results"]
    return results


def references(results: list[dict[str, Any]]) -> list[str]:
    return [r["reference"] for r in results]


# --- Attacks first ------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in(world: World) -> None:
    response = Client().get(URL, {"q": "Alesia"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_member_of_another_case_finds_none_of_this_cases_persons(
    world: World, client_of: Callable[[str], Client]
) -> None:
    other = client_of("other_lead")  # lead with identity access, of the other team's case only
    for q in ("Alesia", "Vyctimovich", world.victim.reference, str(world.victim.pk),
              "Zmitser", WITNESS_NAME_BE, str(world.witness.pseudonym), "W-", "Ivan"):
        assert suggest(other, q) == [], q
    # ...and finds their own.
    assert references(suggest(other, "Otherteam")) == [world.other_person.reference]


def test_an_outsider_finds_nobody(world: World, client_of: Callable[[str], Client]) -> None:
    for q in ("Alesia", "Otherteam", world.victim.reference):
        assert suggest(client_of("outsider"), q) == []


def test_a_viewer_never_finds_a_protected_person_by_real_name(
    world: World, client_of: Callable[[str], Client]
) -> None:
    viewer = client_of("viewer")  # no identity access
    for q in ("Zmitser", "Secretwitness", "Secretw", WITNESS_NAME_BE, "Сакрэтны", "Sakretny"):
        assert suggest(viewer, q) == [], q


def test_a_protected_person_is_found_by_pseudonym_or_reference_and_shown_by_pseudonym(
    world: World, client_of: Callable[[str], Client]
) -> None:
    pseudonym = str(world.witness.pseudonym)
    viewer = client_of("viewer")
    for q in (pseudonym, pseudonym.lower(), pseudonym[:3], world.witness.reference,
              str(world.witness.pk)):
        found = [r for r in suggest(viewer, q) if r["reference"] == world.witness.reference]
        assert found, q
        assert found[0]["label"] == pseudonym and found[0]["protected"] is True
    raw = viewer.get(URL, {"q": pseudonym}).content.decode()
    for secret in ("Zmitser", "Secretwitness", "Зміцер", "Сакрэтны", "notes about"):
        assert secret not in raw


def test_even_identity_access_reveals_nothing_through_the_picker(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """The decision (sprava.search.suggest): suggestions never show or match a protected real
    name, for anyone, so answering them writes no reveal to the ledger."""
    lead = client_of("lead")  # identity access in the protecting case
    before = len(entries(tags.IDENTITY_REVEALED))
    assert suggest(lead, "Zmitser") == []
    found = suggest(lead, str(world.witness.pseudonym))
    assert [r["label"] for r in found] == [world.witness.pseudonym]
    assert len(entries(tags.IDENTITY_REVEALED)) == before


def test_an_alias_of_a_protected_person_is_no_way_in_either(
    world: World, client_of: Callable[[str], Client]
) -> None:
    services.add_name(world.witness, "Kazik Alias", actor=ACTOR, kind="alias")
    for persona in ("viewer", "lead"):
        assert suggest(client_of(persona), "Kazik") == []


# --- What it finds ------------------------------------------------------------------------------


def test_any_spelling_in_any_script_finds_the_person(
    world: World, client_of: Callable[[str], Client]
) -> None:
    cyrillic = person("Аляксандр Лукашэнка", world.case, "perpetrator")
    latin = person("Sviatlana Tsikhanouskaya", world.case, "witness")
    viewer = client_of("viewer")
    for q, who in (("Lukashenko", cyrillic), ("Lukash", cyrillic), ("Лукашенко", cyrillic),
                   ("Łukašenka", cyrillic), ("Тихановская", latin), ("Ціханоўская", latin),
                   ("Cichanouskaja", latin), ("tsikh", latin)):
        assert references(suggest(viewer, q)) == [who.reference], q
    found = suggest(viewer, "Lukashenko")[0]
    assert found["label"] == "Аляксандр Лукашэнка" and found["protected"] is False
    assert found["roles"] == [{"role": "Perpetrator", "case": world.case.reference}]


def test_a_person_is_found_by_reference_or_number(
    world: World, client_of: Callable[[str], Client]
) -> None:
    viewer = client_of("viewer")
    for q in (world.victim.reference, str(world.victim.pk), f"#{world.victim.pk}"):
        assert world.victim.reference in references(suggest(viewer, q)), q
    assert suggest(viewer, "")[:1] == [] and suggest(viewer, "   ") == []


def test_a_hostile_number_finds_nobody_and_never_fails(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """Digits past the database's largest id, or in another script ("١٢" is not 12), are no
    record number (`sprava.ids`): nobody is suggested, and the answer is never a 500."""
    from tests.assets.numbers import HOSTILE_NUMBERS

    viewer = client_of("viewer")
    viewer.raise_request_exception = False
    arabic_indic = str(world.victim.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    hostile = [(n.id, n.text) for n in HOSTILE_NUMBERS
               if n.id != "blank-padded"]  # " 1 " is what a reader types for 1: it finds them
    for name, q in [*hostile, ("past-the-largest-id", "9" * 12),
                    ("the-victims-number-in-arabic-indic", arabic_indic),
                    ("a-reference-in-arabic-indic", f"P-{arabic_indic}"),
                    ("a-pseudonym-in-arabic-indic", f"W-{arabic_indic}")]:
        response = viewer.get(URL, {"q": q})
        assert response.status_code == 200, name
        assert world.victim.reference not in response.content.decode(), name


def test_roles_in_another_teams_case_stay_unnamed(
    world: World, client_of: Callable[[str], Client]
) -> None:
    shared = person("Mikola Shared", world.case, "witness")
    services.save_record(type(world.victim.roles.first())(
        person=shared, case=world.other_case, role="victim"), actor=ACTOR)
    found = suggest(client_of("viewer"), "Mikola")
    assert found[0]["roles"] == [{"role": "Witness", "case": world.case.reference}]
    assert world.other_case.reference not in json.dumps(found)


def test_at_most_ten_and_the_given_cases_persons_first(
    world: World, client_of: Callable[[str], Client]
) -> None:
    for number in range(LIMIT + 2):
        person(f"Ivan Namesake{number}", world.case, "witness")
    viewer = client_of("viewer")
    assert len(suggest(viewer, "Ivan")) == LIMIT
    # The perpetrator Ivan Perpetratorov was recorded first; ranked by case he stays first,
    # and a case the reader cannot see is ignored (it would tell whom it holds).
    assert suggest(viewer, "Ivan", case=world.case.reference)[0]["label"] == "Ivan Perpetratorov"
    assert len(suggest(viewer, "Ivan", case=world.other_case.reference)) == LIMIT
    assert len(suggest(viewer, "Ivan", case="no-such-case")) == LIMIT


# --- Without JavaScript -------------------------------------------------------------------------


def new_act(client: Client, world: World, victim: str) -> Any:
    return client.post(f"/acts/new/?incident={world.incident.pk}", {
        "incident": world.incident.pk, "act_type": world.beating.pk, "date_precision": "day",
        "victim": victim})


def test_a_name_that_means_one_person_chooses_them(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = new_act(client_of("investigator"), world, "alesia vyctim")
    assert response.status_code == 302, text(response)
    assert Act.objects.filter(incident=world.incident, victim=world.victim).count() == 2


def test_a_name_that_means_several_lists_them_with_their_references(
    world: World, client_of: Callable[[str], Client]
) -> None:
    namesake = person("Alesia Namesake", world.case, "witness")
    response = new_act(client_of("investigator"), world, "Alesia")
    assert response.status_code == 400
    [error] = field_errors(text(response), "victim")
    assert f"{VICTIM_NAME} ({world.victim.reference})" in error
    assert f"Alesia Namesake ({namesake.reference})" in error
    assert Act.objects.filter(incident=world.incident).count() == 2


def test_a_typed_name_never_finds_a_protected_or_invisible_person(
    world: World, client_of: Callable[[str], Client]
) -> None:
    for persona in ("investigator", "lead"):
        for name in (WITNESS_NAME, OTHER_NAME):
            response = new_act(client_of(persona), world, name)
            assert response.status_code == 400
            page = text(response)
            [error] = field_errors(page, "victim")
            assert error.startswith(f"No person “{name}”"), error
            assert str(world.witness.pseudonym) not in error
            assert world.other_person.reference not in page


def test_a_pseudonym_chooses_the_protected_person(
    world: World, client_of: Callable[[str], Client]
) -> None:
    response = new_act(client_of("investigator"), world, str(world.witness.pseudonym).lower())
    assert response.status_code == 302, text(response)
    assert Act.objects.filter(incident=world.incident, victim=world.witness).count() == 2


def test_every_person_field_is_a_picker(
    world: World, client_of: Callable[[str], Client]
) -> None:
    client = client_of("investigator")
    for url, field in ((f"/acts/new/?incident={world.incident.pk}", "victim"),
                       (f"/involvements/new/?act={world.act.pk}", "perpetrator"),
                       (f"/testimonies/new/?case={world.case.reference}", "given_by")):
        page = text(client.get(url))
        assert f'name="{field}"' in page, url
        tag = page[page.index(f'name="{field}"') - 200:page.index(f'name="{field}"') + 900]
        assert 'data-picker="person"' in tag and f'data-suggest-url="{URL}"' in tag, url
        assert "/static/sprava/picker.js" in page
    # The case whose persons come first: the record's, or the one of the incident given.
    for url in (f"/involvements/new/?act={world.act.pk}",
                f"/acts/new/?incident={world.incident.pk}", f"/acts/{world.act.pk}/edit/"):
        assert f'data-case="{world.case.pk}"' in text(client.get(url)), url
    assert 'data-case-field="case"' in text(client.get("/testimonies/new/"))


def test_an_edit_form_shows_the_reference_of_the_chosen_person(
    world: World, client_of: Callable[[str], Client]
) -> None:
    page = text(client_of("investigator").get(f"/acts/{world.act.pk}/edit/"))
    assert f'value="{world.victim.reference}"' in page


def test_a_reference_in_other_digits_chooses_nobody_without_javascript(
    world: World, client_of: Callable[[str], Client]
) -> None:
    """"P-١" is no reference of person 1 (`sprava.ids`): the act is not recorded."""
    other_digits = str(world.victim.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    before = Act.objects.count()
    response = new_act(client_of("investigator"), world, f"P-{other_digits}")
    assert response.status_code == 400
    assert Act.objects.count() == before
