"""Attacks first: a member of another case sees nothing of this one's contextual figures (page,
API, command line, domain), and a reader without identity access is not told, even as a
number, where a protected victim was held."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sprava.accounts.errors import PermissionDenied
from sprava.accounts.tokens import create_token
from sprava.analysis.context import context_figures
from sprava.cli import main
from sprava.records.reader import Reader
from tests.accounts.conftest import PERSONA_NAMES, ROLES, Personas
from tests.analysis.context.conftest import ACTOR, OTHER_URL, URL, World

STRANGERS = ("outsider", "administrator", "other_lead")


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_page_is_for_members_only(client_of, world: World, name: str) -> None:  # type: ignore[no-untyped-def]
    assert client_of(name).get(URL).status_code == (200 if name in ROLES else 404)


def test_another_teams_case_is_not_found(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    assert client_of("viewer").get(OTHER_URL).status_code == 404
    assert client_of("viewer").get("/cases/no-such-case/context/").status_code == 404
    # The other team sees its own case, and none of this one's acts in it.
    html = client_of("other_lead").get(OTHER_URL).content.decode()
    assert "<strong>1</strong> <span>Acts</span>" in html


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", STRANGERS)
def test_the_domain_refuses_a_reader_who_is_no_member(world: World, personas: Personas,
                                                      name: str) -> None:
    with pytest.raises(PermissionDenied):
        context_figures(Reader.of_user(personas[name]), world.case)


def api(personas: Personas, name: str) -> Client:
    token = create_token(personas[name], "tests", actor=ACTOR)
    return Client(headers={"authorization": f"Bearer {token}"})


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_api_is_for_members_only(world: World, personas: Personas, name: str) -> None:
    response = api(personas, name).get(f"/api/v1/cases/{world.case.pk}/context")
    assert response.status_code == (200 if name in ROLES else 404), response.content
    if name in ROLES:
        assert response.json()["acts"] == 10
    else:
        assert response.json() == {"detail": "not found"}


def test_the_api_answers_no_such_case_as_another_teams(world: World,
                                                       personas: Personas) -> None:
    client = api(personas, "viewer")
    assert client.get(f"/api/v1/cases/{world.other_case.pk}/context").status_code == 404
    assert client.get("/api/v1/cases/999999/context").status_code == 404
    assert Client().get(f"/api/v1/cases/{world.case.pk}/context").status_code == 401


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", STRANGERS)
def test_the_command_line_answers_no_such_case_to_a_stranger(
        world: World, capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = cli(capsys, "analysis", "context", "akrestsina-2020", "--as", name)
    assert code == 2 and out == ""
    assert "there is no case 'akrestsina-2020'" in err


def test_the_command_line_needs_a_user(world: World,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPRAVA_USER", raising=False)
    code, _, err = cli(capsys, "analysis", "context", "akrestsina-2020")
    assert code == 2 and "--as" in err


def held(document: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {row["name"]["code"]: (row["held"], row["custody_periods"])
            for row in document["widespread"]["by_facility"]}


def test_a_protected_victims_custody_is_no_number_without_identity_access(
        world: World, personas: Personas, client_of, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    # The lead has identity access in V4's protecting case; the viewer has none.
    assert held(context_figures(Reader.of_user(personas.lead), world.case).to_dict()) == {
        "akrestsina": (2, 2), "prison-8-zhodzina": (2, 2)}
    viewer = context_figures(Reader.of_user(personas.viewer), world.case)
    assert held(viewer.to_dict()) == {"akrestsina": (2, 2), "prison-8-zhodzina": (1, 1)}
    response = api(personas, "viewer").get(f"/api/v1/cases/{world.case.pk}/context")
    assert held(response.json()) == {"akrestsina": (2, 2), "prison-8-zhodzina": (1, 1)}
    code, out, _ = cli(capsys, "analysis", "context", "akrestsina-2020", "--as", "viewer",
                       "--json")
    assert code == 0 and held(json.loads(out)) == {"akrestsina": (2, 2),
                                                   "prison-8-zhodzina": (1, 1)}


def test_the_figures_name_nobody(world: World, client_of, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    html = client_of("lead").get(URL).content.decode()
    document = json.dumps(context_figures(Reader.of_user(personas.lead), world.case).to_dict())
    for person in world.victims.values():
        for name in person.names.all():
            assert name.text not in html and name.text not in document
        assert f"/persons/{person.pk}/" not in html
    assert "W-0001" not in html
