"""The full-text index: FTS5 tables and triggers on SQLite, GIN indexes on PostgreSQL.

`index.install` is idempotent and also repairs after later migrations (see `apps.py`); a change
of `index.SOURCES` needs a new migration that calls it again.
"""

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sprava.search import index

    index.install(schema_editor.connection)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sprava.search import index

    index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0003_organisation_code"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
