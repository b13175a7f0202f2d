"""A small hand-built case whose jurisdiction is known, for the jurisdiction tests
(test_jurisdiction_case.py says what each venue answers for each act)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from sprava.records import services
from sprava.records.models import Act, ActType, Incident, Person, PersonRole, Place
from tests.accounts.conftest import Personas

ACTOR = "test"
SECRET_NAME = "Hanna Sakretnaja"
PUBLIC_NAME = "Ales Vykrytski"


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@dataclass
class Case9:
    """A small hand-built case whose jurisdiction is known (tests/law/test_jurisdiction_case.py
    says what each venue answers for each act)."""

    people: Personas
    minsk: Act  # detention in Minsk, 2020: wholly in Belarus
    vilnius_2021: Act  # a deportation completed in Vilnius, 2021 (protected victim)
    vilnius_2002: Act  # before the Statute entered into force for Lithuania
    kyiv_2024: Act  # in Ukraine, under its art. 12(3) declaration
    torture_vilnius: Act  # in Vilnius, 2021: not a crime of the referral
    vilnius_2003: Act  # known only to the year 2003: the Statute entered into force in it
    undated: Act  # no date, nor has its incident
    unplaced: Act  # no place, nor has its incident
    other_act: Act  # in another team's case
    secret: Person  # the protected victim
    public: Person


def _save(obj: Any) -> Any:
    return services.save_record(obj, actor=ACTOR)


def _person(name: str, case: Any, *, protected: bool = False) -> Person:
    made = _save(Person())
    services.add_name(made, name, actor=ACTOR, script="latin")
    _save(PersonRole(person=made, case=case, role="victim"))
    if protected:
        services.protect(made, actor=ACTOR)
    return made


def make_case9(people: Personas) -> Case9:
    case, other = people.case, people.other_case
    place = {code: Place.objects.get(code=code) for code in ("minsk", "vilnius", "kyiv")}
    kind = {code: ActType.objects.get(code=code)
            for code in ("detention", "deportation", "torture", "forced-exile")}
    secret = _person(SECRET_NAME, case, protected=True)
    public = _person(PUBLIC_NAME, case)
    minsk = _save(Incident(case=case, title="Detentions in Minsk", place=place["minsk"],
                           start_date=day("2020-08-10")))
    exile = _save(Incident(case=case, title="Forced departures", place=place["vilnius"],
                           start_date=day("2021-06-01")))
    bare = _save(Incident(case=case, title="Not yet placed nor dated", date_precision="unknown"))

    def act(incident: Incident, act_type: str, victim: Person | None = None, **fields: Any) -> Act:
        return _save(Act(incident=incident, act_type=kind[act_type], victim=victim, **fields))

    made = Case9(
        people=people,
        minsk=act(minsk, "detention", public, place=place["minsk"],
                  start_date=day("2020-08-10")),
        vilnius_2021=act(exile, "deportation", secret, place=place["vilnius"],
                         start_date=day("2021-06-01")),
        vilnius_2002=act(exile, "deportation", public, place=place["vilnius"],
                         start_date=day("2002-05-01")),
        kyiv_2024=act(exile, "forced-exile", public, place=place["kyiv"],
                      start_date=day("2024-03-01")),
        torture_vilnius=act(exile, "torture", public, place=place["vilnius"],
                            start_date=day("2021-06-02")),
        vilnius_2003=act(exile, "deportation", public, place=place["vilnius"],
                         start_date=day("2003-01-01"), date_precision="year"),
        undated=act(bare, "deportation", public, place=place["vilnius"]),
        unplaced=act(bare, "deportation", public, start_date=day("2021-07-01")),
        other_act=act(_save(Incident(case=other, title="Another team's", place=place["vilnius"],
                                     start_date=day("2021-06-01"))), "deportation",
                      place=place["vilnius"], start_date=day("2021-06-01")),
        secret=secret, public=public,
    )
    return made
