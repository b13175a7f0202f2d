"""A small documented world for search and dashboard tests, made through the domain functions.

    personas.case ("akrestsina-2020"): Lukashenko (a perpetrator, his name stored only in
    Belarusian), Tsikhanouskaya (a victim, only in Belarusian), a protected witness (W-0001)
    whose real name is "Zmitser Sakretny" / "Зміцер Сакрэтны", an incident with a narrative,
    an act and a testimony with a transcript and a translation.
    personas.other_case ("okrestina-other"): an incident and a person that only other_lead sees.

Only the lead of personas.case holds identity access there; other_lead holds it in the other.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sprava.cases.models import Case
from sprava.records import services
from sprava.records.models import (
    Act,
    ActType,
    Incident,
    Involvement,
    Person,
    PersonRole,
    Place,
    Testimony,
)
from tests.accounts.conftest import (  # noqa: F401  (fixtures)
    PERSONA_NAMES,
    Personas,
    fast_passwords,
    personas,
    signed_in,
)

ACTOR = "test"
WITNESS_NAME = "Zmitser Sakretny"
WITNESS_NAME_BE = "Зміцер Сакрэтны"
NARRATIVE = ("Detainees were beaten on arrival in the yard of the Akrestsina centre; officers "
             "without insignia forced them to kneel for hours.")
TRANSCRIPT = "Нас білі ў двары ізалятара на Акрэсціна, потым перавезлі ў Жодзіна."
TRANSLATION = "They beat us in the yard of the isolator at Akrestsina, then moved us to Zhodzina."


@pytest.fixture(autouse=True)
def _instance(home: Path, db: None) -> Path:
    """Every test has an initialised instance: the ledger hashes record values with its key."""
    return home


def save(obj: Any) -> Any:
    return services.save_record(obj, actor=ACTOR)


def person(names: list[tuple[str, str]], case: Case, role: str, *,
           protected: bool = False) -> Person:
    """A person with names [(text, script), ...] (the first is primary) and a role in `case`."""
    p = save(Person(notes="Fictional person of the search tests."))
    for index, (text, script) in enumerate(names):
        services.add_name(p, text, actor=ACTOR, script=script,
                          kind="primary" if index == 0 else "transliteration")
    save(PersonRole(person=p, case=case, role=role))
    if protected:
        services.protect(p, actor=ACTOR)
    return p


@dataclass
class World:
    case: Case
    other_case: Case
    akrestsina: Place
    lukashenko: Person
    tsikhanouskaya: Person
    witness: Person
    incident: Incident
    act: Act
    testimony: Testimony
    other_incident: Incident
    other_person: Person


def make_world(cast: Personas) -> World:
    case, other = cast.case, cast.other_case
    akrestsina = Place.objects.get(code="akrestsina")
    beating = ActType.objects.get(code="beating")
    lukashenko = person([("Аляксандр Лукашэнка", "be")], case, "perpetrator")
    tsikhanouskaya = person([("Святлана Ціханоўская", "be")], case, "victim")
    witness = person([(WITNESS_NAME, "latin"), (WITNESS_NAME_BE, "be")], case, "witness",
                     protected=True)
    incident = save(Incident(case=case, title="Beatings on arrival at Akrestsina",
                             start_date=datetime.date(2020, 8, 11), place=akrestsina,
                             narrative=NARRATIVE))
    act = save(Act(incident=incident, act_type=beating, victim=tsikhanouskaya,
                   start_date=datetime.date(2020, 8, 11), place=akrestsina,
                   description="Struck with batons while kneeling in the yard."))
    save(Involvement(act=act, perpetrator=lukashenko, mode="ordering"))
    testimony = save(Testimony(case=case, given_by=witness, kind="interview",
                               given_on=datetime.date(2021, 3, 1), language="be",
                               transcript=TRANSCRIPT, translation=TRANSLATION,
                               translation_language="en"))
    testimony.incidents.add(incident)
    other_incident = save(Incident(case=other, title="Secret incident of the other team",
                                   start_date=datetime.date(2021, 1, 1),
                                   narrative="Only the other team may read about the yard."))
    other_person = person([("Ганна Іншая", "be")], other, "victim")
    return World(case=case, other_case=other, akrestsina=akrestsina, lukashenko=lukashenko,
                 tsikhanouskaya=tsikhanouskaya, witness=witness, incident=incident, act=act,
                 testimony=testimony, other_incident=other_incident, other_person=other_person)


@pytest.fixture
def world(personas: Personas) -> World:  # noqa: F811  (the fixture imported above)
    return make_world(personas)
