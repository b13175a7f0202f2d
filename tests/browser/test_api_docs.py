"""The API docs page in a real browser: Swagger UI renders every operation from our own files,
under the site's Content-Security-Policy, and asks no other host for anything."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest


@pytest.mark.usefixtures("transactional_db")
def test_the_api_docs_render_under_the_policy_from_this_server_alone(
        page: Any, live_server: Any) -> None:
    ours = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    refused: list[str] = []
    page.on("request", lambda request: elsewhere.append(request.url)
            if urlsplit(request.url).netloc not in (ours, "") else None)
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    # Each refusal of the policy, as the page's own event reports it (the console's wording
    # may change between browser versions).
    page.add_init_script("window.refusals = []; document.addEventListener("
                         "'securitypolicyviolation', e => window.refusals.push("
                         "e.violatedDirective + ' ' + e.blockedURI))")
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock", state="attached")
    assert page.locator(".opblock").count() >= 60  # every operation of the document
    upload = page.get_by_text("Upload one file with its collection metadata").first
    upload.click()  # opened: its form fields and example answer render too
    page.get_by_text("collected_from").first.wait_for()
    assert elsewhere == []
    assert page.evaluate("window.refusals") == []
    assert refused == []
