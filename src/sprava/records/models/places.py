"""Places: Belarus's regions, district centres and places of detention, shipped as data, and
the neighbouring countries where people forced out of Belarus arrive."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.validators import RegexValidator
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
    # Where the place lies decides which courts reach what happened there (the ICC's
    # territorial jurisdiction, `sprava.law.jurisdiction`). Blank: as the place it lies within.
    country = models.CharField(
        max_length=2, blank=True, db_index=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters (ISO 3166-1), e.g. BY."))],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. BY or LT; empty: as the place it lies within."),
    )

    class Meta:
        ordering = ["label_en"]


def repeats(label: str, previous: str) -> bool:
    """Whether a place's name, next in a chain, only repeats the end of the name before it.

    Places of detention are named with their town ("Prison No. 8, Zhodzina") and lie within
    that town, so a chain of names read "Prison No. 8, Zhodzina, Zhodzina, Minsk region". Only
    an exact repeat counts (case aside): "Minsk region" after "..., Minsk" says something the
    first name does not, and guessing which words of a name are its town would go wrong in
    three languages.
    """
    end = previous.rsplit(",", 1)[-1].strip()
    return bool(end) and end.casefold() == label.strip().casefold()


def without_repeats(chain: Sequence[Place]) -> list[Place]:
    """A place and what it lies within, nearest first, less each place whose name only
    repeats the end of the name before it (in the reader's language)."""
    kept: list[Place] = []
    previous = ""
    for place in chain:
        label = place.label
        if not repeats(label, previous):
            kept.append(place)
        previous = label
    return kept


def countries(places: Mapping[int, tuple[int | None, str]]) -> dict[int, str]:
    """The country of every place, given each place's (parent id, own country) by id: its own,
    else the nearest one up its chain ("" when none has one). No query: the caller reads the
    places once (they are a few hundred) for any number of records."""
    found: dict[int, str] = {}
    for start in places:
        chain: list[int] = []
        place: int | None = start
        country = ""
        while place is not None and place in places and place not in chain:
            if place in found:
                country = found[place]
                break
            chain.append(place)
            parent, own = places[place]
            if own:
                country = own
                break
            place = parent
        for link in chain:
            found.setdefault(link, country)
    return found
