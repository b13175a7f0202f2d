"""A person's posts, the chart of command at a date, and the acts of their units during their
tenure, against the chain of the conftest."""

from __future__ import annotations

import datetime

from sprava.analysis import command
from sprava.analysis.command import Standing
from sprava.records.reader import Reader
from tests.analysis.conftest import Chain

D = datetime.date


def reader(chain: Chain, name: str = "viewer") -> Reader:
    return Reader.of_user(chain.people[name])


def test_posts_are_those_of_the_readers_cases_undated_last(chain: Chain) -> None:
    assert [p.position.pk for p in command.posts_of(reader(chain), chain.minister)] == [
        chain.posts["minister"].pk]
    assert command.posts_of(reader(chain, "other_lead"), chain.minister) == ()
    undated = command.posts_of(reader(chain), chain.undated)
    assert len(undated) == 1 and not undated[0].tenure.dated
    assert command.default_date(undated) is None


def test_the_chart_opens_at_the_start_of_the_latest_post(chain: Chain) -> None:
    posts = command.posts_of(reader(chain), chain.officer)
    assert command.default_date(posts) == D(2020, 9, 1)


def test_the_chart_shows_the_chain_above_the_units_below_and_their_holders(
        chain: Chain) -> None:
    chart = command.hierarchy_at(reader(chain), chain.police_chief, D(2020, 8, 15))
    assert chart.in_post and chart.own == {chain.police.pk}
    assert [(n.unit.pk, n.depth, n.standing) for n in chart.nodes] == [
        (chain.ministry.pk, 0, Standing.ABOVE), (chain.police.pk, 1, Standing.OWN),
        (chain.omon.pk, 2, Standing.BELOW)]
    holders = {n.unit.pk: [h.person.pk for h in n.holders] for n in chart.nodes}
    # Another team's adviser at the ministry is not theirs to see; the undated deputy
    # covers no date.
    assert holders == {chain.ministry.pk: [chain.minister.pk],
                       chain.police.pk: [chain.police_chief.pk],
                       chain.omon.pk: [chain.commander.pk]}


def test_holders_are_dated_by_the_precision_rule(chain: Chain) -> None:
    # The chief's post is "2020-08": on 31 August still theirs, on 1 September no longer.
    late_august = command.hierarchy_at(reader(chain), chain.minister, D(2020, 8, 31))
    september = command.hierarchy_at(reader(chain), chain.minister, D(2020, 9, 1))

    def held(chart: command.Hierarchy) -> dict[int, list[int]]:
        return {n.unit.pk: [h.person.pk for h in n.holders] for n in chart.nodes}

    assert held(late_august)[chain.police.pk] == [chain.police_chief.pk]
    assert held(september)[chain.police.pk] == []
    assert held(september)[chain.department.pk] == [chain.officer.pk]
    assert held(september)[chain.gubopik.pk] == [chain.gubopik_head.pk]  # "2020": all year


def test_a_date_out_of_post_charts_all_their_units(chain: Chain) -> None:
    chart = command.hierarchy_at(reader(chain), chain.commander, D(2021, 1, 1))
    assert not chart.in_post and chart.own == {chain.omon.pk}
    assert [n.unit.pk for n in chart.nodes] == [chain.ministry.pk, chain.police.pk,
                                               chain.omon.pk]
    assert all(not n.holders for n in chart.nodes if n.unit.pk != chain.ministry.pk)


def test_the_holders_of_a_unit_are_capped_and_the_rest_counted(chain: Chain,
                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(command, "MAX_HOLDERS", 1)
    chart = command.hierarchy_at(reader(chain, "other_lead"), chain.outsider_officer,
                                 D(2020, 8, 15))
    ministry = chart.nodes[0]
    assert [h.person.pk for h in ministry.holders] == [chain.outsider_officer.pk]
    assert ministry.more == 0
    mixed = command.hierarchy_at(reader(chain), chain.minister, D(2020, 8, 15))
    assert [h.person.pk for h in mixed.nodes[0].holders] == [chain.minister.pk]
    assert mixed.nodes[0].more == 0  # the undated deputy is no holder of a date


def test_acts_of_the_units_during_the_tenure(chain: Chain) -> None:
    head = command.acts_during_tenure(reader(chain), chain.gubopik_head)
    (entry,) = head.posts
    assert (entry.first, entry.last) == (D(2020, 1, 1), D(2020, 12, 31))
    assert (entry.tally.acts, entry.tally.victims) == (2, 2)
    assert [(u.unit.pk, u.acts) for u in entry.by_unit] == [(chain.department.pk, 2)]
    minister = command.acts_during_tenure(reader(chain), chain.minister)
    assert (minister.tally.acts, minister.tally.victims) == (4, 2)
    assert {(u.unit.pk, u.acts) for u in minister.posts[0].by_unit} == {
        (chain.omon.pk, 2), (chain.department.pk, 2), (chain.gubopik.pk, 1)}
    undated = command.acts_during_tenure(reader(chain), chain.undated)
    assert undated.posts == () and len(undated.undated) == 1


def test_another_team_sees_none_of_our_acts_under_their_post(chain: Chain) -> None:
    theirs = command.acts_during_tenure(reader(chain, "other_lead"), chain.outsider_officer)
    assert (theirs.tally.acts, theirs.tally.victims) == (1, 1)


def test_the_modes_claimed_are_counted_by_act(chain: Chain) -> None:
    modes = command.modes_claimed(reader(chain), chain.officer)
    assert [(m.mode, m.acts) for m in modes] == [("commission", 6), ("aiding", 1)]
    assert command.modes_claimed(reader(chain, "other_lead"), chain.officer) == ()


def test_the_section_reads_a_fixed_number_of_queries(chain: Chain,
                                                     django_assert_max_num_queries: object) -> None:
    viewer = reader(chain)
    viewer.case_ids  # noqa: B018 - the membership read, once per request anyway
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        posts = command.posts_of(viewer, chain.minister)
        command.hierarchy_at(viewer, chain.minister, D(2020, 8, 15), posts=posts)
        command.acts_during_tenure(viewer, chain.minister, posts=posts)
        command.modes_claimed(viewer, chain.minister)
