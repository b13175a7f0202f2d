"""What people decide about the law: the crimes a case charges, evidence assessed against the
elements of crimes, and conclusions on those elements.

Every row names its case and the framework version it was made under (`framework.Framework.
version`), so a revised framework file never silently changes an old analysis. An element is
assessed for one of three targets (`sprava.law.targets.Target`), and the columns say which:

- an act: `act`, `crime` and `element` (one of the crime's, contextual ones included);
- a perpetrator in the case: `perpetrator`, `mode` and `element` (one of the mode's);
- the case's context: `element` alone (a contextual element).

Rows are changed only through `sprava.law.assessments`, `conclusions` and `charges`, each change
a custody-ledger event in the same transaction. Assessments are withdrawn, never deleted;
conclusions are superseded by newer ones, never changed.
"""

from __future__ import annotations

import functools
import operator

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sprava.records.models import Reliability

CRIME_MAX = 60
MODE_MAX = 20
ELEMENT_MAX = 60
VERSION_MAX = 40
PINPOINT_MAX = 100


class Direction(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    CONTRADICTS = "contradicts", _("Contradicts")


class Category(models.TextChoices):
    CRIME_BASE = "crime-base", _("Crime base")
    LINKAGE = "linkage", _("Linkage")
    CONTEXT = "context", _("Context")


class Strength(models.TextChoices):
    """How directly the source speaks to the element, strongest first."""

    DIRECT = "direct", _("Direct")
    CORROBORATING = "corroborating", _("Corroborating")
    CIRCUMSTANTIAL = "circumstantial", _("Circumstantial")


class PinpointKind(models.TextChoices):
    """Where in an evidence item the assessed passage is (`sources.Pinpoint` reads the value)."""

    PAGE = "page", _("Page")
    PARAGRAPH = "paragraph", _("Paragraph")
    TIME = "time", _("Time code")
    REGION = "region", _("Image region")


class State(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not-met", _("Not met")
    OPEN = "open", _("Open")


def _user(related: str = "+", null: bool = False) -> models.ForeignKey:  # type: ignore[type-arg]
    # PROTECT: who made an analysis stays known; accounts are deactivated, not deleted.
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name=related, null=null, blank=null)


# The three shapes a target may take (see the module's docstring).
ACT_TARGET = Q(act__isnull=False, perpetrator__isnull=True, mode="") & ~Q(crime="")
PERPETRATOR_TARGET = Q(act__isnull=True, perpetrator__isnull=False, crime="") & ~Q(mode="")
CONTEXT_TARGET = Q(act__isnull=True, perpetrator__isnull=True, crime="", mode="")


class Targeted(models.Model):
    """Abstract: a row about one element of one target, under one framework version."""

    # The matrix indexes lead with the case and the act: no index of their own.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+",
                             db_index=False)
    act = models.ForeignKey("records.Act", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+", db_index=False)
    perpetrator = models.ForeignKey("records.Person", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    crime = models.CharField(max_length=CRIME_MAX, blank=True)
    mode = models.CharField(max_length=MODE_MAX, blank=True)
    element = models.CharField(max_length=ELEMENT_MAX)
    framework_version = models.CharField(max_length=VERSION_MAX)
    reasoning = models.TextField()
    created_by = _user()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=ACT_TARGET | PERPETRATOR_TARGET | CONTEXT_TARGET,
                                   name="%(class)s_one_target"),
        ]


# Where an assessment's source is; exactly one is set.
SOURCE_FIELDS = ("item", "testimony", "custody", "position", "involvement")


def _exactly_one(names: tuple[str, ...]) -> Q:
    """One of these fields set and the others null, as one condition."""
    return functools.reduce(operator.or_, (
        Q(**{f"{name}__isnull": False}, **{f"{other}__isnull": True
                                            for other in names if other != name})
        for name in names))


class Assessment(Targeted):
    """A source linked to an element: what it shows, how strongly, how reliably, and why."""

    item = models.ForeignKey("evidence.Item", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    pinpoint_kind = models.CharField(max_length=12, choices=PinpointKind.choices, blank=True)
    pinpoint = models.CharField(max_length=PINPOINT_MAX, blank=True)
    testimony = models.ForeignKey("records.Testimony", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    paragraph = models.PositiveIntegerField(null=True, blank=True)
    custody = models.ForeignKey("records.CustodyPeriod", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey("records.Position", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    involvement = models.ForeignKey("records.Involvement", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=12, choices=Direction.choices)
    category = models.CharField(max_length=12, choices=Category.choices)
    strength = models.CharField(max_length=16, choices=Strength.choices)
    reliability = models.CharField(max_length=1, choices=Reliability.choices)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = _user(null=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            *Targeted.Meta.constraints,
            models.CheckConstraint(condition=_exactly_one(SOURCE_FIELDS),
                                   name="assessment_one_source"),
            models.CheckConstraint(condition=Q(item__isnull=False)
                                   | Q(pinpoint_kind="", pinpoint=""),
                                   name="assessment_pinpoint_of_an_item"),
            models.CheckConstraint(condition=Q(testimony__isnull=False)
                                   | Q(paragraph__isnull=True),
                                   name="assessment_paragraph_of_a_testimony"),
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True)
                                   | ~Q(withdrawn_reason=""),
                                   name="assessment_withdrawn_with_a_reason"),
        ]
        indexes = [
            # The proof matrix: per element of a charged crime, the acts with live support or
            # contradiction, counted from the index alone.
            models.Index(fields=["case", "crime", "element", "direction", "act"],
                         condition=Q(withdrawn_at__isnull=True), name="law_assessment_matrix"),
            # An act's own matrix, on its page.
            models.Index(fields=["act", "crime", "element"], name="law_assessment_act"),
            # A perpetrator's modes, on theirs.
            models.Index(fields=["case", "perpetrator", "mode", "element"],
                         name="law_assessment_perpetrator"),
        ]

    def __str__(self) -> str:
        return f"assessment {self.pk}"

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None


class Conclusion(Targeted):
    """A lawyer's conclusion on one element at one standard of proof. A newer conclusion on
    the same target and standard supersedes it; both stay."""

    state = models.CharField(max_length=8, choices=State.choices)
    standard = models.CharField(max_length=40)  # a framework standard's id
    superseded_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="supersedes")
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        constraints = [*Targeted.Meta.constraints]
        indexes = [
            # The matrix's "concluded met": the current conclusions of an element, by act.
            models.Index(fields=["case", "crime", "element", "state", "act"],
                         condition=Q(superseded_by__isnull=True), name="law_conclusion_matrix"),
            models.Index(fields=["act", "crime", "element", "standard"],
                         name="law_conclusion_act"),
            models.Index(fields=["case", "perpetrator", "mode", "element"],
                         name="law_conclusion_perpetrator"),
        ]

    def __str__(self) -> str:
        return f"conclusion {self.pk}"

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None


class Charge(models.Model):
    """A crime the case charges: its elements become the rows of the case's proof matrix."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="charges",
                             db_index=False)  # the unique constraint's index leads with it
    crime = models.CharField(max_length=CRIME_MAX)
    framework_version = models.CharField(max_length=VERSION_MAX)
    created_by = _user()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        constraints = [
            models.UniqueConstraint(fields=["case", "crime"], name="charge_once_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.crime} in case {self.case_id}"


# Derived support's decisions, declared beside the rules that make the proposals.
from sprava.law.derived_models import DerivedDecision as DerivedDecision  # noqa: E402

