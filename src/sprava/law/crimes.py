"""Which crimes an act may be, and how many acts of a case each crime reaches.

An act's candidate crimes are the articles its act type names (`ActType.legal_refs`, data an
administrator edits), read through the framework; an article the framework does not define
names no crime (the act-type form refuses such an article, but older rows may hold one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from sprava.accounts.permissions import in_cases
from sprava.cases.models import Case
from sprava.law.framework import Framework
from sprava.records.models import Act, ActType


def types_by_crime(framework: Framework, act_type_ids: Iterable[int] | None = None
                   ) -> dict[str, set[int]]:
    """Per crime id, the act types that can be it (all act types, or those given)."""
    rows = ActType.objects.all()
    if act_type_ids is not None:
        rows = rows.filter(pk__in=list(act_type_ids))
    out: dict[str, set[int]] = defaultdict(set)
    for pk, refs in rows.values_list("pk", "legal_refs"):
        for crime in framework.crimes_at(list(refs or [])):
            out[crime.id].add(pk)
    return dict(out)


def acts_per_type(case: Case | int) -> dict[int, int]:
    """How many acts of the case each act type has: one grouped query."""
    return dict(Act.objects.filter(in_cases(Act, case)).order_by()
                .values_list("act_type_id").annotate(n=Count("id")).values_list("act_type_id", "n"))


def acts_per_crime(framework: Framework, case: Case | int) -> dict[str, int]:
    """How many acts of the case each candidate crime reaches (an act counts for every crime
    its type can be)."""
    per_type = acts_per_type(case)
    return {crime: sum(per_type.get(t, 0) for t in types)
            for crime, types in types_by_crime(framework, per_type).items()}
