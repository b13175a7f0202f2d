"""Protected identities: pseudonyms by default, names only for those with identity access.

A protected person's identity is held by one case, their protecting case: identity access in
that case, and in no other, shows their names (the rule itself is written down once, in
`sprava.accounts.permissions`).

A page, API response or export that shows any protected person's identity collects those
persons in a `Disclosure` and writes one ledger event naming them (by record, never by name)
before the response leaves. Nobody sees a protected name without the ledger knowing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy

from sprava.cases.models import Case
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.records.models import Act, Consent, Involvement, Person, PersonRole, Testimony

IDENTITY_REVEALED = tags.IDENTITY_REVEALED


def primary_name(person: Person) -> str:
    """The first primary name, else any name; uses prefetched names when there are some."""
    names = list(person.names.all())
    for name in names:
        if name.kind == "primary":
            return name.text
    return names[0].text if names else person.reference


def person_case_ids(person: Person) -> set[int]:
    """The cases the person has a role in: who reads and who changes them."""
    return {role.case_id for role in person.roles.all()}


def deletion_case_ids(person: Person) -> set[int]:
    """Every case that deleting the person takes something out of: their roles' cases and the
    cases their consents were given for (both go with them)."""
    consents = person.consents.exclude(case=None).values_list("case_id", flat=True)
    return person_case_ids(person) | set(consents)


class Fact(StrEnum):
    """What is known about a person that could tell who they are."""

    NAMES = "names"
    BIRTH = "birth"
    NOTES = "notes"
    GENDER = "gender"
    CUSTODY = "custody"
    ACTS_SUFFERED = "acts_suffered"


class Shown(StrEnum):
    NOTHING = "nothing"
    COARSE = "coarse"


# THE rule of what a reader without identity access to a protected person sees of them, one
# row per fact; every page, list, search result, API response and CSV export asks
# `Disclosure.shows` (one person) or `shown` (a query) before showing a fact of this table.
# A political prisoner is identified from public lists by a prison and a date, so:
HIDDEN_FACTS: Mapping[Fact, Shown] = {
    Fact.NAMES: Shown.NOTHING,  # the pseudonym stands in
    Fact.BIRTH: Shown.NOTHING,
    Fact.NOTES: Shown.NOTHING,
    Fact.GENDER: Shown.NOTHING,  # with a date and a place, it halves the candidates
    # The whole timeline: places, dates, "whereabouts not acknowledged", details, notes. Not
    # even the number of periods: a list of transfers is as telling as the places.
    Fact.CUSTODY: Shown.NOTHING,
    # Coarse: the act stays in its incident (the case's proof needs it), but its victim reads
    # "a protected person", without pseudonym or link, and no list narrows to their acts; so
    # no reader can put together what the pseudonym suffered, when and where.
    Fact.ACTS_SUFFERED: Shown.COARSE,
}

# Which fact a record's reference to a person is, where it is one of `HIDDEN_FACTS`:
# (model, field) -> fact. Generic presenters (the CSV export) read it.
LINK_FACTS: Mapping[tuple[str, str], Fact] = {
    ("records.act", "victim"): Fact.ACTS_SUFFERED,
    ("records.custodyperiod", "person"): Fact.CUSTODY,
}


@dataclass
class Disclosure:
    """What one response may show, and which protected identities it did show."""

    identity_case_ids: set[int]
    revealed: set[int] = field(default_factory=set)

    def may_reveal(self, person: Person) -> bool:
        return not person.protected or person.protecting_case_id in self.identity_case_ids

    def label(self, person: Person) -> str:
        """The name to show for a person: their name, or their pseudonym."""
        if not person.protected:
            return primary_name(person)
        if self.may_reveal(person):
            self.revealed.add(person.id)
            return f"{primary_name(person)} ({person.pseudonym})"
        return person.pseudonym or person.reference

    def names(self, person: Person) -> list[str]:
        """All names of a person, or none when they are protected from this reader."""
        if person.protected and not self.may_reveal(person):
            return []
        if person.protected:
            self.revealed.add(person.id)
        return [name.text for name in person.names.all()]

    def shows(self, person: Person | None, fact: Fact) -> bool:
        """Whether this response may show `fact` of the person (`HIDDEN_FACTS`); a protected
        person's fact shown counts as a reveal, as their name does."""
        if person is None or not person.protected or fact not in HIDDEN_FACTS:
            return True
        if self.may_reveal(person):
            self.revealed.add(person.id)
            return True
        return False

    def shown(self, fact: Fact, path: str = "") -> Q:
        """A filter on rows whose person's `fact` the reader may see; `path` leads from the
        rows to the person ("person", "victim"; "" for Person itself)."""
        if fact not in HIDDEN_FACTS:
            return Q()
        prefix = f"{path}__" if path else ""
        return (Q(**{f"{prefix}protected": False})
                | Q(**{f"{prefix}protecting_case__in": list(self.identity_case_ids)}))

    def commit(self, *, actor: str, channel: str, reason: str = "") -> None:
        """Write the reveal event, if anything protected was shown. Call before responding."""
        if not self.revealed:
            return
        # One event per protecting case, naming it: the members of the case that holds an
        # identity read in their ledger who saw it (`sprava.evidence.entries`), and no other
        # case's members learn of the reveal.
        holders = dict(Person.objects.filter(pk__in=self.revealed)
                       .values_list("pk", "protecting_case__reference"))
        by_case: dict[str, list[int]] = {}
        for person in sorted(self.revealed):
            by_case.setdefault(holders.get(person) or "", []).append(person)
        with transaction.atomic():
            log.append([
                Event(actor=actor, action=IDENTITY_REVEALED, reason=reason, case=case or None,
                      details={"persons": [f"records.person:{p}" for p in persons],
                               "channel": channel})
                for case, persons in sorted(by_case.items())])
        self.revealed.clear()


