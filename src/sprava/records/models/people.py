"""People, in whatever role they appear: victim, witness, perpetrator, source."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sprava.records import charges
from sprava.records.models.dates import PartialDateSpan, Precision


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Role(models.TextChoices):
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    PERPETRATOR = "perpetrator", _("Perpetrator")
    SOURCE = "source", _("Source")


class Script(models.TextChoices):
    BELARUSIAN = "be", _("Belarusian Cyrillic")
    RUSSIAN = "ru", _("Russian Cyrillic")
    LATIN = "latin", _("Latin")
    OTHER = "other", _("Other")


class NameKind(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    TRANSLITERATION = "transliteration", _("Transliteration")
    ALIAS = "alias", _("Alias or nickname")
    FORMER = "former", _("Former name")


class Person(models.Model):
    """A human being. Protected persons are shown by pseudonym to those without identity access."""

    protected = models.BooleanField(default=False, db_index=True)
    pseudonym = models.CharField(max_length=20, unique=True, null=True, blank=True)
    # The case whose team protected the person and holds their identity: identity access comes
    # from this case only, whatever other cases come to refer to the person (see
    # `sprava.accounts.permissions`). PROTECT: the case cannot go while it holds an identity.
    protecting_case = models.ForeignKey("cases.Case", null=True, blank=True,
                                        on_delete=models.PROTECT,
                                        related_name="protected_persons")
    gender = models.CharField(max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_date = models.DateField(null=True, blank=True)
    birth_precision = models.CharField(
        max_length=12, choices=Precision.choices, default=Precision.UNKNOWN
    )
    notes = models.TextField(blank=True)
    evidence = models.ManyToManyField("evidence.Item", blank=True, related_name="persons")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        # Never a real name: str() ends up in logs and error messages.
        return self.pseudonym or f"P-{self.id:06d}"

    @property
    def reference(self) -> str:
        return f"P-{self.id:06d}"


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=300)
    script = models.CharField(max_length=8, choices=Script.choices, default=Script.OTHER)
    kind = models.CharField(max_length=16, choices=NameKind.choices, default=NameKind.PRIMARY)
    # The name folded to one Latin spelling, so Лукашэнка, Лукашенко and Lukashenko meet.
    search_key = models.CharField(max_length=300, db_index=True, editable=False)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.text


class PersonRole(models.Model):
    """The role a person has in a case; a person may be a victim in one and a witness in another."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="person_roles")
    role = models.CharField(max_length=12, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "case", "role"], name="person_role_once"),
        ]


class CustodyPeriod(PartialDateSpan):
    """Where a person was held, when, and whether the authorities acknowledged it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custody")
    place = models.ForeignKey(
        "records.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="custody_periods",
    )
    place_detail = models.CharField(max_length=300, blank=True)
    acknowledged = models.BooleanField(
        null=True,
        blank=True,
        help_text=_(
            "Did the authorities acknowledge the detention and whereabouts? Unknown if empty."
        ),
    )
    # None: the charge is not known; []: held on no charge at all (`sprava.records.charges`).
    charge_articles = models.JSONField(
        null=True, blank=True, default=None, validators=[charges.validate],
        help_text=_("The articles the person was held on, e.g. [\"CC 342\"]; [] for no charge, "
                    "empty if unknown."),
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["start_date", "id"]
