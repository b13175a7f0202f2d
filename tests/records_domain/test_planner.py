"""After a bulk load the database's planner knows how large the tables are."""

from __future__ import annotations

import pytest
from django.db import connection

from sprava.cases.models import Case
from sprava.home.planner import refresh_in_background, refresh_statistics

pytestmark = pytest.mark.django_db(transaction=True)


def _analysed_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT relname FROM pg_stat_user_tables "
                           "WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL")
        return {row[0] for row in cursor.fetchall()}


def test_refreshing_statistics_analyses_the_record_tables() -> None:
    # SQLite leaves out empty tables, and a test database may have been emptied: add a row.
    Case.objects.create(reference="planner-test", title="A case for the planner test")
    refresh_statistics()
    assert "records_case" in _analysed_tables()


def test_the_background_refresh_finishes_and_closes_its_connection() -> None:
    thread = refresh_in_background()
    thread.join(timeout=60)
    assert not thread.is_alive()
