"""The API's documentation page, /api/v1/docs: Swagger UI from our own static files.

Nothing comes from a CDN (a reader's browser tells no third party that it reads this API, and
the page works offline), it runs under the site's Content-Security-Policy, and it is public like
the OpenAPI document it renders: it shows the API's shape, no record.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.api.conftest import World

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs"


class Page(HTMLParser):
    """What a page loads: every src and href, and its script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self._in_script: dict[str, str | None] | None = None
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.sources += [value for name, value in attrs if name in ("src", "href") and value]
        if tag == "script":
            self._in_script = found
            self.scripts.append(found)

    def handle_data(self, data: str) -> None:
        if self._in_script is not None and self._in_script.get("id"):
            self.data[str(self._in_script["id"])] = data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def read(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_the_docs_page_loads_nothing_from_elsewhere(world: World) -> None:
    response = Client().get(DOCS)  # no token, no session: public like /openapi.json
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = read(response.content.decode())
    assert page.sources, "the page loads its script and style sheet"
    for source in page.sources:
        assert source.startswith("/static/"), source  # not http(s)://, not //host/
        asset = Client().get(source)
        assert asset.status_code == 200, source
        body = b"".join(asset.streaming_content) if asset.streaming else asset.content
        asset.close()
        assert body, source


def test_the_docs_page_runs_under_the_sites_content_security_policy(world: World) -> None:
    response = Client().get(DOCS)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # So every script is a file of ours or data, never inline code the policy would block.
    for script in read(response.content.decode()).scripts:
        assert script.get("src") or script.get("type") == "application/json", script


def test_the_docs_page_renders_our_document_and_calls_no_validator(world: World) -> None:
    page = read(Client().get(DOCS).content.decode())
    settings = json.loads(page.data["swagger-settings"])
    assert settings["url"] == "/api/v1/openapi.json"
    # Else Swagger UI shows a badge fetched from validator.swagger.io, sending it our address.
    assert settings["validatorUrl"] is None
    assert settings["persistAuthorization"] is False


def test_the_docs_page_is_read_only_and_never_cached(world: World) -> None:
    assert "no-store" in Client().get(DOCS)["Cache-Control"]
    refused = Client().post(DOCS, {})
    assert refused.status_code == 405
    assert refused.json()["detail"].startswith("POST is not allowed here")
