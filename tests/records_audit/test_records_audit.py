"""`sprava verify` checks every record, link, membership and account setting against the ledger.

Each attack changes the database as an insider with database access would (raw SQL or
`queryset.update()`, which bypass the domain functions and the ledger); the audit must name
the table, the row and the field, and `sprava verify` must exit 1 and say so in its JSON.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import connection

from sprava.accounts.models import ApiToken, EnrolmentCode, SecurityPolicy, SessionState, TwoFactor
from sprava.cases.models import Membership
from sprava.cli import main
from sprava.ledger.audit import Problem
from sprava.records import services
from sprava.records.models import (
    Act,
    ActType,
    Consent,
    CustodyPeriod,
    Incident,
    Organisation,
    Person,
    PersonName,
    PersonRole,
    Place,
    Position,
)
from sprava.records.models import testimony as testimony_models
from tests.records_audit.conftest import ACTOR, Recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(capsys: pytest.CaptureFixture[str]) -> Callable[[], list[Problem]]:
    """`sprava verify --json` as a function: its problems (and its exit status checked)."""

    def run() -> list[Problem]:
        capsys.readouterr()
        status = main(["verify", "--json"])
        report = json.loads(capsys.readouterr().out)
        problems = [Problem(p["subject"], p["message"], p["fatal"]) for p in report["problems"]]
        assert status == (1 if any(p.fatal for p in problems) else 0)
        return problems

    return run


Audit = Callable[[], list[Problem]]


def raw_sql(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@dataclass(frozen=True)
class Attack:
    """A direct database edit, and the problem it must cause: table, row, words of the message."""

    run: Callable[[Recorded], None]
    table: str
    row: Callable[[Recorded], int]
    says: str


ATTACKS = {
    "victim_name_renamed": Attack(
        lambda r: raw_sql("UPDATE records_personname SET text = %s WHERE id = %s",
                          ["Someone Else", r.victim_name.pk]),
        "records_personname", lambda r: r.victim_name.pk, "field text"),
    "incident_narrative_rewritten": Attack(
        lambda r: Incident.objects.filter(pk=r.incident.pk).update(
            narrative="Nothing happened in the yard."),
        "records_incident", lambda r: r.incident.pk, "field narrative"),
    "act_date_moved": Attack(
        lambda r: Act.objects.filter(pk=r.act.pk).update(start_date=datetime.date(2020, 9, 1)),
        "records_act", lambda r: r.act.pk, "field start_date"),
    "protected_flag_dropped": Attack(
        lambda r: raw_sql("UPDATE records_person SET protected = %s WHERE id = %s",
                          [False, r.witness.pk]),
        "records_person", lambda r: r.witness.pk, "field protected"),
    "victim_role_turned_perpetrator": Attack(
        lambda r: PersonRole.objects.filter(pk=r.victim_role.pk).update(role="perpetrator"),
        "records_personrole", lambda r: r.victim_role.pk, "field role"),
    "consent_deleted": Attack(
        lambda r: raw_sql("DELETE FROM records_consent WHERE id = %s", [r.consent.pk]),
        "records_consent", lambda r: r.consent.pk, "is missing"),
    "consent_widened": Attack(
        lambda r: Consent.objects.filter(pk=r.consent.pk).update(use="publication"),
        "records_consent", lambda r: r.consent.pk, "field use"),
    "testimony_incident_link_deleted": Attack(
        lambda r: testimony_models.Testimony.incidents.through.objects.filter(
            testimony_id=r.testimony.pk).delete(),
        "records_testimony", lambda r: r.testimony.pk, "field incidents"),
    "evidence_link_deleted": Attack(
        lambda r: Act.evidence.through.objects.filter(act_id=r.act.pk).delete(),
        "records_act", lambda r: r.act.pk, "field evidence"),
    "evidence_link_inserted": Attack(
        lambda r: Person.evidence.through.objects.create(person_id=r.victim.pk, item_id=r.item.pk),
        "records_person", lambda r: r.victim.pk, "field evidence"),
    "identity_access_switched_on": Attack(
        lambda r: Membership.objects.filter(pk=r.viewer_membership.pk).update(
            identity_access=True),
        "accounts_membership", lambda r: r.viewer_membership.pk, "field identity_access"),
    "membership_inserted": Attack(
        lambda r: Membership.objects.create(case=r.case, user=User.objects.get(username="admin"),
                                            role="lead", identity_access=True),
        "accounts_membership",
        lambda r: Membership.objects.get(user__username="admin").pk, "no ledger event"),
    "custody_period_moved": Attack(
        lambda r: CustodyPeriod.objects.filter(pk=r.custody.pk).update(
            place=Place.objects.get(code="minsk")),
        "records_custodyperiod", lambda r: r.custody.pk, "field place"),
    "position_ended_early": Attack(
        lambda r: Position.objects.filter(pk=r.position.pk).update(
            end_date=datetime.date(2019, 6, 1)),
        "records_position", lambda r: r.position.pk, "field end_date"),
    "organisation_renamed": Attack(
        lambda r: Organisation.objects.filter(pk=r.organisation.pk).update(label_en="Unit 0"),
        "records_organisation", lambda r: r.organisation.pk, "field label_en"),
    "shipped_act_type_relabelled": Attack(
        lambda r: ActType.objects.filter(code="torture").update(label_en="Questioning"),
        "records_acttype", lambda r: ActType.objects.get(code="torture").pk,
        "field label_en differs from the shipped reference data"),
    "shipped_place_inserted": Attack(
        lambda r: Place.objects.create(code="nowhere", kind="other", label_en="Nowhere"),
        "records_place", lambda r: Place.objects.get(code="nowhere").pk, "no ledger event"),
    "person_inserted": Attack(
        lambda r: raw_sql("INSERT INTO records_person (protected, gender, birth_precision, notes,"
                          " created_at) VALUES (%s, %s, %s, %s, %s)",
                          [False, "unknown", "day", "", "2021-01-01 00:00:00"]),
        "records_person", lambda r: Person.objects.order_by("-pk").first().pk,  # type: ignore[union-attr]
        "no ledger event"),
    "person_deleted": Attack(
        lambda r: raw_sql("DELETE FROM records_person WHERE id = %s", [_bare_person(r)]),
        "records_person", lambda r: Person.objects.order_by("-pk").first().pk + 1,  # type: ignore[union-attr]
        "is missing"),
    "account_made_administrator": Attack(
        lambda r: User.objects.filter(pk=r.viewer.pk).update(is_superuser=True, is_staff=True),
        "auth_user", lambda r: r.viewer.pk, "field is_superuser"),
    "account_deactivated": Attack(
        lambda r: User.objects.filter(pk=r.lead.pk).update(is_active=False),
        "auth_user", lambda r: r.lead.pk, "field is_active"),
    "two_factor_removed": Attack(
        lambda r: TwoFactor.objects.all().delete(),
        "auth_user", lambda r: User.objects.get(username="admin").pk, "field two_factor"),
    "revoked_api_token_working_again": Attack(
        lambda r: ApiToken.objects.filter(pk=r.revoked_token.pk).update(revoked=None),
        "accounts_apitoken", lambda r: r.revoked_token.pk, "field revoked"),
    "api_token_inserted": Attack(
        lambda r: ApiToken.objects.create(user=r.viewer, name="mine", prefix="abcd1234",
                                          secret_hash="0" * 64),
        "accounts_apitoken", lambda r: ApiToken.objects.get(prefix="abcd1234").pk,
        "no ledger event"),
    "ended_sessions_revived": Attack(
        lambda r: SessionState.objects.filter(user=r.lead).update(generation=0),
        "accounts_sessionstate", lambda r: SessionState.objects.get(user=r.lead).pk,
        "field generation"),
    "two_factor_policy_switched_off": Attack(
        lambda r: SecurityPolicy.objects.update(require_two_factor=False),
        "accounts_securitypolicy", lambda r: 1, "field require_two_factor"),
    # Whoever holds a code that works enrols the phone, so a code must come from an issue.
    "enrolment_code_inserted": Attack(
        lambda r: EnrolmentCode.objects.create(
            user=User.objects.get(username="admin"), code_hash="0" * 64, created_by="cli",
            expires_at=r.issued_code.expires_at),
        "accounts_enrolmentcode",
        lambda r: EnrolmentCode.objects.get(user__username="admin").pk, "no ledger event"),
    "enrolment_code_expiry_pushed_out": Attack(
        lambda r: EnrolmentCode.objects.filter(pk=r.issued_code.pk).update(
            expires_at=r.issued_code.expires_at + datetime.timedelta(days=365)),
        "accounts_enrolmentcode", lambda r: r.issued_code.pk, "field expires_at"),
    "enrolment_code_swapped_for_a_known_one": Attack(
        lambda r: EnrolmentCode.objects.filter(pk=r.issued_code.pk).update(code_hash="0" * 64),
        "accounts_enrolmentcode", lambda r: r.issued_code.pk, "field code_hash"),
    "used_enrolment_code_working_again": Attack(
        lambda r: EnrolmentCode.objects.filter(pk=r.used_code.pk).update(used_at=None),
        "accounts_enrolmentcode", lambda r: r.used_code.pk, "field used_at"),
    "used_enrolment_code_deleted": Attack(
        lambda r: raw_sql("DELETE FROM accounts_enrolmentcode WHERE id = %s", [r.used_code.pk]),
        "accounts_enrolmentcode", lambda r: r.used_code.pk, "is missing"),
    "issued_enrolment_code_deleted": Attack(
        lambda r: EnrolmentCode.objects.filter(pk=r.issued_code.pk).delete(),
        "accounts_enrolmentcode", lambda r: r.issued_code.pk, "is missing"),
}


def _bare_person(r: Recorded) -> int:
    """A person with nothing depending on them, made through Sprava, the last one."""
    return int(services.save_record(Person(notes="To be deleted"), actor=ACTOR).pk)


def test_a_locker_made_through_sprava_audits_clean(recorded: Recorded, audit: Audit) -> None:
    assert audit() == []


@pytest.mark.parametrize("name", ATTACKS)
def test_each_direct_database_edit_is_named_by_table_row_and_field(
    recorded: Recorded, audit: Audit, name: str
) -> None:
    attack = ATTACKS[name]
    attack.run(recorded)
    row = attack.row(recorded)
    problems = audit()
    assert [p for p in problems if p.subject == f"table {attack.table} row {row}"
            and attack.says in p.message and p.fatal], problems


def test_verify_exits_1_and_its_json_names_every_edited_row(
    recorded: Recorded, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--json"]) == 0
    capsys.readouterr()
    ATTACKS["victim_name_renamed"].run(recorded)
    ATTACKS["identity_access_switched_on"].run(recorded)
    ATTACKS["consent_deleted"].run(recorded)
    assert main(["verify", "--json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    named = {(p["subject"], p["message"]) for p in problems if p["fatal"]}
    assert (f"table records_personname row {recorded.victim_name.pk}",
            "field text differs from the value its ledger events give") in named
    assert (f"table accounts_membership row {recorded.viewer_membership.pk}",
            "field identity_access differs from the value its ledger events give") in named
    assert (f"table records_consent row {recorded.consent.pk}",
            "is missing: its ledger events say it exists") in named


def test_deleting_a_person_records_what_the_delete_takes_with_it(
    recorded: Recorded, audit: Audit
) -> None:
    person = services.save_record(Person(), actor=ACTOR)
    services.add_name(person, "Short Lived", actor=ACTOR)
    services.save_record(PersonRole(person=person, case=recorded.case, role="witness"),
                         actor=ACTOR)
    services.save_record(Consent(person=person, case=recorded.case, use="tribunal", granted=True,
                                 given_on=datetime.date(2021, 1, 1)), actor=ACTOR)
    services.delete_record(person, actor=ACTOR)
    assert not PersonName.objects.filter(person_id=person.pk).exists()
    assert audit() == []


def test_deleting_an_incident_records_the_testimony_links_it_ends(
    recorded: Recorded, audit: Audit
) -> None:
    spare = services.save_record(Incident(case=recorded.case, title="Spare"), actor=ACTOR)
    services.set_incidents(recorded.testimony, [recorded.incident, spare], actor=ACTOR)
    services.delete_record(spare, actor=ACTOR)
    assert list(recorded.testimony.incidents.all()) == [recorded.incident]
    assert audit() == []


# How a change of a testimony's incidents was written, oldest first: the API's own verb with the
# incidents alone, then with them twice (beside `changes`), then as every change is written.
INCIDENT_SHAPES = {
    "api_incidents_only": ("incidents_changed", lambda change: {"incidents": change}),
    "api_incidents_twice": ("incidents_changed",
                            lambda change: {"incidents": change,
                                            "changes": {"incidents": change}}),
    "state_details": ("changed", lambda change: {"changes": {"incidents": change}}),
}


@pytest.mark.parametrize("shape", INCIDENT_SHAPES)
def test_a_testimonys_incidents_changed_in_any_recorded_shape_fold_to_its_links(
    recorded: Recorded, audit: Audit, shape: str
) -> None:
    """Ledgers written by older versions stay verifiable: each shape gives the same links, and a
    link no event made is still named."""
    from sprava.ledger import log
    from sprava.ledger.events import Event
    from sprava.rows import history

    testimony = recorded.testimony
    spare = services.save_record(Incident(case=recorded.case, title="Spare"), actor=ACTOR)
    verb, details = INCIDENT_SHAPES[shape]
    change = {"before": [recorded.incident.pk],
              "after": sorted([recorded.incident.pk, spare.pk])}
    testimony.incidents.add(spare)  # the link, and the event as that version wrote it
    log.record(Event(actor=ACTOR, action=f"records:testimony:{verb}",
                     case=recorded.case.reference, subject=history.subject(testimony),
                     details={"record": history.subject(testimony), **details(change)}))
    assert audit() == []
    testimony_models.Testimony.incidents.through.objects.filter(
        testimony_id=testimony.pk, incident_id=spare.pk).delete()  # no event says so
    assert [p for p in audit() if p.subject == f"table records_testimony row {testimony.pk}"
            and "field incidents" in p.message]


def test_membership_changes_and_revocations_through_sprava_audit_clean(
    recorded: Recorded, audit: Audit
) -> None:
    from sprava.accounts import members

    members.change_member(recorded.case, recorded.viewer, identity_access=True, actor="cli")
    members.remove_member(recorded.case, recorded.viewer, actor="cli")
    assert audit() == []


def test_turning_two_factor_off_through_sprava_audits_clean(
    recorded: Recorded, audit: Audit
) -> None:
    from sprava.accounts import policy, totp

    totp.disable(User.objects.get(username="admin"), actor="cli")
    # the lead's spent enrolment code loses its authenticator with it, and stays spent
    totp.disable(recorded.lead, actor="cli")
    assert EnrolmentCode.objects.get(pk=recorded.used_code.pk).device_id is None
    policy.set_two_factor_required(False, actor="cli")
    assert audit() == []


def test_a_row_restored_after_its_deletion_is_named(recorded: Recorded, audit: Audit) -> None:
    consent = Consent.objects.get(pk=recorded.consent.pk)
    services.delete_record(consent, actor=ACTOR)
    consent.pk = recorded.consent.pk
    Consent.objects.bulk_create([consent])  # back in the table, and no event says so
    assert Problem(f"table records_consent row {consent.pk}",
                   "exists, but its ledger events deleted it") in audit()


def test_records_of_a_table_verify_does_not_know_are_a_warning(
    recorded: Recorded, audit: Audit
) -> None:
    from sprava.ledger import log
    from sprava.ledger.events import Event

    log.record(Event(actor=ACTOR, action="records:unknown:created", subject="records.unknown:1",
                     details={"record": "records.unknown:1", "after": {}}))
    assert audit() == [Problem("ledger records of records.unknown",
                               "are not checked against any table", fatal=False)]
