"""The index is whole after migrating, stays in step with every kind of write, and repairs itself.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from sprava.records import models as records
from sprava.records import services
from sprava.records.models import Act, Incident, Organisation, PersonName, Place
from sprava.search import index
from sprava.search.query import parse
from tests.search.conftest import ACTOR, World, save

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 only")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def test_the_index_is_whole_after_migrating(world: World) -> None:
    assert index.verify(connection) == []


def test_install_is_idempotent(world: World) -> None:
    assert index.install(connection) == []
    assert index.verify(connection) == []


def test_the_sources_name_real_tables_and_columns() -> None:
    models_by_table = {m._meta.db_table: m for m in (Incident, Act, records.Testimony, PersonName,
                                                     Place, Organisation)}
    for source in index.SOURCES.values():
        model = models_by_table[source.table]
        columns = {field.column for field in model._meta.concrete_fields}
        assert set(source.columns) <= columns, source.name
        for column in source.columns:
            field = next(f for f in model._meta.concrete_fields if f.column == column)
            # A NULL would make the whole concatenated document NULL on PostgreSQL.
            assert not field.null, f"{source.table}.{column} may be NULL"


def test_every_kind_of_write_keeps_the_index_whole(world: World) -> None:
    incident = save(Incident(case=world.case, title="Indexed", narrative="first words"))
    incident.narrative = "second words"
    save(incident)
    Incident.objects.filter(pk=incident.pk).update(title="Renamed in bulk")
    services.create_many([Act(incident=incident, act_type=world.act.act_type,
                              description=f"bulk act {n}") for n in range(3)], actor=ACTOR)
    Act.objects.filter(incident=incident).delete()
    services.delete_record(incident, actor=ACTOR, reason="test")
    name = world.lukashenko.names.get()
    name.text = "Аляксандр Рыгоравіч Лукашэнка"
    save(name)
    assert index.verify(connection) == []


REMAKE = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection, models
from sprava.records.models import Incident
from sprava.cases.models import Case
from sprava.search import index

call_command("migrate", verbosity=0)
assert index.verify(connection) == [], index.verify(connection)
# What a later migration of the records app does to alter a column on SQLite: copy the table,
# drop the old one (and with it the triggers), rename the copy.
old = Incident._meta.get_field("place_detail")
new = models.CharField(max_length=301, blank=True)
new.set_attributes_from_name("place_detail")
new.model = Incident
with connection.schema_editor() as editor:
    editor.alter_field(Incident, old, new)
problems = index.verify(connection)
assert any("trigger search_incident" in p for p in problems), problems
case = Case.objects.create(reference="remade", title="Remade")
Incident.objects.create(case=case, title="Written without triggers")
call_command("migrate", verbosity=0)  # every migrate repairs the index
assert index.verify(connection) == [], index.verify(connection)
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM search_incident_fts WHERE search_incident_fts "
                   "MATCH 'triggers'")
    assert cursor.fetchone() == (1,)
print("repaired")
"""


@sqlite_only
def test_a_table_rebuilt_by_a_later_migration_gets_its_triggers_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Altering a column on SQLite copies the table and drops the old one, with its triggers.

    In a process of its own, on a database of its own: SQLite alters tables only with foreign
    key checks off, which a test inside a transaction cannot have.
    """
    import os
    import subprocess
    import sys

    env = {**os.environ, "SPRAVA_HOME": str(tmp_path), "DATABASE_URL": "",
           "DJANGO_SETTINGS_MODULE": "sprava.settings"}
    done = subprocess.run([sys.executable, "-c", REMAKE], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "repaired"


def _ids(text: str) -> list[int]:
    from sprava.search.query import matching_ids

    subquery = matching_ids("incident", [parse(text).words])
    assert subquery is not None
    return list(Incident.objects.filter(pk__in=subquery).values_list("pk", flat=True))


@sqlite_only
def test_missing_triggers_are_restored_and_the_index_rebuilt(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_incident_au")
    Incident.objects.filter(pk=world.incident.pk).update(narrative="unindexed change")
    assert _ids("unindexed") == []
    done = index.install(connection)
    assert done == ["search_incident_fts: triggers restored, rebuilt"]
    assert _ids("unindexed") == [world.incident.pk]
    assert index.verify(connection) == []


@sqlite_only
def test_an_index_that_disagrees_with_its_records_is_reported(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_incident_au")
        cursor.execute("CREATE TRIGGER search_incident_au AFTER UPDATE ON records_incident "
                       "BEGIN SELECT 1; END")
    Incident.objects.filter(pk=world.incident.pk).update(narrative="drift")
    problems = index.verify(connection)
    assert any("search_incident_au" in p for p in problems)
    assert any("does not match records_incident" in p for p in problems)
    index.install(connection)  # the trigger differs from the expected one: remade, rebuilt
    assert index.verify(connection) == []


def test_uninstall_and_install_again(world: World) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":  # no CREATE INDEX while FK checks are pending
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        index.uninstall(connection)
        assert index.verify(connection) != []
        assert index.install(connection) != []
    assert index.verify(connection) == []
    assert _ids("insignia") == [world.incident.pk]


@postgres_only
@pytest.mark.parametrize(("source", "group", "query"), [
    ("incident", 0, "insignia"), ("act", 0, "baton"), ("testimony", 0, "двары"),
    ("personname", 0, "lukawanka"), ("personname", 1, "лукашэнка"), ("place", 0, "akrest"),
    ("organisation", 0, "omon"),
])
def test_postgresql_answers_from_the_gin_index(world: World, source: str, group: int,
                                               query: str) -> None:
    from sprava.search.query import matching_ids

    terms: list[list[str]] = [[] for _ in index.SOURCES[source].groups]
    terms[group] = [query]
    subquery = matching_ids(source, terms)
    assert subquery is not None
    sql, params = subquery.sql, subquery.params
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"search_{source}_{group}_" in plan, plan


def test_dates_do_not_break_the_index(world: World) -> None:
    save(Incident(case=world.case, title="Dated", start_date=datetime.date(2020, 8, 9)))
    assert index.verify(connection) == []


def test_the_management_command(world: World) -> None:
    from io import StringIO

    from django.core.management.base import CommandError

    out = StringIO()
    call_command("search_index", "--check", stdout=out)
    assert "whole" in out.getvalue()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        index.uninstall(connection)
        with pytest.raises(CommandError, match="needs repair"):
            call_command("search_index", "--check", stdout=StringIO(), stderr=StringIO())
        out = StringIO()
        call_command("search_index", "--rebuild", stdout=out)
        assert "every record read into the index again" in out.getvalue()
    call_command("search_index", "--check", stdout=StringIO())
    assert _ids("insignia") == [world.incident.pk]
