"""Seed the fields of action and network topics of the Saarlouis concept and the SGB books."""

from django.db import migrations

HANDLUNGSFELDER = [
    ("partizipation-vernetzung", "Partizipation und Vernetzung"),
    ("bildung-erziehung", "Bildung und Erziehung"),
    ("arbeitsmarkt", "Arbeitsmarkt"),
    ("existenzsicherung", "Existenzsicherung"),
    ("wohnen-wohnumgebung", "Wohnen und Wohnumgebung"),
]

THEMEN = [
    ("sprachfoerderung", "Sprachförderung"),
    ("bildung-erziehung", "Bildung und Erziehung"),
    ("wohnraum", "Bereitstellung von Wohnraum"),
    ("arbeitsmarktintegration", "Arbeitsmarktintegration"),
    ("gleichstellung", "Gleichstellung"),
    ("interreligioeser-dialog", "Interreligiöser Dialog"),
    ("interkulturelle-oeffnung", "Interkulturelle Öffnung"),
]

SGB = [
    ("II", "Grundsicherung für Arbeitsuchende"),
    ("III", "Arbeitsförderung"),
    ("V", "Gesetzliche Krankenversicherung"),
    ("VIII", "Kinder- und Jugendhilfe"),
    ("IX", "Rehabilitation und Teilhabe von Menschen mit Behinderungen"),
    ("XI", "Soziale Pflegeversicherung"),
    ("XII", "Sozialhilfe"),
]


def seed(apps, schema_editor):
    Handlungsfeld = apps.get_model("stammdaten", "Handlungsfeld")
    Thema = apps.get_model("stammdaten", "Thema")
    Sozialgesetzbuch = apps.get_model("stammdaten", "Sozialgesetzbuch")
    for i, (slug, name) in enumerate(HANDLUNGSFELDER, start=1):
        Handlungsfeld.objects.update_or_create(slug=slug, defaults={"name": name, "reihenfolge": i})
    for i, (slug, name) in enumerate(THEMEN, start=1):
        Thema.objects.update_or_create(slug=slug, defaults={"name": name, "reihenfolge": i})
    for i, (nummer, titel) in enumerate(SGB, start=1):
        Sozialgesetzbuch.objects.update_or_create(
            nummer=nummer, defaults={"titel": titel, "reihenfolge": i}
        )


class Migration(migrations.Migration):
    dependencies = [("stammdaten", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
