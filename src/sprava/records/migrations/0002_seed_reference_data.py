"""Load the shipped reference data: places of Belarus, act types and organisations."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sprava.records.seed import load_reference_data

    load_reference_data(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_initial"),
    ]

    operations = [
        # Reversing leaves the rows: other records may already point at them.
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
