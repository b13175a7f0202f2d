"""A synthetic, clearly fictional data set shaped like the Belarus patterns in LEGAL.md.

Every case title says DEMO and every person's notes say they are fictional. The shapes follow
the public record (mass detentions after 9 August 2020, torture at Akrestsina, long sentences,
incommunicado detention of prominent prisoners, forced exile); the people, acts and evidence
do not exist. Everything goes through the same domain functions as real data, so the ledger
records it all.
"""

from __future__ import annotations

import datetime
import io
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from sprava.cases.models import Case
from sprava.evidence.intake import Collection, ingest_stream
from sprava.evidence.models import Item
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.planner import refresh_statistics
from sprava.records import demo_names as names
from sprava.records.models import (
    Act,
    ActType,
    Consent,
    CustodyPeriod,
    Incident,
    Involvement,
    LiabilityMode,
    Organisation,
    Person,
    PersonName,
    PersonRole,
    Place,
    Position,
    Testimony,
)
from sprava.records.services import RecordError, create_many
from sprava.rows import history

ACTOR = "sprava-demo"
FICTIONAL = "Fictional person of the Sprava demo data set."
START = datetime.date(2020, 8, 9)
END = datetime.date(2024, 12, 31)


@dataclass(frozen=True)
class DemoSize:
    persons: int = 2000
    incidents: int = 500
    acts: int = 5000
    evidence: int = 300
    testimonies: int = 600


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    lead: str | None = None  # user name of the lead of the demo cases


Progress = Callable[[str], None]

CASES = [
    ("demo-akrestsina-2020", "DEMO: Detention and torture in Minsk, 9–14 August 2020",
     ["tribunal", "national"], ["beat", "tortur", "detent", "arrest", "threat", "medical"]),
    ("demo-political-prisoners", "DEMO: Imprisonment of political prisoners, 2021–2024",
     ["tribunal", "national", "peoples"], ["convict", "detent", "imprison", "confess", "search"]),
    ("demo-disappearances", "DEMO: Incommunicado detention of prominent prisoners",
     ["tribunal", "peoples"], ["incommunicado", "whereabouts", "disappear", "medical"]),
    ("demo-exile", "DEMO: Forced exile and persecution of civil society",
     ["peoples", "publication"],
     ["exile", "liquidat", "dismiss", "confiscat", "extremis", "travel"]),
]

INCIDENT_TITLES = [
    "Detentions at a peaceful gathering in {place}",
    "Beatings on arrival at {place}",
    "Night search of homes in {place}",
    "Closed court hearing in {place}",
    "Transfer of detainees to {place}",
    "Mass detentions after a march in {place}",
    "Refusal of information to relatives at {place}",
]


def demo_lead(username: str | None = None) -> AbstractBaseUser | None:
    """Who leads the demo cases: the named account, else the earliest active administrator.

    Administrators see no case content unless they are members, so a demo nobody leads is an
    empty locker to whoever just installed Sprava. None when there is no administrator yet.
    """
    users = get_user_model()._default_manager.filter(is_active=True)
    if username is not None:
        user = users.filter(username=username).first()
        if user is None:
            raise RecordError(f"no active account {username!r} to lead the demo cases")
        return user
    return users.filter(is_superuser=True).order_by("date_joined", "pk").first()


def load_demo(*, vault: Any, size: DemoSize | None = None, seed: int = 2020,
              progress: Progress | None = None,
              lead: AbstractBaseUser | None = None) -> DemoSummary:
    """Load the demo data set once; refuses if it is there already.

    `lead` becomes lead of every demo case, with identity access (the demo's protected
    witnesses are fictional, and trying Sprava out includes seeing how a reveal is logged).

    All or nothing: the records, memberships and ledger entries go in one transaction, and if
    anything fails the blobs this load wrote are deleted again, so a failed load leaves
    nothing (not even a leftover blob for `verify` to report) and the next one starts clean.
    A load killed outright leaves only unused blobs: `verify` warns of them, `sweep` removes
    them.
    """
    written: list[str] = []  # the blobs of the items this load created
    try:
        with transaction.atomic():
            summary = _load(vault=vault, size=size or DemoSize(), seed=seed,
                            say=progress or (lambda message: None), lead=lead,
                            written=written)
    except BaseException:
        for blob in written:  # their items were rolled back with everything else
            vault.delete(blob)
        raise
    refresh_statistics()  # thousands of new rows: the planner must know the tables' sizes
    return summary


