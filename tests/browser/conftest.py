"""Pages in a real browser: Playwright drives Debian's chromium against pytest-django's live
server.

The browser is started once for this folder's tests (each test gets a fresh context, so no
cookies leak between them) and stopped after the last of them. It is Debian's `chromium`
(scripts/install.sh installs it); Playwright never downloads one. Without /usr/bin/chromium the
tests are skipped, except in CI (CI=true), where they fail.

Playwright's sync API keeps an asyncio loop marked as running in this thread, which makes
Django refuse ORM calls from the test body ("SynchronousOnlyOperation"). The live server runs
in its own thread; only this thread's seeding and assertions are let through, while the
browser runs (DJANGO_ALLOW_ASYNC_UNSAFE, restored when it stops, which is also when
Playwright's loop goes: the fixture is scoped to this folder, so no other test runs beside it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.accounts.conftest import PASSWORD, Personas, make_personas

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Generous for a page of this app on a loaded CI machine, short enough to fail fast.
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (scripts/install.sh installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser(django_db_blocker: Any) -> Iterator[Any]:
    """One headless chromium for all the browser tests."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    # Each test's flush emptied the reference tables the migrations fill; later tests find
    # them as migrated.
    with django_db_blocker.unblock():
        from sprava.records.seed import load_reference_data

        load_reference_data()


@pytest.fixture
def page(browser: Any, live_server: Any, tmp_path: Path,
         request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context's page, with its base URL at the live server. A screenshot of
    the last page shown goes to tmp_path/screenshot.png, whether the test passed or not."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        try:
            page.screenshot(path=str(tmp_path / "screenshot.png"), full_page=True)
        finally:
            context.close()


@pytest.fixture
def people(home: Path, transactional_db: None, settings: Any) -> Personas:
    """The accounts tests' personas (a case with a member of every role, an outsider, another
    team's case), in a database the live server's thread sees."""
    # Real password hashing is slow on purpose; these tests are about pages.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Places and act types are shipped reference data, put in by a migration; the flush after
    # a transactional test removes them. (serialized_rollback cannot put them back here: with
    # Playwright's loop in this thread, the test body sees another connection object than the
    # one that holds the serialized copy.)
    from sprava.records.seed import load_reference_data

    load_reference_data()
    return make_personas()


def log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real log-in page, as a person would."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"{username} was not let in: {page.inner_text('body')}"
