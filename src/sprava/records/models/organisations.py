"""Organisations and units with their hierarchy, and the positions people held in them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sprava.records.models.dates import PartialDateSpan
from sprava.records.models.vocabulary import Labelled


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or state body")
    SECURITY = "security", _("Security service")
    POLICE = "police", _("Police or special police unit")
    INVESTIGATION = "investigation", _("Investigative body")
    PROSECUTION = "prosecution", _("Prosecutor's office")
    COURT = "court", _("Court")
    DETENTION = "detention", _("Detention centre, prison or colony")
    MILITARY = "military", _("Military unit")
    OTHER = "other", _("Other")


class Organisation(Labelled):
    # Stable identifier of shipped reference data, so a renamed unit is still the same unit.
    code = models.SlugField(max_length=80, unique=True, null=True, blank=True)
    abbreviation = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=16, choices=OrganisationKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    place = models.ForeignKey(
        "records.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["label_en"]

    def chain(self) -> list[Organisation]:
        """This unit and its superiors up to the top, nearest first."""
        chain: list[Organisation] = []
        current: Organisation | None = self
        while current is not None and current not in chain:  # a cycle must not hang a page
            chain.append(current)
            current = current.parent
        return chain


class Position(PartialDateSpan):
    """A post a person held in a unit over time: the basis of command responsibility."""

    person = models.ForeignKey("records.Person", on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(max_length=200)
    rank = models.CharField(max_length=100, blank=True)
    superior_responsibility = models.BooleanField(
        default=False, help_text=_("The post gave command or authority over the unit.")
    )

    class Meta:
        ordering = ["start_date", "id"]
