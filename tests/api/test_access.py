"""Every endpoint for every persona: tokens required, nothing leaks, only editors write."""

from __future__ import annotations

import pytest
from django.test import Client

from sprava.accounts.tokens import revoke_token
from sprava.records import services
from tests.api.conftest import ACTOR, ApiClient, Evidence, World
from tests.api.endpoints import EDITORS, KINDS, LINKABLE, MEMBERS, READERS_ONLY, STRANGERS

pytestmark = pytest.mark.django_db

ALL_PERSONAS = (*MEMBERS, *STRANGERS)
CASE_KINDS = [name for name, kind in KINDS.items() if kind.scope in ("case", "person")]
WRITABLE = [name for name, kind in KINDS.items() if kind.scope in ("case", "person")]


def every_operation(world: World) -> list[tuple[str, str]]:
    """(method, path) of every operation in the OpenAPI document, with ids filled in."""
    document = world.client("lead").get("/openapi.json").json()
    operations = []
    for path, methods in document["paths"].items():
        concrete = (path.replace("/api/v1", "").replace("{id}", "1").replace("{name_id}", "1")
                    .replace("{role_id}", "1").replace("{item_id}", "1")
                    .replace("{kind}", "persons"))
        operations += [(method, concrete) for method in methods]
    return operations


def _call(client: ApiClient, method: str, path: str) -> object:
    if method == "get":
        return client.get(path)
    if method == "post":
        return client.post(path, {})
    if method == "patch":
        return client.patch(path, {})
    return client.delete(path)


def _assert_unauthorised(response: object) -> None:
    assert response.status_code == 401, response.content  # type: ignore[attr-defined]
    assert response["WWW-Authenticate"].startswith("Bearer")  # type: ignore[index]
    assert "detail" in response.json()  # type: ignore[attr-defined]


def test_every_operation_refuses_a_request_without_a_token(world: World) -> None:
    anonymous = ApiClient(None)
    operations = every_operation(world)
    assert len(operations) >= 60
    for method, path in operations:
        _assert_unauthorised(_call(anonymous, method, path))


@pytest.mark.parametrize("token", ["", "sprava_", "sprava_nope_nope", "not-a-token",
                                   "sprava_deadbeef_" + "x" * 43])
def test_malformed_and_unknown_tokens_are_refused(world: World, token: str) -> None:
    _assert_unauthorised(ApiClient(token).get("/cases"))


def test_a_revoked_token_is_refused_from_the_next_request_on(world: World) -> None:
    client = world.client("lead")
    assert client.get("/cases").status_code == 200
    prefix = world.tokens["lead"].split("_")[1]
    token = world.personas.lead.api_tokens.get(prefix=prefix)
    revoke_token(token.pk, actor="test")
    _assert_unauthorised(client.get("/cases"))
    _assert_unauthorised(client.get(f"/incidents/{world.incident.pk}"))


def test_a_deactivated_users_token_is_refused(world: World) -> None:
    lead = world.personas.lead
    lead.is_active = False
    lead.save()
    _assert_unauthorised(world.client("lead").get("/cases"))


def test_a_web_session_is_not_an_api_credential(world: World) -> None:
    browser = Client()
    browser.force_login(world.personas.lead)
    response = browser.get("/api/v1/cases")
    assert response.status_code == 401  # not a redirect to the login page, and no data
    assert response["Content-Type"].startswith("application/json")


def test_the_api_is_not_redirected_to_the_login_page(world: World) -> None:
    response = Client().get("/api/v1/persons")
    assert response.status_code == 401
    assert "Location" not in response


def test_api_responses_are_never_cached(world: World) -> None:
    response = world.client("lead").get("/persons")
    assert "no-store" in response["Cache-Control"]


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("name", list(KINDS))
def test_reading(world: World, persona: str, name: str) -> None:
    kind = KINDS[name]
    client = world.client(persona)
    record = kind.record(world)
    listing = client.get(kind.path, limit=200)
    detail = client.get(f"{kind.path}/{record}")
    assert listing.status_code == 200
    ids = {item["id"] for item in listing.json()["items"]}
    sees = persona in MEMBERS or kind.scope == "reference"
    if sees:
        assert record in ids
        assert detail.status_code == 200
        assert detail.json()["id"] == record
    else:
        assert record not in ids
        assert detail.status_code == 404
        assert detail.json() == {"detail": "not found"}


