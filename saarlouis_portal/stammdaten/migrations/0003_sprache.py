"""Moving ``Sprache`` to stammdaten (issue 18), step 2 of 4: adopt the table that
sprechstunden 0008 renamed to ``stammdaten_sprache`` (the model's default table here), in the
migration state only. The database already holds the table with its rows.

The languages were seeded by sprechstunden 0002, which every database has run by now (it comes
before 0008); ``seed_sprachen`` fills the table only when it is empty, for test databases that
were emptied after migrating.
"""

from django.db import migrations, models

SPRACHEN = [
    ("de", "Deutsch"),
    ("en", "Englisch"),
    ("tr", "Türkisch"),
    ("ar", "Arabisch"),
    ("uk", "Ukrainisch"),
    ("ru", "Russisch"),
    ("fr", "Französisch"),
    ("it", "Italienisch"),
    ("pl", "Polnisch"),
    ("ro", "Rumänisch"),
    ("fa", "Persisch (Farsi)"),
]


def seed_sprachen(apps, schema_editor):
    Sprache = apps.get_model("stammdaten", "Sprache")
    if Sprache.objects.exists():
        return
    Sprache.objects.bulk_create(
        Sprache(code=code, name=name, reihenfolge=i)
        for i, (code, name) in enumerate(SPRACHEN, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stammdaten", "0002_seed_stammdaten"),
        ("sprechstunden", "0008_sprache_tabelle"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Sprache",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.CharField(max_length=8, unique=True, verbose_name="Code")),
                        ("name", models.CharField(max_length=40, verbose_name="Name")),
                        (
                            "reihenfolge",
                            models.PositiveSmallIntegerField(default=0, verbose_name="Reihenfolge"),
                        ),
                    ],
                    options={
                        "verbose_name": "Sprache",
                        "verbose_name_plural": "Sprachen",
                        "ordering": ["reihenfolge", "name"],
                    },
                ),
            ],
        ),
        migrations.RunPython(seed_sprachen, migrations.RunPython.noop),
    ]
