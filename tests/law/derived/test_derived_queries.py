"""A case's proposals are read in a fixed number of queries, however many acts it holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sprava.law import derived
from tests.law.derived.conftest import D, Law

pytestmark = pytest.mark.django_db


def _grow(law: Law, victims: int) -> None:
    omon = law.unit("OMON")
    law.post(law.person("Jury Karajeu", "perpetrator"), omon, D(2019, 1, 1))
    officer = law.person("Ivan Kat", "perpetrator")
    for number in range(victims):
        victim = law.person(f"Victim {number}")
        law.custody(victim, D(2020, 8, 9), D(2020, 9, 1), charges=[])
        law.custody(victim, D(2020, 9, 1), acknowledged=False)
        for code in ("arbitrary-arrest", "beating"):
            law.involve(law.act(code, victim, D(2020, 8, 9)), officer, omon)


def _queries(law: Law) -> tuple[int, int]:
    reader = law.reader("lawyer")
    assert reader.case_ids  # the reader's memberships: read once per request, not by the rules
    with CaptureQueriesContext(connection) as queries:
        page = derived.case_proposals(reader, law.case.pk)
    return len(queries), page.count


def test_the_queries_do_not_grow_with_the_acts(law: Law):
    _grow(law, 1)
    few, first = _queries(law)
    _grow(law, 6)
    many, then = _queries(law)
    assert then > first
    assert many == few, f"{few} queries for {first} proposals, {many} for {then}"
    assert few <= 16