@pytest.mark.parametrize("name", CASE_KINDS)
@pytest.mark.parametrize("persona", ["outsider", "administrator"])
def test_those_outside_every_case_see_nothing(world: World, persona: str, name: str) -> None:
    listing = world.client(persona).get(KINDS[name].path)
    assert listing.json()["count"] == 0
    assert listing.json()["items"] == []


@pytest.mark.parametrize("name", CASE_KINDS)
def test_the_other_team_sees_only_its_own_case(world: World, name: str) -> None:
    items = world.client("other_lead").get(KINDS[name].path, limit=200).json()["items"]
    for item in items:
        assert item.get("case", "okrestina-other") == "okrestina-other"
    if name == "persons":
        assert [item["id"] for item in items] == [world.other_person.pk]


# --- writing -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", EDITORS)
@pytest.mark.parametrize("name", WRITABLE)
def test_editors_create_change_and_delete(world: World, persona: str, name: str) -> None:
    kind = KINDS[name]
    assert kind.create is not None and kind.change is not None
    client = world.client(persona)
    created = client.post(kind.path, kind.create(world))
    assert created.status_code == 201, created.content
    record = created.json()["id"]
    changed = client.patch(f"{kind.path}/{record}", kind.change)
    assert changed.status_code == 200, changed.content
    for field, value in kind.change.items():
        assert changed.json()[field] == value
    assert client.get(f"{kind.path}/{record}").json() == changed.json()
    assert client.delete(f"{kind.path}/{record}").status_code == 204
    assert client.get(f"{kind.path}/{record}").status_code == 404


@pytest.mark.parametrize("persona", READERS_ONLY)
@pytest.mark.parametrize("name", WRITABLE)
def test_viewers_and_analysts_may_not_write(world: World, persona: str, name: str) -> None:
    kind = KINDS[name]
    assert kind.create is not None and kind.change is not None
    client = world.client(persona)
    record = kind.record(world)
    before = client.get(f"{kind.path}/{record}").json()
    assert client.post(kind.path, kind.create(world)).status_code == 403
    assert client.patch(f"{kind.path}/{record}", kind.change).status_code == 403
    assert client.delete(f"{kind.path}/{record}").status_code == 403
    assert client.get(f"{kind.path}/{record}").json() == before


@pytest.mark.parametrize("persona", STRANGERS)
@pytest.mark.parametrize("name", WRITABLE)
def test_strangers_cannot_write_or_learn_that_records_exist(world: World, persona: str,
                                                            name: str) -> None:
    kind = KINDS[name]
    assert kind.create is not None and kind.change is not None
    client = world.client(persona)
    record = kind.record(world)
    created = client.post(kind.path, kind.create(world))
    assert created.status_code == 400  # "unknown case/person/...": as if it did not exist
    assert "unknown" in created.json()["detail"]
    assert client.patch(f"{kind.path}/{record}", kind.change).status_code == 404
    assert client.delete(f"{kind.path}/{record}").status_code == 404


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_administrators_create_cases_and_organisations(world: World, persona: str) -> None:
    client = world.client(persona)
    for name in ("cases", "organisations"):
        kind = KINDS[name]
        assert kind.create is not None
        response = client.post(kind.path, kind.create(world))
        assert response.status_code == (201 if persona == "administrator" else 403), name


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_the_cases_lead_changes_or_deletes_it(world: World, persona: str) -> None:
    client = world.client(persona)
    case = world.personas.case.pk
    changed = client.patch(f"/cases/{case}", {"title": "Renamed"})
    deleted = client.delete(f"/cases/{case}")
    if persona == "lead":
        assert changed.status_code == 200
        assert deleted.status_code == 409  # its incidents depend on it
    elif persona in MEMBERS:
        assert changed.status_code == deleted.status_code == 403
    else:
        assert changed.status_code == deleted.status_code == 404


def test_an_administrator_adds_a_case_which_the_lead_can_then_see(world: World) -> None:
    admin = world.client("administrator")
    created = admin.post("/cases", {"reference": "hrodna-2021", "title": "Hrodna",
                                    "venues": ["national", "national"]})
    assert created.status_code == 201
    assert created.json()["venues"] == ["national"]
    assert created.json()["role"] is None  # creating a case is not joining it
    assert admin.get(f"/cases/{created.json()['id']}").status_code == 404
    assert admin.post("/cases", {"reference": "hrodna-2021", "title": "Again"}).status_code == 409