# How an act's victim reads when `HIDDEN_FACTS` hides what they suffered.
HIDDEN_VICTIM = gettext_lazy("a protected person")


def revealable(identity_case_ids: Iterable[int]) -> Q:
    """Persons whose identity a reader with identity access in these cases may see (a filter on
    Person): what a name search may find, on every page and endpoint."""
    return Q(protected=False) | Q(protecting_case__in=list(identity_case_ids))


def person_links(obj: object) -> list[tuple[Person, int]]:
    """The (person, case) pairs a record ties together: what makes a person "of" a case.

    A role, a consent for one case, a testimony given, an act suffered, an involvement. A
    record already stored counts only with the pairs it adds: an unchanged link was allowed
    when it was made.
    """
    pairs = _pairs(obj)
    if not pairs or getattr(obj, "pk", None) is None:
        return pairs
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()  # type: ignore[attr-defined]
    before = {(p.pk, c) for p, c in _pairs(stored)} if stored is not None else set()
    return [(p, c) for p, c in pairs if (p.pk, c) not in before]


def _pairs(obj: object) -> list[tuple[Person, int]]:
    person: Person | None = None
    case_id: int | None = None
    if isinstance(obj, PersonRole | Consent):
        person, case_id = obj.person, obj.case_id
    elif isinstance(obj, Testimony):
        person, case_id = obj.given_by, obj.case_id
    elif isinstance(obj, Act) and obj.incident_id is not None:
        person, case_id = obj.victim, obj.incident.case_id
    elif isinstance(obj, Involvement) and obj.act_id is not None:
        person, case_id = obj.perpetrator, obj.act.incident.case_id
    if person is None or case_id is None:
        return []
    return [(person, case_id)]


def referring_case_ids(person: Person) -> set[int]:
    """Every case that refers to the person, through any of the links of `person_links`."""
    return referring_case_ids_of([person.pk]).get(person.pk, set())


def referring_case_ids_of(person_ids: Iterable[int]) -> dict[int, set[int]]:
    """`referring_case_ids` of many persons at once, in one query however many they are."""
    ids = list(person_ids)
    if not ids:
        return {}
    # One (person, case) pair per link of `person_links`, unioned in the database.
    links = [
        PersonRole.objects.filter(person__in=ids).values_list("person_id", "case_id"),
        Consent.objects.filter(person__in=ids).exclude(case=None)
        .values_list("person_id", "case_id"),
        Testimony.objects.filter(given_by__in=ids).values_list("given_by_id", "case_id"),
        Act.objects.filter(victim__in=ids).values_list("victim_id", "incident__case_id"),
        Involvement.objects.filter(perpetrator__in=ids)
        .values_list("perpetrator_id", "act__incident__case_id"),
    ]
    first, *rest = [query.order_by() for query in links]  # no ORDER BY inside a UNION
    cases: dict[int, set[int]] = {}
    for person_id, case_id in first.union(*rest):
        cases.setdefault(person_id, set()).add(case_id)
    return cases


_OTHER_CASES = "_sprava_other_cases"


def other_cases(person: Person) -> list[Case]:
    """The cases, other than the protecting one, that refer to a protected person: what the
    protecting team is shown, so that nobody takes their witness elsewhere unseen. Read from
    `prefetch_other_cases` when a list did that for its page."""
    prefetched = getattr(person, _OTHER_CASES, None)
    if prefetched is not None:
        return list(prefetched)
    prefetch_other_cases([person])
    return list(getattr(person, _OTHER_CASES, []))


def prefetch_other_cases(persons: Iterable[Person]) -> None:
    """Find the `other_cases` of many persons in two queries (their links, then the cases),
    not in queries of their own per person: for lists of the protecting team."""
    persons = list(persons)
    referring = referring_case_ids_of(p.pk for p in persons if p.protected)
    wanted = {case_id for ids in referring.values() for case_id in ids}
    ordered = list(Case.objects.filter(pk__in=wanted).order_by("reference")) if wanted else []
    for person in persons:
        ids = referring.get(person.pk, set()) - {person.protecting_case_id}
        setattr(person, _OTHER_CASES, [case for case in ordered if case.pk in ids])


def protected_ids(persons: Iterable[Person]) -> list[int]:
    return [p.id for p in persons if p.protected]