def _load(*, vault: Any, size: DemoSize, seed: int, say: Progress,
          lead: AbstractBaseUser | None, written: list[str]) -> DemoSummary:
    if Case.objects.filter(reference__startswith="demo-").exists():
        raise RecordError("the demo data set is loaded already")
    _ensure_reference_data()
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    summary = DemoSummary()
    say("cases")
    cases = create_many([Case(reference=ref, title=title, venues=venues,
                              summary="Synthetic data for trying Sprava out. " + FICTIONAL)
                         for ref, title, venues, _ in CASES], actor=ACTOR)
    say("people")
    persons = _people(rng, size.persons, cases)
    say("incidents and acts")
    incidents, acts = _incidents_and_acts(rng, size, cases, persons)
    say("testimonies")
    testimonies = _testimonies(rng, size.testimonies, incidents, persons)
    say("evidence")
    items = _evidence(rng, size.evidence, vault, incidents, acts, written)
    if lead is not None:
        _lead(cases, lead)
        summary.lead = lead.get_username()
    summary.counts = {"cases": len(cases), "persons": len(persons["all"]),
                      "incidents": len(incidents), "acts": len(acts),
                      "testimonies": len(testimonies), "evidence": len(items)}
    return summary


def _lead(cases: list[Case], user: AbstractBaseUser) -> None:
    from sprava.accounts.members import add_member

    for case in cases:
        add_member(case, user, "lead", identity_access=True, actor=ACTOR)


def _ensure_reference_data() -> None:
    if not ActType.objects.exists() or not Place.objects.exists():
        from sprava.records.seed import load_reference_data

        load_reference_data()


def _date(rng: random.Random, start: datetime.date = START, end: datetime.date = END
          ) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _people(rng: random.Random, count: int, cases: list[Case]) -> dict[str, list[Person]]:
    # Roles in proportion to a documentation team's files: mostly victims.
    plan = (["victim"] * 75 + ["perpetrator"] * 15 + ["witness"] * 8 + ["source"] * 2)
    roles = [plan[i % len(plan)] for i in range(count)]
    next_pseudonym = Person.objects.filter(pseudonym__startswith="W-").count() + 1
    people: list[Person] = []
    for role in roles:
        person = Person(gender=rng.choice(["female", "male"]), notes=FICTIONAL,
                        birth_date=_date(rng, datetime.date(1950, 1, 1),
                                         datetime.date(2004, 12, 31)),
                        birth_precision=rng.choice(["day", "year"]))
        if role in {"victim", "witness"} and rng.random() < 0.1:
            person.protected, person.pseudonym = True, f"W-{next_pseudonym:04d}"
            next_pseudonym += 1
        people.append(person)
    person_names: list[PersonName] = []
    person_roles: list[PersonRole] = []
    for person, role in zip(people, roles, strict=True):
        first = rng.choice(names.FEMALE_FIRST if person.gender == "female" else names.MALE_FIRST)
        surname = rng.choice(names.SURNAMES)
        last = surname[3:] if person.gender == "female" else surname[:3]
        for script, index, kind in (("be", 0, "primary"), ("ru", 1, "transliteration"),
                                    ("latin", 2, "transliteration")):
            person_names.append(PersonName(person=person, script=script, kind=kind,
                                           text=f"{first[index]} {last[index]}"))
        case = cases[0] if role == "perpetrator" else rng.choice(cases)
        if person.protected:
            person.protecting_case = case  # the case that holds the identity
        person_roles.append(PersonRole(person=person, case=case, role=role))
        if role == "perpetrator":  # perpetrators usually appear in several cases
            for other in rng.sample(cases[1:], k=rng.randint(0, 2)):
                person_roles.append(PersonRole(person=person, case=other, role=role))
    # The persons go in once their protecting cases are known; names and roles, which point
    # at them, take their new ids on the way in.
    people = create_many(people, actor=ACTOR)
    create_many(person_names, actor=ACTOR)
    create_many(person_roles, actor=ACTOR)
    by_role: dict[str, list[Person]] = {"all": people}
    for person, role in zip(people, roles, strict=True):
        by_role.setdefault(role, []).append(person)
    _positions(rng, by_role.get("perpetrator", []))
    _custody(rng, by_role.get("victim", []))
    return by_role


