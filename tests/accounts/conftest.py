"""Personas for permission tests, importable by every test suite.

    from tests.accounts.conftest import Personas, personas, persona_client  # noqa: F401

`personas` gives one case ("akrestsina-2020") with a member of every role, an outsider (an
account with no membership), an organisation administrator (a superuser, not a member), and a
second case ("okrestina-other") whose only member is `other_lead`. Only the lead holds identity
access. All passwords are PASSWORD.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sprava.accounts.members import add_member
from sprava.cases.models import Case, Role

PASSWORD = "a long and private password"
ROLES = ("lead", "lawyer", "investigator", "analyst", "viewer")
# Every persona, by the attribute that holds it.
PERSONA_NAMES = ("outsider", "administrator", *ROLES)


@dataclass(frozen=True)
class Personas:
    case: Case
    other_case: Case
    outsider: User
    administrator: User
    lead: User
    lawyer: User
    investigator: User
    analyst: User
    viewer: User
    other_lead: User

    def __getitem__(self, name: str) -> User:
        user = getattr(self, name)
        assert isinstance(user, User)
        return user

    @property
    def members(self) -> dict[str, User]:
        """The members of `case`, by role."""
        return {role: self[role] for role in ROLES}


def make_personas() -> Personas:
    """Create the personas (a database is needed); also usable outside a fixture."""
    users = {
        name: User.objects.create_user(name, password=PASSWORD)
        for name in ("outsider", "other_lead", *ROLES)
    }
    users["administrator"] = User.objects.create_superuser("administrator", password=PASSWORD)
    case = Case.objects.create(reference="akrestsina-2020", title="Akrestsina detention centre")
    other = Case.objects.create(reference="okrestina-other", title="Another team's case")
    for role in ROLES:
        add_member(case, users[role], role, identity_access=role == Role.LEAD, actor="test")
    add_member(other, users["other_lead"], Role.LEAD, identity_access=True, actor="test")
    return Personas(case=case, other_case=other, **users)


@pytest.fixture
def fast_passwords(settings: Any) -> None:
    # Real password hashing is slow on purpose; these tests are about permissions.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db: None, fast_passwords: None) -> Personas:
    return make_personas()


def signed_in(user: User, **kwargs: Any) -> Client:
    """A client whose session is signed in as `user` (as after a full sign-in)."""
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture(params=PERSONA_NAMES)
def persona_client(request: pytest.FixtureRequest, personas: Personas) -> Iterator[Client]:
    """Each persona's signed-in client in turn; `client.persona` names it."""
    client = signed_in(personas[request.param])
    client.persona = request.param  # type: ignore[attr-defined]
    yield client
