"""Every refusal is a page of the site that says why, and an ordinary refusal leaves no traceback.

A reader who follows a link and meets a bare "403 Forbidden" cannot tell a missing right from a
broken server; an administrator reading the log cannot tell an attack from a crash when every
refused click leaves a traceback. And no page offers a link its reader may not follow.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.accounts.conftest import PERSONA_NAMES
from tests.web_records.conftest import World, text
from tests.web_records.test_access import PAGES

# Pages outside the records that only administrators open.
# (The ledger is not one: members read their cases' entries there, sprava.evidence.entries.)
ADMINISTRATOR_PAGES = ("/account/security/", "/account/enrolment-codes/")
LAYOUT = '<header class="top">'
REASON = re.compile(r'class="reason"[^>]*>\s*\S')


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.exc_info]


def assert_styled_refusal(url: str, response: object, *, why: str = "") -> None:
    page = response.content.decode()  # type: ignore[attr-defined]
    assert LAYOUT in page, f"{url}: not in the site layout"
    assert REASON.search(page), f"{url}: does not say why"
    assert why in text(response), f"{url}: does not say {why!r}"


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_page_a_persona_may_not_open_is_a_styled_page_that_says_why(
    world: World, client_of: Callable[[str], Client], persona: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = client_of(persona)
    urls = [url_of(world) for url_of, _ in PAGES] + list(ADMINISTRATOR_PAGES)
    refused = 0
    with caplog.at_level(logging.WARNING):
        for url in urls:
            response = client.get(url)
            if response.status_code in (403, 404):
                refused += 1
                assert_styled_refusal(url, response)
    assert refused, "the persona was refused nothing: the test tests nothing"
    assert tracebacks(caplog) == []


def test_a_non_administrator_asking_for_an_administrators_page_is_told_why(
    world: World, client_of: Callable[[str], Client], caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        response = client_of("lead").get("/account/security/")
    assert response.status_code == 403
    assert_styled_refusal("/account/security/", response,
                          why="organisation administrators only")
    assert tracebacks(caplog) == []


@pytest.mark.parametrize("language, why", [
    ("be", "толькі для адміністратараў арганізацыі"),
    ("ru", "только для администраторов организации"),
])
def test_the_refusal_is_in_the_readers_language(
    world: World, client_of: Callable[[str], Client], language: str, why: str,
) -> None:
    response = client_of("viewer").get("/account/security/",
                                       headers={"accept-language": language})
    assert response.status_code == 403
    assert_styled_refusal("/account/security/", response, why=why)


def test_a_form_with_a_stale_token_is_refused_with_a_styled_page(
    world: World, personas: object,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.viewer)  # type: ignore[attr-defined]
    response = client.post("/logout/")
    assert response.status_code == 403
    assert_styled_refusal("/logout/", response, why="This form has expired")


def test_too_many_files_in_one_upload_is_a_styled_400_without_a_traceback(
    world: World, client_of: Callable[[str], Client], settings: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 1  # type: ignore[attr-defined]
    files = [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(3)]
    with caplog.at_level(logging.WARNING):
        response = client_of("investigator").post("/evidence/upload/", {"files": files})
    assert response.status_code == 400
    assert_styled_refusal("/evidence/upload/", response, why="The request could not be read")
    assert tracebacks(caplog) == []


def test_a_server_error_is_a_styled_page(
    world: World, personas: object, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("sprava.web.evidence.views.search_items", broken)
    client = Client(raise_request_exception=False)
    client.force_login(personas.viewer)  # type: ignore[attr-defined]
    response = client.get("/evidence/")
    assert response.status_code == 500
    assert_styled_refusal("/evidence/", response, why="The server could not finish")


@pytest.mark.parametrize("persona", [*PERSONA_NAMES, "other_lead"])
def test_the_header_offers_no_link_its_reader_may_not_open(
    world: World, client_of: Callable[[str], Client], persona: str,
) -> None:
    client = client_of(persona)
    header = re.search(r'<header class="top">(.*?)</header>',
                       client.get("/cases/").content.decode(), re.S)
    assert header is not None
    links = re.findall(r'<a [^>]*href="([^"]+)"', header.group(1))
    assert "/evidence/" in links
    # followed as a browser would: the site's address leads on to the cases
    refused = {url: client.get(url, follow=True).status_code for url in links}
    assert {url: status for url, status in refused.items() if status != 200} == {}


def test_a_refusal_from_the_domain_is_a_styled_page_in_the_readers_language(
    world: World, client_of: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from sprava.accounts.errors import PermissionDenied

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionDenied("viewer may not administer")  # English, for the log

    monkeypatch.setattr("sprava.web.evidence.views.search_items", refuse)
    with caplog.at_level(logging.WARNING):
        response = client_of("viewer").get("/evidence/", headers={"accept-language": "ru"})
    assert response.status_code == 403
    assert_styled_refusal("/evidence/", response,
                          why="Ваша учётная запись не может открыть эту страницу.")
    assert "may not administer" not in text(response)
    assert tracebacks(caplog) == []
