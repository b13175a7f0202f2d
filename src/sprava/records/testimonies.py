"""Testimonies and the incidents they speak of: one function behind pages, API, CLI and import.

The rule of a testimony's date (pages and API alike, for a new testimony and a changed one):

- An account given by a person (an interview, a written statement) recounts what happened, so
  it cannot be dated before the start of an incident it speaks of: such a testimony is refused,
  naming the incident, because one of the two dates is wrong.
- Unless the incident's start is not known to the day it is entered as: an incident dated
  "approximate" or "unknown" may well have begun earlier than its date says. An incident dated
  to a month or a year is entered as that period's first day, so a testimony dated before it is
  before the whole period, and refused like one before an exact day.
- A document or an open source may predate the incident: an order to disperse a march, a
  detention plan or a post announcing the rally are evidence of what was intended, written
  before it happened.
- A testimony without a date, or an incident without a start, has nothing to compare.

The same rule read from the incident's side: changing an incident's start (or its precision)
so that an account already speaking of it would predate it is refused too, naming those
testimonies by reference (T-000012, never by who gave them: the witness may be protected).
Only the testimonies of the incident's own case count: they are the ones its editors see. A
testimony of another case can speak of the incident only if the incident was moved out of the
testimony's case; it is refused when that testimony is next saved (the case rule above), and is
never named to the incident's team, who may not see it.

And the incidents a testimony speaks of are incidents of its own case: another team's incident
is no business of this case's files (and moving a testimony to another case takes its links
along only if they belong there).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext, ngettext

from sprava.records import people, references, services
from sprava.records.models import Incident, Precision, Role, SourceKind, Testimony
from sprava.records.services import RecordError

# Sources that may be dated before the incident they speak of (see the module's docstring).
MAY_PREDATE = frozenset({SourceKind.DOCUMENT, SourceKind.OPEN_SOURCE})
# An incident start this vague does not date the incident's beginning.
VAGUE = frozenset({Precision.APPROXIMATE, Precision.UNKNOWN})


def problems(testimony: Testimony, incidents: Sequence[Incident]) -> dict[str, str]:
    """Field name ("incidents", "given_on") → why the testimony may not speak of these
    incidents, in the active language; empty when it may."""
    found: dict[str, str] = {}
    foreign = [i for i in incidents if i.case_id != testimony.case_id]
    if foreign:
        found["incidents"] = gettext(
            "Incident #%(number)s belongs to another case: link only incidents of the "
            "testimony's own case.") % {"number": foreign[0].pk}
    for incident in sorted(incidents, key=lambda i: i.pk):
        if predates(testimony, incident):
            given, start = testimony.given_on, incident.start_date
            assert given is not None and start is not None  # predates() compared them
            found["given_on"] = gettext(
                "The testimony is dated %(given)s, before incident #%(number)s “%(title)s” "
                "began (%(start)s): an account cannot be given before what it recounts. "
                "Correct one of the dates, or mark the incident's date as approximate.") % {
                "given": given.isoformat(), "number": incident.pk, "title": incident.title,
                "start": start.isoformat()}
            break
    return found


def predates(testimony: Testimony, incident: Incident) -> bool:
    """Whether the testimony is an account dated before the incident's known start."""
    given, start = testimony.given_on, incident.start_date
    return (given is not None and start is not None and testimony.kind not in MAY_PREDATE
            and incident.date_precision not in VAGUE and given < start)


def predating(incident: Incident) -> list[Testimony]:
    """The testimonies of the incident's own case that speak of it as stored and would be
    dated before it as it is now (changed, not yet saved), by number."""
    if incident.pk is None or incident.start_date is None or incident.date_precision in VAGUE:
        return []
    speaking = Testimony.objects.filter(incidents=incident, case_id=incident.case_id,
                                        given_on__lt=incident.start_date).order_by("pk")
    return [t for t in speaking.exclude(kind__in=MAY_PREDATE) if predates(t, incident)]


def incident_problems(incident: Incident) -> dict[str, str]:
    """Field name ("start_date") → why the incident may not start when it now says, in the
    active language; empty when it may."""
    early = predating(incident)
    if not early:
        return {}
    shown = early[:5]  # enough to find them; the rest by count
    named = ", ".join(references.reference("records.testimony", t.pk) for t in shown)
    if len(early) > len(shown):
        named += " " + gettext("and %(count)s more") % {"count": len(early) - len(shown)}
    assert incident.start_date is not None  # predating() found some
    return {"start_date": ngettext(
        "Testimony %(testimonies)s speaks of this incident and is dated before %(start)s: "
        "an account cannot be given before what it recounts. Correct one of the dates, or mark "
        "the incident's date as approximate.",
        "Testimonies %(testimonies)s speak of this incident and are dated before %(start)s: "
        "an account cannot be given before what it recounts. Correct one of the dates, or mark "
        "the incident's date as approximate.", len(early)) % {
        "testimonies": named, "start": incident.start_date.isoformat()}}


def save_testimony(testimony: Testimony, *, incidents: Iterable[Incident] | None = None,
                   actor: str, reason: str = "") -> Testimony:
    """Create or change a testimony and, unless `incidents` is None (then they stay), which
    incidents it speaks of; refuses (RecordError, nothing written) what breaks the rules above.

    Whoever gave it is seen by the case's members: a person without a role in the case becomes
    its source (one who has a role keeps just that: a witness does not also become a source).
    Permissions (EDIT in the case, rule 4 for a protected person) are the caller's to check.
    """
    if incidents is not None:
        linked = list(incidents)
    elif testimony.pk is not None:
        linked = list(Incident.objects.filter(testimonies=testimony))
    else:
        linked = []
    found = problems(testimony, linked)
    if found:
        raise RecordError(" ".join(found.values()))
    with transaction.atomic():
        giver = testimony.given_by
        if giver is not None and _newly_given_by(testimony):
            people.ensure_any_role(giver, testimony.case, Role.SOURCE, actor=actor,
                                   reason=reason)
        services.save_record(testimony, actor=actor, reason=reason)
        if incidents is not None:
            services.set_incidents(testimony, linked, actor=actor, reason=reason)
    return testimony


def _newly_given_by(testimony: Testimony) -> bool:
    """Whether the testimony is new, or its giver or case is not what is stored."""
    if testimony.pk is None:
        return True
    stored = Testimony.objects.filter(pk=testimony.pk).values("given_by_id", "case_id").first()
    return stored is None or (stored["given_by_id"], stored["case_id"]) != (
        testimony.given_by_id, testimony.case_id)


__all__ = ["MAY_PREDATE", "incident_problems", "predates", "predating", "problems",
           "save_testimony"]
