"""The fictional demo data set: shaped like the real patterns, recorded like real data."""

from __future__ import annotations

import datetime
import itertools
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from sprava.cases.models import Case
from sprava.evidence.audit import run_audit
from sprava.home import keys, signing
from sprava.home.vault import open_vault
from sprava.ledger.models import Entry
from sprava.records.demo import DEMO_CASES, WOMENS_COLONY, DemoSize, load_demo
from sprava.records.models import (
    Act,
    Consent,
    CustodyPeriod,
    Incident,
    Involvement,
    Organisation,
    Person,
    PersonName,
    PersonRole,
    Place,
    Position,
)
from sprava.records.models import Testimony as Statement  # not "Test...": pytest collects those
from sprava.records.services import RecordError
from sprava.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.django_db

SMALL = DemoSize(persons=120, incidents=20, acts=150, evidence=9, testimonies=20)
# Enough for what the lead and a failed load are about: memberships, and leaving nothing.
TINY = DemoSize(persons=40, incidents=8, acts=40, evidence=6, testimonies=6)
# Big enough for the rules below to bite (and for the pseudonym W-0042 to exist), small
# enough to load once for all of them in a few seconds.
RULES = DemoSize(persons=600, incidents=80, acts=800, evidence=6, testimonies=60)


def test_demo_is_clearly_fictional_recorded_and_auditable(home: Path, vault) -> None:  # type: ignore[no-untyped-def]
    summary = load_demo(vault=vault, size=SMALL)
    assert summary.counts == {"cases": 4, "persons": 120, "incidents": 20, "acts": 150,
                              "testimonies": 20, "evidence": 9}
    assert all(c.title.startswith("DEMO") for c in Case.objects.all())
    assert all("Fictional" in p.notes for p in Person.objects.all())
    # Names in three scripts, protected witnesses with pseudonyms, acts of several types.
    assert set(PersonName.objects.values_list("script", flat=True)) == {"be", "ru", "latin"}
    protected = Person.objects.filter(protected=True)
    assert protected.exists()
    assert all(p.pseudonym and p.pseudonym.startswith("W-") for p in protected)
    # Each identity is held by the case the person was recorded in.
    assert all(p.roles.filter(case_id=p.protecting_case_id).exists() for p in protected)
    assert Act.objects.values("act_type").distinct().count() > 3
    # Every record is in the ledger, and the whole locker audits clean.
    assert Entry.objects.filter(action="records:person:created").count() == 120
    signing.sign_checkpoint()
    problems = [p for p in run_audit(vault=vault, verifier=keys.verifier()) if p.fatal]
    assert problems == []


def test_the_earliest_active_administrator_leads_the_demo_cases_with_identity_access(
    home: Path, vault, django_user_model  # type: ignore[no-untyped-def]
) -> None:
    import datetime

    from sprava.cases.models import Membership
    from sprava.records.demo import demo_lead

    day = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    django_user_model.objects.create_user("documenter", password="x", date_joined=day)
    gone = django_user_model.objects.create_superuser("gone", password="x", date_joined=day)
    gone.is_active = False
    gone.save()
    django_user_model.objects.create_superuser(
        "second", password="x", date_joined=day + datetime.timedelta(days=2))
    first = django_user_model.objects.create_superuser(
        "first", password="x", date_joined=day + datetime.timedelta(days=1))
    lead = demo_lead()
    assert lead == first
    summary = load_demo(vault=vault, size=TINY, lead=lead)
    assert summary.lead == "first"
    memberships = Membership.objects.filter(case__reference__startswith="demo-")
    assert sorted((m.user.username, m.role, m.identity_access) for m in memberships) == [
        ("first", "lead", True)] * 4
    # Each grant is a ledger event like any other membership.
    assert Entry.objects.filter(action="accounts:membership:granted").count() == 4


def test_a_named_member_leads_the_demo_and_must_be_an_active_account(
    home: Path, django_user_model  # type: ignore[no-untyped-def]
) -> None:
    from sprava.records.demo import demo_lead

    dana = django_user_model.objects.create_user("dana", password="x")
    django_user_model.objects.create_user("left", password="x", is_active=False)
    assert demo_lead("dana") == dana
    for wrong in ("nobody", "left"):
        with pytest.raises(RecordError, match="no active account"):
            demo_lead(wrong)


