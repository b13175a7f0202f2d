"""Creating, changing and deleting records: one set of functions behind pages, API, CLI, import.

Each change and its ledger event are one transaction. Permission checks happen in
`sprava.accounts.permissions` before these are called; these functions trust their caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector
from django.utils.translation import gettext, pgettext_lazy

from sprava.cases.models import Case
from sprava.integrity.errors import SpravaError
from sprava.ledger import tags
from sprava.records import dates
from sprava.records.models import (
    Act,
    Consent,
    CustodyPeriod,
    Incident,
    Involvement,
    Person,
    PersonName,
    PersonRole,
    Position,
    Testimony,
)
from sprava.records.names import search_key
from sprava.rows import history

M = TypeVar("M", bound=models.Model)


class RecordError(SpravaError):
    """A record could not be changed as asked.

    Its message is in the active language (English outside a page), for the person who asked;
    it is never written to the ledger.
    """


# How a refusal names a kind of record, in the reader's language; others by their model name.
_RECORD_NAMES = {
    "cases.case": pgettext_lazy("record", "case"),
    "records.incident": pgettext_lazy("record", "incident"),
    "records.act": pgettext_lazy("record", "act"),
    "records.acttype": pgettext_lazy("record", "act type"),
    "records.involvement": pgettext_lazy("record", "involvement"),
    "records.person": pgettext_lazy("record", "person"),
    "records.personname": pgettext_lazy("record", "person name"),
    "records.personrole": pgettext_lazy("record", "person role"),
    "records.custodyperiod": pgettext_lazy("record", "custody period"),
    "records.organisation": pgettext_lazy("record", "organisation"),
    "records.position": pgettext_lazy("record", "position"),
    "records.place": pgettext_lazy("record", "place"),
    "records.testimony": pgettext_lazy("record", "testimony"),
    "records.consent": pgettext_lazy("record", "consent"),
    "evidence.receipt": pgettext_lazy("record", "receipt"),
}


def record_name(model: type[models.Model] | models.Model) -> str:
    """The name of a kind of record for a message: "act", "дзеянне", ..."""
    return str(_RECORD_NAMES.get(model._meta.label_lower, model._meta.verbose_name))


def case_of(obj: models.Model) -> Case | None:
    """The case a record belongs to, if it belongs to exactly one."""
    if isinstance(obj, Case):
        return obj
    if isinstance(obj, Incident | Testimony | Consent):
        return obj.case
    if isinstance(obj, Act):
        return obj.incident.case
    if isinstance(obj, Involvement):
        return obj.act.incident.case
    if isinstance(obj, PersonRole):
        return obj.case
    return None


def case_reference(obj: models.Model) -> str | None:
    case = case_of(obj)
    return case.reference if case is not None else None


def check_dates(obj: models.Model) -> None:
    """Raise RecordError if a date of `obj` breaks the rule of `sprava.records.dates`."""
    found = dates.problems(obj)
    if found:
        raise RecordError(dates.summary(found))


def save_record(obj: M, *, actor: str, reason: str = "") -> M:
    """Create or change a record, writing `records:<model>:created|changed` with the values."""
    if isinstance(obj, PersonName):
        obj.search_key = search_key(obj.text)
    try:
        obj.full_clean()
    except ValidationError as exc:  # say what is wrong, in one line
        raise RecordError("; ".join(str(m) for m in exc.messages)) from exc
    check_dates(obj)
    with transaction.atomic():
        before = None
        if obj.pk is not None:
            stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
            before = history.snapshot(stored) if stored is not None else None
        try:
            obj.save()
        except IntegrityError as exc:
            raise RecordError(gettext("%(record)s conflicts with an existing one")
                              % {"record": record_name(obj)}) from exc
        after = history.snapshot(obj)
        if before == after:
            return obj
        verb = tags.CREATED if before is None else tags.CHANGED
        history.record_event(actor=actor, verb=verb, obj=obj, case=case_reference(obj),
                             before=before, after=after, reason=reason)
    return obj


def create_many(objs: Sequence[M], *, actor: str, reason: str = "") -> list[M]:
    """Create many records of one model in one transaction, each with its `created` event.

    For imports and the demo data set: one bulk insert and one ledger append instead of a
    transaction per record.
    """
    if not objs:
        return []
    for obj in objs:
        if isinstance(obj, PersonName):
            obj.search_key = search_key(obj.text)
        check_dates(obj)  # the one rule of every date, as save_record applies it
    model = type(objs[0])
    with transaction.atomic():
        created = model._default_manager.bulk_create(list(objs))
        history.record_events(actor=actor, verb=tags.CREATED, objs=created, reason=reason,
                              cases=[case_reference(obj) for obj in created])
    return created


def delete_record(obj: models.Model, *, actor: str, reason: str = "") -> None:
    """Delete a record (its ledger history stays), refusing while others depend on it.

    What the delete takes with it (a person's names, roles, consents; a testimony's link to a
    deleted incident) gets its own event too, so the ledger still says what every row is.
    """
    with transaction.atomic():
        before = history.snapshot(obj)
        case = case_reference(obj)
        pk = obj.pk
        try:
            cascaded, linked = _dependants(obj)
            obj.delete()
        except models.ProtectedError as exc:
            names = sorted({record_name(o) for o in exc.protected_objects})
            raise RecordError(
                gettext("cannot delete: other records depend on it (%(records)s)")
                % {"records": ", ".join(names)}
            ) from exc
        obj.pk = pk  # Django clears it on delete; the event still names the record
        for child, child_before, child_case in cascaded:
            history.record_event(actor=actor, verb=tags.DELETED, obj=child, case=child_case,
                                 before=child_before, after=None, reason=reason)
        for owner, name, links in linked:
            history.record_event(
                actor=actor, verb=tags.CHANGED, obj=owner, case=case_reference(owner),
                before=None, after=None, reason=reason,
                extra={"changes": {name: {"before": links, "after": [
                    link for link in links if link != pk]}}})
        history.record_event(actor=actor, verb=tags.DELETED, obj=obj, case=case, before=before,
                             after=None, reason=reason)


def _dependants(obj: models.Model) -> tuple[list[tuple[models.Model, dict[str, Any], str | None]],
                                            list[tuple[models.Model, str, list[Any]]]]:
    """The rows a delete of `obj` cascades to, and the records whose links to it it removes.

    Raises ProtectedError, as the delete would, when something protects `obj`.
    """
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    rows: list[models.Model] = [o for model, objs in collector.data.items()
                                if not model._meta.auto_created for o in objs if o != obj]
    for queryset in collector.fast_deletes:
        if not queryset.model._meta.auto_created:
            rows.extend(queryset)
    cascaded = [(row, history.snapshot(row), case_reference(row)) for row in rows]
    linked: list[tuple[models.Model, str, list[Any]]] = []
    for relation in obj._meta.related_objects:
        if relation.many_to_many and isinstance(relation.field, models.ManyToManyField):
            name = relation.field.name
            for owner in relation.related_model._default_manager.filter(**{name: obj}):
                links = sorted(getattr(owner, name).values_list("pk", flat=True))
                linked.append((owner, name, links))
    return cascaded, linked


def add_name(person: Person, text: str, *, actor: str, script: str = "other",
             kind: str = "primary", reason: str = "") -> PersonName:
    text = " ".join(text.split())
    if not text:
        raise RecordError(gettext("a name cannot be empty"))
    return save_record(PersonName(person=person, text=text, script=script, kind=kind),
                       actor=actor, reason=reason)


def protect(person: Person, *, actor: str, reason: str = "", case: Case | None = None) -> Person:
    """Protect a person's identity under the next free pseudonym (W-0001, W-0002, ...).

    `case` becomes the protecting case, the one whose identity access shows the person's names
    (by default the case of their earliest role: the team that first recorded them; with no
    role, no case, and nobody sees the identity until a case is given).
    """
    if person.protected and person.pseudonym:
        return person
    if case is None:
        first = PersonRole.objects.filter(person=person).order_by("id").first()
        case = first.case if first is not None else None
    person.protecting_case = case
    for _ in range(5):
        taken = Person.objects.filter(pseudonym__startswith="W-").values_list("pseudonym",
                                                                              flat=True)
        number = max((int(p[2:]) for p in taken if p and p[2:].isdigit()), default=0) + 1
        person.protected, person.pseudonym = True, f"W-{number:04d}"
        try:
            return save_record(person, actor=actor, reason=reason)
        except RecordError:
            continue  # another process took that pseudonym at the same moment
    raise RecordError(gettext("could not assign a pseudonym; try again"))


def link_evidence(record: Incident | Act | Person | Testimony, item: Any, *, actor: str,
                  reason: str = "") -> None:
    """Tie an evidence item to a record; the link is a custody-relevant event of its own."""
    with transaction.atomic():
        record.evidence.add(item)
        history.record_event(actor=actor, verb=tags.EVIDENCE_LINKED, obj=record,
                             case=case_reference(record), before=None, after=None,
                             reason=reason, items=(item.digests,))


def unlink_evidence(record: Incident | Act | Person | Testimony, item: Any, *, actor: str,
                    reason: str = "") -> None:
    with transaction.atomic():
        record.evidence.remove(item)
        history.record_event(actor=actor, verb=tags.EVIDENCE_UNLINKED, obj=record,
                             case=case_reference(record), before=None, after=None,
                             reason=reason, items=(item.digests,))




def set_incidents(testimony: Testimony, incidents: Iterable[Incident], *, actor: str,
                  reason: str = "") -> None:
    """Change which incidents a testimony speaks of (pages and API alike): one `changed` event
    whose `changes` say it, as `history.state_details` writes every change. Nothing changed,
    no event."""
    wanted = {incident.pk: incident for incident in incidents}
    with transaction.atomic():
        current = sorted(testimony.incidents.values_list("pk", flat=True))
        if current == sorted(wanted):
            return
        testimony.incidents.set(list(wanted.values()))
        history.record_event(actor=actor, verb=tags.CHANGED, obj=testimony,
                             case=case_reference(testimony), reason=reason,
                             before={"incidents": current}, after={"incidents": sorted(wanted)})


def remove_role(role: PersonRole, *, actor: str, reason: str = "") -> None:
    """End a person's role; the last one stays, or nobody could see the person any more (and,
    with no case left, nobody could ever delete them)."""
    with transaction.atomic():
        others = PersonRole.objects.filter(person_id=role.person_id).exclude(pk=role.pk)
        if not others.exists():
            raise RecordError(gettext(
                "this is the person's only role: give them another role first, or delete the "
                "person"))
        person = role.person
        if (person.protected and role.case_id == person.protecting_case_id
                and not others.filter(case_id=role.case_id).exists()):
            # Without a role there, the team holding the identity could no longer see the
            # person, nor the other cases that refer to them.
            raise RecordError(gettext(
                "this case holds the protected person's identity: while other cases refer to "
                "them, it keeps a role"))
        delete_record(role, actor=actor, reason=reason)


__all__ = [
    "CustodyPeriod", "Position", "RecordError", "add_name", "case_of", "delete_record",
    "link_evidence", "protect", "remove_role", "save_record", "unlink_evidence",
]
