"""A small hand-built case for derived support: the personas' case, a detention place, and
helpers that record victims, acts, custody, units and posts as a documenter would.

Each test builds only what it needs, so that what a rule must find, and must not, can be read
off the test itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from sprava.law import derived
from sprava.law.proposals import Page, Proposal
from sprava.records import services
from sprava.records.models import (
    Act,
    ActType,
    CustodyPeriod,
    Incident,
    Involvement,
    Organisation,
    Person,
    PersonRole,
    Place,
    Position,
)
from sprava.records.reader import Reader
from tests.accounts.conftest import Personas, fast_passwords, personas  # noqa: F401

ACTOR = "test"
D = datetime.date


@dataclass
class Law:
    personas: Personas
    place: Place
    incident: Incident

    @property
    def case(self) -> Any:
        return self.personas.case

    def reader(self, persona: str) -> Reader:
        return Reader.of_user(self.personas[persona])

    def user(self, persona: str) -> User:
        return self.personas[persona]

    def person(self, name: str, role: str = "victim", *, protected: bool = False,
               case: Any = None) -> Person:
        made = services.save_record(Person(), actor=ACTOR)
        services.add_name(made, name, actor=ACTOR, script="latin")
        services.save_record(PersonRole(person=made, case=case or self.case, role=role),
                             actor=ACTOR)
        if protected:
            services.protect(made, actor=ACTOR)
        return made

    def act(self, code: str, victim: Person | None, start: datetime.date | None,
            end: datetime.date | None = None, precision: str = "day",
            incident: Incident | None = None) -> Act:
        return services.save_record(Act(
            incident=incident or self.incident, act_type=ActType.objects.get(code=code),
            victim=victim, start_date=start, end_date=end, date_precision=precision),
            actor=ACTOR)

    def custody(self, person: Person, start: datetime.date | None,
                end: datetime.date | None = None, precision: str = "day", *,
                acknowledged: bool | None = True, charges: list[str] | None = None
                ) -> CustodyPeriod:
        return services.save_record(CustodyPeriod(
            person=person, place=self.place, start_date=start, end_date=end,
            date_precision=precision, acknowledged=acknowledged, charge_articles=charges),
            actor=ACTOR)

    def unit(self, name: str, parent: Organisation | None = None) -> Organisation:
        return services.save_record(Organisation(label_en=name, kind="police", parent=parent),
                                    actor=ACTOR)

    def post(self, person: Person, unit: Organisation, start: datetime.date | None,
             end: datetime.date | None = None, precision: str = "day", *,
             authority: bool = True) -> Position:
        return services.save_record(Position(
            person=person, organisation=unit, title="Head", start_date=start, end_date=end,
            date_precision=precision, superior_responsibility=authority), actor=ACTOR)

    def involve(self, act: Act, perpetrator: Person, unit: Organisation,
                mode: str = "commission") -> Involvement:
        return services.save_record(Involvement(act=act, perpetrator=perpetrator,
                                                organisation=unit, mode=mode), actor=ACTOR)

    def proposals(self, persona: str = "lawyer") -> Page:
        return derived.case_proposals(self.reader(persona), self.case.pk)

    def of_act(self, act: Act, persona: str = "lawyer") -> list[Proposal]:
        return list(derived.act_proposals(self.reader(persona), act.pk).items)


def elements(proposals: list[Proposal] | Page) -> list[tuple[str, str]]:
    """(element, certainty) of each proposal, in order: what most tests compare."""
    items = proposals.items if isinstance(proposals, Page) else proposals
    return [(p.target.element_id, str(p.certainty)) for p in items]


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Proposals read in the active language: English here, whatever a test before left."""
    with translation.override("en"):
        yield


@pytest.fixture
def law(home: Path, personas: Personas) -> Law:  # noqa: F811
    place = Place.objects.get(code="akrestsina")
    incident = services.save_record(Incident(case=personas.case, title="After the election",
                                             place=place, start_date=D(2020, 8, 9)),
                                    actor=ACTOR)
    return Law(personas=personas, place=place, incident=incident)