def test_without_an_administrator_the_demo_has_no_lead(
    home: Path, django_user_model  # type: ignore[no-untyped-def]
) -> None:
    from sprava.records.demo import demo_lead

    django_user_model.objects.create_user("dana", password="x")
    assert demo_lead() is None


class Broken(Exception):
    """The failure a test injects into the demo load."""


def _fail(*args: object, **kwargs: object) -> None:
    raise Broken("the disk gave up")


def _fail_at_the_fifth_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from sprava.evidence.intake import Outcome, ingest_stream

    calls = []

    def ingest(*args: Any, **kwargs: Any) -> Outcome:
        calls.append(1)
        if len(calls) == 5:
            raise Broken("the disk gave up")
        return ingest_stream(*args, **kwargs)

    monkeypatch.setattr("sprava.records.demo.ingest_stream", ingest)


def _locker(vault: Vault) -> tuple[int, ...]:
    from sprava.evidence.models import Item, Receipt

    return (Case.objects.count(), Person.objects.count(), Act.objects.count(),
            Statement.objects.count(), Consent.objects.count(), Item.objects.count(),
            Receipt.objects.count(), Entry.objects.count(), len(list(vault.names())))


@pytest.mark.parametrize("step", ["testimonies", "the fifth file", "the lead"])
def test_a_demo_that_fails_midway_leaves_nothing_and_loads_again(
        home: Path, vault: Vault, monkeypatch: pytest.MonkeyPatch,
        django_user_model: type[User], step: str) -> None:
    """All or nothing: records, ledger entries and vault blobs of a failed load all go, so
    verify finds nothing to report (not even a leftover blob) and the next load works."""
    import sprava.records.demo as demo

    lead = django_user_model.objects.create_superuser("admin", password="x")
    before = _locker(vault)
    with monkeypatch.context() as patch:
        if step == "testimonies":
            patch.setattr(demo, "_testimonies", _fail)
        elif step == "the fifth file":
            _fail_at_the_fifth_file(patch)
        else:
            patch.setattr(demo, "_lead", _fail)
        with pytest.raises(Broken):
            load_demo(vault=vault, size=TINY, lead=lead)
    assert _locker(vault) == before
    signing.sign_checkpoint()
    assert list(run_audit(vault=vault, verifier=keys.verifier())) == []
    summary = load_demo(vault=vault, size=TINY, lead=lead)
    assert summary.counts["evidence"] == TINY.evidence and summary.lead == "admin"
    signing.sign_checkpoint()
    assert list(run_audit(vault=vault, verifier=keys.verifier())) == []


# --- The rules the demo data keeps: it must read like a file a lawyer could open --------------


@pytest.fixture(scope="class")
def demo(key_material: Path, tmp_path_factory: pytest.TempPathFactory,
         django_db_setup: None, django_db_blocker: Any) -> Iterator[User]:
    """One demo load for every rule below, rolled back after the last; its lead is returned.

    The rules only read, so they share one load (in a transaction each test's own runs
    inside) instead of loading it once each.
    """
    home = tmp_path_factory.mktemp("demo-rules") / "home"
    shutil.copytree(key_material, home)
    with (override_settings(SPRAVA_HOME=home), pytest.MonkeyPatch.context() as patch,
          django_db_blocker.unblock()):
        patch.setenv("SPRAVA_HOME", str(home))
        patch.setenv("SPRAVA_PASSPHRASE", PASSPHRASE)
        with transaction.atomic():
            lead = User.objects.create_superuser("demo-lead", password="x")
            load_demo(vault=open_vault(read=True), size=RULES, lead=lead)
            yield lead
            transaction.set_rollback(True)


def _town(place: Place) -> Place:
    """The town a place is in: itself, or the town a place of detention lies in."""
    return place if place.kind in {"city", "district"} or place.parent is None else place.parent


