"""Index the case each entry names, as its body says, so that a case's members can read the
entries of their cases without every body being parsed."""

import json

from django.db import migrations, models

CHUNK = 2000


def fill_cases(apps, schema_editor):  # type: ignore[no-untyped-def]
    Entry = apps.get_model("ledger", "Entry")
    last = -1
    while True:
        rows = list(Entry.objects.filter(seq__gt=last).order_by("seq").only("seq", "body")[:CHUNK])
        if not rows:
            return
        changed = []
        for row in rows:
            case = json.loads(bytes(row.body)).get("case") or ""
            if case:
                row.case = case
                changed.append(row)
        Entry.objects.bulk_update(changed, ["case"])
        last = rows[-1].seq


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0002_entry_subject"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="case",
            field=models.CharField(blank=True, db_index=True, default="", max_length=120),
        ),
        migrations.RunPython(fill_cases, migrations.RunPython.noop),
    ]
