"""One meaning for every count, whichever page shows it (`sprava.records.tally`).

- victims of a case: distinct persons who suffered an act of the case or hold its victim role;
- perpetrators of a case: distinct persons involved in an act of the case or holding its
  perpetrator role;
- acts a person is involved in: distinct acts, however many ways they took part in each.

The demo's case page said 365 victims (the victim role only) where its dashboard said 977, and
a person was "involved in 26" acts (involvements) where the act list filtered by them had 25.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from sprava.records import services
from sprava.records.identity import Disclosure
from sprava.records.models import Involvement
from sprava.search.figures import case_figures
from tests.web_records.conftest import ACTOR, World, text


@pytest.fixture
def counted(world: World) -> World:
    """The world's witness suffered an act of the case (act2) without holding the victim role in
    it; the perpetrator both ordered and committed the world's act."""
    services.save_record(Involvement(act=world.act, perpetrator=world.perpetrator,
                                     mode="ordering"), actor=ACTOR)
    return world


def tile(page: str, label: str) -> int:
    match = re.search(rf"<strong>(\d+)</strong> <span>{label}</span>", page)
    assert match, f"no {label} on the dashboard"
    return int(match.group(1))


def fact(page: str, label: str) -> int:
    match = re.search(rf"<dt>(?:<a [^>]*>)?{label}(?:</a>)?</dt><dd>(?:<a [^>]*>)?(\d+)", page)
    assert match, f"no {label} on the case page"
    return int(match.group(1))


def listed(client: Client, url: str, row: str) -> int:
    page = text(client.get(url))
    return len(re.findall(row, page))


def test_the_case_page_the_dashboard_and_the_person_list_count_the_same_victims(
    counted: World, client_of: Callable[[str], Client]
) -> None:
    client, ref = client_of("lead"), counted.case.reference
    case_page = text(client.get(f"/cases/{ref}/"))
    dashboard = text(client.get(f"/cases/{ref}/dashboard/"))
    figures = case_figures(counted.case, Disclosure(set()))  # victims count alike for all
    assert figures.victims == 2  # the victim, and the witness who suffered act2
    assert fact(case_page, "Victims") == tile(dashboard, "Victims") == figures.victims
    assert fact(case_page, "Perpetrators") == tile(dashboard, "Perpetrators") == 1
    person_row = r'<td><a href="/persons/\d+/">P-'
    assert listed(client, f"/persons/?case={ref}&party=victim", person_row) == 2
    assert listed(client, f"/persons/?case={ref}&party=perpetrator", person_row) == 1
    # The figures link to those lists.
    assert f'href="/persons/?case={ref}&amp;party=victim"' in case_page
    assert f'href="/persons/?case={ref}&amp;party=victim"' in dashboard


def test_the_case_page_labels_role_counts_as_roles(
    counted: World, client_of: Callable[[str], Client]
) -> None:
    case_page = text(client_of("lead").get(f"/cases/{counted.case.reference}/"))
    assert "By role in this case" in case_page
    assert "Victim: 1" in case_page  # the victim role alone: the witness does not hold it


def test_a_persons_acts_involved_in_are_the_acts_the_filtered_list_shows(
    counted: World, client_of: Callable[[str], Client]
) -> None:
    client, pk = client_of("viewer"), counted.perpetrator.pk
    page = text(client.get(f"/persons/{pk}/"))
    heading = re.search(r'<section id="acts-involved".*?<span class="count">(\d+)</span>',
                        page, re.S)
    assert heading and heading.group(1) == "1"
    assert "2 involvements in 1 act" in page
    acts = listed(client, f"/acts/?perpetrator={pk}", r'<td class="num"><a href="/acts/\d+/">')
    assert acts == 1
