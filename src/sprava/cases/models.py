"""A case and who belongs to it: the foot of the domain, which every other app may use.

Evidence arrives for a case, records belong to one, and a membership decides who sees it. These
two models were the records' and the accounts' apps' until issue 8; their tables kept their
names (`records_case`, `accounts_membership`), and so did their rows' names in the ledger.
Change them through the domain functions (`sprava.accounts.members` for memberships), never
directly: each writes its custody event in the same transaction as the change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Venue(models.TextChoices):
    TRIBUNAL = "tribunal", _("International tribunal")
    NATIONAL = "national", _("National prosecutor")
    PEOPLES = "peoples", _("People's Tribunal")
    PUBLICATION = "publication", _("Publication")


class Case(models.Model):
    """A body of work a team prepares for one or more venues."""

    reference = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    venues = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The ledger's name for these rows (`rows.history.subject`): entries signed before the
    # model moved to this app say `records.case`, and a name in the ledger never changes.
    LEDGER_LABEL = "records.case"

    class Meta:
        db_table = "records_case"  # the table the records app made; no data moved
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference


class Role(models.TextChoices):
    """A member's role in one case; what each role may do is in `permissions.ROLE_PERMISSIONS`."""

    LEAD = "lead", _("Lead")
    LAWYER = "lawyer", _("Lawyer")
    INVESTIGATOR = "investigator", _("Investigator")
    ANALYST = "analyst", _("Analyst")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A user's place in a case. Without one, the case and everything in it is invisible."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    # Granted separately from the role: seeing the real names of protected persons.
    identity_access = models.BooleanField(default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(default=timezone.now)

    LEDGER_LABEL = "accounts.membership"  # as `Case.LEDGER_LABEL`

    class Meta:
        db_table = "accounts_membership"
        # User first: the index then also serves "the cases of this user", asked on every page.
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="membership_once_per_case"),
        ]
        ordering = ["case_id", "role", "user_id"]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.case_id} as {self.role}"
