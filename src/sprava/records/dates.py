"""One rule for every date of every record, whichever front end saved it.

The CSV import refused a date in the future while the API took `start_date: "9999-12-31"` and
the pages took an end before its start only where a form remembered to check. So the rule lives
here, below every front end: `save_record` and `create_many` apply it to any record with a date
field (pages, API, CSV import, CLI and the demo loader all write through them), and the record
forms show its messages beside the fields.

- No date is after today (the server's TIME_ZONE): a record holds what has happened. A date
  precise only to a month or a year is entered as its first day, so it is never later than a
  day-precise one would be.
- No date is before `EARLIEST`: "0202-08-09" is a typo of 2020, not a record of the year 202.
- An end never comes before its start; a consent is not withdrawn before it was given.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

EARLIEST = datetime.date(1800, 1, 1)
# (earlier, later) field pairs: where both are set, the later may not precede the earlier.
ORDERED = (("start_date", "end_date"), ("given_on", "withdrawn_on"))


def date_problem(value: datetime.date, *, today: datetime.date | None = None) -> str | None:
    """Why `value` cannot be a date of a record, or None."""
    today = today or timezone.localdate()
    if value > today:
        return gettext("%(date)s is in the future: a record holds only what has happened.") % {
            "date": value.isoformat()}
    if value < EARLIEST:
        return gettext("%(date)s is before %(earliest)s: check the year.") % {
            "date": value.isoformat(), "earliest": EARLIEST.isoformat()}
    return None


def _date_fields(obj: models.Model) -> list[models.DateField[Any, Any]]:
    # A DateTimeField is a DateField too: timestamps the system sets are not record dates.
    return [f for f in obj._meta.concrete_fields
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)]


def problems(obj: models.Model) -> dict[str, str]:
    """Field name → why its date breaks the rule, for every date field of `obj`."""
    today = timezone.localdate()
    found: dict[str, str] = {}
    names = set()
    for field in _date_fields(obj):
        names.add(field.attname)
        value = getattr(obj, field.attname)
        if isinstance(value, datetime.date):
            problem = date_problem(value, today=today)
            if problem:
                found[field.attname] = problem
    for earlier, later in ORDERED:
        if {earlier, later} <= names and later not in found:
            first, last = getattr(obj, earlier), getattr(obj, later)
            if first is not None and last is not None and last < first:
                found[later] = (gettext("The end cannot come before the start.")
                                if later == "end_date"
                                else gettext("It cannot be withdrawn before it was given."))
    return found


def summary(found: dict[str, str]) -> str:
    """The problems in one line, each after its field's name (the API's and CLI's words)."""
    return "; ".join(f"{name}: {message}" for name, message in found.items())
