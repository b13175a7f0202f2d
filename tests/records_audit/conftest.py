"""A small locker whose every record, link, membership and account setting came through Sprava.

The attacks of the records audit's tests are made on it with raw SQL and `queryset.update()`,
as an insider with database access would: no domain function, no ledger entry.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.contrib.auth.models import User

from sprava.accounts import enrolment, members, policy, tokens, totp
from sprava.accounts.models import ApiToken, EnrolmentCode
from sprava.accounts.users import create_user
from sprava.cases.models import Case, Membership
from sprava.evidence.intake import ingest_stream
from sprava.evidence.models import Item
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
    Testimony,
)

ACTOR = "user:lead"


@dataclass(frozen=True)
class Recorded:
    case: Case
    incident: Incident
    act: Act
    victim: Person
    victim_name: PersonName
    victim_role: PersonRole
    witness: Person
    consent: Consent
    testimony: Testimony
    custody: CustodyPeriod
    organisation: Organisation
    position: Position
    item: Item
    lead: User
    viewer: User
    viewer_membership: Membership
    revoked_token: ApiToken
    issued_code: EnrolmentCode  # the viewer's, not yet used
    used_code: EnrolmentCode  # the one the lead enrolled with


def _save(obj: Any) -> Any:
    return services.save_record(obj, actor=ACTOR)


@pytest.fixture
def recorded(home: Path, vault: Any, db: None, settings: Any) -> Recorded:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    lead = create_user("lead", "a long and private password", actor="cli")
    viewer = create_user("viewer", "a long and private password", actor="cli")
    admin = create_user("admin", "a long and private password", admin=True, actor="cli")
    case = _save(Case(reference="akrestsina-2020", title="Akrestsina, August 2020"))
    members.add_member(case, lead, "lead", identity_access=True, actor="cli")
    viewer_membership = members.add_member(case, viewer, "viewer", actor="cli")
    place = Place.objects.get(code="akrestsina")
    incident = _save(Incident(case=case, title="Beatings in the yard", place=place,
                              narrative="Detainees were made to lie face down.",
                              start_date=datetime.date(2020, 8, 11)))
    victim = _save(Person(notes="Detained on 11 August."))
    victim_name = services.add_name(victim, "Алесь Бяляцкі", actor=ACTOR, script="be")
    victim_role = _save(PersonRole(person=victim, case=case, role="victim"))
    act = _save(Act(incident=incident, victim=victim, act_type=ActType.objects.get(code="torture"),
                    start_date=datetime.date(2020, 8, 11), description="Beaten with batons."))
    witness = _save(Person())
    services.add_name(witness, "Witness Name", actor=ACTOR)
    _save(PersonRole(person=witness, case=case, role="witness"))
    services.protect(witness, actor=ACTOR)
    consent = _save(Consent(person=witness, case=case, use="tribunal", granted=True,
                            given_on=datetime.date(2021, 3, 1), scope="Tribunal only."))
    testimony = _save(Testimony(case=case, given_by=witness, kind="interview",
                                transcript="We were taken to the yard."))
    services.set_incidents(testimony, [incident], actor=ACTOR)
    custody = _save(CustodyPeriod(person=victim, place=place,
                                  start_date=datetime.date(2020, 8, 9)))
    organisation = _save(Organisation(label_en="Unit 3214", kind="military"))
    perpetrator = _save(Person())
    _save(PersonRole(person=perpetrator, case=case, role="perpetrator"))
    position = _save(Position(person=perpetrator, organisation=organisation, title="Commander",
                              start_date=datetime.date(2019, 1, 1)))
    item = ingest_stream(io.BytesIO(b"a photograph of the yard"), vault=vault,
                         filename="yard.jpg", actor=ACTOR).item
    services.link_evidence(act, item, actor=ACTOR)
    services.link_evidence(incident, item, actor=ACTOR)
    # enrolled before the requirement is switched on (after it, only with an enrolment code)
    pending = totp.begin(admin)
    totp.confirm(admin, pyotp.TOTP(pending.secret).now())
    revoked = tokens.create_token(lead, "old laptop", actor="cli")
    revoked_token = ApiToken.objects.get(prefix=revoked.split("_")[1])
    tokens.revoke_token(revoked_token.pk, actor="cli")
    assert tokens.authenticate_token(tokens.create_token(lead, "laptop", actor="cli"))  # used
    # tokens first: while two-factor is required, an account without it gets none
    policy.set_two_factor_required(True, actor="cli")
    # while it is required, the lead enrols with a code and the viewer has one waiting
    device = enrolment.start(lead, enrolment.issue(lead, actor="cli"))
    totp.confirm(lead, pyotp.TOTP(device.secret).now(), enrolment_device=device.pk)
    enrolment.issue(viewer, actor="cli")
    enrolment.issue(viewer, actor="cli")  # the second replaces the first
    return Recorded(case=case, incident=incident, act=act, victim=victim,
                    victim_name=victim_name, victim_role=victim_role, witness=witness,
                    consent=consent, testimony=testimony, custody=custody,
                    organisation=organisation, position=position, item=item, lead=lead,
                    viewer=viewer, viewer_membership=viewer_membership,
                    revoked_token=revoked_token,
                    issued_code=EnrolmentCode.objects.get(user=viewer),
                    used_code=EnrolmentCode.objects.get(user=lead))
