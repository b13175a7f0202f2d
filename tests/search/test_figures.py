"""The figures of a case dashboard, counted by hand against a small case."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item
from sprava.home.vault import open_vault
from sprava.records import services
from sprava.records.identity import Disclosure
from sprava.records.models import Act, ActType, Incident, Involvement, Person, Place
from sprava.search.figures import case_figures as figures_for
from tests.search.conftest import ACTOR, World, person, save

NO_IDENTITY = Disclosure(set())


def case_figures(case: Any, disclosure: Disclosure = NO_IDENTITY) -> Any:
    """The figures as a reader without identity access sees them, unless told."""
    return figures_for(case, disclosure)


def item(name: str, case: str | None = None) -> Item:
    outcome = ingest_stream(io.BytesIO(name.encode() * 3), vault=open_vault(),
                            filename=name, actor=ACTOR, collection=Collection(), case=case)
    return outcome.item


def incident(world: World, day: datetime.date | None, precision: str = "day",
             place: Place | None = None, case: Any = None) -> Incident:
    return save(Incident(case=case or world.case, title="Counted", start_date=day,
                         date_precision=precision, place=place))  # type: ignore[no-any-return]


@pytest.fixture
def counted(world: World) -> World:
    """The world plus incidents of every precision, victims and perpetrators of every kind."""
    minsk = Place.objects.get(code="minsk")
    detention = ActType.objects.get(code="detention")
    incident(world, datetime.date(2020, 8, 12), place=world.akrestsina)
    incident(world, datetime.date(2020, 10, 5), "month", place=minsk)
    incident(world, datetime.date(2020, 9, 15), "approximate")
    incident(world, datetime.date(2021, 1, 1), "year")
    incident(world, datetime.date(2022, 1, 1), "year")
    incident(world, None, "unknown")
    incident(world, datetime.date(2023, 1, 1), "unknown")  # a date, but marked unknown
    incident(world, datetime.date(2020, 8, 12), place=minsk, case=world.other_case)
    act_only_victim = save(Person(notes="victim of an act, without a role"))
    person([("Role Only", "latin")], world.case, "victim")
    save(Act(incident=world.incident, act_type=detention, victim=act_only_victim))
    save(Act(incident=world.incident, act_type=detention, victim=world.tsikhanouskaya))
    involved_only = save(Person(notes="perpetrator without a role"))
    save(Involvement(act=world.act, perpetrator=involved_only, mode="commission"))
    # Evidence: by receipt, by each kind of link, twice-linked, and two that are not this case's.
    services.link_evidence(world.incident, item("incident.txt"), actor=ACTOR)
    twice = item("twice.txt")
    services.link_evidence(world.incident, twice, actor=ACTOR)
    services.link_evidence(world.act, twice, actor=ACTOR)
    services.link_evidence(world.testimony, item("testimony.txt"), actor=ACTOR)
    services.link_evidence(world.witness, item("witness.txt"), actor=ACTOR)
    item("arrived-for-the-case.txt", case=world.case.reference)
    item("unfiled.txt")
    services.link_evidence(world.other_incident, item("other.txt"), actor=ACTOR)
    return world


def test_counts(counted: World) -> None:
    figures = case_figures(counted.case)
    assert figures.incidents == 8  # the world's one and seven counted here
    assert figures.acts == 3
    assert figures.victims == 3  # Tsikhanouskaya (role and act), the role only, the act only
    assert figures.perpetrators == 2  # Lukashenko (role and involvement), the involved only
    assert figures.testimonies == 1
    assert figures.evidence == 5


def test_acts_by_type_most_first(counted: World) -> None:
    figures = case_figures(counted.case)
    assert [(t.code, n) for t, n in figures.acts_by_type] == [("detention", 2), ("beating", 1)]


def test_months_run_without_gaps_and_only_as_precise_as_known(counted: World) -> None:
    figures = case_figures(counted.case)
    assert figures.months == [(datetime.date(2020, 8, 1), 2), (datetime.date(2020, 9, 1), 1),
                              (datetime.date(2020, 10, 1), 1)]
    assert figures.years_only == [(2021, 1), (2022, 1)]
    assert figures.undated == 2


def test_places_with_incidents_and_every_place_of_detention(counted: World) -> None:
    figures = case_figures(counted.case)
    by_code = {f.place.code: f for f in figures.places}
    assert by_code["akrestsina"].incidents == 2 and by_code["akrestsina"].detention
    assert by_code["minsk"].incidents == 1  # the other case's incident there is not counted
    detention = Place.objects.filter(kind="detention").count()
    assert sum(1 for f in figures.places if f.detention) == detention
    assert all(f.coordinates is not None for f in figures.places)


def test_persons_held_are_counted_per_place(counted: World) -> None:
    from sprava.records.models import CustodyPeriod

    save(CustodyPeriod(person=counted.tsikhanouskaya, place=counted.akrestsina,
                       start_date=datetime.date(2020, 8, 10), acknowledged=False))
    save(CustodyPeriod(person=counted.tsikhanouskaya, place=counted.akrestsina,
                       start_date=datetime.date(2020, 9, 10), acknowledged=True))
    save(CustodyPeriod(person=counted.other_person, place=counted.akrestsina, acknowledged=True))
    by_code = {f.place.code: f for f in case_figures(counted.case).places}
    assert by_code["akrestsina"].held == 1  # one person, twice; the other case's not at all


def test_an_empty_case(personas) -> None:  # type: ignore[no-untyped-def]
    figures = case_figures(personas.case)
    assert (figures.incidents, figures.acts, figures.victims, figures.perpetrators,
            figures.testimonies, figures.evidence) == (0, 0, 0, 0, 0, 0)
    assert figures.months == [] and figures.years_only == [] and figures.undated == 0
    assert all(f.detention for f in figures.places)


def test_a_fixed_number_of_queries(counted: World) -> None:
    with CaptureQueriesContext(connection) as few:
        case_figures(counted.case)
    services.create_many([Incident(case=counted.case, title=f"more {n}",
                                   start_date=datetime.date(2019, 1 + n % 12, 1),
                                   place=Place.objects.get(code="minsk"))
                          for n in range(40)], actor=ACTOR)
    with CaptureQueriesContext(connection) as many:
        case_figures(counted.case)
    assert len(few) == len(many)


def test_a_protected_persons_custody_is_not_counted_for_a_reader_without_identity_access(
        counted: World) -> None:
    # The identity rule hides even how often a protected person was held, and where: a count
    # that moves when their custody is recorded would tell it.
    from sprava.records.models import CustodyPeriod

    save(CustodyPeriod(person=counted.witness, place=counted.akrestsina,
                       start_date=datetime.date(2020, 8, 10), acknowledged=False))
    by_code = {f.place.code: f for f in case_figures(counted.case).places}
    assert by_code["akrestsina"].held == 0
    seeing = Disclosure({counted.case.pk})
    by_code = {f.place.code: f for f in case_figures(counted.case, seeing).places}
    assert by_code["akrestsina"].held == 1
