"""Parity: the same change through the page and through the API, the same rows and ledger.

The world is the web records' (`tests.web_records.conftest.make_world`); every persona also
has an API token. `Front` makes one request through either front end in the same words, so
that a rule's test runs against both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sprava.accounts.tokens import create_token
from sprava.records.models import ActType, Incident, Organisation, Person
from tests.accounts.conftest import PERSONA_NAMES, Personas, make_personas, signed_in
from tests.web_records.conftest import World, make_world


@pytest.fixture(autouse=True)
def _instance(home: Path, db: None) -> Path:
    return home


@pytest.fixture
def personas(db: None, settings: Any) -> Personas:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_personas()


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)


def ref(person: Person | int) -> str:
    return f"P-{person if isinstance(person, int) else person.pk:06d}"


@dataclass(frozen=True)
class Row:
    """A perpetrator named on the new act."""

    person: Person | int
    mode: str
    organisation: Organisation | None = None


@dataclass
class Answer:
    status: int
    text: str


class Front:
    """One front end, spoken to in the same words: `front.new_acts(persona, ...)`."""

    def __init__(self, name: str, personas: Personas) -> None:
        self.name = name
        self.personas = personas
        self.tokens: dict[str, str] = {}

    def prepare(self, persona: str) -> None:
        """Make the persona's token now (the API's), so that the request itself makes none."""
        if self.name == "api" and persona not in self.tokens:
            self.tokens[persona] = create_token(self.personas[persona], "tests", actor="test")

    def new_acts(self, persona: str, incident: Incident | int, act_type: ActType,
                 victims: Sequence[Person | int] = (), perpetrators: Sequence[Row] = (), *,
                 start_date: str = "", place: str = "", description: str = "",
                 reason: str = "") -> Answer:
        number = incident if isinstance(incident, int) else incident.pk
        if self.name == "page":
            data: dict[str, Any] = {
                "incident": str(number), "act_type": act_type.pk, "date_precision": "day",
                "victim": "\n".join(ref(v) for v in victims), "start_date": start_date,
                "description": description, "reason": reason}
            if place:
                from sprava.records.models import Place

                data["place"] = Place.objects.get(code=place).pk
            for i, row in enumerate(perpetrators, start=1):
                data[f"perpetrator_{i}"] = ref(row.person)
                data[f"perpetrator_{i}_mode"] = row.mode
                data[f"perpetrator_{i}_organisation"] = (row.organisation.pk
                                                         if row.organisation else "")
            response = signed_in(self.personas[persona]).post(
                f"/acts/new/?incident={number}", data)
            # A saved form is answered with a redirect; a refused one with the form again.
            status = 201 if response.status_code == 302 else response.status_code
            return Answer(status, response.content.decode())
        body: dict[str, Any] = {
            "incident": number, "act_type": act_type.code, "description": description,
            "victims": [v if isinstance(v, int) else v.pk for v in victims],
            "perpetrators": [{"perpetrator": r.person if isinstance(r.person, int)
                              else r.person.pk, "mode": r.mode,
                              "organisation": r.organisation.pk if r.organisation else None}
                             for r in perpetrators]}
        if start_date:
            body["start_date"] = start_date
        if place:
            body["place"] = place
        self.prepare(persona)
        client = Client(headers={"authorization": f"Bearer {self.tokens[persona]}"})
        query = f"?reason={reason}" if reason else ""
        response = client.post(f"/api/v1/acts{query}", body, content_type="application/json")
        return Answer(response.status_code, response.content.decode())


@pytest.fixture(params=["page", "api"])
def front(request: pytest.FixtureRequest, personas: Personas) -> Front:
    return Front(request.param, personas)


__all__ = ["PERSONA_NAMES", "Answer", "Front", "Row", "ref"]
