"""Which custody-ledger entries a reader may read, and finding entries by what they concern.

Administrators read the whole ledger. Anyone else reads the entries tied to a case they are a
member of, and no other (default deny). An entry is tied to a case

1. by the case it names itself (`Entry.case`, as its body says): a change of a record of the
   case, a link of evidence to one, an arrival for the case, a membership of it, an export
   from it, and an identity reveal of a person the case protects (`records.identity.
   Disclosure.commit` names the protecting case, so its members read who saw whom);
2. or, naming no case, through the evidence items it names, as the item's own history does
   (`sprava.evidence.visibility`): an arrival of a receipt the reader sees, of an item of one
   of their cases; and what a member of one of their cases did with an item of that same
   case (views with their reasons, verifications, links to a person).

Anything else is not shown to a member: changes of a person (who belongs to no one case; the
person's own page shows them), reference data, accounts, and what people outside the case did
with its items. A filter here never widens that set, it narrows it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sprava.accounts import permissions
from sprava.cases.models import Case, Membership
from sprava.evidence.models import Item, Receipt
from sprava.evidence.visibility import (
    AnyUser,
    by_members,
    done_for,
    items_reaching,
    numbered,
    seen_receipts,
)
from sprava.ledger import log
from sprava.ledger.models import Entry, EntryItem
from sprava.ledger.tags import ITEM_RECEIVED


def _active(user: AnyUser) -> bool:
    return user is not None and bool(user.is_authenticated) and bool(user.is_active)


def _items_of(case_ids: list[int]) -> QuerySet[Item]:
    return Item.objects.filter(items_reaching(case_ids))


def _naming(items: QuerySet[Item]) -> QuerySet[EntryItem, Any]:
    """The entries (as `entry_id`) that name one of these items."""
    return EntryItem.objects.filter(sha256__in=items.values("sha256")).values("entry_id")


def tied_to_cases(user: AnyUser) -> Q:
    """The entries tied to a case this user is a member of (see the module's rule), as a
    filter of `Entry`. No query of its own: the memberships come from the request's one read."""
    if user is None or not _active(user):
        return Q(pk__in=[])
    case_ids = permissions.member_case_ids(user)
    if not case_ids:
        return Q(pk__in=[])
    tied = Q(case__in=Case.objects.filter(pk__in=case_ids).values("reference"))
    # Arrivals for no case: those of the receipts the reader sees, of items of their cases.
    arrivals = Receipt.objects.filter(seen_receipts(user), case__isnull=True,
                                      item__in=_items_of(case_ids).values("pk"))
    tied |= Q(case="", action=ITEM_RECEIVED, seq__in=arrivals.values("ledger_seq"))
    # Anything else about items, naming no case: by a member of one of the reader's cases, of
    # an item of that same case (one term per case, so that a colleague's work for another
    # team on an item the two teams share stays that team's).
    for case_id in case_ids:
        by_member = by_members(Membership.objects.filter(case_id=case_id))
        tied |= (Q(case="") & ~Q(action=ITEM_RECEIVED) & by_member
                 & done_for(Case.objects.filter(pk=case_id))
                 & Q(seq__in=_naming(_items_of([case_id]))))
    return tied


def readable(user: AnyUser, entries: QuerySet[Entry] | None = None) -> QuerySet[Entry]:
    """The entries this user may read: every one for an administrator, else those tied to
    their cases."""
    entries = log.history() if entries is None else entries
    if user is None or not _active(user):
        return entries.none()
    if permissions.is_administrator(user):
        return entries
    return entries.filter(tied_to_cases(user))


@dataclass(frozen=True)
class EntryFilter:
    """What a reader narrows the ledger to; an empty field narrows nothing."""

    action: str = ""
    """A whole tag (`evidence:item:viewed`) or its start (`records:person`, `evidence`)."""
    actor: str = ""
    """As the ledger writes it (`user:dana`), or a user name (`dana`: pages and API alike)."""
    item: int | None = None
    """The item's number, as the reader knows it (`visibility.numbered`)."""
    subject: str = ""
    """A record, as the ledger names it (`records.incident:12`)."""
    case: str = ""
    """A case's reference: the entries that name it."""
    since: datetime.date | None = None
    until: datetime.date | None = None
    """Days in UTC, both included."""


def _day(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time.min, tzinfo=datetime.UTC)


def narrowed(user: AnyUser, entries: QuerySet[Entry], wanted: EntryFilter) -> QuerySet[Entry]:
    """`entries` narrowed to what `wanted` asks for; filters in the database, no query of its
    own (an item's number is looked up in a subquery)."""
    if wanted.action:
        action = wanted.action.rstrip(":")
        entries = entries.filter(Q(action=action) | Q(action__startswith=f"{action}:"))
    if wanted.actor:
        actor = wanted.actor
        entries = entries.filter(actor__in=[actor] if ":" in actor
                                 else [actor, f"user:{actor}", f"api:{actor}"])
    if wanted.item is not None:
        found = numbered(user, wanted.item).values("sha256")
        entries = entries.filter(
            seq__in=EntryItem.objects.filter(sha256__in=found).values("entry_id"))
    if wanted.subject:
        entries = entries.filter(subject=wanted.subject)
    if wanted.case:
        entries = entries.filter(case=wanted.case)
    if wanted.since is not None:
        entries = entries.filter(time__gte=_day(wanted.since))
    if wanted.until is not None:
        entries = entries.filter(time__lt=_day(wanted.until + datetime.timedelta(days=1)))
    return entries
