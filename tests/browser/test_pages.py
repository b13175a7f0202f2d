"""A person at the keyboard: logging in, recording an incident with an act, a victim and
evidence, searching a name across scripts, and being refused what their role does not allow.

Every assertion is on what the page shows. Each test leaves a screenshot of its last page in its
tmp_path (see conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sprava.evidence.models import Item
from sprava.ledger.models import Entry
from sprava.ledger.tags import ITEM_VIEWED
from sprava.records import services
from sprava.records.models import Person, PersonRole
from tests.accounts.conftest import Personas
from tests.browser.conftest import log_in

# The live server needs a database its thread sees: committed, and flushed after each test.
pytestmark = pytest.mark.django_db(transaction=True)

# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201e2213bc40000000049454e44ae426082")


def choose(page: Any, select: str, containing: str) -> None:
    """Pick the option of `select` whose visible text contains `containing`."""
    option = page.locator(f"{select} option", has_text=containing).first
    page.select_option(select, value=option.get_attribute("value"))


def main_text(page: Any) -> str:
    return str(page.inner_text("main"))


def views_of(item_number: str) -> int:
    """Views of an evidence item through its thumbnail, as the custody ledger records them."""
    # The uploader knows the item by the number of their receipt (evidence.visibility).
    item = Item.objects.get(receipts__pk=int(item_number))
    return sum(1 for body in Entry.objects.filter(action=ITEM_VIEWED).values_list("body", flat=True)
               if item.sha256 in bytes(body).decode())


def test_log_in_refuses_a_wrong_password_then_lets_the_right_one_in(
        page: Any, people: Personas) -> None:
    page.goto("/cases/")
    assert "/login/" in page.url  # signed out: sent to the log-in page
    page.fill("input[name=username]", "viewer")
    page.fill("input[name=password]", "not the password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").is_visible()
    assert "/login/" in page.url

    log_in(page, "viewer")
    assert page.locator("form.logout").inner_text().startswith("Signed in as viewer")
    page.goto("/cases/")
    assert people.case.reference in main_text(page)
    assert people.other_case.reference not in main_text(page)


def test_an_investigator_records_an_incident_with_an_act_a_victim_and_evidence(
        page: Any, people: Personas, tmp_path: Path) -> None:
    case = people.case.reference
    log_in(page, "investigator")

    # 1. A photograph, uploaded for the case.
    photo = tmp_path / "injuries.png"
    photo.write_bytes(PNG)
    page.goto("/evidence/upload/")
    page.set_input_files("input[name=files]", str(photo))
    choose(page, "select[name=case]", case)
    page.get_by_role("button", name="Upload and record").click()
    page.wait_for_url("**/evidence/upload/result/**")
    assert "1 stored" in main_text(page)
    item_link = page.locator("table.results a", has_text=re.compile(r"^item \d+$"))
    item_number = item_link.inner_text().removeprefix("item ")

    # 2. An incident, opened from the case's page.
    page.goto(f"/cases/{case}/")
    page.locator(f'a[href="/incidents/new/?case={case}"]').first.click()
    page.fill("input[name=title]", "Detentions at Pushkinskaya")
    page.fill("input[name=start_date]", "2020-08-10")
    choose(page, "select[name=place]", "Minsk")
    page.fill("textarea[name=narrative]", "Riot police detained protesters at the metro.")
    page.fill("[name=reason]", "from the interview of 2021-03-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/incidents/\d+/$"))
    assert "Detentions at Pushkinskaya" in page.locator("h1").inner_text()
    incident_id = re.search(r"/incidents/(\d+)/", page.url).group(1)  # type: ignore[union-attr]

    # 3. An act against a victim nobody has recorded yet.
    page.locator(f'a[href="/acts/new/?incident={incident_id}"]').first.click()
    choose(page, "select[name=act_type]", "Beating")
    page.fill("input[name=new_name]", "Taisa Novaya")
    page.fill("textarea[name=description]", "Beaten with batons in the van.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/acts/\d+/$"))
    act_page = main_text(page)
    assert "Taisa Novaya" in act_page
    assert "Detentions at Pushkinskaya" in act_page

    # 4. The photograph linked to the act, shown blurred until clicked.
    evidence = page.locator("section#evidence")
    assert "No evidence linked yet." in evidence.inner_text()
    evidence.locator("input[name=item]").fill(item_number)
    evidence.locator("input[name=reason]").fill("photo of injuries")
    evidence.get_by_role("button", name="Link evidence").click()
    page.wait_for_url(re.compile(r"/acts/\d+/#evidence$"))
    evidence = page.locator("section#evidence")
    assert f"Item {item_number}" in evidence.inner_text()
    assert "injuries.png" in evidence.inner_text()
    assert evidence.locator(".veil").is_visible()
    # The page loaded with the image blurred: nobody has seen it, so no view is recorded.
    page.wait_for_load_state("networkidle")
    assert views_of(item_number) == 0
    evidence.locator("label.graphic").click()
    assert evidence.locator("input.reveal").is_checked()
    # Polled from here: wait_for_function evaluates a string in the page, which its
    # Content-Security-Policy (no 'unsafe-eval') refuses.
    image = evidence.locator(".graphic img")
    for _ in range(100):
        if image.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("the unblurred image never loaded")
    assert views_of(item_number) == 1
    # Blurring it again and looking once more is the same look at the same loaded image.
    evidence.locator("label.graphic").click()
    evidence.locator("label.graphic").click()
    page.wait_for_load_state("networkidle")
    assert views_of(item_number) == 1

    # The victim's page shows the act they suffered.
    page.get_by_role("link", name="Taisa Novaya").first.click()
    page.wait_for_url(re.compile(r"/persons/\d+/$"))
    assert "Victim" in main_text(page) and case in main_text(page)


def test_a_name_typed_in_latin_finds_the_person_recorded_in_cyrillic(
        page: Any, people: Personas) -> None:
    someone = services.save_record(Person(gender="male"), actor="test")
    services.add_name(someone, "Аляксандр Лукашэнка", actor="test", script="be")
    services.save_record(PersonRole(person=someone, case=people.case, role="perpetrator"),
                         actor="test")
    log_in(page, "viewer")

    page.goto("/search/")
    page.fill("input[name=q]", "Lukashenko")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=Lukashenko"))
    results = page.locator("section.results")
    assert "Аляксандр Лукашэнка" in results.inner_text()
    assert results.locator("mark").count() >= 1  # the matching name is highlighted

    page.goto("/search/?q=Лукашенко")  # Russian spelling, Belarusian record
    assert "Аляксандр Лукашэнка" in page.locator("section.results").inner_text()

    page.goto("/search/?q=Kolesnikova")
    assert "Nothing matches “Kolesnikova” in your cases." in main_text(page)


def test_an_outsider_is_told_not_found_and_an_investigator_may_not_edit_the_case(
        page: Any, people: Personas) -> None:
    case = people.case.reference
    log_in(page, "outsider")
    response = page.goto(f"/cases/{case}/")
    assert response.status == 404
    assert "Not found" in page.locator("h1").inner_text()
    assert people.case.title not in main_text(page)
    page.locator("form.logout button").click()
    page.wait_for_load_state()

    log_in(page, "investigator")
    page.goto(f"/cases/{case}/")
    assert people.case.title in main_text(page)
    response = page.goto(f"/cases/{case}/edit/")
    assert response.status == 403
    assert "You may not do this" in page.locator("h1").inner_text()
    assert "Nothing was changed." in main_text(page)
