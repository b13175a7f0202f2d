"""The proof matrix and its gaps on the page, as CSV, in the API and on the command line: a
member of another case finds nothing anywhere, a viewer without identity access reads
pseudonyms, and every front end gives the numbers counted by hand in `proof_world`."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sprava.cli import main
from sprava.ledger.models import Entry
from sprava.records.identity import IDENTITY_REVEALED
from tests.law.conftest import INSIDER_NAME, ApiClient
from tests.law.proof_world import BY_ACT, P3_NAME
from tests.law.proof_world import Proof as World

Clients = Callable[[str], Client]
Apis = Callable[[str], ApiClient]
STATES = ("no-evidence", "derived-only", "supported", "contradicted", "met")


def get(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def urls(proof: World) -> list[str]:
    ref = proof.world.case.reference
    return [f"/cases/{ref}/matrix/", f"/cases/{ref}/matrix/?by=perpetrator",
            f"/cases/{ref}/matrix/acts/?crime=torture&element=torture-2&state=no-evidence",
            f"/cases/{ref}/matrix/perpetrators/?mode=superior&element=superior-2"
            "&state=no-evidence", f"/cases/{ref}/matrix.csv", f"/cases/{ref}/matrix.csv"
            "?by=perpetrator", f"/cases/{ref}/gaps/"]


def api_paths(proof: World) -> list[str]:
    pk = proof.world.case.pk
    return [f"/cases/{pk}/proof-matrix", f"/cases/{pk}/proof-matrix?by=perpetrator",
            f"/cases/{pk}/proof-matrix/acts?crime=torture&element=torture-2&state=no-evidence",
            f"/cases/{pk}/proof-matrix/perpetrators?mode=superior&element=superior-2"
            "&state=no-evidence", f"/cases/{pk}/gaps"]


def reveals() -> int:
    return Entry.objects.filter(action=IDENTITY_REVEALED).count()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main(["law", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if "--json" in args else out


# --- attacks first ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_lead", "outsider"])
def test_a_member_of_another_case_gets_not_found_everywhere(
        proof: World, client_of: Clients, api: Apis, persona: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    for url in urls(proof):
        get(client_of(persona), url, 404)
    for path in api_paths(proof):
        assert api(persona).get(path).status_code == 404, path
    for command in ("matrix", "gaps"):
        code, out = cli(capsys, command, proof.world.case.reference, "--as", persona, "--json")
        assert code != 0 and out["ok"] is False
        assert "Superiorau" not in json.dumps(out) and "torture" not in json.dumps(out)


def test_a_viewer_without_identity_access_reads_pseudonyms_everywhere(
        proof: World, client_of: Clients, api: Apis,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = reveals()
    pseudonym = proof.p2.pseudonym
    seen = []
    for url in urls(proof)[1:]:
        text = get(client_of("viewer"), url)
        assert INSIDER_NAME not in text, url
        seen.append(pseudonym in text)
    # Wherever P2 is named: by perpetrator, in b2's row of a cell's acts, among the
    # perpetrators of a cell, in the CSV by perpetrator, in the gaps; not in the CSV by act.
    assert seen == [True, True, True, False, True, True]
    for path in api_paths(proof):
        assert INSIDER_NAME not in api("viewer").get(path).content.decode(), path
    assert pseudonym in api("viewer").get(api_paths(proof)[1]).content.decode()
    code, out = cli(capsys, "matrix", proof.world.case.reference, "--by", "perpetrator",
                    "--as", "viewer", "--json", "--reveal")
    assert code == 0 and INSIDER_NAME not in json.dumps(out) and pseudonym in json.dumps(out)
    assert reveals() == before  # nothing protected was shown


def test_the_lead_reads_the_name_and_the_ledger_knows(proof: World, client_of: Clients,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    before = reveals()
    text = get(client_of("lead"), urls(proof)[1])
    assert f"{INSIDER_NAME} ({proof.p2.pseudonym})" in text
    assert reveals() == before + 1
    code, out = cli(capsys, "matrix", proof.world.case.reference, "--by", "perpetrator",
                    "--as", "lead", "--reveal")
    assert code == 0 and INSIDER_NAME in out
    assert reveals() == before + 2


def test_a_protected_victim_reads_as_a_protected_person_in_a_cells_acts(
        proof: World, client_of: Clients) -> None:
    text = get(client_of("viewer"), urls(proof)[2])
    assert "a protected person" in text and "Hiddenvictim" not in text


# --- the numbers, the same everywhere --------------------------------------------------------


def page_numbers(text: str) -> dict[str, dict[str, tuple[int, ...]]]:
    """The heat maps of the page, read back from its HTML: per crime, per element number."""
    found: dict[str, dict[str, tuple[int, ...]]] = {}
    for section in re.findall(r'<section class="matrix" id="crime-([a-z-]+)".*?</section>',
                              text, re.S):
        found[section] = {}
    for crime, body in re.findall(r'<section class="matrix" id="crime-([a-z-]+)"(.*?)</section>',
                                  text, re.S):
        rows = re.findall(r'<tr><th scope="row">(\d+)\. .*?</th>(.*?)</tr>', body, re.S)
        found[crime] = {number: tuple(int(n) for n in re.findall(
            r'<td class="num cell [a-z-]+ s\d+">(?:<a href="[^"]*">)?(\d+)', cells))
            for number, cells in rows}
    return found


def by_number(crime: str) -> dict[str, tuple[int, ...]]:
    from sprava.law.framework import current

    elements = current().crime(crime).elements
    return {str(e.number): BY_ACT[crime][1][e.id] for e in elements}


def test_page_csv_api_and_command_line_give_the_numbers_counted_by_hand(
        proof: World, client_of: Clients, api: Apis,
        capsys: pytest.CaptureFixture[str]) -> None:
    ref = proof.world.case.reference
    shown = page_numbers(get(client_of("viewer"), f"/cases/{ref}/matrix/"))
    assert shown == {"deportation": {},  # no act: no map
                     **{crime: by_number(crime) for crime in (
                         "imprisonment", "torture", "enforced-disappearance")}}
    rows = list(csv.DictReader(io.StringIO(get(client_of("viewer"), f"/cases/{ref}/matrix.csv"))))
    from_csv = {(r["crime"], r["element"]): tuple(int(r[s]) for s in STATES) for r in rows}
    body = api("viewer").get(f"/cases/{proof.world.case.pk}/proof-matrix").json()
    from_api = {(c["id"], row["element"]["id"]): tuple(row["counts"][s] for s in STATES)
                for c in body["crimes"] for row in c["rows"]}
    _, out = cli(capsys, "matrix", ref, "--as", "viewer", "--json")
    from_cli = {(c["id"], row["element"]["id"]): tuple(row["counts"][s] for s in STATES)
                for c in out["crimes"] for row in c["rows"]}
    by_hand = {(crime, element): counts for crime, (_, elements) in BY_ACT.items()
               for element, counts in elements.items()}
    assert from_csv == from_api == from_cli == by_hand
    assert body["framework"]["id"] == "sprava-rome-statute-art7" and body["framework"]["version"]
    assert (body["by"], body["suggested"], body["states"]) == ("act", False, list(STATES))
    assert {c["id"]: c["acts"] for c in body["crimes"]} == {
        crime: acts for crime, (acts, _) in BY_ACT.items()}


def test_by_perpetrator_the_csv_the_api_and_the_page_agree(proof: World, client_of: Clients,
                                                          api: Apis) -> None:
    ref = proof.world.case.reference
    rows = list(csv.DictReader(io.StringIO(get(client_of("viewer"),
                                               f"/cases/{ref}/matrix.csv?by=perpetrator"))))
    from_csv = {(int(r["perpetrator_id"]), r["mode"], r["element"]): r["state"] for r in rows}
    body = api("viewer").get(f"/cases/{proof.world.case.pk}/proof-matrix?by=perpetrator").json()
    from_api = {(p["perpetrator"]["id"], m["id"], e["element"]["id"]): e["state"]
                for p in body["perpetrators"] for m in p["modes"] for e in m["elements"]}
    assert from_csv == from_api
    assert from_api[(proof.p3.pk, "superior", "superior-1")] == "derived-only"
    assert from_api[(proof.p3.pk, "superior", "superior-3")] == "met"
    assert from_api[(proof.p1.pk, "commission", "commission-1")] == "contradicted"
    superior = next(m for m in body["modes"] if m["id"] == "superior")
    assert superior["rows"][0]["counts"] == {"no-evidence": 0, "derived-only": 1,
                                             "supported": 1, "contradicted": 0, "met": 0}
    text = get(client_of("viewer"), f"/cases/{ref}/matrix/?by=perpetrator")
    assert P3_NAME in text and '<span class="badge proof derived-only">derived only</span>' \
        in text


def test_every_count_links_to_the_list_of_its_acts(proof: World, client_of: Clients) -> None:
    ref = proof.world.case.reference
    text = get(client_of("viewer"), f"/cases/{ref}/matrix/")
    link = (f"/cases/{ref}/matrix/acts/?crime=torture&amp;element=torture-2"
            "&amp;state=no-evidence")
    assert f'<a href="{link}">2</a>' in text
    listed = get(client_of("viewer"), html.unescape(link))
    assert "Torture, element 2 (Custody or control): no evidence" in listed
    assert {int(n) for n in re.findall(r'href="/acts/(\d+)/"', listed)} == set(
        proof.ids("b2", "d2"))
    assert '<a href="' not in text.split('class="num cell no-evidence s0">')[1][:5]  # 0: no link


def test_the_perpetrators_behind_a_count(proof: World, client_of: Clients, api: Apis) -> None:
    ref = proof.world.case.reference
    text = get(client_of("viewer"), f"/cases/{ref}/matrix/perpetrators/?mode=superior"
                                    "&element=superior-3&state=met")
    assert P3_NAME in text and proof.p2.pseudonym not in text
    body = api("viewer").get(f"/cases/{proof.world.case.pk}/proof-matrix/perpetrators"
                             "?mode=superior&element=superior-2&state=no-evidence").json()
    assert body["count"] == 2 and {p["id"] for p in body["items"]} == {proof.p2.pk,
                                                                      proof.p3.pk}


def test_the_api_lists_a_cells_acts_a_page_at_a_time(proof: World, api: Apis) -> None:
    path = (f"/cases/{proof.world.case.pk}/proof-matrix/acts?crime=torture&element=torture-3"
            "&state=no-evidence&limit=2&offset=2")
    body = api("viewer").get(path).json()
    assert (body["count"], [item["id"] for item in body["items"]]) == (
        5, proof.ids("b1", "b2", "b3", "b4", "d2")[2:4])


def test_the_gaps_on_the_page_the_api_and_the_command_line(
        proof: World, client_of: Clients, api: Apis,
        capsys: pytest.CaptureFixture[str]) -> None:
    ref = proof.world.case.reference
    text = html.unescape(get(client_of("viewer"), f"/cases/{ref}/gaps/"))
    assert "Torture, element 2 (custody or control): no evidence for 2 acts" in text
    assert "Deportation or forcible transfer of population is charged, but no act" in text
    assert "Orders of appointment, organisation charts" in text
    all_link = (f"/cases/{ref}/matrix/acts/?crime=torture&element=torture-3"
                "&state=no-evidence")
    assert all_link in text
    body = api("viewer").get(f"/cases/{proof.world.case.pk}/gaps?first=1").json()
    torture_2 = next(g for g in body["gaps"] if g["element"]["id"] == "torture-2"
                     and g["state"] == "no-evidence")
    assert (torture_2["count"], torture_2["acts"], torture_2["total"]) == (
        2, proof.ids("b2")[:1], 5)
    assert body["uncovered"] == [{"crime": "deportation", "article": "7(1)(d)",
                                  "name": "Deportation or forcible transfer of population"}]
    code, out = cli(capsys, "gaps", ref, "--as", "viewer")
    assert code == 0
    assert "Torture, element 2 (custody or control): no evidence for 2 acts" in out
    code, listed = cli(capsys, "gaps", ref, "--as", "viewer", "--json")
    assert [g["text"] for g in listed["gaps"]] == [g["text"] for g in api(
        "viewer").get(f"/cases/{proof.world.case.pk}/gaps").json()["gaps"]]


def test_the_command_line_prints_the_matrix_as_a_table(proof: World,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    code, out = cli(capsys, "matrix", proof.world.case.reference, "--as", "viewer")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("2. Custody or control"))
    assert line.split()[-6:] == ["5", "2", "2", "0", "1", "0"]
    code, out = cli(capsys, "matrix", proof.world.case.reference, "--as", "viewer",
                    "--standard", "no-such-standard")
    assert code != 0


def test_a_case_that_charges_nothing_says_its_rows_are_suggested(world: object,
                                                                client_of: Clients,
                                                                api: Apis) -> None:
    text = get(client_of("other_lead"), "/cases/okrestina-other/matrix/")
    assert "suggested, none charged" in text
    case = api("other_lead").get("/cases").json()["items"][0]["id"]
    body = api("other_lead").get(f"/cases/{case}/proof-matrix").json()
    assert body["suggested"] is True and not any(c["charged"] for c in body["crimes"])


def test_wrong_questions_are_refused(proof: World, client_of: Clients, api: Apis) -> None:
    ref = proof.world.case.reference
    get(client_of("viewer"), f"/cases/{ref}/matrix/acts/?crime=torture&element=torture-2"
                             "&state=proven", 404)
    get(client_of("viewer"), f"/cases/{ref}/matrix/acts/?crime=genocide&element=x"
                             "&state=met", 404)
    get(client_of("viewer"), f"/cases/{ref}/matrix/?standard=balance", 400)
    pk = proof.world.case.pk
    assert api("viewer").get(f"/cases/{pk}/proof-matrix?standard=balance").status_code == 400
    assert api("viewer").get(f"/cases/{pk}/proof-matrix/acts?crime=genocide&element=x"
                             "&state=met").status_code == 400
    assert api("viewer").get(f"/cases/{pk}/proof-matrix?by=victim").status_code in (400, 422)


def test_the_case_page_links_the_matrix_and_the_gaps(proof: World, client_of: Clients) -> None:
    ref = proof.world.case.reference
    text = get(client_of("viewer"), f"/cases/{ref}/")
    assert f'href="/cases/{ref}/matrix/"' in text and f'href="/cases/{ref}/gaps/"' in text


def test_the_act_page_shows_each_elements_state(proof: World, client_of: Clients) -> None:
    text = get(client_of("viewer"), f"/acts/{proof.acts['b1'].pk}/")
    torture = text[text.index('id="crime-torture"'):text.index('id="crime-enforced-disappearance"')]
    assert re.findall(r'<span class="badge proof ([a-z-]+)"', torture) == [
        "contradicted", "derived-only", "no-evidence", "contradicted", "no-evidence"]


def test_the_pages_allow_no_inline_style(proof: World, client_of: Clients) -> None:
    for url in urls(proof):
        if not url.endswith(("csv", "perpetrator")) or "matrix/?" in url:
            assert "style=" not in get(client_of("lead"), url), url