def _positions(rng: random.Random, perpetrators: list[Person]) -> None:
    units = list(Organisation.objects.all()) or create_many(
        [Organisation(label_en="DEMO special police unit", kind="police")], actor=ACTOR)
    create_many([
        Position(person=p, organisation=rng.choice(units), title=rng.choice(names.TITLES),
                 rank=rng.choice(names.RANKS), start_date=_date(rng, datetime.date(2010, 1, 1),
                                                                 START),
                 date_precision="year", superior_responsibility=rng.random() < 0.15)
        for p in perpetrators
    ], actor=ACTOR)


def _custody(rng: random.Random, victims: list[Person]) -> None:
    prisons = list(Place.objects.filter(kind="detention")) or list(Place.objects.all()[:5])
    periods = []
    for victim in victims[: len(victims) * 2 // 3]:
        start = _date(rng)
        for _ in range(rng.randint(1, 3)):
            end = start + datetime.timedelta(days=rng.randint(3, 700))
            place = rng.choice(prisons) if prisons else None
            acknowledged = rng.random() > 0.12  # drawn always: the same demo for every run
            # No record holds a date after today (sprava.records.dates): a period that would
            # end after the demo's last day is still going on; none starts after it.
            if start <= END:
                periods.append(CustodyPeriod(person=victim, place=place, start_date=start,
                                             end_date=end if end <= END else None,
                                             acknowledged=acknowledged))
            start = end
    create_many(periods, actor=ACTOR)


def _weighted_types(keywords: list[str]) -> list[ActType]:
    types = list(ActType.objects.filter(active=True))
    preferred = [t for t in types if any(k in t.code for k in keywords)]
    return preferred * 4 + types


def _incidents_and_acts(rng: random.Random, size: DemoSize, cases: list[Case],
                        persons: dict[str, list[Person]]) -> tuple[list[Incident], list[Act]]:
    places = list(Place.objects.exclude(kind="country"))
    incidents = []
    for index in range(size.incidents):
        case = cases[index % len(cases)]
        place = rng.choice(places) if places else None
        when = (_date(rng, START, datetime.date(2020, 8, 14)) if index % len(cases) == 0
                else _date(rng))
        title = rng.choice(INCIDENT_TITLES).format(place=place.label_en if place else "Minsk")
        incidents.append(Incident(
            case=case, title=title, place=place, start_date=when, date_precision="day",
            narrative=(f"Fictional account for the demo. {title} on {when:%d %B %Y}. Witnesses "
                       "describe officers without insignia, detainees forced to kneel, and "
                       "relatives refused information."),
        ))
    incidents = create_many(incidents, actor=ACTOR)
    themes = {case.id: _weighted_types(keywords) for case, (*_, keywords) in zip(cases, CASES,
                                                                                 strict=True)}
    victims = persons.get("victim", persons["all"])
    acts = [Act(incident=incident, act_type=rng.choice(themes[incident.case_id]),
                victim=rng.choice(victims), start_date=incident.start_date,
                date_precision="day", place=incident.place,
                description="Fictional act of the demo data set.")
            for incident in (rng.choice(incidents) for _ in range(size.acts))]
    acts = create_many(acts, actor=ACTOR)
    perpetrators = persons.get("perpetrator", [])
    if perpetrators:
        modes = [LiabilityMode.COMMISSION] * 6 + [LiabilityMode.ORDERING] * 2 + [
            LiabilityMode.AIDING, LiabilityMode.SUPERIOR]
        units = list(Organisation.objects.all()[:40])
        involvements = {
            (act.id, p.id): Involvement(act=act, perpetrator=p, mode=rng.choice(modes),
                                        organisation=rng.choice(units) if units else None,
                                        basis="Fictional: identified by two demo witnesses.")
            for act in acts for p in rng.sample(perpetrators, k=rng.randint(0, 2))
        }
        create_many(list(involvements.values()), actor=ACTOR)
    return incidents, acts


def _testimonies(rng: random.Random, count: int, incidents: list[Incident],
                 persons: dict[str, list[Person]]) -> list[Testimony]:
    speakers = persons.get("witness", []) + persons.get("victim", [])[:300]
    testimonies = []
    for _ in range(count):
        incident = rng.choice(incidents)
        testimonies.append(Testimony(
            case_id=incident.case_id, given_by=rng.choice(speakers) if speakers else None,
            kind=rng.choice(["interview", "written", "interview", "document"]),
            given_on=_date(rng, incident.start_date or START), language="be",
            transcript=("Fictional testimony. We were taken to the yard and made to lie face "
                        f"down. ({incident.title})"),
            translation="Fictional testimony, translated.", translation_language="en",
            reliability=rng.choice("BBCCF"), taken_by="Demo documenter",
        ))
    testimonies = create_many(testimonies, actor=ACTOR)
    through = Testimony.incidents.through
    links = [through(testimony_id=t.id, incident_id=rng.choice(incidents).id)
             for t in testimonies]
    references = dict(Case.objects.values_list("id", "reference"))
    with transaction.atomic():
        through.objects.bulk_create(links)
        log.append([  # as `services.set_incidents` writes them, one event per testimony
            Event(actor=ACTOR, action=tags.record_action("testimony", tags.CHANGED),
                  case=references[t.case_id],
                  details={"record": history.subject(t), "changes": {
                      "incidents": {"before": [], "after": [link.incident_id]}}},
                  subject=history.subject(t))
            for t, link in zip(testimonies, links, strict=True)
        ])
    consents = [Consent(person=t.given_by, case_id=t.case_id, use=use, granted=rng.random() > 0.2,
                        given_on=t.given_on or START, scope="Demo consent.")
                for t in testimonies if t.given_by is not None
                for use in rng.sample(["tribunal", "national", "peoples", "publication"], k=2)]
    create_many(consents, actor=ACTOR)
    return testimonies


def _png(rng: random.Random) -> bytes:
    """A small, valid, random-coloured PNG: stands in for a photograph."""
    width = height = 16
    pixel = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + pixel * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _evidence(rng: random.Random, count: int, vault: Any, incidents: list[Incident],
              acts: list[Act], written: list[str]) -> list[Item]:
    files = []
    for index in range(count):
        if index % 3 == 0:
            files.append((f"statement-{index:04d}.txt", (
                f"DEMO written statement {index}. Fictional.\n{rng.random()}\n").encode()))
        else:
            files.append((f"photo-{index:04d}.png", _png(rng)))
    chosen = [(rng.choice(incidents), rng.choice(acts)) for _ in files]
    # Each file arrives for the case of the incident it documents, as a documenter's upload
    # would: that case's team then sees its arrival (name, time, collection details).
    references = dict(Case.objects.values_list("pk", "reference"))
    items = []
    for (name, content), (incident, _) in zip(files, chosen, strict=True):
        outcome = ingest_stream(io.BytesIO(content), vault=vault, filename=name, actor=ACTOR,
                                case=references[incident.case_id],
                                collection=Collection(collected_by="Demo documenter",
                                                      method="synthetic demo file"))
        if not outcome.duplicate:  # bytes held before this load keep their blob whatever happens
            written.append(outcome.item.blob)
        items.append(outcome.item)
    links: list[tuple[Any, Item]] = []
    for item, (incident, act) in zip(items, chosen, strict=True):
        links.append((incident, item))
        links.append((act, item))
    with transaction.atomic():
        Incident.evidence.through.objects.bulk_create(
            [Incident.evidence.through(incident_id=r.id, item_id=i.id)
             for r, i in links if isinstance(r, Incident)], ignore_conflicts=True)
        Act.evidence.through.objects.bulk_create(
            [Act.evidence.through(act_id=r.id, item_id=i.id)
             for r, i in links if isinstance(r, Act)], ignore_conflicts=True)
        log.append([
            Event(actor=ACTOR, action=tags.record_action(r._meta.model_name, tags.EVIDENCE_LINKED),
                  items=(i.digests,), details={"record": history.subject(r)},
                  subject=history.subject(r))
            for r, i in links
        ])
    return items
