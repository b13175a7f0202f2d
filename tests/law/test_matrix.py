"""The proof matrix of a case, read by the domain functions: the numbers of `proof_world`,
counted there by hand; the precedence of states, the contextual floor, alternatives, charged and
suggested crimes, the standard of proof; a member of another case reads nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sprava.cases.models import Case
from sprava.law.errors import InvalidAssessment, UnknownElement
from sprava.law.matrix import act_matrix, by_act, case_of, cell_acts
from sprava.law.matrix_perpetrators import by_perpetrator, cell_perpetrators
from sprava.law.states import Proof
from sprava.records.models import Act, ActType
from sprava.records.reader import Reader
from tests.law.conftest import save
from tests.law.proof_world import BY_ACT, TORTURE_2_WITH_IDENTITY
from tests.law.proof_world import Proof as World

Readers = Callable[[str], Reader]


def table(matrix: object) -> dict[str, tuple[int, dict[str, tuple[int, ...]]]]:
    return {c.crime.id: (c.acts, {row.element.id: row.counts for row in c.rows})
            for c in matrix.crimes}  # type: ignore[attr-defined]


# --- attacks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_lead", "outsider", "administrator"])
def test_a_reader_of_no_membership_in_the_case_finds_no_matrix(proof: World, reader: Readers,
                                                               persona: str) -> None:
    who = reader(persona)
    case = proof.world.case
    with pytest.raises(Case.DoesNotExist):
        case_of(who, reference=case.reference)
    for read in (lambda: by_act(who, case), lambda: by_perpetrator(who, case),
                 lambda: cell_acts(who, case, "torture", "torture-1", Proof.NONE),
                 lambda: cell_perpetrators(who, case, "superior", "superior-1", Proof.MET)):
        with pytest.raises(Case.DoesNotExist):
            read()
    with pytest.raises(Act.DoesNotExist):
        act_matrix(who, proof.acts["b1"])


# --- by act ----------------------------------------------------------------------------------


def test_the_matrix_by_act_is_the_one_counted_by_hand(proof: World, reader: Readers) -> None:
    matrix = by_act(reader("viewer"), proof.world.case)
    assert not matrix.suggested and matrix.standard is None
    assert [c.crime.id for c in matrix.crimes] == [
        "deportation", "imprisonment", "torture", "enforced-disappearance"]  # framework order
    assert all(c.charged for c in matrix.crimes)
    assert table(matrix) == BY_ACT


def test_totals_per_crime_add_the_cells_of_its_elements(proof: World, reader: Readers) -> None:
    torture = next(c for c in by_act(reader("viewer"), proof.world.case).crimes
                   if c.crime.id == "torture")
    assert torture.totals == (14, 2, 5, 3, 1)  # 2+2+5+0+5, 2, 1+4, 1+1+1, 1


def test_contradicted_outranks_supported_and_met_outranks_all(proof: World,
                                                              reader: Readers) -> None:
    who = reader("viewer")
    torture = act_matrix(who, proof.acts["b1"]).crime("torture")
    assert torture is not None and torture.state("torture-1") is Proof.CONTRADICTED
    b2 = act_matrix(who, proof.acts["b2"]).crime("torture")
    assert b2 is not None and b2.state("torture-1") is Proof.MET


def test_the_contexts_mark_is_the_floor_of_every_acts_contextual_element(
        proof: World, reader: Readers) -> None:
    who = reader("viewer")
    case = proof.world.case
    supported = cell_acts(who, case, "torture", "ctx-1", Proof.SUPPORTED)
    assert supported.total == 4
    assert list(supported.act_ids) == proof.ids("b2", "b3", "b4", "d2")
    assert list(cell_acts(who, case, "torture", "ctx-1", Proof.CONTRADICTED).act_ids) == \
        proof.ids("b1")
    assert cell_acts(who, case, "torture", "ctx-1", Proof.NONE).total == 0
    d1 = act_matrix(who, proof.acts["d1"]).crime("imprisonment")
    assert d1 is not None and d1.state("ctx-1") is Proof.SUPPORTED  # an open conclusion: nothing
    assert d1.state("ctx-2") is Proof.NONE  # the floor is only the context's own element's


def test_an_alternatives_mark_is_its_elements(proof: World, reader: Readers) -> None:
    r1 = act_matrix(reader("viewer"), proof.acts["r1"]).crime("enforced-disappearance")
    assert r1 is not None
    assert r1.state("enforced-disappearance-1") is Proof.SUPPORTED
    assert r1.state("enforced-disappearance-1b") is Proof.SUPPORTED  # the same element
    listed = cell_acts(reader("viewer"), proof.world.case, "enforced-disappearance",
                       "enforced-disappearance-1a", Proof.SUPPORTED)
    assert listed.element.id == "enforced-disappearance-1" and list(listed.act_ids) == \
        proof.ids("r1")


def test_an_act_assessed_for_a_charged_crime_not_its_types_counts_for_it(
        proof: World, reader: Readers) -> None:
    who = reader("viewer")
    none = cell_acts(who, proof.world.case, "torture", "torture-2", Proof.NONE)
    assert (none.total, list(none.act_ids)) == (2, proof.ids("b2", "d2"))
    d1 = act_matrix(who, proof.acts["d1"])
    assert [c.crime.id for c in d1.crimes] == [
        "deportation", "imprisonment", "torture", "persecution", "enforced-disappearance"]


def test_derived_support_counts_as_derived_only_until_a_lawyer_decides(
        proof: World, reader: Readers) -> None:
    who = reader("viewer")
    case = proof.world.case
    assert list(cell_acts(who, case, "torture", "torture-2", Proof.DERIVED).act_ids) == \
        proof.ids("b1", "b4")  # b4's one assessment is withdrawn: the rule's proposal is left
    ed = {row.element.id: row for row in next(
        c for c in by_act(who, case).crimes if c.crime.id == "enforced-disappearance").rows}
    # d1 and d2 are detentions: the rules' marks make them count for enforced disappearance.
    assert ed["enforced-disappearance-1"].total == 3
    accepted = cell_acts(who, case, "enforced-disappearance", "enforced-disappearance-2",
                         Proof.SUPPORTED)
    assert list(accepted.act_ids) == proof.ids("r1")
    rejected = act_matrix(who, proof.acts["d1"]).crime("enforced-disappearance")
    assert rejected is not None
    assert rejected.state("enforced-disappearance-1") is Proof.NONE


def test_derived_support_resting_on_a_protected_victims_custody_needs_identity_access(
        proof: World, reader: Readers) -> None:
    lead = table(by_act(reader("lead"), proof.world.case))
    assert lead["torture"][1]["torture-2"] == TORTURE_2_WITH_IDENTITY
    assert table(by_act(reader("viewer"), proof.world.case))["torture"][1]["torture-2"] == \
        (2, 2, 0, 1, 0)


def test_the_acts_of_a_cell_come_a_page_at_a_time(proof: World, reader: Readers) -> None:
    who = reader("viewer")
    first = cell_acts(who, proof.world.case, "torture", "torture-3", Proof.NONE, limit=2)
    second = cell_acts(who, proof.world.case, "torture", "torture-3", Proof.NONE, offset=2,
                       limit=2)
    last = cell_acts(who, proof.world.case, "torture", "torture-3", Proof.NONE, offset=4,
                     limit=2)
    assert first.total == second.total == last.total == 5
    assert [*first.act_ids, *second.act_ids, *last.act_ids] == proof.ids(
        "b1", "b2", "b3", "b4", "d2")


def test_the_standard_of_proof_chooses_the_conclusions(proof: World, reader: Readers) -> None:
    who = reader("viewer")
    grounds = table(by_act(who, proof.world.case, standard="reasonable-grounds"))
    assert grounds["torture"][1]["torture-2"] == (2, 2, 1, 0, 0)  # not met at BRD: left out
    assert grounds["torture"][1]["torture-1"] == (2, 0, 1, 1, 1)
    doubt = table(by_act(who, proof.world.case, standard="beyond-reasonable-doubt"))
    assert doubt["torture"][1]["torture-1"] == (2, 0, 2, 1, 0)  # met at RG: left out
    assert doubt["torture"][1]["torture-2"] == (2, 2, 0, 1, 0)
    with pytest.raises(InvalidAssessment):
        by_act(who, proof.world.case, standard="balance-of-probabilities")


def test_a_case_that_charges_nothing_suggests_its_acts_candidate_crimes(
        world: object, reader: Readers) -> None:
    other = reader("other_lead")
    matrix = by_act(other, case_of(other, reference="okrestina-other"))
    assert matrix.suggested
    # Its victim's custody at Akrestsina, undated, and the rule proposes custody or control.
    assert table(matrix) == {
        "torture": (1, {"torture-2": (0, 1, 0, 0, 0), **{e: (1, 0, 0, 0, 0) for e in
                        ("torture-1", "torture-3", "ctx-1", "ctx-2")}}),
        "other-inhumane-acts": (1, {e: (1, 0, 0, 0, 0) for e in (
            "other-inhumane-acts-1", "other-inhumane-acts-2", "other-inhumane-acts-3",
            "ctx-1", "ctx-2")})}
    assert not any(c.charged for c in matrix.crimes)


def test_unknown_crimes_and_elements_are_refused(proof: World, reader: Readers) -> None:
    for crime, element in (("genocide", "genocide-1"), ("torture", "murder-1")):
        with pytest.raises(UnknownElement):
            cell_acts(reader("viewer"), proof.world.case, crime, element, Proof.NONE)


def test_the_matrix_costs_the_same_queries_for_more_acts(proof: World, reader: Readers) -> None:
    who = reader("viewer")
    case = proof.world.case

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            by_act(who, case)
            cell_acts(who, case, "torture", "torture-3", Proof.NONE)
        return len(seen.captured_queries)

    before = queries()
    beating = ActType.objects.get(code="beating")
    for _ in range(30):
        save(Act(incident=proof.acts["b1"].incident, act_type=beating))
    assert queries() == before
    assert table(by_act(who, case))["torture"][0] == 35


# --- by perpetrator --------------------------------------------------------------------------


def test_the_matrix_by_perpetrator_is_the_one_counted_by_hand(proof: World,
                                                              reader: Readers) -> None:
    matrix = by_perpetrator(reader("viewer"), proof.world.case)
    summary = {m.mode.id: (m.perpetrators, {r.element.id: r.counts for r in m.rows})
               for m in matrix.modes}
    assert summary == {
        "commission": (1, {"commission-1": (0, 0, 0, 1, 0), "commission-2": (1, 0, 0, 0, 0)}),
        "aiding": (1, {f"aiding-{n}": (1, 0, 0, 0, 0) for n in (1, 2, 3)}),
        "superior": (2, {"superior-1": (0, 1, 1, 0, 0), "superior-2": (2, 0, 0, 0, 0),
                         "superior-3": (1, 0, 0, 0, 1), "superior-4": (2, 0, 0, 0, 0),
                         "superior-5": (2, 0, 0, 0, 0)}),
    }
    assert matrix.total == 3
    rows = {row.person.pk: {c.mode.id: [s.value for _, s in c.states] for c in row.claims}
            for row in matrix.perpetrators}
    assert rows == {
        proof.p1.pk: {"commission": ["contradicted", "no-evidence"]},
        proof.p2.pk: {"aiding": ["no-evidence"] * 3,
                      "superior": ["supported", *["no-evidence"] * 4]},
        proof.p3.pk: {"superior": ["derived-only", "no-evidence", "met", "no-evidence",
                                   "no-evidence"]},
    }


def test_perpetrators_come_a_page_at_a_time(proof: World, reader: Readers) -> None:
    who = reader("viewer")
    first = by_perpetrator(who, proof.world.case, limit=2)
    rest = by_perpetrator(who, proof.world.case, offset=2, limit=2)
    assert first.total == rest.total == 3
    assert [r.person.pk for r in (*first.perpetrators, *rest.perpetrators)] == sorted(
        [proof.p1.pk, proof.p2.pk, proof.p3.pk])
    assert first.modes == rest.modes  # the counts are over all of them


def test_the_perpetrators_of_a_cell(proof: World, reader: Readers) -> None:
    who = reader("viewer")
    assert [p.pk for p in cell_perpetrators(who, proof.world.case, "superior", "superior-2",
                                            Proof.NONE).persons] == sorted(
        [proof.p2.pk, proof.p3.pk])
    met = cell_perpetrators(who, proof.world.case, "superior", "superior-3", Proof.MET)
    assert (met.total, [p.pk for p in met.persons]) == (1, [proof.p3.pk])
    derived = cell_perpetrators(who, proof.world.case, "superior", "superior-1", Proof.DERIVED)
    assert [p.pk for p in derived.persons] == [proof.p3.pk]
