"""Dates as documenters know them: often only a month, a year, or "around"."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    APPROXIMATE = "approximate", _("Approximate")
    UNKNOWN = "unknown", _("Unknown")


def format_partial(value: object, precision: str) -> str:
    """A date shown no more precisely than it is known."""
    if value is None or precision == Precision.UNKNOWN:
        return "unknown"
    year, month, day = value.year, value.month, value.day  # type: ignore[attr-defined]
    if precision == Precision.YEAR:
        return f"{year}"
    if precision == Precision.MONTH:
        return f"{year}-{month:02d}"
    if precision == Precision.APPROXIMATE:
        return f"c. {year}-{month:02d}-{day:02d}"
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
        start = format_partial(self.start_date, self.date_precision)
        if self.end_date and self.end_date != self.start_date:
            return f"{start} – {format_partial(self.end_date, self.date_precision)}"
        return start
