"""The ledger's action tags: one catalogue, and no tag written anywhere else.

A tag is part of the ledger's format (entries signed years ago carry it), so this file also
holds every tag as it must stay: renaming one fails here.
"""

import ast
from pathlib import Path

import pytest

from sprava.ledger import tags

SOURCE = Path(tags.__file__).resolve().parents[1]

EVERY_TAG = {
    "ITEM_RECEIVED": "evidence:item:received",
    "ITEM_VIEWED": "evidence:item:viewed",
    "ITEM_EXPORTED": "evidence:item:exported",
    "ITEM_VERIFIED": "evidence:item:verified",
    "LEDGER_AUDIT_COMPLETED": "ledger:audit:completed",
    "USER_CREATED": "accounts:user:created",
    "PASSWORD_CHANGED": "accounts:password:changed",
    "SESSIONS_ENDED": "accounts:sessions:ended",
    "TOKEN_CREATED": "accounts:token:created",
    "TOKEN_REVOKED": "accounts:token:revoked",
    "MEMBERSHIP_GRANTED": "accounts:membership:granted",
    "MEMBERSHIP_CHANGED": "accounts:membership:changed",
    "MEMBERSHIP_REVOKED": "accounts:membership:revoked",
    "LOGIN_LOCKED": "accounts:login:locked",
    "LOGIN_UNLOCKED": "accounts:login:unlocked",
    "ENROLMENT_CODE_ISSUED": "accounts:enrolment_code:issued",
    "ENROLMENT_CODE_REPLACED": "accounts:enrolment_code:replaced",
    "ENROLMENT_CODE_USED": "accounts:enrolment_code:used",
    "TWO_FACTOR_ENABLED": "accounts:two_factor:enabled",
    "TWO_FACTOR_DISABLED": "accounts:two_factor:disabled",
    "RECOVERY_CODE_USED": "accounts:recovery_code:used",
    "RECOVERY_CODES_REGENERATED": "accounts:recovery_code:regenerated",
    "POLICY_CHANGED": "accounts:policy:changed",
    "IDENTITY_REVEALED": "records:person:identity_revealed",
    "LIST_EXPORTED": "records:list:exported",
    "ADOPTION_SUMMARY": "records:audit:adopted",
    "ASSESSMENT_CREATED": "law:assessment:created",
    "ASSESSMENT_CHANGED": "law:assessment:changed",
    "ASSESSMENT_WITHDRAWN": "law:assessment:withdrawn",
    "CONCLUSION_RECORDED": "law:conclusion:recorded",
    "CONCLUSION_SUPERSEDED": "law:conclusion:superseded",
    "CHARGE_ADDED": "law:charge:added",
    "CHARGE_REMOVED": "law:charge:removed",
    "DERIVED_ACCEPTED": "law:derived_support:accepted",
    "DERIVED_REJECTED": "law:derived_support:rejected",
    "DERIVED_SUPERSEDED": "law:derived_support:superseded",
}
EVERY_VERB = {"created", "changed", "deleted", "evidence_linked", "evidence_unlinked", "adopted",
              "incidents_changed"}


def _catalogue() -> dict[str, str]:
    return {name: value for name, value in vars(tags).items()
            if name.isupper() and isinstance(value, str) and ":" in value}


def test_every_tag_keeps_its_value():
    assert _catalogue() == EVERY_TAG


def test_every_record_verb_keeps_its_value():
    assert tags.RECORD_VERBS == EVERY_VERB


def test_every_tag_is_a_structured_tag():
    for value in EVERY_TAG.values():
        assert tags.ACTION_PATTERN.match(value), value


def test_a_record_action_is_app_model_and_verb():
    assert tags.record_action("person", tags.CREATED) == "records:person:created"
    assert tags.record_action("membership", tags.ADOPTED, "accounts") == (
        "accounts:membership:adopted")
    assert tags.verb_of("records:act:evidence_linked") == tags.EVIDENCE_LINKED


@pytest.mark.parametrize("verb", ["renamed", "", "Created", "created:again"])
def test_a_record_action_refuses_a_verb_not_in_the_catalogue(verb):
    with pytest.raises(ValueError):
        tags.record_action("person", verb)


def _string_shapes(tree: ast.AST):
    """Each string constant as written, and each f-string with its fields read as `x`."""
    joined_parts: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else "x"
                           for part in node.values)
            joined_parts.update(id(part) for part in node.values)
            yield node.lineno, text
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in joined_parts:
            yield node.lineno, node.value


def test_no_module_writes_a_tag_of_its_own():
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if relative == Path("ledger/tags.py") or "migrations" in relative.parts:
            continue
        for line, text in _string_shapes(ast.parse(path.read_text(encoding="utf-8"))):
            if tags.ACTION_PATTERN.match(text):
                found.append(f"{relative}:{line}: {text!r}")
    assert found == [], "tags belong in sprava/ledger/tags.py:\n" + "\n".join(found)


def test_the_scan_finds_a_literal_tag_and_an_f_string_tag():
    sample = 'A = "records:person:created"\nB = f"records:{name}:{verb}"\nC = f"records:{k}-list"\n'
    shapes = [text for _, text in _string_shapes(ast.parse(sample))]
    assert [s for s in shapes if tags.ACTION_PATTERN.match(s)] == [
        "records:x:x", "records:person:created"]
