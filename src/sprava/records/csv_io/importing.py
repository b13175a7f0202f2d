"""Importing persons, incidents and acts: plan every row, then create the accepted ones."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext

from sprava import ids
from sprava.accounts import permissions
from sprava.accounts.permissions import AnyUser
from sprava.cases.models import Case
from sprava.home.planner import BULK_ROWS, refresh_statistics
from sprava.records import acts, people, services, testimonies
from sprava.records.csv_io.reading import (
    CsvError,
    ImportReport,
    RowError,
    RowResult,
    Table,
    cell,
    choice,
    flag,
    items,
    parse_partial_date,
    place_of,
    read_table,
    span,
    validate,
)
from sprava.records.identity import Disclosure, Fact, revealable
from sprava.records.models import (
    Act,
    ActType,
    CustodyPeriod,
    Incident,
    Involvement,
    LiabilityMode,
    Person,
    PersonName,
    PersonRole,
    Precision,
    Reliability,
    Role,
    SourceKind,
    Testimony,
)
from sprava.records.names import search_key
from sprava.records.services import RecordError

IMPORT_KINDS = ("persons", "incidents", "acts", "testimonies", "custody")
# --- persons -------------------------------------------------------------------------------

PERSON_COLUMNS = ("name", "name_script", "transliterations", "aliases", "gender",
                  "birth_date", "role", "protected", "notes")
INCIDENT_COLUMNS = ("title", "start_date", "end_date", "date_precision", "place",
                    "place_detail", "narrative")
ACT_COLUMNS = ("incident_id", "incident_title", "incident_date", "act_type", "victim_id",
               "victim_name", "victim_birth_date", "start_date", "end_date",
               "date_precision", "place", "description", "perpetrators")
TESTIMONY_COLUMNS = ("given_by_id", "given_by_name", "given_by_birth_date", "kind", "given_on",
                     "language", "reliability", "taken_by", "transcript", "translation",
                     "translation_language", "notes", "incident_ids")
CUSTODY_COLUMNS = ("person_id", "person_name", "person_birth_date", "place", "place_detail",
                   "start_date", "end_date", "date_precision", "acknowledged", "notes")
BELARUSIAN_ONLY = set("іўІЎ")
RUSSIAN_ONLY = set("иъщИЪЩ")


def guess_script(text: str) -> str:
    if BELARUSIAN_ONLY & set(text):
        return "be"
    if RUSSIAN_ONLY & set(text):
        return "ru"
    if any("\u0400" <= char <= "\u04ff" for char in text):
        return "other"
    return "latin" if any(char.isalpha() for char in text) else "other"


def compatible(a: datetime.date | None, a_precision: str, b: datetime.date | None,
               b_precision: str) -> bool | None:
    """True when both birth dates are known and agree, None when one is unknown."""
    if a is None or b is None or Precision.UNKNOWN in (a_precision, b_precision):
        return None
    order: list[str] = [Precision.YEAR, Precision.APPROXIMATE, Precision.MONTH, Precision.DAY]
    coarsest = min(order.index(a_precision), order.index(b_precision))
    if coarsest <= 1:
        return a.year == b.year
    if coarsest == 2:
        return (a.year, a.month) == (b.year, b.month)
    return a == b


@dataclass
class _Candidate:
    """A person a row can match: stored already, or to be created by an earlier row."""

    keys: set[str]
    birth_date: datetime.date | None
    birth_precision: str
    label: str
    person: Person | None = None
    new: _NewPerson | None = None


@dataclass
class _NewPerson:
    result: RowResult
    person: Person
    names: list[tuple[str, str, str]]
    roles: set[str]
    protect: bool


@dataclass(frozen=True)
class _Matched:
    """A stored person a row matched, and what the row adds to them."""

    result: RowResult
    person: Person
    roles: set[str]
    protect: bool


# One row's change, made after every row is planned, through the domain's own function.
Step = tuple[RowResult, Callable[[], None]]


@dataclass(frozen=True)
class _Rules:
    """Whom rows may name, and who imports: the identity rule applied by the caller's choice.

    `scope` holds the persons rows may match, narrowed to those whose identity `disclosure`
    may reveal: a row told "matched P-000123" learns that its name is that person's, which is
    what a page showing the name would tell. So every protected person told to a row counts
    as revealed in `disclosure` (its caller writes the event). A row that would take a
    protected person into the case is refused as the role form refuses it for `user`.
    """

    scope: QuerySet[Person]
    disclosure: Disclosure
    user: AnyUser | None

    def told(self, person: Person) -> None:
        self.disclosure.shows(person, Fact.NAMES)  # a protected person's counts as a reveal

    def may_link(self, record: Model) -> None:
        """`permissions.require_links`, the one check of rule 4, as a reason for the row."""
        try:
            permissions.require_links(self.user, record)
        except permissions.PermissionDenied as exc:
            raise RowError(str(exc)) from None


@dataclass
class _Matches:
    """Finds persons by name key and birth date, among stored ones and earlier rows."""

    rules: _Rules
    pending: list[_Candidate] = field(default_factory=list)

    def find(self, keys: set[str], birth: datetime.date | None,
             precision: str) -> list[_Candidate]:
        stored = self.rules.scope.filter(
            pk__in=PersonName.objects.filter(search_key__in=keys).values("person_id")
        ).prefetch_related("names")
        candidates = [
            _Candidate(keys={n.search_key for n in person.names.all()},
                       birth_date=person.birth_date, birth_precision=person.birth_precision,
                       label=person.reference, person=person)
            for person in stored
        ] + [c for c in self.pending if c.keys & keys]
        strong = [c for c in candidates
                  if compatible(birth, precision, c.birth_date, c.birth_precision)]
        weak = [c for c in candidates
                if compatible(birth, precision, c.birth_date, c.birth_precision) is None]
        found = strong if strong else weak
        for candidate in found:  # named to the row: as a match, or among ambiguous ones
            if candidate.person is not None:
                self.rules.told(candidate.person)
        return found


def _ambiguous(found: list[_Candidate]) -> RowError:
    labels = ", ".join(c.label for c in found[:5])
    return RowError(f"matches several persons ({labels}); add a birth date to tell them "
                    "apart, or merge the duplicates first")


def _person_row(row: dict[str, str], result: RowResult, matches: _Matches, case: Case,
                new: list[_NewPerson], existing: list[_Matched]) -> None:
    name = cell(row, "name", 300)
    if not name:
        raise RowError("name is empty")
    script = choice(row, "name_script", ("be", "ru", "latin", "other"), guess_script(name))
    names = [(name, script, "primary")]
    names += [(t, guess_script(t), "transliteration") for t in items(row, "transliterations")]
    names += [(a, guess_script(a), "alias") for a in items(row, "aliases")]
    gender = choice(row, "gender", ("female", "male", "other", "unknown"), "unknown")
    birth, precision = parse_partial_date(cell(row, "birth_date", 40), "birth_date")
    roles = set(items(row, "role", 20))
    if not roles:
        raise RowError("role is empty")
    unknown = sorted(roles - set(Role.values))
    if unknown:
        raise RowError(f"role {unknown[0]!r} is not one of {', '.join(Role.values)}")
    protect = flag(row, "protected")
    notes = cell(row, "notes")
    keys = {key for key in (search_key(text) for text, _, _ in names) if key}
    if not keys:
        raise RowError(f"name {name!r} has no letters to match on")
    found = matches.find(keys, birth, precision)
    if len(found) > 1:
        raise _ambiguous(found)
    if found:
        _match_person(found[0], result, case, roles, protect, birth, existing, matches.rules)
        return
    person = Person(gender=gender, birth_date=birth, birth_precision=precision, notes=notes)
    validate(person)
    for text, name_script, kind in names:
        validate(PersonName(text=text, script=name_script, kind=kind, search_key="-"),
                  exclude=["person"])
    planned = _NewPerson(result, person, names, roles, protect)
    new.append(planned)
    matches.pending.append(_Candidate(keys, birth, precision, f"row {result.line}",
                                      new=planned))
    result.outcome, result.record = "created", "new person"
    result.messages.append(f"roles in {case.reference}: {', '.join(sorted(roles))}"
                           + ("; protected" if protect else ""))


def _match_person(found: _Candidate, result: RowResult, case: Case, roles: set[str],
                  protect: bool, birth: datetime.date | None,
                  existing: list[_Matched], rules: _Rules) -> None:
    result.outcome, result.record = "matched", found.label
    how = "by name and birth date" if birth and found.birth_date else "by name only"
    result.messages.append(f"matched {found.label} {how}")
    if found.new is not None:
        found.new.roles |= roles
        found.new.protect |= protect
        return
    person = found.person
    assert person is not None
    held = set(PersonRole.objects.filter(person=person, case=case).values_list("role",
                                                                               flat=True))
    added = roles - held
    for role in sorted(added):
        rules.may_link(PersonRole(person=person, case=case, role=role))
    if added:
        result.messages.append(f"adds roles in {case.reference}: {', '.join(sorted(added))}")
    wants_protection = protect and not person.protected
    if wants_protection:
        result.messages.append("will be protected")
    if added or wants_protection:
        existing.append(_Matched(result, person, added, wants_protection))


def _import_persons(table: Table, report: ImportReport, case: Case, actor: str,
                    rules: _Rules) -> list[Step]:
    matches = _Matches(rules)
    new: list[_NewPerson] = []
    existing: list[_Matched] = []
    _each_row(table, report, lambda row, result: _person_row(row, result, matches, case, new,
                                                            existing))
    reason = "CSV import of persons"

    def create(planned: _NewPerson) -> Callable[[], None]:
        def step() -> None:
            # What the person form and the API do (`people.create_person`); a person named
            # with several roles gets the others as the role form would add them.
            first, *others = sorted(planned.roles)
            draft = planned.person
            person = people.create_person(
                case=case, role=first, protected=planned.protect, actor=actor, reason=reason,
                names=[people.NewName(text, script, kind)
                       for text, script, kind in planned.names],
                facts=people.PersonFacts(gender=draft.gender, birth_date=draft.birth_date,
                                         birth_precision=draft.birth_precision,
                                         notes=draft.notes))
            for role in others:
                people.ensure_role(person, case, role, actor=actor, reason=reason)
            planned.person, planned.result.record = person, person.reference
        return step

    def extend(matched: _Matched) -> Callable[[], None]:
        def step() -> None:
            for role in sorted(matched.roles):
                people.ensure_role(matched.person, case, role, actor=actor, reason=reason)
            if matched.protect:
                people.change_person(matched.person, protected=True, protect_in=case,
                                     actor=actor, reason=reason)
        return step

    steps = [(n.result, create(n)) for n in new] + [(m.result, extend(m)) for m in existing]
    return sorted(steps, key=lambda step: step[0].line)


# --- incidents -----------------------------------------------------------------------------


def _matched(result: RowResult, known: dict[Any, str], key: Any, same: str) -> bool:
    """Whether a row is one already recorded (or already in the file): then it is reported as
    matched, saying what it shares with which, and nothing is made of it."""
    if key not in known:
        return False
    result.outcome, result.record = "matched", known[key]
    result.messages.append(f"same {same} as {known[key]}")
    return True


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _import_incidents(table: Table, report: ImportReport, case: Case, actor: str,
                      dry_run: bool) -> None:
    known = {(_title_key(i.title), i.start_date): f"incident {i.pk}"
             for i in Incident.objects.filter(case=case).only("id", "title", "start_date")}
    new: list[tuple[RowResult, Incident]] = []

    def plan(row: dict[str, str], result: RowResult) -> None:
        title = cell(row, "title", 300)
        if not title:
            raise RowError("title is empty")
        incident = Incident(case=case, title=title, narrative=cell(row, "narrative"),
                            place=place_of(row), place_detail=cell(row, "place_detail", 300),
                            **span(row))
        key = (_title_key(title), incident.start_date)
        if _matched(result, known, key, "title and date"):
            return
        validate(incident)
        known[key] = f"row {result.line}"
        new.append((result, incident))
        result.outcome, result.record = "created", "new incident"

    _each_row(table, report, plan)
    if not dry_run:
        created = services.create_many([incident for _, incident in new], actor=actor,
                                       reason="CSV import of incidents")
        for (result, _), incident in zip(new, created, strict=True):
            result.record = f"incident {incident.pk}"


# --- persons named by a row ----------------------------------------------------------------


def _record_id(text: str, name: str) -> int:
    # The one rule of record ids (sprava.ids): "١٢" is not 12, 2**63 is no id.
    number = ids.id_or_none(text.upper().removeprefix("P-"))
    if number is None:
        raise RowError(f"{name} {text!r} is not a record id")
    return number


def _person_by_id(text: str, name: str, rules: _Rules) -> Person:
    person = rules.scope.filter(pk=_record_id(text, name)).first()
    if person is None:
        raise RowError(f"{name} {text} is not a known person")
    return person


def _named_person(row: dict[str, str], rules: _Rules, prefix: str) -> Person | None:
    """The person a row names by `<prefix>_id`, or by `<prefix>_name` and birth date."""
    given = cell(row, f"{prefix}_id", 40)
    if given:
        return _person_by_id(given, f"{prefix}_id", rules)
    name = cell(row, f"{prefix}_name", 300)
    if not name:
        return None
    birth, precision = parse_partial_date(cell(row, f"{prefix}_birth_date", 40),
                                          f"{prefix}_birth_date")
    found = _Matches(rules).find({search_key(name)}, birth, precision)
    if len(found) > 1:
        raise _ambiguous(found)
    if not found or found[0].person is None:
        raise RowError(f"no person named {name!r}" + (f" born {birth}" if birth else "")
                       + "; import persons first")
    return found[0].person


def _refused(exc: RecordError | permissions.PermissionDenied) -> RowError:
    """A domain refusal as a row's reason, in the domain's own words."""
    return RowError(str(exc))


# --- acts ----------------------------------------------------------------------------------


def _incident_of(row: dict[str, str], case: Case) -> Incident:
    given = cell(row, "incident_id", 40)
    incidents = Incident.objects.filter(case=case)
    if given:
        incident = incidents.filter(pk=_record_id(given, "incident_id")).first()
        if incident is None:
            raise RowError(f"incident {given} is not an incident of case {case.reference}")
        return incident
    title = cell(row, "incident_title", 300)
    if not title:
        raise RowError("name the incident: incident_id, or incident_title (and incident_date)")
    date, _ = parse_partial_date(cell(row, "incident_date", 40), "incident_date")
    found = [i for i in incidents.filter(title__iexact=title)
             if date is None or i.start_date == date]
    if not found:
        raise RowError(f"no incident titled {title!r} in case {case.reference}; import "
                       "incidents first")
    if len(found) > 1:
        raise RowError(f"several incidents are titled {title!r}; give incident_date or "
                       "incident_id")
    return found[0]


def _perpetrators(row: dict[str, str], rules: _Rules) -> list[acts.Perpetrator]:
    """`P-000012:ordering; 13:aiding`: each perpetrator with the mode of liability claimed."""
    found = []
    for item in items(row, "perpetrators", 80):
        given, _, mode = item.partition(":")
        if not mode.strip():
            raise RowError(f"perpetrators: {item!r} has no mode of liability; write it as "
                           f"P-000012:ordering (modes: {', '.join(LiabilityMode.values)})")
        found.append(acts.Perpetrator(_person_by_id(given.strip(), "perpetrators", rules),
                                      mode.strip().lower()))
    return found


def _import_acts(table: Table, report: ImportReport, case: Case, actor: str,
                 rules: _Rules) -> list[Step]:
    types = {t.code: t for t in ActType.objects.all()}
    existing = Act.objects.filter(permissions.in_cases(Act, case))
    known = {(a.incident_id, a.act_type_id, a.victim_id, a.start_date): f"act {a.pk}"
             for a in existing.only("id", "incident_id", "act_type_id", "victim_id",
                                    "start_date")}
    held = set(PersonRole.objects.filter(case=case, role__in=(Role.VICTIM, Role.PERPETRATOR))
               .values_list("person_id", "role"))
    reason = "CSV import of acts"
    steps: list[Step] = []

    def plan(row: dict[str, str], result: RowResult) -> None:
        code = cell(row, "act_type", 60)
        if code not in types:
            raise RowError(f"act_type {code!r} is not a known act type code" if code
                           else "act_type is empty")
        victim = _named_person(row, rules, "victim")
        dated = span(row)
        if dated["start_date"] is None and dated["end_date"] is None \
                and not cell(row, "date_precision", 40):
            dated["date_precision"] = None  # no dates: the incident's, as on the act form
        new = acts.NewActs(incident=_incident_of(row, case), act_type=types[code],
                           victims=[victim] if victim is not None else [],
                           place=place_of(row), description=cell(row, "description"),
                           perpetrators=_perpetrators(row, rules), **dated)
        try:
            acts.check(new)  # the rules of `acts.create_acts`, before anything is written
        except RecordError as exc:
            raise _refused(exc) from None
        start, end, precision, place = acts.inherited(new)
        act = Act(incident=new.incident, act_type=new.act_type, victim=victim,
                  start_date=start, end_date=end, place=place, description=new.description)
        if precision:
            act.date_precision = precision
        rules.may_link(act)  # an act suffered takes its victim into the case
        for perpetrator in new.perpetrators:
            rules.may_link(Involvement(act=act, perpetrator=perpetrator.person,
                                       mode=perpetrator.mode))
        key = (act.incident_id, act.act_type_id, act.victim_id, act.start_date)
        if _matched(result, known, key, "incident, type, victim and date"):
            return
        validate(act)
        try:
            services.check_dates(act)
        except RecordError as exc:
            raise _refused(exc) from None
        known[key] = f"row {result.line}"
        result.outcome, result.record = "created", "new act"
        gains = [(victim, Role.VICTIM)] if victim is not None else []
        gains += [(p.person, Role.PERPETRATOR) for p in new.perpetrators]
        for person, role in gains:
            if (person.pk, role) not in held:
                held.add((person.pk, role))
                result.messages.append(f"adds role {role} for {person.reference} in "
                                       f"{case.reference}")

        def step() -> None:
            [made] = acts.write_acts(new, user=rules.user, actor=actor, reason=reason)
            result.record = f"act {made.pk}"

        steps.append((result, step))

    _each_row(table, report, plan)
    return steps


# --- testimonies ---------------------------------------------------------------------------


def _incidents_named(row: dict[str, str], case: Case) -> list[Incident]:
    numbers = [_record_id(text, "incident_ids") for text in items(row, "incident_ids", 40)]
    found = {i.pk: i for i in Incident.objects.filter(pk__in=numbers)}
    for number in numbers:
        # Another team's incident is answered like one that does not exist.
        if number not in found or found[number].case_id != case.pk:
            raise RowError(f"incident {number} is not an incident of case {case.reference}")
    return [found[number] for number in dict.fromkeys(numbers)]


def _import_testimonies(table: Table, report: ImportReport, case: Case, actor: str,
                        rules: _Rules) -> list[Step]:
    known = {(t.given_by_id, t.kind, t.given_on, t.transcript): f"testimony {t.pk}"
             for t in Testimony.objects.filter(case=case)
             .only("id", "given_by_id", "kind", "given_on", "transcript")}
    roles = set(PersonRole.objects.filter(case=case).values_list("person_id", flat=True))
    reason = "CSV import of testimonies"
    steps: list[Step] = []

    def plan(row: dict[str, str], result: RowResult) -> None:
        kind = choice(row, "kind", SourceKind.values)
        if not kind:
            raise RowError("kind is empty")
        given_on, _ = parse_partial_date(cell(row, "given_on", 40), "given_on")
        testimony = Testimony(
            case=case, given_by=_named_person(row, rules, "given_by"), kind=kind,
            given_on=given_on, language=cell(row, "language", 20),
            reliability=choice(row, "reliability", [v.lower() for v in Reliability.values],
                               Reliability.F).upper(),
            taken_by=cell(row, "taken_by", 200), transcript=cell(row, "transcript"),
            translation=cell(row, "translation"),
            translation_language=cell(row, "translation_language", 20),
            notes=cell(row, "notes"))
        linked = _incidents_named(row, case)
        found = testimonies.problems(testimony, linked)  # the rule of `save_testimony`
        if found:
            raise RowError(" ".join(found.values()))
        rules.may_link(testimony)  # a testimony given takes its giver into the case
        key = (testimony.given_by_id, kind, given_on, testimony.transcript)
        if _matched(result, known, key, "giver, kind, date and transcript"):
            return
        validate(testimony)
        known[key] = f"row {result.line}"
        result.outcome, result.record = "created", "new testimony"
        giver = testimony.given_by
        if giver is not None and giver.pk not in roles:
            roles.add(giver.pk)
            result.messages.append(f"adds role source for {giver.reference} in "
                                   f"{case.reference}")

        def step() -> None:
            testimonies.save_testimony(testimony, incidents=linked, actor=actor, reason=reason)
            result.record = f"testimony {testimony.pk}"

        steps.append((result, step))

    _each_row(table, report, plan)
    return steps


# --- custody periods -----------------------------------------------------------------------


def _import_custody(table: Table, report: ImportReport, actor: str,
                    rules: _Rules) -> list[Step]:
    # Custody belongs to no case (as on the custody form): rows name persons the importer
    # sees, in the case or not.
    reason = "CSV import of custody periods"
    known: dict[tuple[int | None, datetime.date | None, int | None], str] = {}
    steps: list[Step] = []

    def plan(row: dict[str, str], result: RowResult) -> None:
        person = _named_person(row, rules, "person")
        if person is None:
            raise RowError("name the person: person_id, or person_name (and "
                           "person_birth_date)")
        period = CustodyPeriod(person=person, place=place_of(row),
                               place_detail=cell(row, "place_detail", 300),
                               acknowledged=flag(row, "acknowledged"),
                               notes=cell(row, "notes"), **span(row))
        validate(period)
        try:
            services.check_dates(period)  # the rule `people.save_custody` applies
        except RecordError as exc:
            raise _refused(exc) from None
        key = (person.pk, period.start_date, period.place_id)
        if key not in known:
            known.update({(p.person_id, p.start_date, p.place_id): f"custody period {p.pk}"
                          for p in CustodyPeriod.objects.filter(person=person)})
        if _matched(result, known, key, "person, start and place"):
            return
        known[key] = f"row {result.line}"
        result.outcome, result.record = "created", "new custody period"

        def step() -> None:
            people.save_custody(period, actor=actor, reason=reason)
            result.record = f"custody period {period.pk}"

        steps.append((result, step))

    _each_row(table, report, plan)
    return steps


# --- import --------------------------------------------------------------------------------


def _each_row(table: Table, report: ImportReport,
              plan: Callable[[dict[str, str], RowResult], None]) -> None:
    for line, row, extra in table.rows:
        result = RowResult(line, "rejected")
        report.rows.append(result)
        if extra:
            result.messages.append("the row has more cells than the header has columns")
            continue
        try:
            plan(row, result)
        except RowError as exc:
            result.outcome, result.record = "rejected", ""
            result.messages = [str(exc)]
    if table.broken is not None:
        report.rows.append(table.broken)


class _Refusal(Exception):
    """A row the domain refused while it was written: the whole import is rolled back."""

    def __init__(self, result: RowResult, message: str) -> None:
        super().__init__(message)
        self.result, self.message = result, message


def _write(steps: list[Step], report: ImportReport) -> None:
    """Make each planned row's change, in the file's order, all of them or none.

    The plan applied the domain's rules already, so a refusal here is one only writing could
    find (a row changed by another user meanwhile): then nothing is written, the row says why,
    and the report becomes what a dry run would have said."""
    try:
        with transaction.atomic():
            for result, step in steps:
                try:
                    step()
                except (RecordError, permissions.PermissionDenied) as exc:
                    raise _Refusal(result, str(exc)) from exc
    except _Refusal as refusal:
        refusal.result.outcome, refusal.result.record = "rejected", ""
        refusal.result.messages = [refusal.message]
        report.dry_run = True
        report.warnings.append(gettext(
            "Nothing was written: line %(line)s was refused when it was written. Correct it "
            "and import the file again.") % {"line": refusal.result.line})


SPECS = {"persons": (PERSON_COLUMNS, ("name", "role")),
         "incidents": (INCIDENT_COLUMNS, ("title",)),
         "acts": (ACT_COLUMNS, ("act_type",)),
         "testimonies": (TESTIMONY_COLUMNS, ("kind",)),
         "custody": (CUSTODY_COLUMNS, ())}


def import_csv(kind: str, data: bytes, *, case: Case, actor: str, dry_run: bool,
               persons: QuerySet[Person] | None = None, disclosure: Disclosure | None = None,
               user: AnyUser | None = None) -> ImportReport:
    """Import rows of `kind` into `case`; a dry run reports the same outcomes, writing nothing.

    Every row is planned first, with the rules of the domain function that makes its change
    (`people.create_person`, `acts.create_acts`, `testimonies.save_testimony`,
    `people.save_custody`): a row that breaks one is rejected with the domain's message and
    its line. A real run then makes the accepted rows' changes through those same functions,
    in one transaction, so an imported record is the record the page would have made, with
    the same ledger events.

    Rows name (match, or refer to by id) only persons of `persons` (default: all; a user's
    import must not match persons they may not see) whose identity `disclosure` may reveal
    (default: nobody's, so no protected person): "matched P-000123" ties the row's name to
    that person. Each protected person named to a row is added to `disclosure` as revealed;
    the caller commits it, dry run or not. A row that would take a protected person into
    `case` is rejected as `permissions.require_links` rejects it for `user` (None: the
    operator, who leads no case). The caller checks EDIT in `case`.
    """
    spec = SPECS.get(kind)
    if spec is None:
        raise CsvError(f"cannot import {kind!r}; choose one of {', '.join(IMPORT_KINDS)}")
    known, required = spec
    table = read_table(data, required, known)
    report = ImportReport(kind=kind, case=case.reference, dry_run=dry_run)
    ignored = [name for name in table.columns if name and name not in known]
    if ignored:
        report.warnings.append(f"ignored unknown columns: {', '.join(ignored)}")
    disclosure = disclosure if disclosure is not None else Disclosure(identity_case_ids=set())
    scope = (persons if persons is not None else Person.objects.all()).filter(
        revealable(disclosure.identity_case_ids))
    rules = _Rules(scope, disclosure, user)
    with transaction.atomic():
        if kind == "incidents":
            _import_incidents(table, report, case, actor, dry_run)
            steps: list[Step] = []
        elif kind == "persons":
            steps = _import_persons(table, report, case, actor, rules)
        elif kind == "acts":
            steps = _import_acts(table, report, case, actor, rules)
        elif kind == "testimonies":
            steps = _import_testimonies(table, report, case, actor, rules)
        else:
            steps = _import_custody(table, report, actor, rules)
        if not dry_run:
            _write(steps, report)
    if not report.dry_run and report.counts["created"] >= BULK_ROWS:
        refresh_statistics()  # the planner must know the tables' new sizes
    return report
