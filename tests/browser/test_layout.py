"""The pages on a phone's screen, the language switcher with and without JavaScript, and the
keyboard's first stop."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest

from sprava.accounts.members import add_member
from sprava.records import services
from sprava.records.models import Act, Position
from tests.accounts.conftest import Personas
from tests.browser.conftest import TIMEOUT_MS, log_in
from tests.web_records.conftest import make_world, put

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}  # a common phone's viewport, in CSS pixels


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def header_links(page: Any) -> Any:
    return page.locator("header.top nav a, header.top form.logout a")


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_no_page_scrolls_sideways_on_a_phone_and_every_header_link_is_on_screen(
        phone: Any, people: Personas, language: str) -> None:
    world = make_world(people)
    for _ in range(10):  # a long acts table
        services.save_record(Act(incident=world.incident, act_type=world.beating,
                                 victim=world.victim), actor="test")
    item = put(b"a witness statement", "statement.txt", case=people.case.reference)
    add_member(people.case, people.administrator, "lead", identity_access=True, actor="test")
    services.save_record(Position(person=world.perpetrator, organisation=world.unit,
                                  title="Commander", start_date=datetime.date(2020, 1, 1),
                                  date_precision="year", superior_responsibility=True),
                         actor="test")
    case = people.case.reference
    log_in(phone, "administrator")
    phone.context.add_cookies([{"name": "django_language", "value": language,
                                "url": phone.url}])
    too_wide = {}
    for url in [
        "/cases/",
        f"/cases/{case}/",
        f"/cases/{case}/dashboard/",
        "/incidents/",
        f"/incidents/{world.incident.pk}/",
        f"/incidents/new/?case={case}",
        "/acts/",
        f"/persons/{world.victim.pk}/",
        f"/persons/{world.perpetrator.pk}/?at=2020-08-11",
        f"/cases/{case}/superiors/",
        f"/evidence/{item.receipts.get().pk}/",
        "/evidence/upload/",
        "/ledger/",
        "/search/?q=Akrestsina",
        "/account/password/",
    ]:
        phone.goto(url)
        # The figures tables of the dashboard are folded away; open them, as a reader would.
        phone.locator("main details").evaluate_all("all => all.forEach(d => { d.open = true; })")
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"] + 1:
            too_wide[url] = width
    assert too_wide == {}, f"pages wider than {PHONE['width']} px ({language})"

    links = header_links(phone)
    assert links.count() >= 12
    for link in links.all():
        box = link.bounding_box()
        assert link.is_visible() and box is not None, link.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, link.inner_text()


def test_choosing_a_language_switches_at_once(page: Any, people: Personas) -> None:
    log_in(page, "viewer")
    page.goto("/cases/")
    assert not page.locator("form.language button").is_visible()  # inside <noscript>
    with page.expect_navigation():  # no button pressed: the choice submits the form
        page.select_option("form.language select", "be")
    assert page.url.endswith("/cases/")
    assert page.locator("html").get_attribute("lang") == "be"
    assert "Справы" in page.locator("header nav").inner_text()
    assert page.locator("form.language select option:checked").inner_text() == "Беларуская"
    with page.expect_navigation():
        page.select_option("form.language select", "ru")
    assert page.locator("html").get_attribute("lang") == "ru"


def test_without_javascript_the_language_switches_with_its_button(
        browser: Any, live_server: Any, people: Personas) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/login/")
        page.select_option("form.language select", "ru")
        assert page.locator("html").get_attribute("lang") == "en"  # nothing submitted yet
        with page.expect_navigation():
            page.locator("form.language button").click()
        assert page.locator("html").get_attribute("lang") == "ru"
        assert re.search(r"/login/$", page.url)
    finally:
        context.close()


def test_the_first_tab_shows_the_skip_link_and_it_leads_past_the_header(
        page: Any, people: Personas) -> None:
    log_in(page, "viewer")
    page.goto("/cases/")
    skip = page.locator("a.skip")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0  # out of sight at first
    page.keyboard.press("Tab")
    assert skip.evaluate("a => a === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0  # on screen while it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    # The next stop is in the page's content, not the header's links.
    assert page.evaluate("document.activeElement.closest('main') !== null")
