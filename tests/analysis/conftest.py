"""A small chain of command, counted by hand.

    Ministry of the Interior (test)           minister     2019-01-01 to this day, command
      GUBOPiK (test)                          head         "2020" (year), command
        Department for extremism (test)       officer      2020-09-01 to this day
      City police (test)                      chief        "2020-08" (month), command
        OMON (test)                           commander    2020-08-12 to 2020-08-20, command
                                                           (a protected person, W-0001)
    An undated post at the ministry (precision "unknown"): listed, never counted.
    Another team's officer at the ministry, 2020 to this day, seen only by that team.

Acts of the case (victims V1, V2, V3):
    a1 2020-08-10 V1  OMON
    a2 2020-08-15 V1  OMON and the department (one act of two units)
    a3 2020-09-05 V2  the department
    a4 2021-03-01 V2  GUBOPiK
    a5 2020-08-15 V3  no unit named: counted for nobody
    a6 undated    V3  OMON: counted for nobody (no date to place it in a tenure)
Another team's act: 2020-08-15, OMON.

So (acts, victims): minister (4, 2); GUBOPiK head (2, 2: a2, a3; a4 is 2021); city police
chief (2, 1: a1, a2 in August); OMON commander (1, 1: a2; a1 was before the 12th);
department officer (1, 1: a3; a2 was before September). Ranks 1, 2, 3, 4, 4: the commander
before the officer among equals, as a post of command.
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
    Organisation,
    Person,
    PersonRole,
    Position,
)
from tests.accounts.conftest import Personas, make_personas

ACTOR = "test"
D = datetime.date


@pytest.fixture(autouse=True)
def _instance(home: Path, db: None) -> Path:
    return home


def save(obj: Any) -> Any:
    return services.save_record(obj, actor=ACTOR)


def person(name: str, case: Case, role: str = "perpetrator", *,
           protected: bool = False) -> Person:
    p = save(Person(gender="male"))
    services.add_name(p, name, actor=ACTOR, script="latin")
    save(PersonRole(person=p, case=case, role=role))
    if protected:
        services.protect(p, actor=ACTOR)
        p.refresh_from_db()
    return p


def post(who: Person, unit: Organisation, title: str, start: datetime.date | None,
         end: datetime.date | None = None, precision: str = "day",
         superior: bool = False) -> Position:
    return save(Position(person=who, organisation=unit, title=title, start_date=start,
                         end_date=end, date_precision=precision,
                         superior_responsibility=superior))


@dataclass
class Chain:
    people: Personas
    case: Case
    other_case: Case
    ministry: Organisation
    gubopik: Organisation
    department: Organisation
    police: Organisation
    omon: Organisation
    minister: Person
    gubopik_head: Person
    officer: Person
    police_chief: Person
    commander: Person
    undated: Person
    outsider_officer: Person
    victims: tuple[Person, Person, Person]
    acts: dict[str, Act]
    posts: dict[str, Position]


def unit(label: str, parent: Organisation | None, kind: str = "police") -> Organisation:
    return save(Organisation(label_en=label, label_be=f"{label} (be)", label_ru=f"{label} (ru)",
                             kind=kind, parent=parent))


def make_chain(people: Personas) -> Chain:
    case, other = people.case, people.other_case
    ministry = unit("Ministry of the Interior (test)", None, "ministry")
    gubopik = unit("GUBOPiK (test)", ministry)
    department = unit("Department for extremism (test)", gubopik)
    police = unit("City police (test)", ministry)
    omon = unit("OMON (test)", police)
    minister = person("Mikalai Ministrau", case)
    head = person("Hleb Holau", case)
    officer = person("Dzianis Departamentau", case)
    chief = person("Pavel Palitsyiski", case)
    commander = person("Aleh Amonau", case, protected=True)
    undated = person("Uladzimir Nevyadomy", case)
    outsider = person("Xaver Inshy", other)
    posts = {
        "minister": post(minister, ministry, "Minister", D(2019, 1, 1), superior=True),
        "head": post(head, gubopik, "Head", D(2020, 1, 1), D(2020, 1, 1), "year", True),
        "officer": post(officer, department, "Officer", D(2020, 9, 1)),
        "chief": post(chief, police, "Chief", D(2020, 8, 1), D(2020, 8, 1), "month", True),
        "commander": post(commander, omon, "Commander", D(2020, 8, 12), D(2020, 8, 20),
                          superior=True),
        "undated": post(undated, ministry, "Deputy minister", D(2020, 1, 1),
                        precision="unknown", superior=True),
        "outsider": post(outsider, ministry, "Adviser", D(2020, 1, 1), precision="year",
                         superior=True),
    }
    victims = (person("Viktoryia Adna", case, "victim"), person("Vera Dzve", case, "victim"),
               person("Volha Try", case, "victim"))
    beating = ActType.objects.get(code="beating")
    incident = save(Incident(case=case, title="Dispersal (test)", start_date=D(2020, 8, 10)))
    acts: dict[str, Act] = {}

    def act(name: str, day: datetime.date | None, victim: Person, *units: Organisation,
            incident: Incident = incident, by: Person = officer) -> Act:
        made = save(Act(incident=incident, act_type=beating, victim=victim, start_date=day))
        for mode, where in zip(("commission", "aiding"), units, strict=False):
            save(Involvement(act=made, perpetrator=by, organisation=where, mode=mode))
        acts[name] = made
        return made

    v1, v2, v3 = victims
    act("a1", D(2020, 8, 10), v1, omon)
    act("a2", D(2020, 8, 15), v1, omon, department)
    act("a3", D(2020, 9, 5), v2, department)
    act("a4", D(2021, 3, 1), v2, gubopik)
    a5 = act("a5", D(2020, 8, 15), v3)
    save(Involvement(act=a5, perpetrator=officer, organisation=None, mode="commission"))
    act("a6", None, v3, omon)
    other_victim = person("Ina Insha", other, "victim")
    other_incident = save(Incident(case=other, title="Other team's incident",
                                   start_date=D(2020, 8, 15)))
    act("other", D(2020, 8, 15), other_victim, omon, incident=other_incident, by=outsider)
    return Chain(people=people, case=case, other_case=other, ministry=ministry,
                 gubopik=gubopik, department=department, police=police, omon=omon,
                 minister=minister, gubopik_head=head, officer=officer, police_chief=chief,
                 commander=commander, undated=undated, outsider_officer=outsider,
                 victims=victims, acts=acts, posts=posts)


@pytest.fixture
def personas(db: None, settings: Any) -> Personas:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_personas()


@pytest.fixture
def chain(personas: Personas) -> Chain:
    return make_chain(personas)
