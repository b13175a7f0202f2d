"""A lawyer's decision on a proposal of derived support (`sprava.law.derived`).

A proposal is computed, never stored: rules read the records each time. What is stored is the
decision, under the proposal's key, which is made of everything the proposal rests on: the
case, its target, the rule and its version, and the records with the values the rule read
(`records_key`). A record changed since is another key, so a decision never silently carries
over to a proposal the lawyer has not seen.

A later decision on the same key supersedes the earlier one, which is kept (`current` false,
and the later one's `supersedes` names it): the history of what was accepted and rejected, and
why, stays readable beside the ledger's events. Write them through `sprava.law.decisions.decide`
only: it checks the permission and writes the ledger event in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class DerivedDecision(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT,
                             related_name="derived_decisions")
    # The target: an element of a crime for an act, or of a mode for a perpetrator in the case.
    # No database constraint on the act and the person: a decision is part of the case's legal
    # history and stays when a record it named is deleted, as its ledger event does.
    act = models.ForeignKey("records.Act", null=True, blank=True, on_delete=models.DO_NOTHING,
                            db_constraint=False, related_name="+")
    crime_id = models.CharField(max_length=80, blank=True)
    perpetrator = models.ForeignKey("records.Person", null=True, blank=True,
                                    on_delete=models.DO_NOTHING, db_constraint=False,
                                    related_name="+")
    mode_id = models.CharField(max_length=40, blank=True)
    element_id = models.CharField(max_length=80)
    rule_id = models.CharField(max_length=80)
    rule_version = models.PositiveIntegerField()
    rules_version = models.CharField(max_length=20)  # the rules file's version
    framework_version = models.CharField(max_length=20)
    # The records the proposal rested on, as ["records.custodyperiod", 12] pairs, and the key
    # made of them and the values the rule read.
    records = models.JSONField(default=list)
    records_key = models.CharField(max_length=64)
    proposal_key = models.CharField(max_length=120, db_index=True)
    accepted = models.BooleanField()
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    current = models.BooleanField(default=True)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            # One decision in force per proposal; the superseded ones are its history.
            models.UniqueConstraint(fields=["proposal_key"], condition=Q(current=True),
                                    name="derived_decision_current_once"),
            models.CheckConstraint(
                condition=(Q(act__isnull=False, perpetrator__isnull=True)
                           | Q(act__isnull=True, perpetrator__isnull=False)),
                name="derived_decision_one_target"),
        ]

    def __str__(self) -> str:
        return f"{'accepted' if self.accepted else 'rejected'} {self.proposal_key}"
