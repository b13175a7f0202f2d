"""The page, the API and the command line of responsibility up the chain: a member of another
case finds nothing, a viewer without identity access reads pseudonyms, and the figures are the
domain's (counted by hand in the conftest)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from sprava.accounts.tokens import create_token
from sprava.cli import main
from sprava.ledger.models import Entry
from sprava.records.identity import IDENTITY_REVEALED
from tests.accounts.conftest import signed_in
from tests.analysis.conftest import Chain

COMMANDER = "Aleh Amonau"


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def superiors_url(chain: Chain) -> str:
    return f"/cases/{chain.case.reference}/superiors/"


def person_url(chain: Chain, who: Any, query: str = "") -> str:
    return f"/persons/{who.pk}/{query}"


def api(chain: Chain, persona: str, path: str) -> Any:
    token = create_token(chain.people[persona], "tests", actor="test")
    return Client(headers={"authorization": f"Bearer {token}"}).get(f"/api/v1{path}")


def reveals() -> int:
    return Entry.objects.filter(action=IDENTITY_REVEALED).count()


# --- Attacks first ----------------------------------------------------------------------------


def test_a_member_of_another_case_gets_not_found_everywhere(
        chain: Chain, capsys: pytest.CaptureFixture[str]) -> None:
    other = signed_in(chain.people["other_lead"])
    page(other, superiors_url(chain), 404)
    page(other, person_url(chain, chain.minister), 404)
    page(signed_in(chain.people["outsider"]), superiors_url(chain), 404)
    assert api(chain, "other_lead", f"/cases/{chain.case.pk}/superiors").status_code == 404
    assert api(chain, "outsider", f"/cases/{chain.case.pk}/superiors").status_code == 404
    code = main(["command", "superiors", chain.case.reference, "--as", "other_lead", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code != 0 and out["ok"] is False and "Amonau" not in json.dumps(out)


def test_the_other_teams_page_shows_none_of_our_people(chain: Chain) -> None:
    html = page(signed_in(chain.people["other_lead"]),
                f"/cases/{chain.other_case.reference}/superiors/")
    assert "Xaver Inshy" in html
    for name in ("Mikalai Ministrau", "Hleb Holau", COMMANDER, "W-0001"):
        assert name not in html


def test_a_viewer_without_identity_access_reads_pseudonyms(chain: Chain) -> None:
    viewer = signed_in(chain.people["viewer"])
    before = reveals()
    for url in (superiors_url(chain), person_url(chain, chain.minister, "?at=2020-08-15"),
                person_url(chain, chain.police_chief, "?at=2020-08-15")):
        html = page(viewer, url)
        assert "W-0001" in html and COMMANDER not in html, url
    body = api(chain, "viewer", f"/cases/{chain.case.pk}/superiors").json()
    labels = [item["person"]["label"] for item in body["items"]]
    assert "W-0001" in labels and COMMANDER not in json.dumps(body)
    assert reveals() == before  # nothing protected was shown


def test_the_lead_reads_the_name_and_the_ledger_knows(chain: Chain) -> None:
    before = reveals()
    html = page(signed_in(chain.people["lead"]), superiors_url(chain))
    assert f"{COMMANDER} (W-0001)" in html
    assert reveals() == before + 1


def test_the_command_line_shows_pseudonyms_unless_revealed(
        chain: Chain, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["command", "superiors", chain.case.reference, "--as", "lead", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(i["rank"], i["person"]["label"], i["acts"], i["victims"])
            for i in listed["items"]] == [
        (1, "Mikalai Ministrau", 4, 2), (2, "Hleb Holau", 2, 2), (3, "Pavel Palitsyiski", 2, 1),
        (4, "W-0001", 1, 1), (4, "Dzianis Departamentau", 1, 1)]
    before = reveals()
    assert main(["command", "superiors", chain.case.reference, "--as", "lead", "--reveal"]) == 0
    out = capsys.readouterr().out
    assert f"{COMMANDER} (W-0001) [command]: 1 acts, 1 victims" in out
    assert reveals() == before + 1


# --- The figures ------------------------------------------------------------------------------


def test_the_api_lists_the_ranking_with_its_grounds(chain: Chain) -> None:
    body = api(chain, "viewer", f"/cases/{chain.case.pk}/superiors?limit=2").json()
    assert (body["case"], body["count"], body["limit"], body["offset"]) == (
        chain.case.reference, 5, 2, 0)
    first, second = body["items"]
    assert (first["rank"], first["person"]["id"], first["acts"], first["victims"]) == (
        1, chain.minister.pk, 4, 2)
    (post,) = second["posts"]
    assert (post["unit"]["id"], post["date_precision"], post["first"], post["last"]) == (
        chain.gubopik.pk, "year", "2020-08-15", "2020-09-05")
    assert post["units"] == [{"unit": {"id": chain.department.pk,
                                       "label": "Department for extremism (test)"}, "acts": 2}]


def test_the_superiors_page_is_linked_from_the_case_and_ranks(chain: Chain) -> None:
    viewer = signed_in(chain.people["viewer"])
    assert superiors_url(chain) in page(viewer, f"/cases/{chain.case.reference}/")
    html = page(viewer, superiors_url(chain))
    order = [html.index(name) for name in ("Mikalai Ministrau", "Hleb Holau",
                                           "Pavel Palitsyiski", "W-0001",
                                           "Dzianis Departamentau")]
    assert order == sorted(order)
    assert "art. 28(b)" in html


def test_a_posts_count_links_to_the_acts_it_counted(chain: Chain) -> None:
    viewer = signed_in(chain.people["viewer"])
    html = page(viewer, person_url(chain, chain.gubopik_head))
    link = f"/acts/?unit={chain.gubopik.pk}&amp;start=2020-01-01&amp;end=2020-12-31"
    assert f'<a href="{link}">2</a>' in html
    listed = page(viewer, link.replace("&amp;", "&"))
    shown = set(re.findall(r'href="/acts/(\d+)/"', listed))
    assert shown == {str(chain.acts["a2"].pk), str(chain.acts["a3"].pk)}


def test_the_person_page_draws_the_posts_and_the_chart(chain: Chain) -> None:
    html = page(signed_in(chain.people["viewer"]),
                person_url(chain, chain.police_chief, "?at=2020-08-15"))
    section = html[html.index('id="command"'):html.index('id="testimonies"')]
    assert '<svg class="posts"' in section and '<svg class="command"' in section
    assert "Chart of command on Aug. 15, 2020" in section
    assert 'class="unit own"' in section  # their unit, marked
    for unit in ("Ministry of the Interior (test)", "City police (test)", "OMON (test)"):
        assert unit in section
    assert "GUBOPiK (test)" not in section  # a sibling's branch is not theirs
    assert "Mikalai Ministrau" in section  # the holder above them on that date
    assert "style=" not in section  # the Content-Security-Policy allows no inline style


def test_a_date_that_is_no_date_is_refused_and_the_default_kept(chain: Chain) -> None:
    html = page(signed_in(chain.people["viewer"]),
                person_url(chain, chain.officer, "?at=2020-13-45"))
    assert "Enter a date as YYYY-MM-DD." in html
    assert "Chart of command on Sept. 1, 2020" in html


def test_an_undated_post_is_listed_and_not_counted(chain: Chain) -> None:
    html = page(signed_in(chain.people["viewer"]), person_url(chain, chain.undated))
    assert "dates unknown: not counted" in html
    assert "No post with a known date: nothing can be counted." in html


@pytest.mark.parametrize(("language", "expected", "english"), [
    ("be", ["Пасады і камандаванне", "Пасады ў часе", "Схема камандавання на",
            "Дзеянні іх падраздзяленняў у час знаходжання на пасадзе",
            "Заяўленыя віды адказнасці"],
     ["Positions and command", "Posts over time", "Chart of command on",
      "Acts of their units during their tenure", "Modes of liability claimed"]),
    ("ru", ["Должности и командование", "Должности во времени", "Схема командования на",
            "Деяния их подразделений во время пребывания в должности",
            "Заявленные формы ответственности"],
     ["Positions and command", "Posts over time", "Chart of command on",
      "Acts of their units during their tenure", "Modes of liability claimed"]),
])
def test_the_pages_read_in_belarusian_and_russian(chain: Chain, language: str,
                                                  expected: list[str],
                                                  english: list[str]) -> None:
    client = signed_in(chain.people["viewer"])
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = page(client, person_url(chain, chain.minister, "?at=2020-08-15"))
    for text in expected:
        assert text in html, text
    for text in english:
        assert text not in html, text
    superiors = page(client, superiors_url(chain))
    assert "Candidates for superior responsibility" not in superiors
    assert "A lead, not a finding." not in superiors


def test_the_api_lists_the_acts_of_a_unit_and_the_units_under_it(chain: Chain) -> None:
    body = api(chain, "viewer", f"/acts?unit={chain.gubopik.pk}&date_from=2020-01-01"
                                "&date_to=2020-12-31").json()
    assert {item["id"] for item in body["items"]} == {chain.acts["a2"].pk, chain.acts["a3"].pk}
    assert api(chain, "other_lead", f"/acts?unit={chain.gubopik.pk}").json()["count"] == 0
