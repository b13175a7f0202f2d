"""Sources and testimonies, and the consent of those who speak, per use."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sprava.cases.models import Venue


class SourceKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    WRITTEN = "written", _("Written statement")
    DOCUMENT = "document", _("Document")
    OPEN_SOURCE = "open_source", _("Open source")


class Reliability(models.TextChoices):
    # The Admiralty scale for the source, as used by many investigative teams.
    A = "A", _("A — completely reliable")
    B = "B", _("B — usually reliable")
    C = "C", _("C — fairly reliable")
    D = "D", _("D — not usually reliable")
    E = "E", _("E — unreliable")
    F = "F", _("F — reliability cannot be judged")


class Testimony(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="testimonies")
    given_by = models.ForeignKey(
        "records.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="testimonies",
    )
    kind = models.CharField(max_length=12, choices=SourceKind.choices)
    given_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=20, blank=True)
    transcript = models.TextField(blank=True)
    translation = models.TextField(blank=True)
    translation_language = models.CharField(max_length=20, blank=True)
    reliability = models.CharField(max_length=1, choices=Reliability.choices, default=Reliability.F)
    taken_by = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    incidents = models.ManyToManyField("records.Incident", blank=True, related_name="testimonies")
    evidence = models.ManyToManyField("evidence.Item", blank=True, related_name="testimonies")

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name_plural = "testimonies"

    def __str__(self) -> str:
        return f"testimony {self.id}"


class Consent(models.Model):
    """A person's consent to one use of what they gave, with its scope and any withdrawal."""

    person = models.ForeignKey("records.Person", on_delete=models.CASCADE, related_name="consents")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    use = models.CharField(max_length=12, choices=Venue.choices)
    granted = models.BooleanField()
    given_on = models.DateField()
    scope = models.TextField(blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["person", "use", "-given_on"]

    @property
    def in_force(self) -> bool:
        return self.granted and self.withdrawn_on is None
