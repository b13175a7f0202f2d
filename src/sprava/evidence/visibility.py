"""Which evidence items a user may see: the one rule behind the evidence pages, API and exports.

An item is visible to a user who
- is a member of a case the item arrived for (a receipt's case), or of a case whose incident,
  act, person or testimony the item is linked to;
- received it themselves (a documenter sees what they uploaded, before it is filed to a case);
- administers the installation, for items that belong to no case yet (the intake queue).
Everything else is invisible, and a page treats it as missing.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from sprava.accounts import permissions
from sprava.evidence.models import Item

CASE_PATHS = (
    "receipts__case",
    "incidents__case",
    "acts__incident__case",
    "persons__roles__case",
    "testimonies__case",
)


def unfiled() -> Q:
    """Items that belong to no case at all: no receipt for a case, no link to a record."""
    filed = Item.objects.filter(
        Q(receipts__case__isnull=False) | Q(incidents__isnull=False) | Q(acts__isnull=False)
        | Q(persons__isnull=False) | Q(testimonies__isnull=False)
    )
    return ~Q(pk__in=filed.values("pk"))


def visible_items(user: AbstractBaseUser | AnonymousUser | None,
                  items: QuerySet[Item] | None = None) -> QuerySet[Item]:
    items = Item.objects.all() if items is None else items
    if user is None or not user.is_authenticated or not user.is_active:
        return items.none()
    through_cases = permissions.filter_visible(user, Item.objects.all(), CASE_PATHS)
    reachable = Q(pk__in=through_cases.values("pk"))
    reachable |= Q(pk__in=Item.objects.filter(receipts__received_by_id=user.pk).values("pk"))
    if permissions.is_administrator(user):
        reachable |= Q(pk__in=Item.objects.filter(unfiled()).values("pk"))
    return items.filter(reachable)
