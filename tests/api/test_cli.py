"""`sprava token` (the installation's), `sprava case` and `sprava member` (done as a user)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from sprava.accounts.models import ApiToken
from sprava.accounts.tokens import authenticate_token
from sprava.cases.models import Case, Membership
from sprava.cli import main
from sprava.cli.exchange import EXPORT_KINDS, IMPORT_KINDS
from sprava.ledger.models import Entry
from sprava.records import csv_io
from tests.api.conftest import ApiClient
from tests.cli.conftest import Instance, child  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(home: Path, db: None, settings: Any) -> dict[str, User]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    made = {name: User.objects.create_user(name, password="a long password indeed")
            for name in ("dana", "ales")}
    made["boss"] = User.objects.create_superuser("boss", password="a long password indeed")
    return made


def sprava(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = sprava(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_cli_kinds_are_those_of_the_csv_module() -> None:
    assert IMPORT_KINDS == csv_io.IMPORT_KINDS
    assert EXPORT_KINDS == csv_io.EXPORT_KINDS


def test_token_add_prints_a_working_token_once(users: dict[str, User],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sprava(capsys, "token", "add", "dana", "--name", "laptop")
    assert code == 0
    token = out.splitlines()[-1]
    assert authenticate_token(token) == users["dana"]
    assert ApiClient(token).get("/cases").status_code == 200
    stored = ApiToken.objects.get(user=users["dana"])
    secret = token.split("_", 2)[2]  # the secret itself may contain "_"
    assert secret not in stored.secret_hash  # only its hash is kept
    entry = Entry.objects.filter(action="accounts:token:created").get()
    assert entry.actor.startswith("cli")


def test_token_list_and_revoke(users: dict[str, User], capsys: pytest.CaptureFixture[str]) -> None:
    token = as_json(capsys, "token", "add", "dana")["token"]
    as_json(capsys, "token", "add", "ales")
    listed = as_json(capsys, "token", "list", "dana")["tokens"]
    assert [t["user"] for t in listed] == ["dana"]
    assert token not in json.dumps(listed)
    code, out, _ = sprava(capsys, "token", "list")
    assert code == 0 and "dana" in out and "ales" in out
    as_json(capsys, "token", "revoke", str(listed[0]["id"]))
    assert authenticate_token(token) is None
    assert as_json(capsys, "token", "list", "dana", "--active")["tokens"] == []
    assert ApiClient(token).get("/cases").status_code == 401


def test_case_add_with_a_lead_and_member_management(users: dict[str, User],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    made = as_json(capsys, "case", "add", "hrodna-2021", "Hrodna, 2021", "--venue", "national",
                   "--lead", "dana", "--as", "boss")
    assert made["lead"] == "dana"
    case = Case.objects.get(reference="hrodna-2021")
    assert case.venues == ["national"]
    added = as_json(capsys, "member", "add", "hrodna-2021", "ales", "viewer",
                    "--identity-access", "--reason", "joins the team", "--as", "dana")
    assert (added["role"], added["identity_access"]) == ("viewer", True)
    members = as_json(capsys, "member", "list", "hrodna-2021")["members"]
    assert {(m["user"], m["role"]) for m in members} == {("dana", "lead"), ("ales", "viewer")}
    changed = as_json(capsys, "member", "change", "hrodna-2021", "ales", "--role",
                      "investigator", "--no-identity-access", "--as", "dana")
    assert (changed["role"], changed["identity_access"]) == ("investigator", False)
    as_json(capsys, "member", "remove", "hrodna-2021", "ales", "--as", "boss")
    assert not Membership.objects.filter(user=users["ales"]).exists()
    _, out, _ = sprava(capsys, "case", "list")
    assert "hrodna-2021" in out and "1 members" in out
    actors = dict(Entry.objects.values_list("action", "actor"))
    assert actors["records:case:created"] == "user:boss"
    assert actors["accounts:membership:changed"] == "user:dana"


@pytest.mark.parametrize(("argv", "message"), [
    (("token", "add", "nobody"), "there is no user 'nobody'"),
    (("token", "revoke", "999"), "there is no token #999"),
    (("member", "add", "no-case", "dana", "viewer", "--as", "boss"),
     "there is no case 'no-case'"),
    (("member", "remove", "akrestsina", "dana", "--as", "boss"),
     "dana is not a member of akrestsina"),
    (("case", "add", "akrestsina", "Again", "--as", "boss"), "already exists"),
    (("case", "add", "not a slug!", "Title", "--as", "boss"), "slug"),
])
def test_mistakes_exit_2_with_one_line(users: dict[str, User], capsys: pytest.CaptureFixture[str],
                                       argv: tuple[str, ...], message: str) -> None:
    Case.objects.create(reference="akrestsina", title="Akrestsina")
    code, out, err = sprava(capsys, *argv)
    assert code == 2
    assert err.startswith("sprava: ") and message in err and len(err.splitlines()) == 1
    code, out, _ = sprava(capsys, *argv, "--json")
    assert code == 2 and json.loads(out)["ok"] is False


def test_member_add_refuses_an_unknown_role(users: dict[str, User],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["member", "add", "x", "dana", "boss"])
    assert exit_.value.code == 2


@pytest.mark.slow
def test_the_commands_in_a_real_process(child: Instance, tmp_path: Path) -> None:  # noqa: F811
    child.run("user", "add", "dana")
    child.run("case", "add", "akrestsina-2020", "Akrestsina", "--lead", "dana")
    token = json.loads(child.run("token", "add", "dana", "--json").stdout)["token"]
    assert token.startswith("sprava_")
    rows = tmp_path / "persons.csv"
    rows.write_text("name,role\nAles Vykrytski,victim\nBad,hero\n", encoding="utf-8")
    dry = child.run("import", "persons", str(rows), "--case", "akrestsina-2020", "--dry-run",
                    "--as", "dana", check=False)
    assert dry.returncode == 1  # a row was rejected
    assert "1 would be created, 0 matched, 1 rejected (dry run" in dry.stdout
    listed = child.run("member", "list", "akrestsina-2020").stdout
    assert "dana" in listed and "lead" in listed
