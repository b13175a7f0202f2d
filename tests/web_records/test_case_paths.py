"""`permissions.CASE_PATHS`: every record of a case declares how it reaches its cases, once.

The pages and the API check one record in Python (`case_ids_of`) and filter lists in the
database (`filter_visible`) from that one declaration; both must always agree.
"""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Model

from sprava.accounts import permissions
from sprava.cases.models import Case
from sprava.records.models import (
    Act,
    ActType,
    Consent,
    Involvement,
    Organisation,
    Person,
    PersonRole,
    Place,
)
from tests.web_records.conftest import World, save

# Shared reference data: read by everyone signed in, recorded in no case.
REFERENCE = {Place, Organisation, ActType}


def test_every_model_of_the_records_app_declares_its_cases_or_is_reference_data() -> None:
    models = set(apps.get_app_config("records").get_models(include_auto_created=True))
    undeclared = {m.__name__ for m in models - REFERENCE - set(permissions.CASE_PATHS)}
    assert undeclared == set(), "declare their path in permissions.CASE_PATHS"


def test_every_model_of_the_legal_layer_declares_its_cases() -> None:
    # Declared from the law app's `ready` (`permissions.declare_case_path`): the accounts layer
    # may not import the legal layer's models.
    models = set(apps.get_app_config("law").get_models(include_auto_created=True))
    assert models and models - set(permissions.CASE_PATHS) == set()


def test_a_model_declared_again_with_another_path_is_refused() -> None:
    from sprava.law.models import Assessment

    permissions.declare_case_path(Assessment, permissions.CasePath("case"))  # the same: fine
    with pytest.raises(ValueError, match="already reaches its cases"):
        permissions.declare_case_path(Assessment, permissions.CasePath("act__incident__case"))


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


# --- in_cases and case_field: the declaration, used wherever rows are scoped to a case ------


def test_in_cases_takes_a_case_its_id_several_or_a_query_set_of_cases(world: World) -> None:
    mine = {world.act.pk, world.act2.pk}
    for cases in (world.case, world.case.pk, [world.case], [world.case.pk],
                  Case.objects.filter(pk=world.case.pk)):
        assert set(Act.objects.filter(permissions.in_cases(Act, cases))
                   .values_list("pk", flat=True)) == mine, cases
    both = Case.objects.filter(pk__in=[world.case.pk, world.other_case.pk])
    assert Act.objects.filter(permissions.in_cases(Act, both)).count() == 3
    assert Act.objects.filter(permissions.in_cases(Act, [])).count() == 0


def test_in_cases_lists_a_person_with_several_roles_in_the_cases_once(world: World) -> None:
    save(PersonRole(person=world.victim, case=world.case, role="witness"))
    save(PersonRole(person=world.victim, case=world.other_case, role="witness"))
    both = [world.case.pk, world.other_case.pk]
    found = list(Person.objects.filter(permissions.in_cases(Person, both)))
    assert found.count(world.victim) == 1
    assert world.other_person in found
    assert world.other_person not in Person.objects.filter(
        permissions.in_cases(Person, world.case))


def test_in_cases_follows_a_consent_given_for_every_case_to_its_persons_cases(
        world: World) -> None:
    general = save(Consent(person=world.victim, use="publication", granted=True,
                           given_on=datetime.date(2022, 1, 1)))
    theirs = save(Consent(person=world.victim, case=world.other_case, use="tribunal",
                          granted=True, given_on=datetime.date(2022, 1, 1)))
    assert list(Consent.objects.filter(permissions.in_cases(Consent, world.case))) == [general]
    assert list(Consent.objects.filter(
        permissions.in_cases(Consent, world.other_case))) == [theirs]


def test_case_field_names_the_declared_path_and_what_follows_it() -> None:
    assert permissions.case_field(Act) == "incident__case"
    assert permissions.case_field(Involvement, "reference") == "act__incident__case__reference"
    assert permissions.case_field(Case) == "pk"


def test_case_field_refuses_a_model_that_reaches_its_cases_two_ways() -> None:
    with pytest.raises(ValueError, match="two paths"):
        permissions.case_field(Consent)
    with pytest.raises(ValueError, match="belongs to no case"):
        permissions.case_field(Place)


def test_an_evidence_items_links_reach_the_cases_as_the_records_declare() -> None:
    from sprava.evidence import visibility

    assert visibility.link_paths() == (
        "incidents__case", "acts__incident__case", "persons__roles__case", "testimonies__case")


# --- no hand-written path to a case comes back ----------------------------------------------

SRC = Path(permissions.__file__).resolve().parents[1]
# A lookup or path that goes through a relation to a case: `incident__case`,
# `act__incident__case__reference`, `roles__case__in`, `incident__case_id`.
CASE_PATH = re.compile(r"^\w+__case(?:__\w+|_id)?$")
# Where a path to a case may be written by hand, and why.
ALLOWED = {
    # The declaration itself.
    "accounts/permissions.py": None,
    # Imported by permissions (who may see a protected person): importing them back is a cycle.
    "records/identity.py": {"incident__case_id", "act__incident__case_id"},
    # An arrival for a case: a field of evidence's own receipts, not a record's path.
    "evidence/visibility.py": {"receipts__case"},
}


def _hand_written_paths(tree: ast.AST) -> set[str]:
    """Keyword arguments (`filter(incident__case=...)`) and string constants (`"act__incident__
    case"`, also inside f-strings) that spell a path to a case."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg and CASE_PATH.match(node.arg):
            found.add(node.arg)
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and CASE_PATH.match(node.value)):
            found.add(node.value)
    return found


def test_the_scan_finds_paths_in_lookups_strings_and_orderings() -> None:
    code = """
Act.objects.filter(incident__case=case).order_by("incident__case__reference")
Q(act__incident__case__in=ids); rows.values_list("victim_id", "incident__case_id")
"""
    assert _hand_written_paths(ast.parse(code)) == {
        "incident__case", "incident__case__reference", "act__incident__case__in",
        "incident__case_id"}
    assert _hand_written_paths(ast.parse('f(case=c, case__reference=r, x="the case")')) == set()


def test_no_code_writes_a_path_to_a_case_by_hand() -> None:
    """Scoping rows to a case goes through `permissions.in_cases`, and a path that is needed as
    such (ordering, `select_related`) through `permissions.case_field`: so a model's way to its
    case is declared once, in `CASE_PATHS`, and changes there for every page and the API."""
    offences = {}
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if "/migrations/" in name:
            continue
        allowed = ALLOWED.get(name, set())
        if allowed is None:
            continue
        extra = _hand_written_paths(ast.parse(path.read_text(), name)) - allowed
        if extra:
            offences[name] = sorted(extra)
    assert offences == {}, "use permissions.in_cases / case_field instead"


def test_every_allowance_is_still_needed() -> None:
    stale = {name: sorted(allowed - _hand_written_paths(ast.parse((SRC / name).read_text())))
             for name, allowed in ALLOWED.items() if allowed is not None}
    assert {name: paths for name, paths in stale.items() if paths} == {}, "drop from ALLOWED"
