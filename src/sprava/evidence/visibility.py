"""Which evidence a user may see, and how much of it: the one rule behind the evidence pages,
the record pages' thumbnails, the API and exports.

An item is one byte string; each arrival of it is a receipt. Deduplication stores the bytes
once, but it must not join what different people know about them: whoever sends bytes that are
already held learns nothing of the earlier arrivals. So a user sees an item only through parts
of it they may see, and only those parts:

- a receipt: the one they received themselves; those that arrived for a case they are a member
  of; one that arrived for no case from a fellow member of their cases, once the item is linked
  to one of their cases; administrators see every receipt of an item that belongs to no case
  yet (the intake queue);
- the item's links: to records of their own cases only (those pages check it);
- its custody history: the arrivals of the receipts they see, and what they themselves and the
  members of their cases did with it (views with their reasons, links).

An item of which a user sees no part is invisible: every page treats it as missing. One of which
they see a part (their own receipt) is shown with that part only; its bytes are theirs to read
back (they sent them), and that read is a custody event like any other.

An item's number is not its row id, which is shared and grows with the locker: the number of
a file sent long ago, or the one a team cites, would tell whoever sends the same bytes again
that they were held. A user knows an item by the first of its arrivals they see, the number of
that receipt (an item they see only through a link: by its first arrival). Whoever sends bytes
already held is given a number as fresh as a new file's; a team's number for its item stays
what it was when others send the same bytes. Every page, the API and the command line name and
find items by this number; any receipt a user sees finds its item, so that a number once
given keeps working when they come to see an earlier arrival.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat

from sprava.accounts import permissions
from sprava.cases.models import Case, Membership
from sprava.evidence.models import Item, Receipt
from sprava.ledger.models import Entry
from sprava.ledger.tags import ITEM_RECEIVED, RECORDS
from sprava.rows.history import ledger_label

AnyUser = AbstractBaseUser | AnonymousUser | None

# The relations of an item to the records it is linked to.
LINK_RELATIONS = ("incidents", "acts", "persons", "testimonies")
# An arrival for a case: the receipt's own field, evidence's and not a record's.
RECEIVED_FOR = "receipts__case"


@functools.cache
def link_paths() -> tuple[str, ...]:
    """The paths from an item through its links to the records' cases, each record's path as
    `permissions.CASE_PATHS` declares it (read once the models are loaded)."""
    return tuple(permissions.case_field_through(Item, relation) for relation in LINK_RELATIONS)


def case_paths() -> tuple[str, ...]:
    """Every case an item reaches: those it arrived for and those it is linked to (figures)."""
    return (RECEIVED_FOR, *link_paths())


def _active(user: AnyUser) -> bool:
    return user is not None and bool(user.is_authenticated) and bool(user.is_active)


def unfiled() -> Q:
    """Items that belong to no case at all: no receipt for a case, no link to a record."""
    anywhere = Q(**{f"{RECEIVED_FOR}__isnull": False})
    for relation in LINK_RELATIONS:
        anywhere |= Q(**{f"{relation}__isnull": False})
    filed = Item.objects.filter(anywhere)
    return ~Q(pk__in=filed.values("pk"))


def seen_receipts(user: AnyUser) -> Q:
    """The receipts this user may see, as a filter of `Receipt` (see the module's rule)."""
    if user is None or not _active(user):
        return Q(pk__in=[])
    member_cases = permissions.member_case_ids(user)
    fellows = Membership.objects.filter(case__in=member_cases).values("user_id")
    linked_here = permissions.filter_visible(user, Item.objects.all(), link_paths()).values("pk")
    seen = (Q(received_by_id=user.pk) | Q(case__in=member_cases)
            | Q(case__isnull=True, received_by__in=fellows, item__in=linked_here))
    if permissions.is_administrator(user):
        seen |= Q(item__in=Item.objects.filter(unfiled()).values("pk"))
    return seen


def visible_items(user: AnyUser, items: QuerySet[Item] | None = None) -> QuerySet[Item]:
    """The items of which the user sees any part: a receipt, or a link to a record of theirs."""
    items = Item.objects.all() if items is None else items
    if user is None or not _active(user):
        return items.none()
    through_links = permissions.filter_visible(user, Item.objects.all(), link_paths())
    through_receipts = Receipt.objects.filter(seen_receipts(user)).values("item_id")
    return items.filter(Q(pk__in=through_links.values("pk")) | Q(pk__in=through_receipts))


def receipts_of(user: AnyUser, item: Item) -> QuerySet[Receipt]:
    """The receipts of one item this user may see, oldest first."""
    return item.receipts.filter(seen_receipts(user)).order_by("id")


def sees_earlier_arrival(user: AnyUser, item: Item, receipt: Receipt) -> bool:
    """Whether the user sees an arrival of these bytes before `receipt` (or a link of the
    item): only then may they be told that `receipt` was a duplicate."""
    if receipts_of(user, item).filter(id__lt=receipt.id).exists():
        return True
    return permissions.filter_visible(user, Item.objects.filter(pk=item.pk), link_paths()).exists()


def with_seen_receipts(user: AnyUser, items: QuerySet[Item]) -> QuerySet[Item]:
    """Items annotated with what their pages and lists show of the receipts the user sees:
    `seen_count`, `first_name` (the file name of the first), `first_seen` (its time) and
    `number` (the item's number for this user, see the module's rule)."""
    seen = Receipt.objects.filter(seen_receipts(user), item=OuterRef("pk"))
    first = seen.order_by("id")
    count = seen.order_by().values("item").annotate(n=Count("pk")).values("n")
    first_arrival = Receipt.objects.filter(item=OuterRef("pk")).order_by("id").values("id")[:1]
    return items.annotate(
        seen_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        first_name=Subquery(first.values("original_filename")[:1]),
        first_seen=Subquery(first.values("received_at")[:1]),
        number=Coalesce(Subquery(first.values("id")[:1]), Subquery(first_arrival),
                        output_field=IntegerField()),
    )


def numbered(user: AnyUser, number: int, items: QuerySet[Item] | None = None) -> QuerySet[Item]:
    """The item (at most one) this user knows by `number`, among `items`, read through
    `with_seen_receipts`: the one of which they see receipt `number`, or, seeing the item but
    none of its receipts, the one whose first arrival it is. Any other number is missing."""
    found = with_seen_receipts(user, visible_items(user, items)).filter(
        pk__in=Receipt.objects.filter(pk=number).values("item_id"))
    seen = Receipt.objects.filter(seen_receipts(user), pk=number, item=OuterRef("pk"))
    return found.filter(Q(Exists(seen)) | Q(seen_count=0, number=number))


def numbers_by_sha256(user: AnyUser, digests: set[str]) -> dict[str, int]:
    """The numbers of the items with these SHA-256 digests the user sees, by digest."""
    if not digests:
        return {}
    items: Iterable[Any] = with_seen_receipts(
        user, visible_items(user, Item.objects.filter(sha256__in=digests))).only("sha256")
    return {item.sha256: item.number for item in items}


def first_number(item: Item) -> int:
    """The item's number for whoever sees every arrival (the operator at the command line)."""
    first = item.receipts.order_by("id").values_list("id", flat=True).first()
    if first is None:  # every item arrives with a receipt; `verify` reports one without
        raise ValueError(f"{item} has no receipt")
    return int(first)


def first_numbers(digests: Iterable[str], batch: int = 500) -> dict[str, int]:
    """`first_number` of each item with these SHA-256 digests, by digest, a query a batch (the
    command line's `log` names every item of the log). A digest of no item is left out."""
    wanted = sorted(set(digests))
    numbers: dict[str, int] = {}
    for start in range(0, len(wanted), batch):
        rows = (Receipt.objects.filter(item__sha256__in=wanted[start:start + batch])
                .values("item__sha256").annotate(first=Min("id")).values_list("item__sha256",
                                                                               "first"))
        numbers.update((sha256, int(first)) for sha256, first in rows)
    return numbers


def cases_reached(item: Item) -> Q:
    """The cases an item reaches, along `case_paths()` (a filter of `Case`): those it arrived
    for and those of the records it is linked to."""
    reached = Q()
    for path in case_paths():
        reached |= Q(pk__in=Item.objects.filter(pk=item.pk).values(path))
    return reached


def items_reaching(case_ids: Iterable[int]) -> Q:
    """Items that reach one of these cases along `case_paths()` (a filter of `Item`): arrived
    for one, or linked to a record of one. Subqueries only, so a page of them stays a page."""
    ids = list(case_ids)
    reached = Q(pk__in=[])
    for path in case_paths():
        reached |= Q(pk__in=Item.objects.filter(**{f"{path}__in": ids}).values("pk"))
    return reached


def by_members(members: QuerySet[Membership]) -> Q:
    """Entries whose actor is one of these members (a filter of `Entry`), as the ledger writes
    actors: `user:` from the pages and the command line (`--as`), `api:` from the API; the
    names are computed in the database, so a history stays one query however many members."""
    found = Q(pk__in=[])
    for prefix in ("user", "api"):
        found |= Q(actor__in=members.annotate(actor=Concat(
            Value(f"{prefix}:"), F("user__username"), output_field=CharField())).values("actor"))
    return found


def history_of(user: AnyUser, item: Item, entries: QuerySet[Entry],
               seen: Sequence[Receipt] | None = None) -> QuerySet[Entry]:
    """The custody events of an item this user may see (see the module's rule): the arrivals
    of the receipts they see, and what they and the members of the cases through which they
    see the item did with it. A filter of `entries`, without a query of its own.

    `seen`: the item's `receipts_of(user, item)`, when the caller has read them already (the
    item's page lists them): the filter then names their arrivals instead of working out again
    which receipts the user sees."""
    if user is None or not _active(user):
        return entries.none()
    if permissions.is_administrator(user) and Item.objects.filter(unfiled(), pk=item.pk).exists():
        return entries
    arrivals: Any = (receipts_of(user, item).values("ledger_seq") if seen is None
                     else [receipt.ledger_seq for receipt in seen])
    through = permissions.visible_cases(user).filter(cases_reached(item))
    by_others = by_members(Membership.objects.filter(case__in=through.values("pk")))
    by_them = Q(actor__in=[f"user:{user.get_username()}", f"api:{user.get_username()}"])
    return entries.filter(Q(action=ITEM_RECEIVED, seq__in=arrivals)
                          | (~Q(action=ITEM_RECEIVED)
                             & (by_them | (by_others & done_for(through)))))


def done_for(cases: QuerySet[Case]) -> Q:
    """Entries done for one of these cases (a filter of `Entry`): those that name one of them,
    and those naming no case that concern no record (views, verifications) or a person with a
    role in one of them (links to a person, who belongs to no one case). A member of two teams
    works for both; what they did for the other team (a link to its record) stays that team's.
    Persons come from the model evidence is linked to, so that this layer imports no records."""
    person = Item.persons.through._meta.get_field("person").related_model
    subjects = person._default_manager.filter(permissions.in_cases(person, cases)).annotate(
        subject=Concat(Value(f"{ledger_label(person)}:"), Cast("pk", CharField()),
                       output_field=CharField())).values("subject")
    return (Q(case__in=cases.values("reference"))
            | Q(case="") & (~Q(action__startswith=f"{RECORDS}:") | Q(subject__in=subjects)))


def provable_history(user: AnyUser, item: Item, entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """The entries of an item this user may be given as they are, signed, in a custody proof:
    those of `history_of`, but an arrival only once the user may be told whether it was the
    first (`sees_earlier_arrival`). An arrival's entry says whether its bytes were already
    held; a page can word it away, a proof cannot, and leaving out only the duplicates would
    tell them apart just the same. So whoever sees an item through one arrival alone, not yet
    linked to a record of theirs, proves its reads and links but not that arrival."""
    seen = list(receipts_of(user, item))
    told = [receipt.ledger_seq for receipt in seen if sees_earlier_arrival(user, item, receipt)]
    shown = history_of(user, item, entries, seen=seen)
    return shown.filter(~Q(action=ITEM_RECEIVED) | Q(seq__in=told))
