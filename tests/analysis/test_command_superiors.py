"""The ranked candidates of a case, against the counts worked out by hand in the conftest."""

from __future__ import annotations

import pytest

from sprava.analysis import counting, superiors
from sprava.analysis.superiors import Superiors
from sprava.cases.models import Case
from sprava.records.reader import Reader
from tests.analysis.conftest import Chain, D


def reader(chain: Chain, name: str) -> Reader:
    return Reader.of_user(chain.people[name])


def ranked(found: Superiors) -> list[tuple[int, int, int, int]]:
    return [(c.rank, c.person.pk, c.tally.acts, c.tally.victims) for c in found.candidates]


def test_a_member_of_another_case_finds_no_case(chain: Chain) -> None:
    other = reader(chain, "other_lead")
    with pytest.raises(Case.DoesNotExist):
        superiors.case_of(other, reference=chain.case.reference)
    with pytest.raises(Case.DoesNotExist):
        superiors.superiors(other, chain.case)


def test_another_teams_posts_and_acts_stay_out(chain: Chain) -> None:
    found = superiors.superiors(reader(chain, "viewer"), chain.case)
    assert chain.outsider_officer.pk not in {c.person.pk for c in found.candidates}
    # Their own case: their adviser over the unit, with their one act; none of ours.
    theirs = superiors.superiors(reader(chain, "other_lead"), chain.other_case)
    assert ranked(theirs) == [(1, chain.outsider_officer.pk, 1, 1)]


def test_candidates_are_ranked_by_acts_then_victims(chain: Chain) -> None:
    found = superiors.superiors(reader(chain, "viewer"), chain.case)
    assert ranked(found) == [
        (1, chain.minister.pk, 4, 2),
        (2, chain.gubopik_head.pk, 2, 2),
        (3, chain.police_chief.pk, 2, 1),
        (4, chain.commander.pk, 1, 1),  # a post of command first among equals
        (4, chain.officer.pk, 1, 1),
    ]
    assert found.total == 5
    assert chain.undated.pk not in {c.person.pk for c in found.candidates}


def test_each_candidate_names_the_posts_and_units_that_ground_it(chain: Chain) -> None:
    found = superiors.superiors(reader(chain, "viewer"), chain.case)
    by_person = {c.person.pk: c for c in found.candidates}
    minister = by_person[chain.minister.pk]
    (ground,) = minister.grounds
    assert ground.post.position.pk == chain.posts["minister"].pk and ground.post.superior
    assert {(u.unit.pk, u.acts) for u in ground.units} == {
        (chain.omon.pk, 2), (chain.department.pk, 2), (chain.gubopik.pk, 1)}
    assert (ground.first.isoformat(), ground.last.isoformat()) == ("2020-08-10", "2021-03-01")
    head = by_person[chain.gubopik_head.pk].grounds[0]
    assert [(u.unit.pk, u.acts) for u in head.units] == [(chain.department.pk, 2)]
    officer = by_person[chain.officer.pk]
    assert not officer.superior and not officer.grounds[0].post.superior
    # Cut by the tenure inside a month: the OMON commander's August counts a2 only.
    commander = by_person[chain.commander.pk].grounds[0]
    assert [(u.unit.pk, u.acts) for u in commander.units] == [(chain.omon.pk, 1)]


def test_pages_of_the_ranking_keep_their_ranks(chain: Chain) -> None:
    second = superiors.superiors(reader(chain, "viewer"), chain.case, offset=3, limit=2)
    assert [(c.rank, c.person.pk) for c in second.candidates] == [
        (4, chain.commander.pk), (4, chain.officer.pk)]
    assert second.total == 5
    with pytest.raises(ValueError):
        superiors.superiors(reader(chain, "viewer"), chain.case, limit=0)


def test_the_counts_come_from_a_bounded_number_of_queries(
        chain: Chain, django_assert_max_num_queries: object) -> None:
    viewer = reader(chain, "viewer")
    viewer.case_ids  # noqa: B018 - the membership read, once per request anyway
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        superiors.superiors(viewer, chain.case)


def test_claims_split_across_statements_stay_whole(chain: Chain, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    whole = ranked(superiors.superiors(reader(chain, "viewer"), chain.case))
    monkeypatch.setattr(counting, "ROWS_PER_STATEMENT", 1)
    assert ranked(superiors.superiors(reader(chain, "viewer"), chain.case)) == whole


def test_the_activity_is_read_per_unit_and_month(chain: Chain) -> None:
    from sprava.accounts.permissions import in_cases
    from sprava.records.models import Involvement

    rows = counting.activity(Involvement.objects.filter(in_cases(Involvement, chain.case)))
    assert sorted((r.unit_id, r.month, r.acts, r.first, r.last) for r in rows) == sorted([
        (chain.omon.pk, D(2020, 8, 1), 2, D(2020, 8, 10), D(2020, 8, 15)),
        (chain.department.pk, D(2020, 8, 1), 1, D(2020, 8, 15), D(2020, 8, 15)),
        (chain.department.pk, D(2020, 9, 1), 1, D(2020, 9, 5), D(2020, 9, 5)),
        (chain.gubopik.pk, D(2021, 3, 1), 1, D(2021, 3, 1), D(2021, 3, 1)),
    ])
