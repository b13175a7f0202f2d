"""The gaps of `proof_world`'s matrix, written out by hand: in plain words, with their first
acts or perpetrators and the sources that would close them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation

from sprava.cases.models import Case
from sprava.law.gaps import GapKind, gaps
from sprava.records.reader import Reader
from tests.law.proof_world import Proof as World

Readers = Callable[[str], Reader]

ED = "Enforced disappearance of persons"
# Every gap of the case for a reader without identity access, in order, by hand.
TEXTS = [
    "Imprisonment or other severe deprivation of physical liberty, element 1 (imprisonment or "
    "severe deprivation of liberty): no evidence for 2 acts",
    "Imprisonment or other severe deprivation of physical liberty, element 2 (gravity: "
    "violation of fundamental rules): no evidence for 2 acts",
    "Imprisonment or other severe deprivation of physical liberty, element 3 (awareness of the "
    "gravity): no evidence for 2 acts",
    "Imprisonment or other severe deprivation of physical liberty, element 5 (knowledge of the "
    "attack): no evidence for 2 acts",
    "Torture, element 1 (severe pain or suffering): no evidence for 2 acts",
    "Torture, element 2 (custody or control): no evidence for 2 acts",
    "Torture, element 2 (custody or control): only derived support for 2 acts",
    "Torture, element 3 (not from lawful sanctions): no evidence for 5 acts",
    "Torture, element 5 (knowledge of the attack): no evidence for 5 acts",
    f"{ED}, element 1 (deprivation of liberty, or refusal to acknowledge): no evidence for 1 act",
    f"{ED}, element 1 (deprivation of liberty, or refusal to acknowledge): only derived support "
    "for 1 act",
    f"{ED}, element 2 (deprivation linked with refusal): only derived support for 2 acts",
    f"{ED}, element 3 (awareness of the link): no evidence for 3 acts",
    f"{ED}, element 4 (deprivation by or with a State): no evidence for 3 acts",
    f"{ED}, element 5 (refusal by or with the State): no evidence for 3 acts",
    f"{ED}, element 6 (intent to remove from the law's protection): no evidence for 3 acts",
    f"{ED}, element 8 (knowledge of the attack): no evidence for 3 acts",
]


def test_a_member_of_another_case_reads_no_gaps(proof: World, reader: Readers) -> None:
    with pytest.raises(Case.DoesNotExist):
        gaps(reader("other_lead"), proof.world.case)


def test_the_gaps_of_the_acts_are_those_counted_by_hand(proof: World, reader: Readers) -> None:
    found = gaps(reader("viewer"), proof.world.case)
    assert [gap.text for gap in found.of_acts] == TEXTS
    assert [crime.id for crime in found.uncovered] == ["deportation"]  # charged, no act
    first = {(gap.element.id, gap.owner.id, gap.state.value): list(gap.first)
             for gap in found.of_acts}
    assert first[("torture-2", "torture", "no-evidence")] == proof.ids("b2", "d2")
    assert first[("torture-2", "torture", "derived-only")] == proof.ids("b1", "b4")
    assert first[("torture-3", "torture", "no-evidence")] == proof.ids(
        "b1", "b2", "b3", "b4", "d2")
    assert first[("enforced-disappearance-1", "enforced-disappearance", "no-evidence")] == \
        proof.ids("d1")  # its proposal rejected


def test_the_first_acts_of_a_gap_are_at_most_as_many_as_asked(proof: World,
                                                              reader: Readers) -> None:
    found = gaps(reader("viewer"), proof.world.case, first=2)
    torture_3 = next(g for g in found.of_acts if g.element.id == "torture-3")
    assert (torture_3.count, list(torture_3.first)) == (5, proof.ids("b1", "b2"))


def test_the_gaps_of_the_perpetrators(proof: World, reader: Readers) -> None:
    found = gaps(reader("viewer"), proof.world.case)
    assert [(gap.text, list(gap.first)) for gap in found.of_perpetrators] == [
        ("Commission, alone, element 2 (intent and knowledge (art. 30)): no evidence for 1 "
         "perpetrator", [proof.p1.pk]),
        *[(f"Aiding, abetting or otherwise assisting, element {n} ({label}): no evidence for "
           "1 perpetrator", [proof.p2.pk]) for n, label in (
            (1, "crime committed or attempted"), (2, "assistance"),
            (3, "purpose of facilitating"))],
        ("Civilian superior, element 1 (effective authority and control): only derived "
         "support for 1 perpetrator", [proof.p3.pk]),
        ("Civilian superior, element 2 (crimes resulted from failure of control): no evidence "
         "for 2 perpetrators", sorted([proof.p2.pk, proof.p3.pk])),
        ("Civilian superior, element 3 (knew or consciously disregarded): no evidence for 1 "
         "perpetrator", [proof.p2.pk]),
        ("Civilian superior, element 4 (within effective responsibility): no evidence for 2 "
         "perpetrators", sorted([proof.p2.pk, proof.p3.pk])),
        ("Civilian superior, element 5 (failure to prevent, repress or report): no evidence "
         "for 2 perpetrators", sorted([proof.p2.pk, proof.p3.pk])),
    ]
    assert found.persons[proof.p2.pk].protected


def test_each_gap_says_what_kind_of_source_would_close_it(proof: World,
                                                          reader: Readers) -> None:
    found = gaps(reader("viewer"), proof.world.case)
    hints = {(gap.element.id, gap.state.value): gap.hints for gap in found.gaps}
    assert hints[("torture-2", "no-evidence")] == (
        "Custody records (detention protocols, registers of the place of detention) or "
        "testimony placing the victim in custody or under the perpetrator's control.",)
    assert hints[("torture-2", "derived-only")][0].startswith("Only rules propose it so far")
    assert hints[("enforced-disappearance-1", "no-evidence")] == (
        "For 1(a), the deprivation of liberty: arrest and detention records, testimony of the "
        "arrest or abduction.",
        "For 1(b), the refusal: refusals to inform relatives, official replies denying or not "
        "acknowledging the detention.")
    assert hints[("imprisonment-1", "no-evidence")] == (
        "Detention orders, court rulings, records of the arrest and of the term served.",)
    assert hints[("superior-1", "derived-only")][1] == (
        "Orders of appointment, organisation charts and staff lists showing the post and the "
        "units under it.")
    assert hints[("torture-3", "no-evidence")][0].startswith("Documents and testimony")  # type
    assert hints[("commission-2", "no-evidence")][0].startswith("What shows knowledge")


def test_a_closed_gap_is_gone_and_the_standard_of_proof_counts(proof: World,
                                                               reader: Readers) -> None:
    found = gaps(reader("viewer"), proof.world.case, standard="beyond-reasonable-doubt")
    # At that standard the met conclusion on b2's torture-1 does not count: b2 is supported.
    torture_1 = next(g for g in found.of_acts if g.element.id == "torture-1")
    assert torture_1.count == 2
    assert not any(g.element.id == "ctx-1" for g in found.gaps)  # the context is supported


@pytest.mark.parametrize(("language", "text"), [
    ("be", "Катаванні, элемент 2 (пад вартай або кантролем): няма доказаў для 2 дзеянняў"),
    ("ru", "Пытки, элемент 2 (под стражей или контролем): нет доказательств для 2 деяний"),
])
def test_gaps_read_in_belarusian_and_russian(proof: World, reader: Readers, language: str,
                                             text: str) -> None:
    with translation.override(language):
        found = gaps(reader("viewer"), proof.world.case)
        assert text in [gap.text for gap in found.gaps]
        assert all(gap.kind is GapKind.ACT or gap.kind is GapKind.PERPETRATOR
                   for gap in found.gaps)
        assert not any(hint.startswith("Custody records") for gap in found.gaps
                       for hint in gap.hints)
