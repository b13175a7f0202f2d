"""CSV export and import through the API: who may, what leaves, what is logged."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sprava.ledger.models import Entry
from sprava.records import services
from sprava.records.csv_io import EXPORTED
from sprava.records.identity import IDENTITY_REVEALED
from sprava.records.models import Consent, Incident, Person
from sprava.rows.history import history
from tests.api.conftest import ACTOR, OTHER_NAME, PUBLIC_NAME, SECRET_NAME, World
from tests.api.endpoints import MEMBERS

pytestmark = pytest.mark.django_db


def rows(response: Any) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def upload(world: World, persona: str, kind: str, text: str, **params: str) -> Any:
    client = world.client(persona).http
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(f"/api/v1/cases/{world.personas.case.pk}/import/{kind}?{query}",
                       {"file": SimpleUploadedFile("rows.csv", text.encode(), "text/csv")})


@pytest.mark.parametrize("persona", [*MEMBERS, "outsider", "administrator"])
def test_only_lawyers_and_leads_export(world: World, persona: str) -> None:
    response = world.client(persona).get("/export/incidents")
    assert response.status_code == (200 if persona in ("lawyer", "lead") else 403)


def test_an_export_is_csv_with_a_custody_event(world: World) -> None:
    response = world.client("lawyer").get("/export/acts")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sprava-acts-')
    [act] = rows(response)
    assert act["id"] == str(world.act.pk) and act["act_type"] == "torture"
    event = json.loads(bytes(Entry.objects.filter(action=EXPORTED).get().body))
    assert event["actor"] == "api:lawyer"
    assert event["details"] == {"kind": "acts", "rows": 1, "channel": "api"}


def test_an_export_holds_only_the_readers_cases(world: World) -> None:
    services.save_record(Consent(person=world.witness, case=world.personas.other_case,
                                 use="publication", granted=False,
                                 given_on=world.consent.given_on), actor=ACTOR)
    lead = world.client("lead")
    assert {r["case"] for r in rows(lead.get("/export/incidents"))} == {"akrestsina-2020"}
    assert {r["case"] for r in rows(lead.get("/export/consents"))} == {"akrestsina-2020"}
    persons = lead.get("/export/persons").content.decode()
    assert OTHER_NAME not in persons and "okrestina-other" not in persons
    other = world.client("other_lead").get("/export/persons").content.decode()
    assert OTHER_NAME in other and SECRET_NAME not in other


def test_an_export_can_be_narrowed_to_a_case_and_dates(world: World) -> None:
    lead = world.client("lead")
    services.save_record(Incident(case=world.personas.case, title="Later"), actor=ACTOR)
    assert len(rows(lead.get("/export/incidents", date_from="2020-08-10"))) == 1
    assert len(rows(lead.get("/export/incidents", case="akrestsina-2020"))) == 2
    assert lead.get("/export/incidents", case="okrestina-other").status_code == 400
    assert lead.get("/export/evidence").status_code == 400


def test_reference_data_exports(world: World) -> None:
    exported = rows(world.client("lawyer").get("/export/act-types"))
    assert "torture" in {row["code"] for row in exported}


def test_an_import_is_a_dry_run_unless_asked(world: World) -> None:
    text = "name,role\nNova Asoba,victim\nBad Row,hero\n"
    dry = upload(world, "investigator", "persons", text)
    assert dry.status_code == 200, dry.content
    report = dry.json()
    assert report["dry_run"] is True
    assert report["counts"] == {"created": 1, "matched": 0, "rejected": 1}
    assert [row["line"] for row in report["rows"]] == [2, 3]
    assert not Person.objects.filter(names__text="Nova Asoba").exists()
    real = upload(world, "investigator", "persons", text, dry_run="false").json()
    assert real["rows"][0]["record"].startswith("P-")
    created = Person.objects.get(names__text="Nova Asoba")
    assert history(created).first().actor == "api:investigator"


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("analyst", 403),
                                                 ("outsider", 404), ("other_lead", 404)])
def test_an_import_needs_edit_in_the_case(world: World, persona: str, status: int) -> None:
    assert upload(world, persona, "incidents", "title\nX\n").status_code == status


def test_an_import_cannot_match_a_protected_person_without_identity_access(
        world: World) -> None:
    text = f"name,birth_date,role\n{SECRET_NAME},1985,witness\n"
    blind = upload(world, "investigator", "persons", text).json()
    assert blind["rows"][0]["outcome"] == "created"  # no oracle: the name matches nobody
    seen = upload(world, "lead", "persons", text).json()
    assert seen["rows"][0]["outcome"] == "matched"
    assert seen["rows"][0]["record"] == world.witness.reference


@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_an_import_that_matches_a_protected_person_is_a_logged_reveal(
        world: World, dry_run: str) -> None:
    """"Matched P-..." ties the name in the file to the protected record: nobody learns that
    without the ledger knowing, dry run or not."""
    text = (f"name,birth_date,role\n{SECRET_NAME},1985,witness\n{PUBLIC_NAME},1990,victim\n")
    report = upload(world, "lead", "persons", text, dry_run=dry_run).json()
    assert [row["outcome"] for row in report["rows"]] == ["matched", "matched"]
    reveal = json.loads(bytes(Entry.objects.filter(action=IDENTITY_REVEALED).get().body))
    assert reveal["actor"] == "api:lead"
    assert reveal["details"] == {"persons": [f"records.person:{world.witness.pk}"],
                                 "channel": "api"}


def test_a_broken_file_is_a_400_with_the_reason(world: World) -> None:
    response = upload(world, "lead", "acts", "title\nnot acts\n")
    assert response.status_code == 400
    assert "missing required columns: act_type" in response.json()["detail"]
    latin1 = world.client("lead").http.post(
        f"/api/v1/cases/{world.personas.case.pk}/import/persons",
        {"file": SimpleUploadedFile("rows.csv", "name,role\nÅse,victim\n".encode("latin-1"))})
    assert latin1.status_code == 400
    assert "not UTF-8" in latin1.json()["detail"]


def test_a_missing_or_oversized_file_is_explained(world: World) -> None:
    client = world.client("lead").http
    path = f"/api/v1/cases/{world.personas.case.pk}/import/persons"
    big = ("name,role\n" + "Ales Vykrytski,victim\n" * 150_000).encode()
    for body in ({}, {"file": SimpleUploadedFile("rows.csv", big)}):
        response = client.post(path, body)
        assert response.status_code == 400
        assert "multipart field 'file'" in response.json()["detail"]
