"""How Sprava connects to its database."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from sprava.settings import database_from_url


def test_postgresql_is_asked_not_to_jit_compile_queries() -> None:
    """The permission filters make queries of many subqueries; PostgreSQL's JIT compiled one
    item page's query for 8 s (it runs in milliseconds without), so connections turn it off."""
    entry = database_from_url("postgresql://sprava@db.example:5433/evidence", Path("/nowhere"))
    assert entry["OPTIONS"]["options"] == "-c jit=off"
    assert (entry["NAME"], entry["HOST"], entry["PORT"]) == ("evidence", "db.example", "5433")


@pytest.mark.django_db
def test_a_postgresql_connection_runs_without_jit() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
