"""The pages as a person with a screen reader, a keyboard or weak eyes meets them: axe-core checks
each rendered page against WCAG 2.1 A and AA, and no serious or critical violation is allowed.

axe comes from the installed package axe-playwright-python (its bundled axe.min.js); nothing is
fetched while the tests run. It is evaluated through Playwright rather than added as a <script>:
the pages' Content-Security-Policy refuses inline scripts, and keeps refusing them here, so the
pages are checked exactly as served."""

from __future__ import annotations

import datetime
import importlib.resources
from typing import Any

import pytest
from django.contrib.auth.models import User

from sprava.accounts.members import add_member
from sprava.law.assessments import Appraisal, assess
from sprava.law.conclusions import Finding, conclude
from sprava.law.sources import Source
from sprava.law.targets import Target
from sprava.records import services
from sprava.records.models import Act, Position
from sprava.records.reader import Reader
from tests.accounts.conftest import Personas
from tests.browser.conftest import _unavailable as unavailable
from tests.browser.conftest import log_in
from tests.web_records.conftest import make_world, put

pytestmark = pytest.mark.django_db(transaction=True)

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
RUN = "options => axe.run(document, options)"


def axe_source() -> str:
    try:
        bundle = importlib.resources.files("axe_playwright_python") / "axe.min.js"
    except ModuleNotFoundError:
        unavailable("axe-playwright-python is not installed (pip install -e '.[dev]')")
    return bundle.read_text("utf-8")


def violations(page: Any, source: str) -> list[dict[str, Any]]:
    """The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it is now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(source)
    result = page.evaluate(RUN, {"runOnly": {"type": "tag", "values": TAGS},
                                 "resultTypes": ["violations"]})
    found = [v for v in result["violations"] if v["impact"] in BLOCKING]
    return found


def report(found: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for url, page_violations in found.items():
        for v in page_violations:
            lines.append(f"{url}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"][:5]:
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"    {' '.join(node['target'])}: {summary}")
            if len(v["nodes"]) > 5:
                lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def test_no_page_has_a_serious_or_critical_wcag_violation(page: Any, people: Personas) -> None:
    world = make_world(people)
    # Twelve acts: axe leaves the contrast of a one-digit count badge undecided ("too short to
    # determine if it is actual text"), and would let a faint badge through.
    for _ in range(10):
        services.save_record(Act(incident=world.incident, act_type=world.beating,
                                 victim=world.victim), actor="test")
    item = put(b"a witness statement", "statement.txt", case=people.case.reference)
    # A post, so that the perpetrator's page draws its posts and its chart of command.
    services.save_record(Position(person=world.perpetrator, organisation=world.unit,
                                  title="Commander", start_date=datetime.date(2020, 1, 1),
                                  date_precision="year", superior_responsibility=True),
                         actor="test")
    # The whole ledger is for administrators; as a lead of the case this one sees every page.
    administrator: User = people.administrator
    add_member(people.case, administrator, "lead", identity_access=True, actor="test")
    # The act's legal analysis with an assessment and a conclusion in it.
    lead = Reader.of_user(administrator)
    torture = Target.of_act(world.act, "torture", "torture-1")
    assess(lead, torture, Source(testimony=world.testimony, paragraph=2),
           Appraisal("supports", "crime-base", "direct", "B", "They beat us in the yard."))
    conclude(lead, torture, Finding("met", "reasonable-grounds", "The account is consistent."))
    case, incident = people.case.reference, world.incident.pk
    source = axe_source()
    found: dict[str, list[dict[str, Any]]] = {}

    page.goto("/login/")
    found["/login/"] = violations(page, source)
    log_in(page, "administrator")
    for url in [
        "/cases/",
        f"/cases/{case}/",
        f"/cases/{case}/dashboard/",
        f"/cases/{case}/context/",
        f"/acts/?case={case}&month=2020-08&region=minsk",
        "/incidents/",
        f"/incidents/{incident}/",
        f"/incidents/new/?case={case}",
        "/persons/",
        f"/persons/{world.victim.pk}/",
        f"/persons/{world.perpetrator.pk}/?at=2020-08-11",
        f"/cases/{case}/superiors/",
        f"/acts/new/?incident={incident}",
        f"/acts/{world.act.pk}/",  # with its legal analysis and a rule's proposal
        f"/acts/{world.act.pk}/assessments/new/",
        f"/acts/{world.act.pk}/conclusions/new/",
        "/evidence/",
        f"/evidence/{item.receipts.get().pk}/",
        "/evidence/upload/",
        "/ledger/",
        "/search/?q=Akrestsina",
        "/account/password/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        found[url] = violations(page, source)

    found = {url: v for url, v in found.items() if v}
    assert not found, "axe-core (WCAG 2.1 A/AA) found:\n" + report(found)


def test_a_form_sent_back_with_errors_has_no_serious_violation(
        page: Any, people: Personas) -> None:
    """Errors are joined to their fields (aria-describedby names the error's element)."""
    log_in(page, "investigator")
    page.goto(f"/incidents/new/?case={people.case.reference}")
    page.fill("input[name=title]", "Detentions at the metro")
    page.fill("input[name=start_date]", "2020-08-11")
    page.fill("input[name=end_date]", "2020-08-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.locator(".field-error").count() >= 1
    found = violations(page, axe_source())
    assert not found, "axe-core (WCAG 2.1 A/AA) found:\n" + report({page.url: found})
