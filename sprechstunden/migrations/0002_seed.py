"""Seed the consultation topics of the Pliezhausen report and the common languages."""

from django.db import migrations

THEMEN = [
    ("geldsorgen", "Geldsorgen und Schulden"),
    ("kinder-familie", "Kinder und Familie"),
    ("arbeit", "Arbeit und Beruf"),
    ("wohnen", "Wohnen"),
    ("antraege", "Anträge und Behörden"),
    ("gesundheit-pflege", "Gesundheit und Pflege"),
    ("sonstiges", "Sonstiges"),
]

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


def seed_themen(apps, schema_editor):
    Beratungsthema = apps.get_model("sprechstunden", "Beratungsthema")
    for i, (slug, name) in enumerate(THEMEN, start=1):
        Beratungsthema.objects.update_or_create(
            slug=slug, defaults={"name": name, "reihenfolge": i}
        )


def seed_sprachen(apps, schema_editor):
    # Sprache belonged to this app until 0009 (issue 18); it is ``stammdaten.Sprache`` now, and
    # stammdaten 0003 has the list too. Here it runs only inside this migration's state.
    Sprache = apps.get_model("sprechstunden", "Sprache")
    for i, (code, name) in enumerate(SPRACHEN, start=1):
        Sprache.objects.update_or_create(code=code, defaults={"name": name, "reihenfolge": i})


def seed(apps, schema_editor):
    seed_themen(apps, schema_editor)
    seed_sprachen(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("sprechstunden", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
