"""Moving ``Sprache`` to stammdaten (issue 18), step 3: the languages of helpers and of help
requests point at ``stammdaten.Sprache``, the same table under its new owner. Rows and the link
table's name stay; only the foreign key constraints are made again."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sorgekreise", "0002_faehigkeiten"),
        ("stammdaten", "0003_sprache"),
    ]

    operations = [
        migrations.AlterField(
            model_name="helfende",
            name="sprachen",
            field=models.ManyToManyField(
                blank=True,
                help_text="Für Sprachmittlung und Begleitung: die Sprachen, die die Person spricht.",
                related_name="helfende",
                to="stammdaten.sprache",
                verbose_name="Sprachen",
            ),
        ),
        migrations.AlterField(
            model_name="hilfeanfrage",
            name="sprache",
            field=models.ForeignKey(
                blank=True,
                help_text="Nur wenn eine bestimmte Sprache gebraucht wird.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="stammdaten.sprache",
                verbose_name="Sprache",
            ),
        ),
    ]
