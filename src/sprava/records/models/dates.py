"""Dates as documenters know them: often only a month, a year, or "around"."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    APPROXIMATE = "approximate", _("Approximate")
    UNKNOWN = "unknown", _("Unknown")


def format_partial(value: object, precision: str) -> str:
    """A date shown no more precisely than it is known, always in English (API, exports).

    Pages show `display_partial` instead, in the reader's language.
    """
    if value is None or precision == Precision.UNKNOWN:
        return "unknown"
    if precision == Precision.APPROXIMATE:
        return f"c. {_digits(value, precision)}"
    return _digits(value, precision)


def display_partial(value: object, precision: str) -> str:
    """`format_partial` for a page: "unknown" and "c." in the active language."""
    if value is None or precision == Precision.UNKNOWN:
        return gettext("unknown")
    if precision == Precision.APPROXIMATE:
        return gettext("c. %(date)s") % {"date": _digits(value, precision)}
    return _digits(value, precision)


def _digits(value: object, precision: str) -> str:
    year, month, day = value.year, value.month, value.day  # type: ignore[attr-defined]
    if precision == Precision.YEAR:
        return f"{year}"
    if precision == Precision.MONTH:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


class PartialDateSpan(models.Model):
    """Abstract: a start and an end, each as precise as known."""

    start_date = models.DateField(null=True, blank=True, db_index=True)
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=12, choices=Precision.choices, default=Precision.DAY
    )

    class Meta:
        abstract = True

    @property
    def when(self) -> str:
        """The span in English, for the API and exports."""
        return self._span(format_partial)

    @property
    def display_when(self) -> str:
        """The span in the reader's language, for pages."""
        return self._span(display_partial)

    def _span(self, show: Callable[[object, str], str]) -> str:
        start = show(self.start_date, self.date_precision)
        if self.end_date and self.end_date != self.start_date:
            return f"{start} – {show(self.end_date, self.date_precision)}"
        return start