def _period_in_title(title: str) -> tuple[datetime.date, datetime.date]:
    days = re.search(r"(\d{1,2})–(\d{1,2}) (\w+) (\d{4})$", title)
    if days:
        month = datetime.datetime.strptime(days[3], "%B").month
        return (datetime.date(int(days[4]), month, int(days[1])),
                datetime.date(int(days[4]), month, int(days[2])))
    years = re.search(r"(\d{4})–(\d{4})$", title)
    assert years, f"{title!r} names no period"
    return datetime.date(int(years[1]), 1, 1), datetime.date(int(years[2]), 12, 31)


def _sentences(texts: list[str]) -> Counter[str]:
    """In how many of the texts each sentence occurs."""
    return Counter(sentence for text in texts
                   for sentence in set(re.split(r"(?<=[.:])\s+", text)))


@pytest.mark.usefixtures("demo")
class TestTheDemoReadsLikeAFile:
    def test_every_incident_lies_in_its_cases_period_and_places(self) -> None:
        for definition in DEMO_CASES:
            incidents = Incident.objects.filter(case__reference=definition.reference)
            assert incidents.exists()
            for incident in incidents.select_related("place"):
                assert incident.start_date is not None
                assert definition.start <= incident.start_date <= definition.end
                assert incident.place is not None
                assert incident.place.code in definition.places

    def test_each_case_lies_in_the_period_its_title_names(self) -> None:
        for case in Case.objects.all():
            first, last = _period_in_title(case.title)
            for day in case.incidents.values_list("start_date", flat=True):
                assert day is not None and first <= day <= last, (case.title, day)

    def test_no_two_cases_have_incidents_in_the_same_town(self) -> None:
        towns: dict[str, set[str]] = {}
        for incident in Incident.objects.select_related("case", "place__parent"):
            assert incident.place is not None
            towns.setdefault(incident.case.reference, set()).add(_town(incident.place).code)
        for reference, mine in towns.items():
            for other, theirs in towns.items():
                assert other == reference or not mine & theirs, (reference, other)
        assert towns["demo-akrestsina-2020"] == {"minsk"}  # "... in Minsk, 9–14 August 2020"

    def test_narratives_differ_and_say_they_are_fictional(self) -> None:
        narratives = list(Incident.objects.values_list("narrative", flat=True))
        assert all(n.startswith("Fictional account for the demo.") for n in narratives)
        assert len(set(narratives)) == len(narratives)
        common = _sentences(narratives)
        del common["Fictional account for the demo."]
        assert max(common.values()) <= len(narratives) // 5  # no sentence in most of them
        descriptions = list(Act.objects.values_list("description", flat=True))
        assert all(d.startswith("Fictional.") for d in descriptions)
        assert max(Counter(descriptions).values()) <= len(descriptions) // 20
        transcripts = list(Statement.objects.values_list("transcript", "translation"))
        assert all("ictional" in translation for _, translation in transcripts)
        assert max(Counter(transcripts).values()) <= len(transcripts) // 10

    def test_testimonies_are_in_belarusian_or_russian_with_an_english_translation(
            self) -> None:
        for language, transcript, translated in Statement.objects.values_list(
                "language", "transcript", "translation_language"):
            assert language in {"be", "ru"} and translated == "en"
            assert re.search("[а-яА-Я]", transcript)
            assert ("і" in transcript.lower()) == (language == "be")  # Belarusian і, not и

    def test_ranks_fit_their_organisation(self) -> None:
        def services(unit: Organisation) -> set[str | None]:
            return {u.code for u in unit.chain()}

        positions = list(Position.objects.select_related("organisation"))
        assert len(positions) == Person.objects.filter(roles__role="perpetrator").distinct(
            ).count()
        for position in positions:
            unit, rank = position.organisation, position.rank
            chain = services(unit)
            if unit.kind == "court" or (unit.kind == "ministry" and not chain & {"mvd", "din"}):
                assert rank == "", (unit.code, rank)  # judges and officials hold no rank
            elif "din" in chain:
                assert rank.endswith(" of the internal service"), (unit.code, rank)
            elif "kgb" in chain or unit.kind == "military":
                assert rank and " of " not in rank, (unit.code, rank)  # military ranks
            elif unit.kind == "investigation":
                assert rank.endswith(" of justice"), (unit.code, rank)
            elif unit.kind == "prosecution":
                assert "justice" in rank or "class" in rank, (unit.code, rank)
            else:
                assert "mvd" in chain and rank.endswith(" of militia"), (unit.code, rank)
            assert ("Judge" in position.title) <= (unit.kind == "court"), position.title

    def test_a_victim_of_an_act_is_a_victim_in_the_acts_case(self) -> None:
        victims = set(PersonRole.objects.filter(role="victim").values_list("person", "case"))
        acts = list(Act.objects.filter(victim__isnull=False).values_list(
            "victim", "incident__case"))
        assert acts
        assert all(act in victims for act in acts)

    def test_a_perpetrator_acts_in_cases_they_are_a_perpetrator_in_for_their_own_unit(
            self) -> None:
        roles = set(PersonRole.objects.filter(role="perpetrator").values_list("person", "case"))
        posts = set(Position.objects.values_list("person", "organisation"))
        involvements = list(Involvement.objects.values_list(
            "perpetrator", "act__incident__case", "organisation"))
        assert involvements
        for person, case, unit in involvements:
            assert (person, case) in roles
            assert (person, unit) in posts

    def test_only_judges_and_prosecutors_sentence_people(self) -> None:
        sentencing = Involvement.objects.filter(act__act_type__code__in=[
            "political-conviction", "administrative-arrest", "trial-in-absentia"])
        assert sentencing.exists()
        assert set(sentencing.values_list("organisation__kind", flat=True)) <= {
            "court", "prosecution"}

    def test_a_victim_of_an_act_at_a_place_of_detention_was_held_there_that_day(self) -> None:
        custody: dict[int, list[CustodyPeriod]] = {}
        for period in CustodyPeriod.objects.all():
            custody.setdefault(period.person_id, []).append(period)
        acts = Act.objects.filter(place__kind="detention", victim__isnull=False)
        assert acts.exists()
        for act in acts:
            assert any(p.place_id == act.place_id and p.start_date <= act.start_date  # type: ignore[operator]
                       and (p.end_date is None or act.start_date <= p.end_date)  # type: ignore[operator]
                       for p in custody.get(act.victim_id, [])), act.pk  # type: ignore[arg-type]

    def test_nobody_still_held_is_quoted_as_their_own_source(self) -> None:
        held = CustodyPeriod.objects.filter(end_date__isnull=True).values("person")
        descriptions = Act.objects.filter(victim__in=held).values_list("description", flat=True)
        assert descriptions
        for description in descriptions:
            assert not re.search(
                "victim's own account|victim's written statement|in an interview", description
            ), description

    def test_no_custody_period_starts_in_the_future_and_one_still_going_on_has_no_end(
            self) -> None:
        today = datetime.date.today()
        periods: dict[int, list[CustodyPeriod]] = {}
        for period in CustodyPeriod.objects.order_by("start_date", "id"):
            periods.setdefault(period.person_id, []).append(period)
        assert periods
        for held in periods.values():
            for earlier, later in itertools.pairwise(held):
                assert earlier.end_date is not None  # only the last one can be going on
                assert earlier.end_date <= later.start_date  # type: ignore[operator]
            for period in held:
                assert period.start_date is not None and period.start_date <= today
                assert period.end_date is None or period.start_date <= period.end_date <= today
        assert CustodyPeriod.objects.filter(end_date__isnull=True).exists()

    def test_no_date_of_any_record_is_after_today(self) -> None:
        today = datetime.date.today()
        for model, fields in ((Incident, ["start_date", "end_date"]),
                              (Act, ["start_date", "end_date"]),
                              (Position, ["start_date", "end_date"]),
                              (CustodyPeriod, ["start_date", "end_date"]),
                              (Statement, ["given_on"]), (Consent, ["given_on"]),
                              (Person, ["birth_date"])):
            for field in fields:
                assert not model.objects.filter(**{f"{field}__gt": today}).exists()

    def test_women_serve_sentences_in_the_womens_colony_only(self) -> None:
        colonies = CustodyPeriod.objects.filter(place__code__startswith="ik-")
        assert colonies.exists()
        for gender, code in colonies.values_list("person__gender", "place__code"):
            assert (gender == "female") == (code == WOMENS_COLONY), (gender, code)

    def test_testimonies_are_given_about_their_cases_incidents_by_people_of_the_case(
            self) -> None:
        roles = set(PersonRole.objects.values_list("person", "case"))
        for testimony in Statement.objects.prefetch_related("incidents"):
            incidents = list(testimony.incidents.all())
            assert len(incidents) == 1 and incidents[0].case_id == testimony.case_id
            assert testimony.given_on is not None and incidents[0].start_date is not None
            assert testimony.given_on >= incidents[0].start_date
            if testimony.given_by_id is not None:
                assert (testimony.given_by_id, testimony.case_id) in roles
                assert not CustodyPeriod.objects.filter(  # nobody testifies from a cell
                    Q(end_date__isnull=True) | Q(end_date__gt=testimony.given_on),
                    person=testimony.given_by_id, start_date__lte=testimony.given_on).exists()
        consents = Consent.objects.values_list("person", "case")
        assert all(consent in roles for consent in consents)

    def test_dates_known_only_to_a_year_are_entered_as_its_first_day(self) -> None:
        days = [*Person.objects.filter(birth_precision="year").values_list("birth_date",
                                                                           flat=True),
                *Position.objects.filter(date_precision="year").values_list("start_date",
                                                                            flat=True)]
        assert days
        assert all(day is not None and (day.month, day.day) == (1, 1) for day in days)

    def test_what_the_demo_shows_in_the_readers_language_has_belarusian_and_russian(
            self) -> None:
        # Case and incident titles are one field each, shown as they are: the case summary
        # gives the title in Belarusian and Russian. Places, units and act types have labels
        # in each language; every one the demo uses has them.
        for case in Case.objects.all():
            definition = next(d for d in DEMO_CASES if d.reference == case.reference)
            assert definition.title_be in case.summary and definition.title_ru in case.summary
        labels = [
            *Incident.objects.values_list("place__label_be", "place__label_ru").distinct(),
            *Act.objects.values_list("act_type__label_be", "act_type__label_ru").distinct(),
            *Position.objects.values_list("organisation__label_be",
                                          "organisation__label_ru").distinct()]
        assert labels and all(be and ru for be, ru in labels), labels

    def test_the_search_pages_example_names_find_someone(self, demo: User) -> None:
        from django.utils import translation

        from sprava.search import engine
        from sprava.search.query import parse

        hint = (Path(__file__).parents[2] / "src/sprava/web/templates/insight/search.html"
                ).read_text(encoding="utf-8")
        names = re.search(r"Names are matched across scripts: (.+?) find the same person", hint)
        assert names, "the search page's hint no longer gives example names: update this test"
        examples = re.split(r", | and ", names[1])
        pseudonyms = re.findall(r"pseudonym \((W-\d+)\)", hint)
        assert len(examples) >= 2 and pseudonyms
        for example in [*examples, *pseudonyms]:
            assert engine.find(demo, parse(example), "person").exists(), example
        for language in ("be", "ru"):  # the translated hints give the same examples
            message = re.search(r'translate "(Names are matched[^"]+)"', hint)
            assert message
            with translation.override(language):
                translated = translation.gettext(message[1])
            assert translated != message[1]
            assert all(example in translated for example in examples), language

    def test_demo_files_arrive_for_the_case_of_the_incident_they_document(self) -> None:
        """Else no team sees their arrival: a demo case's lead found every file nameless,
        with no receipt, on the evidence list."""
        from sprava.evidence.models import Receipt

        receipts = list(Receipt.objects.select_related("item"))
        assert len(receipts) == RULES.evidence
        for receipt in receipts:
            assert receipt.case_id is not None
            assert receipt.item.incidents.filter(case_id=receipt.case_id).exists()
            for act in receipt.item.acts.all():
                assert receipt.item.incidents.filter(pk=act.incident_id).exists()

    def test_demo_loads_only_once(self) -> None:
        with pytest.raises(RecordError, match="already"):
            load_demo(vault=open_vault(read=True), size=TINY)
