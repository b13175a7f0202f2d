"""What every page offers a person who does not see it, or reads it on a phone: a way past the
header, languages named in themselves, help and errors joined to their fields, an icon that is
found. (tests/browser/test_accessibility.py runs axe-core over the rendered pages.)"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from sprava.records.models import Incident
from tests.web_records.conftest import World, put, text


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def described_by(html: str) -> list[str]:
    """Every id that an aria-describedby of the page names."""
    return [i for value in re.findall(r'aria-describedby="([^"]*)"', html) for i in value.split()]


def test_the_language_switcher_names_each_language_in_itself_in_every_language() -> None:
    for language in ("en", "be", "ru"):
        client = Client()
        client.post("/i18n/setlang/", {"language": language, "next": "/login/"})
        html = text(client.get("/login/"))
        options = re.findall(r'<option value="(\w+)" lang="(\w+)"[^>]*>([^<]+)</option>', html)
        assert [(value, name) for value, lang, name in options if value == lang] == [
            ("en", "English"), ("be", "Беларуская"), ("ru", "Русский")], language


def test_the_language_switcher_submits_on_change_and_keeps_a_button_without_javascript() -> None:
    html = text(Client().get("/login/"))
    form = re.search(r'<form class="language".*?</form>', html, re.S)
    assert form is not None
    # The button only where no script runs; the script is a file of the site (the CSP allows no
    # inline one).
    assert re.search(r"<noscript><button type=\"submit\">Switch</button></noscript>", form.group())
    assert '<script src="/static/sprava/language.js" defer></script>' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


@pytest.mark.parametrize("url", ["/login/", "/cases/"])
def test_the_first_link_of_a_page_skips_to_its_main_content(
        client_of: Any, world: World, url: str) -> None:
    client = Client() if url == "/login/" else client_of("investigator")
    html = text(client.get(url))
    body = html[html.index("<body"):]
    first_link = re.search(r"<a [^>]*>[^<]*</a>", body)
    assert first_link is not None
    assert first_link.group() == '<a class="skip" href="#content">Skip to content</a>'
    assert '<main id="content" tabindex="-1">' in html


def test_the_skip_link_is_translated() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "be", "next": "/login/"})
    assert ">Перайсці да зместу</a>" in text(client.get("/login/"))


def test_pages_link_their_icon_and_favicon_ico_leads_to_it_signed_in_or_not(
        client_of: Any, world: World) -> None:
    html = text(client_of("viewer").get("/cases/"))
    assert '<link rel="icon" href="/static/sprava/favicon.svg" type="image/svg+xml">' in html
    for client in (Client(), client_of("viewer")):
        response = client.get("/favicon.ico")
        assert response.status_code == 301
        assert response["Location"] == "/static/sprava/favicon.svg"
    icon = Client().get("/static/sprava/favicon.svg")
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")


@pytest.mark.parametrize(
    "url", ["/incidents/new/", "/evidence/upload/", "incident-edit", "item", "tokens"])
def test_every_aria_describedby_names_an_element_of_the_page(
        client_of: Any, world: World, url: str) -> None:
    if url == "incident-edit":
        url = f"/incidents/{world.incident.pk}/edit/"
    elif url == "item":
        item = put(b"a witness statement", "statement.txt", case=world.case.reference)
        url = f"/evidence/{item.receipts.get().pk}/"
    elif url == "tokens":
        url = "/account/tokens/"
    html = text(client_of("lead").get(url))
    named = described_by(html)
    assert named  # each of these pages has fields with help text
    assert [i for i in named if i not in ids_in(html)] == []


def test_help_text_and_errors_of_a_refused_form_are_read_with_their_fields(
        client_of: Any, world: World) -> None:
    """A form sent back with errors: each error, as the help, is where the field points."""
    client = client_of("investigator")
    response = client.post("/incidents/new/", {"case": world.case.pk, "title": "",
                                               "start_date": "2020-08-11",
                                               "end_date": "2020-08-01"})
    html = text(response)
    assert response.status_code == 400 and not Incident.objects.filter(title="").exists()
    named = described_by(html)
    assert "id_title_error" in named and "id_title_error" in ids_in(html)
    assert [i for i in named if i not in ids_in(html)] == []
    password = text(client.post("/account/password/", {"current": "wrong", "new": "x",
                                                       "again": "y"}))
    assert [i for i in described_by(password) if i not in ids_in(password)] == []


def test_a_refused_upload_keeps_its_errors_with_the_field(client_of: Any, world: World) -> None:
    html = text(client_of("investigator").post("/evidence/upload/", {}))
    assert "id_files_error" in described_by(html)
    assert [i for i in described_by(html) if i not in ids_in(html)] == []
