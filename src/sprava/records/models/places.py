"""Places: Belarus's regions, district centres and places of detention, shipped as data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sprava.records.models.vocabulary import Labelled


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    CITY = "city", _("City")
    DISTRICT = "district", _("District centre")
    SETTLEMENT = "settlement", _("Settlement")
    DETENTION = "detention", _("Place of detention")
    OTHER = "other", _("Other place")


class Place(Labelled):
    code = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=12, choices=PlaceKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["label_en"]
