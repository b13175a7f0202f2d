"""Controlled vocabularies: data that administrators edit, labelled in three languages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language


class Labelled(models.Model):
    """Abstract: a record with a label in English, Belarusian and Russian."""

    label_en = models.CharField(max_length=200)
    label_be = models.CharField(max_length=200, blank=True)
    label_ru = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def label_field() -> str:
        """The label column of the active interface language (English for any other)."""
        language = (get_language() or "en")[:2]
        return f"label_{language}" if language in {"be", "ru"} else "label_en"

    @property
    def label(self) -> str:
        """The label in the active interface language, English when none is given."""
        return str(getattr(self, self.label_field()) or self.label_en)

    def __str__(self) -> str:
        return self.label


class ActType(Labelled):
    """A kind of violation: arbitrary arrest, torture, enforced disappearance, ...

    `legal_refs` lists the Rome Statute provisions the act can fall under (e.g. "7(1)(f)"), so
    the legal layer can place every act against the elements of crimes.
    """

    code = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    legal_refs = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]
