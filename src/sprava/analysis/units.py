"""The tree of units, read once: who a unit answers to, and which units answer to it.

The hierarchy is static (a unit's parent, `Organisation.parent`); who held a post in it is
dated (`tenure`). The whole table is shared reference data of some dozens of rows, so every
analysis reads it in one query and walks it in memory, never a query per level.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from sprava.collation import sorted_by
from sprava.records.models import Organisation


class UnitTree:
    """Every unit, with its parent and children linked in memory."""

    def __init__(self, units: Iterable[Organisation]) -> None:
        self._units: dict[int, Organisation] = {unit.pk: unit for unit in units}
        self._children: dict[int, list[int]] = {}
        parent_field = Organisation._meta.get_field("parent")
        for unit in self._units.values():
            parent = self._units.get(unit.parent_id) if unit.parent_id is not None else None
            # So that `Organisation.chain` walks the loaded rows instead of a query per level.
            parent_field.set_cached_value(unit, parent)
            if parent is not None:
                self._children.setdefault(parent.pk, []).append(unit.pk)
        for unit_id, children in self._children.items():
            self._children[unit_id] = [u.pk for u in sorted_by(
                [self._units[c] for c in children], lambda u: u.label)]

    @classmethod
    def load(cls, queryset: QuerySet[Organisation] | None = None) -> UnitTree:
        return cls(Organisation.objects.all() if queryset is None else queryset)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def get(self, unit_id: int) -> Organisation:
        return self._units[unit_id]

    def chain(self, unit_id: int) -> list[Organisation]:
        """The unit and its superiors up to the top, nearest first (`Organisation.chain`)."""
        return self._units[unit_id].chain() if unit_id in self._units else []

    def above_or_self(self, unit_ids: Iterable[int]) -> set[int]:
        """The units and every unit above them: whose posts command them."""
        return {unit.pk for unit_id in unit_ids for unit in self.chain(unit_id)}

    def children(self, unit_id: int) -> list[int]:
        return list(self._children.get(unit_id, ()))

    def subtree(self, unit_id: int) -> list[int]:
        """The unit and every unit below it, depth first, each level in the reader's
        alphabet; a cycle in the data must not hang a page."""
        if unit_id not in self._units:
            return []
        found: list[int] = []
        seen: set[int] = set()
        stack = [unit_id]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found.append(current)
            stack.extend(reversed(self._children.get(current, ())))
        return found
