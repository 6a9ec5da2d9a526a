"""The 17 UN Sustainable Development Goals, with their official German short titles."""

from django.db import migrations

ZIELE = [
    (1, "Keine Armut"),
    (2, "Kein Hunger"),
    (3, "Gesundheit und Wohlergehen"),
    (4, "Hochwertige Bildung"),
    (5, "Geschlechtergleichheit"),
    (6, "Sauberes Wasser und Sanitäreinrichtungen"),
    (7, "Bezahlbare und saubere Energie"),
    (8, "Menschenwürdige Arbeit und Wirtschaftswachstum"),
    (9, "Industrie, Innovation und Infrastruktur"),
    (10, "Weniger Ungleichheiten"),
    (11, "Nachhaltige Städte und Gemeinden"),
    (12, "Nachhaltige/r Konsum und Produktion"),
    (13, "Maßnahmen zum Klimaschutz"),
    (14, "Leben unter Wasser"),
    (15, "Leben an Land"),
    (16, "Frieden, Gerechtigkeit und starke Institutionen"),
    (17, "Partnerschaften zur Erreichung der Ziele"),
]


def seed(apps, schema_editor):
    Ziel = apps.get_model("netzwerke", "Nachhaltigkeitsziel")
    for nummer, titel in ZIELE:
        Ziel.objects.update_or_create(nummer=nummer, defaults={"titel": titel})


class Migration(migrations.Migration):
    dependencies = [("netzwerke", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
