"""The front ends of derived support, thin over the domain: the API, the act page's block and
its accept/reject, and `sprava law derived`."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest

from sprava.accounts.tokens import create_token
from sprava.cli.law_derived import register_into
from sprava.cli.output import run_command
from sprava.law.derived_models import DerivedDecision
from sprava.ledger.models import Entry
from sprava.ledger.tags import DERIVED_ACCEPTED, DERIVED_REJECTED
from sprava.records.models import Act
from tests.accounts.conftest import signed_in
from tests.api.conftest import ApiClient
from tests.law.derived.conftest import ACTOR, D, Law

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(law: Law) -> Act:
    victim = law.person("Ales Vykrytski")
    law.custody(victim, D(2020, 8, 9), D(2020, 8, 14))
    return law.act("beating", victim, D(2020, 8, 10))


def api(law: Law, persona: str) -> ApiClient:
    return ApiClient(create_token(law.user(persona), "tests", actor=ACTOR))


# --- API ---------------------------------------------------------------------------------


def test_the_api_lists_a_cases_proposals(law: Law, held: Act):
    answer = api(law, "viewer").get(f"/cases/{law.case.pk}/derived")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["count"] == 1 and body["limit"] == 50 and body["offset"] == 0
    assert body["rules"]["version"] and body["framework"]["id"] == "sprava-rome-statute-art7"
    (item,) = body["items"]
    assert item["target"]["element"] == "torture-2" and item["target"]["act"] == held.pk
    assert item["rule"]["id"] == "custody-covers-act"
    assert [r["model"] for r in item["records"]] == ["records.act", "records.custodyperiod"]
    assert item["certainty"] == "certain" and item["decision"] is None
    one = api(law, "viewer").get(f"/cases/{law.case.pk}/derived", act=held.pk).json()
    assert [i["key"] for i in one["items"]] == [item["key"]]


def test_the_api_answers_404_to_a_member_of_another_case(law: Law, held: Act):
    stranger = api(law, "other_lead")
    assert stranger.get(f"/cases/{law.case.pk}/derived").status_code == 404
    assert stranger.get(f"/cases/{law.personas.other_case.pk}/derived",
                        act=held.pk).status_code == 404
    key = api(law, "lawyer").get(f"/cases/{law.case.pk}/derived").json()["items"][0]["key"]
    answer = stranger.post(f"/cases/{law.case.pk}/derived/decisions",
                           {"proposal": key, "accepted": True})
    assert answer.status_code == 404
    assert api(law, "viewer").get("/cases/999999/derived").status_code == 404


def test_the_api_lets_a_lawyer_decide_and_refuses_a_viewer(law: Law, held: Act):
    key = api(law, "lawyer").get(f"/cases/{law.case.pk}/derived").json()["items"][0]["key"]
    path = f"/cases/{law.case.pk}/derived/decisions"
    refused = api(law, "viewer").post(path, {"proposal": key, "accepted": True})
    assert refused.status_code == 403
    made = api(law, "lawyer").post(path, {"proposal": key, "accepted": False,
                                          "reason": "Single source."})
    assert made.status_code == 201, made.content
    assert made.json()["decision"]["accepted"] is False
    assert made.json()["decision"]["by"] == "lawyer"
    assert Entry.objects.filter(action=DERIVED_REJECTED, actor="api:lawyer").count() == 1
    listed = api(law, "viewer").get(f"/cases/{law.case.pk}/derived").json()["items"][0]
    assert listed["decision"]["reason"] == "Single source."
    stale = api(law, "lawyer").post(path, {"proposal": "act-1-" + "0" * 40, "accepted": True})
    assert stale.status_code == 400 and "unknown proposal" in stale.json()["detail"]


def test_the_custody_api_reads_and_writes_the_charges(law: Law):
    victim = law.person("Ihar Losik")
    client = api(law, "investigator")
    made = client.post("/custody-periods", {"person": victim.pk, "start_date": "2021-03-01",
                                            "charge_articles": ["CC 342", "CAO 24.23"]})
    assert made.status_code == 201, made.content
    assert made.json()["charge_articles"] == ["CC 342", "CAO 24.23"]
    none = client.patch(f"/custody-periods/{made.json()['id']}", {"charge_articles": []})
    assert none.status_code == 200 and none.json()["charge_articles"] == []
    bad = client.post("/custody-periods", {"person": victim.pk, "charge_articles": ["art 342"]})
    assert bad.status_code == 400


# --- the act page ----------------------------------------------------------------------------


def test_the_act_page_shows_the_block_with_buttons_for_a_lawyer_only(law: Law, held: Act):
    page = signed_in(law.user("lawyer")).get(f"/acts/{held.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Proposed by rules" in html and "Torture, element 2: Custody or control" in html
    assert 'value="accept"' in html and "custody-covers-act" in html
    viewer = signed_in(law.user("viewer")).get(f"/acts/{held.pk}/").content.decode()
    assert "Proposed by rules" in viewer and 'value="accept"' not in viewer


def test_a_lawyer_accepts_on_the_act_page(law: Law, held: Act):
    key = law.of_act(held)[0].key
    client = signed_in(law.user("lawyer"))
    answer = client.post(f"/acts/{held.pk}/derived/decide/",
                         {"proposal": key, "decision": "accept", "reason": "Matches."})
    assert answer.status_code == 302 and answer["Location"].endswith(f"/acts/{held.pk}/#derived")
    assert DerivedDecision.objects.get().accepted
    assert Entry.objects.filter(action=DERIVED_ACCEPTED, actor="user:lawyer").exists()
    html = client.get(f"/acts/{held.pk}/").content.decode()
    assert "accepted" in html and "Matches." in html


def test_the_act_page_refuses_a_viewer_403_and_another_case_404(law: Law, held: Act):
    key = law.of_act(held)[0].key
    body = {"proposal": key, "decision": "accept"}
    path = f"/acts/{held.pk}/derived/decide/"
    assert signed_in(law.user("viewer")).post(path, body).status_code == 403
    assert signed_in(law.user("other_lead")).post(path, body).status_code == 404
    assert signed_in(law.user("lawyer")).get(path).status_code == 405
    assert not DerivedDecision.objects.exists()


# --- the command line --------------------------------------------------------------------


def law_command(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sprava")
    commands = parser.add_subparsers(dest="command", required=True)
    group = commands.add_parser("law")
    register_into(group.add_subparsers(dest="law_command", required=True))
    return parser.parse_args(["law", *argv])


def test_sprava_law_derived_prints_the_proposals(law: Law, held: Act,
                                                 capsys: pytest.CaptureFixture[str]):
    assert run_command(law_command("derived", law.case.reference, "--as", "viewer",
                                   "--json")) == 0
    body: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert body["ok"] and [i["target"]["element"] for i in body["items"]] == ["torture-2"]
    assert run_command(law_command("derived", law.case.reference, "--as", "viewer")) == 0
    out = capsys.readouterr().out
    assert "1 proposal in" in out and "custody-covers-act" in out


def test_sprava_law_derived_says_no_such_case_to_a_stranger(law: Law, held: Act,
                                                           capsys: pytest.CaptureFixture[str]):
    assert run_command(law_command("derived", law.case.reference, "--as", "other_lead",
                                   "--json")) == 2
    body = json.loads(capsys.readouterr().out)
    assert body == {"ok": False, "error": f"there is no case '{law.case.reference}'",
                    "kind": "CommandError"}


# --- the custody form's charges ----------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored", "shown"), [
    ("cc 342 (1), CAO 24.23", ["CC 342(1)", "CAO 24.23"], "Charges: CC 342(1), CAO 24.23"),
    ("none", [], "Held on no charge."),
    ("", None, None),
])
def test_the_custody_form_takes_charges_as_typed(law: Law, typed, stored, shown):
    from sprava.records.models import CustodyPeriod

    victim = law.person("Ihar Losik")
    client = signed_in(law.user("investigator"))
    answer = client.post(f"/custody/new/?person={victim.pk}", {
        "place": law.place.pk, "start_date": "2021-03-01", "date_precision": "day",
        "acknowledged": "true", "charge_articles": typed})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    period = CustodyPeriod.objects.get(person=victim)
    assert period.charge_articles == stored
    page = client.get(f"/persons/{victim.pk}/").content.decode()
    if shown:
        assert shown in page
    else:
        assert "Charges:" not in page and "Held on no charge." not in page
    form = client.get(f"/custody/{period.pk}/edit/").content.decode()
    assert 'name="charge_articles"' in form


def test_the_custody_form_refuses_a_charge_it_cannot_read(law: Law):
    victim = law.person("Ihar Losik")
    answer = signed_in(law.user("investigator")).post(f"/custody/new/?person={victim.pk}", {
        "place": law.place.pk, "start_date": "2021-03-01", "date_precision": "day",
        "acknowledged": "true", "charge_articles": "article 342"})
    assert answer.status_code == 400  # the form again, with what is wrong beside the field
    assert "is not an article such as" in answer.content.decode()


@pytest.mark.parametrize(("language", "words"), [
    ("be", ["Прапанавана правіламі", "Катаванні, элемент 2", "ахвяра знаходзілася пад вартай",
            "Прыняць"]),
    ("ru", ["Предложено правилами", "Пытки, элемент 2", "потерпевший находился под стражей",
            "Принять"]),
])
def test_the_block_speaks_the_readers_language(law: Law, held: Act, language, words):
    client = signed_in(law.user("lawyer"))
    assert client.post("/i18n/setlang/", {"language": language, "next": "/"}).status_code == 302
    html = client.get(f"/acts/{held.pk}/").content.decode()
    assert [w for w in words if w not in html] == []
    assert "Proposed by rules" not in html


def test_the_custody_export_tells_no_charge_from_an_unknown_one(law: Law):
    import csv
    import io

    from sprava.records.csv_io import EXPORTS, ExportView, export_csv
    from sprava.records.identity import Disclosure

    victim = law.person("Ihar Losik")
    law.custody(victim, D(2021, 3, 1), D(2021, 3, 2), charges=[])
    law.custody(victim, D(2021, 4, 1), D(2021, 4, 2), charges=["CC 342", "CAO 24.23"])
    law.custody(victim, D(2021, 5, 1), D(2021, 5, 2), charges=None)
    export = EXPORTS["custody-periods"]
    out = io.StringIO()
    export_csv("custody-periods", export.within(export.queryset(), {law.case.pk}).order_by("pk"),
               out, ExportView(Disclosure(set()), case_ids={law.case.pk}))
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["charge_articles"] for r in table] == ["none", "CC 342; CAO 24.23", ""]
