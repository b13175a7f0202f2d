"""What each count of persons and acts means, defined once for every page and figure that shows
one (case page, dashboard, person page, the filtered lists), so that no two of them disagree.

- victims of cases: distinct persons who suffered an act recorded in one of the cases, or who
  hold the victim role in one of them. Recording an act against someone makes them a victim of
  it whether or not anyone also gave them the role; the role alone counts for a victim whose
  acts are not recorded yet.
- perpetrators of cases: distinct persons named in an involvement in an act of the cases, or
  holding the perpetrator role in one of them.
- acts a person is involved in: distinct acts in which they are named as perpetrator. One act
  with two involvements of the same person (ordered it, and committed it) is one act.
- roles: distinct persons holding each role in a case (`by_role`): a label recorded by hand,
  shown as such, never as "victims".

Each function takes the cases as `permissions.in_cases` does (a queryset of cases, their ids, a
case) and answers a queryset, so a caller counts it, filters a list by it, or narrows it to what
the reader may see.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from sprava.accounts.permissions import in_cases
from sprava.records.models import Act, Involvement, Person, PersonRole, Role

__all__ = ["acts_involving", "by_role", "perpetrators", "victims"]


def _with_role(cases: Any, role: str) -> QuerySet[PersonRole]:
    return PersonRole.objects.filter(in_cases(PersonRole, cases), role=role)


def victims(cases: Any) -> QuerySet[Person]:
    suffered = Act.objects.filter(in_cases(Act, cases), victim__isnull=False)
    return Person.objects.filter(Q(pk__in=suffered.values("victim_id"))
                                 | Q(pk__in=_with_role(cases, Role.VICTIM).values("person_id")))


def perpetrators(cases: Any) -> QuerySet[Person]:
    involved = Involvement.objects.filter(in_cases(Involvement, cases))
    return Person.objects.filter(
        Q(pk__in=involved.values("perpetrator_id"))
        | Q(pk__in=_with_role(cases, Role.PERPETRATOR).values("person_id")))


def acts_involving(person: Person | int, acts: QuerySet[Act] | None = None) -> QuerySet[Act]:
    """The distinct acts (of `acts`, by default all) in which the person is a perpetrator."""
    acts = Act.objects.all() if acts is None else acts
    return acts.filter(pk__in=Involvement.objects.filter(perpetrator=person).values("act_id"))


def by_role(cases: Any) -> dict[str, int]:
    """How many distinct persons hold each role in the cases."""
    rows = (PersonRole.objects.filter(in_cases(PersonRole, cases)).values("role")
            .annotate(n=Count("person_id", distinct=True)).order_by("role"))
    return {row["role"]: row["n"] for row in rows}
