"""In a real browser: choosing an act's victim by typing part of their name in another script,
with the keyboard only, from the list the person picker offers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sprava.records import services
from sprava.records.models import Act, ActType, Incident, Person, PersonRole
from tests.accounts.conftest import Personas
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def recorded(name: str, people: Personas, role: str, *, protected: bool = False) -> Person:
    person = services.save_record(Person(), actor="test")
    services.add_name(person, name, actor="test", script="be")
    services.save_record(PersonRole(person=person, case=people.case, role=role), actor="test")
    if protected:
        services.protect(person, actor="test")
    return person


def test_an_investigator_picks_a_victim_by_typing_and_the_keyboard(
        page: Any, people: Personas) -> None:
    incident = services.save_record(
        Incident(case=people.case, title="Detentions at Pushkinskaya"), actor="test")
    victim = recorded("Святлана Ціханоўская", people, "victim")
    second = recorded("Марыя Калеснікава", people, "victim")
    hidden = recorded("Святлана Ціханава", people, "witness", protected=True)
    log_in(page, "investigator")

    page.goto(f"/acts/new/?incident={incident.pk}")
    field = page.get_by_role("combobox", name=re.compile("Victim"))
    field.press_sequentially("Tsikhan", delay=30)  # Latin letters for a Cyrillic name
    listbox = page.get_by_role("listbox")
    option = listbox.get_by_role("option").first
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    offered = listbox.inner_text()
    assert "Святлана Ціханоўская" in offered and victim.reference in offered
    assert "Ціханава" not in offered  # a protected person is never matched by name

    field.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    assert field.get_attribute("aria-activedescendant") == option.get_attribute("id")
    field.press("Enter")
    # The victims field is for several: the reference goes on its line, and a new line begins.
    assert field.input_value() == f"{victim.reference}\n"
    assert listbox.is_hidden()
    assert "Святлана Ціханоўская" in page.locator("#id_victim_chosen").inner_text()
    field.press_sequentially("Kalesn", delay=30)  # the next line asks for the next victim
    listbox.get_by_role("option").first.wait_for()
    assert "Марыя Калеснікава" in listbox.inner_text()
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == f"{victim.reference}\n{second.reference}\n"

    page.get_by_label("Act type").select_option(
        str(ActType.objects.get(code="beating").pk))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"/incidents/{incident.pk}/"))
    assert {act.victim_id for act in Act.objects.filter(incident=incident)} == {
        victim.pk, second.pk}

    # Escape closes the list without choosing; a protected person's pseudonym finds them.
    page.goto(f"/acts/new/?incident={incident.pk}")
    field = page.get_by_role("combobox", name=re.compile("Victim"))
    field.press_sequentially(str(hidden.pseudonym), delay=30)
    option = page.get_by_role("listbox").get_by_role("option").first
    option.wait_for()
    assert str(hidden.pseudonym) in option.inner_text()
    assert "Ціханава" not in page.get_by_role("listbox").inner_text()
    field.press("Escape")
    assert page.get_by_role("listbox").is_hidden()
    assert field.input_value().strip() == str(hidden.pseudonym)
