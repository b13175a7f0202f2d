"""Incidents, acts, and the involvement of perpetrators in acts (a case is `sprava.cases`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sprava.cases.models import Case
from sprava.records.models.dates import PartialDateSpan


class Incident(PartialDateSpan):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incidents")
    title = models.CharField(max_length=300)
    narrative = models.TextField(blank=True)
    place = models.ForeignKey(
        "records.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    place_detail = models.CharField(max_length=300, blank=True)
    evidence = models.ManyToManyField("evidence.Item", blank=True, related_name="incidents")

    class Meta:
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.title


class Act(PartialDateSpan):
    """One violation against one victim in an incident."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="acts")
    act_type = models.ForeignKey("records.ActType", on_delete=models.PROTECT, related_name="acts")
    victim = models.ForeignKey(
        "records.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acts_suffered",
    )
    description = models.TextField(blank=True)
    place = models.ForeignKey(
        "records.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="acts"
    )
    evidence = models.ManyToManyField("evidence.Item", blank=True, related_name="acts")

    class Meta:
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"act {self.id}"


class LiabilityMode(models.TextChoices):
    COMMISSION = "commission", _("Commission, alone (art. 25(3)(a))")
    CO_PERPETRATION = "co_perpetration", _("Commission, jointly (art. 25(3)(a))")
    INDIRECT = "indirect", _("Commission through another person (art. 25(3)(a))")
    ORDERING = "ordering", _("Ordering (art. 25(3)(b))")
    SOLICITING = "soliciting", _("Soliciting or inducing (art. 25(3)(b))")
    AIDING = "aiding", _("Aiding, abetting or assisting (art. 25(3)(c))")
    COMMON_PURPOSE = "common_purpose", _("Contribution to a group's crime (art. 25(3)(d))")
    ATTEMPT = "attempt", _("Attempt (art. 25(3)(f))")
    COMMANDER = "commander", _("Military commander (art. 28(a))")
    SUPERIOR = "superior", _("Civilian superior (art. 28(b))")


class Involvement(models.Model):
    """A perpetrator in an act, with the mode of liability claimed and its basis."""

    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="involvements")
    perpetrator = models.ForeignKey(
        "records.Person", on_delete=models.PROTECT, related_name="involvements"
    )
    organisation = models.ForeignKey(
        "records.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
    )
    mode = models.CharField(max_length=20, choices=LiabilityMode.choices)
    basis = models.TextField(blank=True, help_text=_("Why this mode is claimed, on what evidence."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["act", "perpetrator", "mode"], name="involvement_once"),
        ]
