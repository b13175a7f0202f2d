"""The records' tables that `sprava verify` checks against the ledger, and the case's.

Reference data shipped with Sprava (places, act types, organisations) is loaded by a migration,
before any ledger: such a row may also be exactly what the data files give, so its origin is
what they say (`_shipped_origin`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.db import models

from sprava.accounts import audited as accounts_audited
from sprava.cases.models import Case
from sprava.records import seed
from sprava.rows.audit import Origin, States, Table
from sprava.rows.history import Snapshotter


def every_table() -> list[Table]:
    """Every table `sprava verify` checks against the ledger: the records', then the accounts'."""
    return [*record_tables(), *accounts_audited.tables()]


def record_tables() -> list[Table]:
    """Every model of the records app, and the case (their changes are
    `records:<model>:<verb>` events)."""
    shipped = seed.shipped_values()
    tables = []
    # A case's changes are records events, as they were before the model moved to `cases`;
    # its memberships are an account's standing, which `accounts.audited` checks.
    audited: list[type[models.Model]] = [Case, *apps.get_app_config("records").get_models()]
    for model in audited:
        links = {f.name: "sha256" for f in model._meta.many_to_many
                 if f.related_model is not None
                 and f.related_model._meta.label_lower == "evidence.item"}
        values = shipped.get(model._meta.label_lower)
        origin = _shipped_origin(model, values) if values is not None else None
        tables.append(Table(model, links=links, origin=origin))
    return tables


def _shipped_origin(model: type[models.Model], shipped: Mapping[str, Mapping[str, Any]]) -> Origin:
    def origin(states: States) -> States:
        snapshotter = Snapshotter(model)
        fresh = snapshotter.of(model())  # every field as a new row has it
        wanted = {pk: shipped[str(state.get("code"))] for pk, state in states.items()
                  if str(state.get("code")) in shipped}
        codes = _codes_to_keys(model, [values for values in wanted.values()])
        result: dict[int, Mapping[str, Any]] = {}
        for pk, values in wanted.items():
            state = dict(fresh, code=states[pk].get("code"))
            for name, value in values.items():
                target = model._meta.get_field(name)
                if target.is_relation:  # as the loader: no code (or "") is no row
                    key = codes.get((name, value)) if value else None
                    state[name] = key if not value or key is not None else f"code {value}"
                else:
                    state[name] = snapshotter.value(name, value)
            result[pk] = state
        return result
    return origin


def _codes_to_keys(model: type[models.Model],
                   rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, Any], int]:
    """(foreign key name, code) → the key of the row with that code, for the given values."""
    wanted: dict[str, set[Any]] = {}
    for values in rows:
        for name, value in values.items():
            if value and model._meta.get_field(name).is_relation:
                wanted.setdefault(name, set()).add(value)
    keys: dict[tuple[str, Any], int] = {}
    for name, codes in wanted.items():
        related = model._meta.get_field(name).related_model
        assert related is not None and not isinstance(related, str)
        for code, pk in related._default_manager.filter(code__in=codes).values_list("code", "pk"):
            keys[(name, code)] = pk
    return keys
