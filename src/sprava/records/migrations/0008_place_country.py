"""Places carry a country (issue 9, jurisdiction per venue): "BY" for Belarus and every place
within it, and the shipped places abroad (neighbouring countries, capitals, border crossings).

A place the ledger recorded as an administrator added it keeps an empty country, so that its
row stays what its ledger events say (`sprava verify`); an empty country reads as the country
of the place it lies within (`records.models.places.countries`). Shipped places are filled in
whether or not they were changed since: their origin is the data file, which names the country.
"""

import django.core.validators
from django.db import migrations, models


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sprava.records.seed import load_reference_data, read_data

    using = schema_editor.connection.alias
    places = apps.get_model("records", "Place")._default_manager.using(using)
    entries = apps.get_model("ledger", "Entry")._default_manager.using(using)
    shipped: dict[str, list[str]] = {}
    for entry in read_data("places.json")["places"]:
        shipped.setdefault(entry["country"], []).append(entry["code"])
    children: dict[int | None, list[int]] = {}
    for pk, parent in places.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    belarus = places.filter(code="belarus").values_list("pk", flat=True).first()
    within, queue = [], [belarus] if belarus is not None else []
    while queue:  # Belarus and everything under it
        pk = queue.pop()
        if pk not in within:
            within.append(pk)
            queue.extend(children.get(pk, []))
    recorded = set(entries.filter(subject__startswith="records.place:")
                   .values_list("subject", flat=True))
    unrecorded = [pk for pk in within if f"records.place:{pk}" not in recorded]
    places.filter(pk__in=unrecorded, country="").update(country="BY")
    # Every shipped place (the first migration may have loaded some of those abroad already,
    # from this data file, before places had a country).
    for country, codes in shipped.items():
        places.filter(code__in=codes, country="").update(country=country)
    # The places abroad; update=False leaves alone what administrators changed.
    load_reference_data(apps, update=False, using=using)


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0007_custodyperiod_charge_articles'),
        ('ledger', '0003_entry_case'),
    ]

    operations = [
        migrations.AddField(
            model_name='place',
            name='country',
            field=models.CharField(blank=True, db_index=True, help_text='ISO 3166-1 alpha-2 code, e.g. BY or LT; empty: as the place it lies within.', max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}$', 'Two capital letters (ISO 3166-1), e.g. BY.')]),
        ),
        # Reversing drops the column; the places abroad stay (records may point at them).
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
