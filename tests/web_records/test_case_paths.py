"""`permissions.CASE_PATHS`: every record of a case declares how it reaches its cases, once.

The pages and the API check one record in Python (`case_ids_of`) and filter lists in the
database (`filter_visible`) from that one declaration; both must always agree.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.db.models import Model

from sprava.accounts import permissions
from sprava.records.models import ActType, Consent, Organisation, PersonRole, Place
from tests.web_records.conftest import World, save

# Shared reference data: read by everyone signed in, recorded in no case.
REFERENCE = {Place, Organisation, ActType}


def test_every_model_of_the_records_app_declares_its_cases_or_is_reference_data() -> None:
    models = set(apps.get_app_config("records").get_models(include_auto_created=True))
    undeclared = {m.__name__ for m in models - REFERENCE - set(permissions.CASE_PATHS)}
    assert undeclared == set(), "declare their path in permissions.CASE_PATHS"


def _query_case_ids(obj: Model, case_ids: list[int]) -> set[int]:
    rule = permissions.case_path_of(type(obj))
    manager = type(obj)._base_manager
    return {case_id for case_id in case_ids
            if manager.filter(rule.q([case_id]), pk=obj.pk).exists()}


def test_the_check_of_one_record_and_the_filter_of_a_list_agree(world: World) -> None:
    # A consent for one case and one for every case, of a person in both teams' cases.
    save(PersonRole(person=world.victim, case=world.other_case, role="witness"))
    save(Consent(person=world.victim, case=world.other_case, use="tribunal", granted=True,
                 given_on=datetime.date(2022, 1, 1)))
    save(Consent(person=world.victim, use="publication", granted=True,
                 given_on=datetime.date(2022, 1, 1)))
    cases = [world.case.pk, world.other_case.pk]
    checked = 0
    for model in permissions.CASE_PATHS:
        for obj in model._base_manager.all():
            assert permissions.case_ids_of(obj) == _query_case_ids(obj, cases), (model, obj.pk)
            checked += 1
    assert checked > 20


def test_a_consent_for_one_case_belongs_to_that_case_only(world: World) -> None:
    save(PersonRole(person=world.victim, case=world.other_case, role="witness"))
    theirs = save(Consent(person=world.victim, case=world.other_case, use="tribunal",
                          granted=True, given_on=datetime.date(2022, 1, 1)))
    general = save(Consent(person=world.victim, use="publication", granted=True,
                           given_on=datetime.date(2022, 1, 1)))
    assert permissions.case_ids_of(theirs) == {world.other_case.pk}
    assert permissions.case_ids_of(general) == {world.case.pk, world.other_case.pk}


def test_a_model_that_belongs_to_no_case_is_refused() -> None:
    with pytest.raises(ValueError, match="belongs to no case"):
        permissions.case_ids_of(Place(code="x", label_en="x"))
