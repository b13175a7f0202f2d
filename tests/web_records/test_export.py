"""The "Export as CSV" button of every list: `sprava export`'s function, rules and file.

Only lawyers and leads export, only rows of their cases, only what the list's filters select;
protected persons by pseudonym unless names are asked for by a reader with identity access,
and then each reveal is in the ledger, as is every export.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sprava.cli import main
from sprava.ledger import tags
from sprava.records import csv_io
from sprava.records.csv_io import ExportView
from sprava.records.identity import Disclosure
from sprava.web.records import exports
from sprava.web.records.config import KINDS
from tests.accounts.conftest import Personas
from tests.web_records.conftest import (
    OTHER_NAME,
    VICTIM_NAME,
    WITNESS_NAME,
    World,
    entries,
    text,
)

LISTS = {kind.path: kind for kind in KINDS.values() if kind.listed}
BOM = "\ufeff"


def export(client: Client, path: str, query: str = "", *, reveal: bool = False) -> Any:
    return client.post(f"/{path}/export.csv" + (f"?{query}" if query else ""),
                       {"reveal": "yes"} if reveal else {})


def body(response: Any) -> str:
    assert response.status_code == 200, response.content
    data = b"".join(response.streaming_content).decode("utf-8")
    assert data.startswith(BOM)
    return data[1:]


def rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response))))


def cli_export(tmp_path: Path, user: str, kind: str, *args: str) -> str:
    target = tmp_path / f"{user}-{kind}.csv"
    code = main(["export", kind, *args, "--as", user, "--output", str(target)])
    assert code == 0
    data = target.read_bytes().decode("utf-8")
    assert data.startswith(BOM)
    return data[1:]


# The attacks first.

def test_anonymous_is_sent_to_sign_in_and_nothing_is_exported(world: World) -> None:
    response = Client().post("/incidents/export.csv")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert entries(tags.LIST_EXPORTED) == []


@pytest.mark.parametrize("path", sorted(LISTS))
def test_a_member_of_another_case_gets_no_row_of_this_case(
        world: World, client_of: Callable[[str], Client], path: str) -> None:
    client = client_of("other_lead")
    data = body(export(client, path, reveal=True))
    for secret in (world.incident.title, VICTIM_NAME, WITNESS_NAME, world.case.reference,
                   world.testimony.transcript, f"P-{world.victim.pk:06d}"):
        assert secret not in data
    # Naming this case in the query finds no such case among theirs: refused, not widened.
    response = export(client, path, f"case={world.case.reference}", reveal=True)
    assert response.status_code in (200, 400)
    if response.status_code == 200:  # a list with no case filter (places, cases)
        assert world.incident.title not in body(response)
    assert entries(tags.IDENTITY_REVEALED) == []


def test_another_teams_export_holds_their_own_rows(
        world: World, client_of: Callable[[str], Client]) -> None:
    assert [r["title"] for r in rows(export(client_of("other_lead"), "incidents"))] == [
        world.other_incident.title]
    assert OTHER_NAME in body(export(client_of("other_lead"), "persons"))


@pytest.mark.parametrize("persona", ["viewer", "analyst", "investigator", "outsider"])
def test_who_may_not_export_is_refused_and_shown_no_button(
        world: World, client_of: Callable[[str], Client], persona: str) -> None:
    client = client_of(persona)
    response = export(client, "incidents")
    assert response.status_code == 403
    assert "lawyers and the lead" in text(response)
    assert entries(tags.LIST_EXPORTED) == []
    assert "export.csv" not in text(client.get("/incidents/"))


def test_a_lawyer_who_may_export_but_not_see_identities_gets_pseudonyms_even_asking(
        world: World, client_of: Callable[[str], Client]) -> None:
    data = body(export(client_of("lawyer"), "persons", reveal=True))
    assert world.witness.pseudonym in data and WITNESS_NAME not in data
    assert VICTIM_NAME in data
    assert entries(tags.IDENTITY_REVEALED) == []
    (event,) = entries(tags.LIST_EXPORTED)
    assert event["actor"] == "user:lawyer"
    assert event["details"] == {"kind": "persons", "rows": 3, "channel": "web"}


def test_the_lead_gets_names_only_when_asking_and_the_reveal_is_logged(
        world: World, client_of: Callable[[str], Client]) -> None:
    client = client_of("lead")
    assert WITNESS_NAME not in body(export(client, "persons"))
    assert entries(tags.IDENTITY_REVEALED) == []
    data = body(export(client, "persons", reveal=True))
    assert WITNESS_NAME in data
    (reveal,) = entries(tags.IDENTITY_REVEALED)
    assert reveal["actor"] == "user:lead" and reveal["case"] == world.case.reference
    assert reveal["details"]["persons"] == [f"records.person:{world.witness.pk}"]
    assert reveal["details"]["channel"] == "web /persons/export.csv"


def test_a_reveal_is_logged_before_the_batch_that_shows_it_and_once(
        world: World, client_of: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "BATCH", 1)
    response = export(client_of("lead"), "acts", reveal=True)
    seen = []
    for piece in response.streaming_content:
        if WITNESS_NAME.encode() in piece or f",{world.witness.pk},".encode() in piece:
            seen.append(len(entries(tags.IDENTITY_REVEALED)))
    assert seen and seen[0] == 1
    assert len(entries(tags.IDENTITY_REVEALED)) == 1


def test_a_get_writes_nothing_and_a_post_needs_the_csrf_token(
        world: World, personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.lead)
    assert client.get("/incidents/export.csv").status_code == 405
    assert client.post("/incidents/export.csv").status_code == 403
    assert entries(tags.LIST_EXPORTED) == []


# What the file holds.

def test_the_file_holds_what_the_lists_filters_select(
        world: World, client_of: Callable[[str], Client]) -> None:
    client = client_of("lead")
    acts = rows(export(client, "acts", "act_type=beating&page=2&sort=-date"))
    assert [a["id"] for a in acts] == [str(world.act.pk)]
    people = rows(export(client, "persons", "protected=yes", reveal=True))
    assert [p["id"] for p in people] == [str(world.witness.pk)]
    incidents = rows(export(client, "incidents", f"case={world.case.reference}&q=nothing"))
    assert incidents == []
    events = entries(tags.LIST_EXPORTED)
    assert [e["details"]["rows"] for e in events] == [1, 1, 0]
    assert events[-1]["case"] == world.case.reference


def test_a_wrong_filter_is_refused_not_ignored(
        world: World, client_of: Callable[[str], Client]) -> None:
    response = export(client_of("lead"), "incidents", "start=not-a-date")
    assert response.status_code == 400
    assert entries(tags.LIST_EXPORTED) == []


def test_the_file_is_a_named_streamed_attachment(
        world: World, client_of: Callable[[str], Client]) -> None:
    response = export(client_of("lead"), "incidents", f"case={world.case.reference}")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="sprava-akrestsina-2020-incidents-'
                        r'\d{4}-\d\d-\d\d\.csv"', response["Content-Disposition"])
    everything = export(client_of("lead"), "act-types")
    assert 'filename="sprava-all-cases-act-types-' in everything["Content-Disposition"]


@pytest.mark.parametrize("path", sorted(LISTS))
@pytest.mark.parametrize(("persona", "reveal"), [("lead", True), ("lead", False),
                                                 ("lawyer", True)])
def test_the_rows_are_what_sprava_export_writes(
        world: World, client_of: Callable[[str], Client], tmp_path: Path, path: str,
        persona: str, reveal: bool) -> None:
    flag = ("--reveal",) if reveal else ()
    web = body(export(client_of(persona), path, reveal=reveal))
    assert web == cli_export(tmp_path, persona, path, *flag)
    if "case" in (LISTS[path].filters.base_fields if LISTS[path].filters else {}):
        web = body(export(client_of(persona), path, f"case={world.case.reference}",
                          reveal=reveal))
        assert web == cli_export(tmp_path, persona, path, "--case", world.case.reference,
                                 *flag)
    web_events = [e for e in entries(tags.LIST_EXPORTED) if e["details"]["channel"] == "web"]
    cli_events = [e for e in entries(tags.LIST_EXPORTED) if e["details"]["channel"] == "cli"]
    assert [(e["case"], e["details"]["rows"]) for e in web_events] == [
        (e["case"], e["details"]["rows"]) for e in cli_events]


def test_streaming_writes_the_same_text_as_export_csv(world: World) -> None:
    for kind in ("persons", "acts", "custody-periods"):
        records = csv_io.EXPORTS[kind].queryset()
        whole = io.StringIO()
        csv_io.export_csv(kind, records.order_by("pk"), whole,
                          ExportView(Disclosure(set()), case_ids={world.case.pk}))
        pieces = list(csv_io.stream_csv(kind, csv_io.batches(records, 1),
                                        ExportView(Disclosure(set()),
                                                   case_ids={world.case.pk})))
        assert "".join(pieces) == whole.getvalue()
        assert len(pieces) == 1 + records.count()


# The button.

@pytest.mark.parametrize("path", sorted(LISTS))
def test_every_list_has_the_button_for_who_may_export(
        world: World, client_of: Callable[[str], Client], path: str) -> None:
    page = text(client_of("lead").get(f"/{path}/", {"page": "1"}))
    form = re.search(r'<form class="export" method="post" action="([^"]+)">(.*?)</form>', page,
                     re.S)
    assert form is not None
    assert form.group(1) == f"/{path}/export.csv"  # the page number is no filter
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert 'name="reveal"' in form.group(2)  # the lead has identity access
    lawyer = text(client_of("lawyer").get(f"/{path}/"))
    assert f'action="/{path}/export.csv"' in lawyer and 'name="reveal"' not in lawyer


def test_the_button_carries_the_lists_filters(
        world: World, client_of: Callable[[str], Client]) -> None:
    page = text(client_of("lead").get("/acts/", {"act_type": "beating", "sort": "date"}))
    assert 'action="/acts/export.csv?act_type=beating"' in page
    assert "Export these as CSV" in page


def test_every_list_is_a_kind_sprava_export_knows() -> None:
    assert set(LISTS) <= set(csv_io.EXPORT_KINDS)
    assert all(exports.export_kind(kind) == path for path, kind in LISTS.items())

