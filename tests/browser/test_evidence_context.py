"""In a real browser: linking an evidence item to a record from the item's own page, and
narrowing the custody ledger with its filters (a member's ledger, of their case only)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from sprava.evidence.intake import Collection, ingest_stream
from sprava.home.vault import open_vault
from sprava.records import references, services
from sprava.records.models import Incident
from tests.accounts.conftest import Personas
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def main_text(page: Any) -> str:
    return str(page.inner_text("main"))


def test_an_investigator_links_an_item_to_an_incident_from_the_items_page(
        page: Any, people: Personas) -> None:
    incident = services.save_record(
        Incident(case=people.case, title="Detentions at Pushkinskaya"), actor="test")
    other = services.save_record(
        Incident(case=people.other_case, title="The other team's incident"), actor="test")
    outcome = ingest_stream(io.BytesIO(b"%PDF-1.4 protocol"), vault=open_vault(),
                            filename="protocol.pdf", actor="test", collection=Collection(),
                            case=people.case.reference)
    number = outcome.receipt.pk
    log_in(page, "investigator")

    page.goto(f"/evidence/{number}/")
    assert people.case.reference in page.locator("dl.facts").inner_text()
    records = page.locator("section#records")
    assert "Not linked to any record you may see." in records.inner_text()

    # Another team's incident is answered as one that does not exist.
    records.locator("form.link-record select[name=kind]").select_option("incident")
    records.locator("form.link-record input[name=reference]").fill(references.reference(
        "records.incident", other.pk))
    records.get_by_role("button", name="Link to the record").click()
    assert "among those you may see" in page.locator("section#records").inner_text()
    assert other.title not in main_text(page)

    reference = references.reference("records.incident", incident.pk)
    records = page.locator("section#records")
    records.locator("form.link-record select[name=kind]").select_option("incident")
    records.locator("form.link-record input[name=reference]").fill(reference)
    records.locator("form.link-record input[name=reason]").fill("exhibit 4")
    records.get_by_role("button", name="Link to the record").click()
    page.wait_for_url(re.compile(rf"/evidence/{number}/#records$"))
    assert f"Linked to incident {reference}." in main_text(page)
    row = page.locator("section#records table.linked tbody tr")
    assert row.count() == 1
    assert reference in row.inner_text() and "Detentions at Pushkinskaya" in row.inner_text()
    # The custody history names the record; its link leads to the incident.
    assert f"linked to incident {reference}" in page.locator("table.entries").inner_text()
    row.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(rf"/incidents/{incident.pk}/$"))
    assert "protocol.pdf" in page.locator("section#evidence").inner_text()


def test_a_lead_narrows_the_ledger_of_their_case_with_its_filters(
        page: Any, people: Personas) -> None:
    incident = services.save_record(Incident(case=people.case, title="Beatings"),
                                    actor="user:investigator")
    services.save_record(Incident(case=people.other_case, title="Theirs"),
                         actor="user:other_lead")
    log_in(page, "lead")

    page.get_by_role("link", name="Custody ledger").click()
    page.wait_for_url("**/ledger/")
    assert "You see the entries of your cases" in main_text(page)
    assert "user:other_lead" not in page.locator("table.entries").inner_text()

    filters = page.locator("form.filters")
    filters.locator("input[name=action]").fill("records:incident")
    filters.locator("input[name=actor]").fill("investigator")
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/ledger/\?.*action=records%3Aincident"))
    rows = page.locator("table.entries tbody tr")
    assert rows.count() == 1
    reference = references.reference("records.incident", incident.pk)
    assert f"incident {reference}" in rows.inner_text()
    assert "user:investigator" in rows.inner_text()

    # A wrong value is shown, not obeyed.
    filters = page.locator("form.filters")
    filters.locator("input[name=record]").fill("12")
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "with its letter" in page.locator("form.filters").inner_text()

    page.get_by_role("link", name="Show all").click()
    page.wait_for_url("**/ledger/")
    assert page.locator("table.entries tbody tr").count() > 1
