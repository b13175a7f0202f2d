"""In a real browser: one act form for several victims, with a perpetrator and the mode of
liability claimed; a wrong reference refused as one clear error with nothing recorded; and the
form as it looks in every language (screenshots beside the test's tmp_path, to look at)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from sprava.records import services
from sprava.records.models import Act, ActType, Incident, Involvement, Person, PersonRole
from tests.accounts.conftest import Personas
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def recorded(name: str, people: Personas, role: str) -> Person:
    person = services.save_record(Person(), actor="test")
    services.add_name(person, name, actor="test", script="latin")
    services.save_record(PersonRole(person=person, case=people.case, role=role), actor="test")
    return person


def an_incident(people: Personas) -> Incident:
    return services.save_record(
        Incident(case=people.case, title="Detentions at Pushkinskaya"), actor="test")


def test_one_form_records_the_act_for_three_victims_with_their_perpetrator(
        page: Any, people: Personas, tmp_path: Path) -> None:
    incident = an_incident(people)
    names = ("Alesia Pershaja", "Maryna Druhaja", "Katsiaryna Treciaja")
    victims = [recorded(name, people, "victim") for name in names]
    officer = recorded("Ivan Omonaŭcaŭ", people, "perpetrator")
    log_in(page, "investigator")

    page.goto(f"/incidents/{incident.pk}/")
    page.get_by_role("link", name=re.compile("Add an act")).first.click()
    page.wait_for_url(re.compile(r"/acts/new/"))
    page.screenshot(path=str(tmp_path / "act-form-en.png"), full_page=True)
    page.get_by_label("Act type").select_option(str(ActType.objects.get(code="beating").pk))
    page.get_by_label("Victims").fill(
        f"{victims[0].reference}\n{victims[1].reference}, {victims[2].reference}")
    # The perpetrator from the picker: part of the name, then the keyboard.
    perpetrator = page.get_by_role("combobox", name=re.compile("Perpetrator")).first
    perpetrator.press_sequentially("Omona", delay=30)
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    perpetrator.press("ArrowDown")
    perpetrator.press("Enter")
    assert perpetrator.input_value() == officer.reference
    page.locator("select[name=perpetrator_1_mode]").select_option("commission")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"/incidents/{incident.pk}/"))

    made = list(Act.objects.filter(incident=incident).order_by("pk"))
    assert [act.victim_id for act in made] == [victim.pk for victim in victims]
    acts_shown = page.locator("#acts").inner_text()
    assert all(name in acts_shown for name in names)
    assert acts_shown.count("Ivan Omonaŭcaŭ") == 3
    assert "3 acts recorded, one for each victim." in page.inner_text("body")
    for act in made:
        [involvement] = Involvement.objects.filter(act=act)
        assert (involvement.perpetrator_id, involvement.mode) == (officer.pk, "commission")
        page.goto(f"/acts/{act.pk}/")
        shown = page.locator("section#perpetrators").inner_text()
        assert "Ivan Omonaŭcaŭ" in shown and "Commission" in shown


def test_a_wrong_reference_is_one_clear_error_and_nothing_is_recorded(
        page: Any, people: Personas, tmp_path: Path) -> None:
    incident = an_incident(people)
    victim = recorded("Alesia Pershaja", people, "victim")
    log_in(page, "investigator")

    page.goto(f"/acts/new/?incident={incident.pk}")
    page.get_by_label("Act type").select_option(str(ActType.objects.get(code="beating").pk))
    page.get_by_label("Victims").fill(f"{victim.reference}\nP-999999")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.screenshot(path=str(tmp_path / "act-form-error.png"), full_page=True)
    errors = page.locator(".field-error")
    assert errors.count() == 1, page.locator("main").inner_text()
    assert "P-999999" in errors.inner_text()
    assert not Act.objects.filter(incident=incident).exists()


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_act_form_in_each_language(page: Any, people: Personas, tmp_path: Path,
                                       language: str) -> None:
    incident = an_incident(people)
    log_in(page, "investigator")
    page.goto(f"/acts/new/?incident={incident.pk}")
    with page.expect_navigation():  # the switcher submits itself
        page.select_option("form.language select", language)
    assert page.locator("html").get_attribute("lang") == language
    page.screenshot(path=str(tmp_path / f"act-form-{language}.png"), full_page=True)
    form = page.locator("main form").last.inner_text()
    # A label or help text left in English is untranslated.
    for english in ("Victims", "Perpetrator", "Mode of liability", "Acting for", "Save"):
        assert english not in form, f"{english!r} left in English"
    page.locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    page.screenshot(path=str(tmp_path / f"act-form-{language}-error.png"), full_page=True)


def test_the_ledgers_date_filter_narrows_the_table(page: Any, people: Personas) -> None:
    # The ledger's other filters (action, actor, record) have their browser test in
    # test_evidence_context.py; this is the date's. Every entry here was written today (UTC).
    an_incident(people)
    today = datetime.datetime.now(datetime.UTC).date()
    log_in(page, "lead")
    page.goto("/ledger/")
    rows = page.locator("table.entries tbody tr")
    assert rows.count() > 0
    filters = page.locator("form.filters")
    filters.locator("input[name=since]").fill((today + datetime.timedelta(days=1)).isoformat())
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/ledger/\?.*since="))
    assert page.locator("table.entries tbody tr").count() == 0
    filters = page.locator("form.filters")
    filters.locator("input[name=since]").fill(today.isoformat())
    filters.locator("input[name=until]").fill(today.isoformat())
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert page.locator("table.entries tbody tr").count() > 0
    # A last day before the first is shown, not obeyed.
    filters = page.locator("form.filters")
    filters.locator("input[name=until]").fill((today - datetime.timedelta(days=1)).isoformat())
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "The last day comes before the first." in filters.inner_text()
