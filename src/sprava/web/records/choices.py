"""A record's choice label (a role, a gender) as pages show it, cheaply.

Django's get_<field>_display rebuilds a hashable copy of the field's whole choice list on every
call; a list page calls it hundreds of times. The labels stay lazy here, so each call still
speaks the reader's language.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Model


@cache
def _labels(model: type[Model], field: str) -> dict[Any, Any]:
    return dict(model._meta.get_field(field).flatchoices)  # type: ignore[union-attr]


def choice_label(obj: Model, field: str) -> str:
    value = getattr(obj, field)
    return str(_labels(type(obj), field).get(value, value))
