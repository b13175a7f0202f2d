"""The `<id:...>` path converter: a record's id in a page's URL, by the one rule of `sprava.ids`.

Django's `<int:...>` takes any run of digits, so /acts/99999999999999999999/ reached the
database as a number no column holds. An id out of range is no match: a 404, as for an id that
is not there.
"""

from __future__ import annotations

from django.urls import register_converter

from sprava import ids


class IdConverter:
    regex = "[0-9]{1,40}"

    def to_python(self, value: str) -> int:
        return ids.parse_id(value)  # InvalidNumber is a ValueError: Django answers 404

    def to_url(self, value: int) -> str:
        return str(value)


# Once, on import (Django warns on registering a name twice); the URL modules import this.
register_converter(IdConverter, "id")
