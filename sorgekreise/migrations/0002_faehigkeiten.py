"""Seed the kinds of help (Faehigkeit); staff may add more in the admin."""

from django.db import migrations

# (key, name, needs an extended police certificate, needs a language)
FAEHIGKEITEN = [
    ("einkaufen", "Einkaufen", False, False),
    ("begleitung", "Begleitung zu Ämtern und Ärzten", False, False),
    ("sprachmittlung", "Sprachmittlung", False, True),
    ("kinderbetreuung", "Kinderbetreuung", True, False),
    ("hausaufgaben", "Hausaufgabenhilfe", True, False),
    ("fahrdienst", "Fahrdienst", False, False),
    ("besuchsdienst", "Besuchsdienst", False, False),
    ("patenschaft", "Patenschaft", True, False),
    ("lotse", "Lotsendienst (Formulare, Behörden)", False, False),
    ("haushalt", "Kleine Hilfen im Haushalt", False, False),
]


def seed(apps, schema_editor):
    Faehigkeit = apps.get_model("sorgekreise", "Faehigkeit")
    for i, (key, name, zeugnis, sprache) in enumerate(FAEHIGKEITEN):
        Faehigkeit.objects.update_or_create(
            schluessel=key,
            defaults={
                "name": name,
                "braucht_fuehrungszeugnis": zeugnis,
                "braucht_sprache": sprache,
                "reihenfolge": (i + 1) * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("sorgekreise", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
