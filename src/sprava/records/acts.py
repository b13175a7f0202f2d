"""Recording acts: one function behind the act form, the API's act create, and what comes next
(the CLI, the CSV import, a background task).

`create_acts` records the same act (type, dates, place) against several victims of one
incident at once, with the perpetrators named for it, in one transaction. It carries the rules
the web form used to carry alone, so that no front end can forget one:

- each victim gets the `victim` role in the incident's case if they lack it (that role is what
  lets the case's members see them), each perpetrator the `perpetrator` role;
- an act without dates takes the incident's dates and precision, one without a place the
  incident's place;
- the same perpetrator may not be named twice on one act with the same mode of liability, nor
  the same victim twice in one batch: the whole request is refused and nothing is written.

Every row is written by `services.save_record`, one ledger event each. The caller resolves
references as its reader sees them (a person of another team's case is "unknown", exactly like
one that does not exist) and checks EDIT in the incident's case; this function checks it again,
and the rule that a protected person is not taken into another case (`require_links`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from sprava.accounts import permissions
from sprava.accounts.permissions import AnyUser, Permission
from sprava.records import services
from sprava.records.models import (
    Act,
    ActType,
    Incident,
    Involvement,
    LiabilityMode,
    Organisation,
    Person,
    Place,
    Role,
)
from sprava.records.people import ensure_role
from sprava.records.services import RecordError


@dataclass(frozen=True)
class Perpetrator:
    """A perpetrator named for the acts, with the mode of liability claimed (LEGAL.md)."""

    person: Person
    mode: str
    organisation: Organisation | None = None
    basis: str = ""


@dataclass(frozen=True)
class NewActs:
    """The same act against each of `victims` (no victim: one act whose victim is unknown)."""

    incident: Incident
    act_type: ActType
    victims: Sequence[Person] = ()
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    date_precision: str | None = None
    place: Place | None = None
    description: str = ""
    perpetrators: Sequence[Perpetrator] = field(default_factory=tuple)


def reference(person: Person) -> str:
    """How a refusal names a person: by reference, never by a name a reader may not see."""
    return f"P-{person.pk:06d}"


def check(new: NewActs) -> None:
    """Raise RecordError for a batch the rules refuse, before anything is written."""
    seen_victims: set[int] = set()
    for victim in new.victims:
        if victim.pk in seen_victims:
            raise RecordError(gettext("The victim %(person)s is given twice; each victim gets "
                                      "one act.") % {"person": reference(victim)})
        seen_victims.add(victim.pk)
    modes = {value for value, _ in LiabilityMode.choices}
    seen: set[tuple[int, str]] = set()
    for perpetrator in new.perpetrators:
        if perpetrator.mode not in modes:
            raise RecordError(gettext("Unknown mode of liability “%(mode)s”.")
                              % {"mode": perpetrator.mode})
        key = (perpetrator.person.pk, perpetrator.mode)
        if key in seen:
            raise RecordError(gettext(
                "The perpetrator %(person)s is named twice with the same mode of liability "
                "(%(mode)s); name them once per mode.") % {
                "person": reference(perpetrator.person),
                "mode": LiabilityMode(perpetrator.mode).label})
        seen.add(key)


def inherited(new: NewActs) -> tuple[datetime.date | None, datetime.date | None, str | None,
                                     Place | None]:
    """The acts' dates, precision and place: as given, else the incident's."""
    incident = new.incident
    start, end, precision = new.start_date, new.end_date, new.date_precision
    if start is None and end is None:
        start, end, precision = incident.start_date, incident.end_date, incident.date_precision
    return start, end, precision, new.place if new.place is not None else incident.place


def create_acts(new: NewActs, *, user: AnyUser | None, actor: str,
                reason: str = "") -> list[Act]:
    """Record the act once per victim, with its perpetrators; all of it or nothing.

    Raises RecordError (a rule, a date) or PermissionDenied (no EDIT in the incident's case, a
    protected person taken into another case); either way nothing is written.
    """
    check(new)
    permissions.require(user, Permission.EDIT, new.incident.case_id)
    return write_acts(new, user=user, actor=actor, reason=reason)


def write_acts(new: NewActs, *, user: AnyUser | None, actor: str,
               reason: str = "") -> list[Act]:
    """`create_acts` for a caller that has checked EDIT in the incident's case itself: the CSV
    import checks it once for its case (and runs for the operator, who is no member). Every
    rule of the acts is applied as in `create_acts`."""
    check(new)
    incident = new.incident
    start, end, precision, place = inherited(new)
    victims: Sequence[Person | None] = list(new.victims) or [None]
    with transaction.atomic():
        made: list[Act] = []
        for victim in victims:
            act = Act(incident=incident, act_type=new.act_type, victim=victim,
                      start_date=start, end_date=end, place=place,
                      description=new.description)
            if precision:
                act.date_precision = precision
            permissions.require_links(user, act)
            if victim is not None:
                ensure_role(victim, incident.case_id, Role.VICTIM, actor=actor, reason=reason)
            made.append(services.save_record(act, actor=actor, reason=reason))
        for perpetrator in new.perpetrators:
            ensure_role(perpetrator.person, incident.case_id, Role.PERPETRATOR, actor=actor,
                        reason=reason)
            for act in made:
                involvement = Involvement(act=act, perpetrator=perpetrator.person,
                                          organisation=perpetrator.organisation,
                                          mode=perpetrator.mode, basis=perpetrator.basis)
                permissions.require_links(user, involvement)
                services.save_record(involvement, actor=actor, reason=reason)
    return made


__all__ = ["NewActs", "Perpetrator", "check", "create_acts", "inherited", "write_acts"]