@pytest.mark.parametrize("persona", ["lead", "viewer"])
def test_reference_data_is_read_only(world: World, persona: str) -> None:
    client = world.client(persona)
    for path in ("/act-types", "/places"):
        assert client.post(path, {}).status_code == 405
        assert client.patch(f"{path}/1", {}).status_code == 405
        assert client.delete(f"{path}/1").status_code == 405


def test_organisations_are_changed_by_administrators_only(world: World) -> None:
    path = f"/organisations/{world.organisation.pk}"
    assert world.client("lead").patch(path, {"notes": "x"}).status_code == 403
    assert world.client("administrator").patch(path, {"notes": "x"}).status_code == 200
    assert world.client("lead").delete(path).status_code == 403
    assert world.client("administrator").delete(path).status_code == 409  # positions use it



# --- evidence links ------------------------------------------------------------------------


def _linked(world: World, name: str) -> object:
    kind = KINDS[name]
    model = {"incidents": world.incident, "acts": world.act, "persons": world.victim,
             "testimonies": world.testimony}[name]
    assert model.pk == kind.record(world)
    return model


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("name", LINKABLE)
def test_reading_evidence_links(world: World, evidence: Evidence, persona: str,
                                name: str) -> None:
    services.link_evidence(_linked(world, name), evidence.ours, actor=ACTOR)  # type: ignore[arg-type]
    response = world.client(persona).get(f"{KINDS[name].path}/{KINDS[name].record(world)}"
                                         "/evidence")
    if persona in MEMBERS:
        assert response.status_code == 200
        assert [item["id"] for item in response.json()["items"]] == [evidence.ours.pk]
    else:
        assert response.status_code == 404
        assert response.json() == {"detail": "not found"}


@pytest.mark.parametrize("persona", EDITORS)
@pytest.mark.parametrize("name", LINKABLE)
def test_editors_link_and_unlink_evidence(world: World, evidence: Evidence, persona: str,
                                          name: str) -> None:
    client = world.client(persona)
    path = f"{KINDS[name].path}/{KINDS[name].record(world)}/evidence"
    linked = client.post(path, {"item": evidence.ours.pk})
    assert linked.status_code == 201, linked.content
    assert linked.json()["sha256"] == evidence.ours.sha256
    assert [item["id"] for item in client.get(path).json()["items"]] == [evidence.ours.pk]
    assert client.delete(f"{path}/{evidence.ours.pk}").status_code == 204
    assert client.get(path).json()["items"] == []


@pytest.mark.parametrize("persona", READERS_ONLY)
@pytest.mark.parametrize("name", LINKABLE)
def test_viewers_and_analysts_may_not_link_or_unlink_evidence(
        world: World, evidence: Evidence, persona: str, name: str) -> None:
    record = _linked(world, name)
    services.link_evidence(record, evidence.ours, actor=ACTOR)  # type: ignore[arg-type]
    client = world.client(persona)
    path = f"{KINDS[name].path}/{KINDS[name].record(world)}/evidence"
    assert client.post(path, {"item": evidence.ours.pk}).status_code == 403
    assert client.delete(f"{path}/{evidence.ours.pk}").status_code == 403
    assert list(record.evidence.all()) == [evidence.ours]  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", STRANGERS)
@pytest.mark.parametrize("name", LINKABLE)
def test_strangers_cannot_link_evidence_or_learn_that_records_exist(
        world: World, evidence: Evidence, persona: str, name: str) -> None:
    record = _linked(world, name)
    services.link_evidence(record, evidence.ours, actor=ACTOR)  # type: ignore[arg-type]
    client = world.client(persona)
    path = f"{KINDS[name].path}/{KINDS[name].record(world)}/evidence"
    for response in (client.post(path, {"item": evidence.theirs.pk}),
                     client.delete(f"{path}/{evidence.ours.pk}")):
        assert response.status_code == 404
        assert response.json() == {"detail": "not found"}
    assert list(record.evidence.all()) == [evidence.ours]  # type: ignore[attr-defined]
