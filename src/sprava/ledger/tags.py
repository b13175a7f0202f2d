"""Every action tag the custody ledger knows, in one place: `domain:object:verb`, lower case.

A tag is part of the ledger's format. Entries signed years ago carry it, auditors filter by it
and the records audit folds events by it, so a tag is never renamed: a new meaning gets a new
tag, and a retired one stays listed here so that old entries still read. Code elsewhere names a
tag only through this module; `tests/ledger/test_tags.py` fails on a literal tag anywhere else.

A record's own events (`records:<model>:<verb>`) are built by `record_action` from the model's
name and one of the record verbs below, so that the audit and the pages agree on their shape.
"""

from __future__ import annotations

import re
from typing import Final

# Structured tags in the warehouse style: domain:object:verb, lower case.
ACTION_PATTERN: Final = re.compile(r"^[a-z][a-z0-9_]*(:[a-z][a-z0-9_]*){2,3}$")

# Evidence items: their custody.
ITEM_RECEIVED: Final = "evidence:item:received"
ITEM_VIEWED: Final = "evidence:item:viewed"
ITEM_EXPORTED: Final = "evidence:item:exported"
ITEM_VERIFIED: Final = "evidence:item:verified"

# The ledger itself.
LEDGER_AUDIT_COMPLETED: Final = "ledger:audit:completed"  # `sprava verify --record`

# Accounts: who may do what, and how they signed in.
USER_CREATED: Final = "accounts:user:created"
PASSWORD_CHANGED: Final = "accounts:password:changed"  # noqa: S105 (a tag, not a secret)
SESSIONS_ENDED: Final = "accounts:sessions:ended"
TOKEN_CREATED: Final = "accounts:token:created"  # noqa: S105 (a tag, not a secret)
TOKEN_REVOKED: Final = "accounts:token:revoked"  # noqa: S105 (a tag, not a secret)
MEMBERSHIP_GRANTED: Final = "accounts:membership:granted"
MEMBERSHIP_CHANGED: Final = "accounts:membership:changed"
MEMBERSHIP_REVOKED: Final = "accounts:membership:revoked"
LOGIN_LOCKED: Final = "accounts:login:locked"
LOGIN_UNLOCKED: Final = "accounts:login:unlocked"
ENROLMENT_CODE_ISSUED: Final = "accounts:enrolment_code:issued"
ENROLMENT_CODE_REPLACED: Final = "accounts:enrolment_code:replaced"  # by a newer one
ENROLMENT_CODE_USED: Final = "accounts:enrolment_code:used"
TWO_FACTOR_ENABLED: Final = "accounts:two_factor:enabled"
TWO_FACTOR_DISABLED: Final = "accounts:two_factor:disabled"
RECOVERY_CODE_USED: Final = "accounts:recovery_code:used"
RECOVERY_CODES_REGENERATED: Final = "accounts:recovery_code:regenerated"
POLICY_CHANGED: Final = "accounts:policy:changed"

# Records as a whole. Every record's event, and every tag about records, starts with `records:`.
RECORDS: Final = "records"
IDENTITY_REVEALED: Final = "records:person:identity_revealed"
LIST_EXPORTED: Final = "records:list:exported"
ADOPTION_SUMMARY: Final = "records:audit:adopted"  # who adopted how many rows, and why

# The legal layer: evidence assessed against the elements of crimes, conclusions on elements,
# the crimes a case charges. Each event names the framework version it was made under.
ASSESSMENT_CREATED: Final = "law:assessment:created"
ASSESSMENT_CHANGED: Final = "law:assessment:changed"
ASSESSMENT_WITHDRAWN: Final = "law:assessment:withdrawn"  # never deleted
CONCLUSION_RECORDED: Final = "law:conclusion:recorded"
CONCLUSION_SUPERSEDED: Final = "law:conclusion:superseded"  # by a newer one, which is kept
CHARGE_ADDED: Final = "law:charge:added"
CHARGE_REMOVED: Final = "law:charge:removed"
# The legal layer: a lawyer's decision on what a rule of derived support proposes
# (`sprava.law.decisions`), with the rule, the versions and the records it rested on.
DERIVED_ACCEPTED: Final = "law:derived_support:accepted"
DERIVED_REJECTED: Final = "law:derived_support:rejected"
DERIVED_SUPERSEDED: Final = "law:derived_support:superseded"  # by a later decision, kept

# The verbs of a record's own events, `records:<model>:<verb>` (`record_action`).
CREATED: Final = "created"
CHANGED: Final = "changed"
DELETED: Final = "deleted"
EVIDENCE_LINKED: Final = "evidence_linked"
EVIDENCE_UNLINKED: Final = "evidence_unlinked"
ADOPTED: Final = "adopted"  # takes a row as it was found (`sprava adopt`)
# Retired: the API once wrote a testimony's incidents as their own event. Old entries carry it,
# and the audit still folds them; nothing writes it now.
INCIDENTS_CHANGED_RETIRED: Final = "incidents_changed"
RECORD_VERBS: Final = frozenset({
    CREATED, CHANGED, DELETED, EVIDENCE_LINKED, EVIDENCE_UNLINKED, ADOPTED,
    INCIDENTS_CHANGED_RETIRED,
})


def record_action(model_name: str, verb: str, domain: str = RECORDS) -> str:
    """The tag of a record's event, e.g. `records:person:created`.

    `domain` is the app whose rows are audited (`accounts` for its own tables' adoptions).
    """
    if verb not in RECORD_VERBS:
        raise ValueError(f"{verb!r} is not a record verb")
    # The shape of the whole tag is the event's to check (`events.Event`), once per event.
    return f"{domain}:{model_name}:{verb}"


def verb_of(action: str) -> str:
    """The verb a tag ends with: `records:person:created` → `created`."""
    return action.rpartition(":")[2]
