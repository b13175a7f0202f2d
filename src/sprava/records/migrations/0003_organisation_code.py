"""Give organisations a stable code, and fill it in for the shipped ones."""

from django.db import migrations, models


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sprava.records.seed import load_reference_data

    # Matches the shipped organisations by label and parent once more, now storing their code.
    load_reference_data(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_seed_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="code",
            field=models.SlugField(blank=True, max_length=80, null=True, unique=True),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
