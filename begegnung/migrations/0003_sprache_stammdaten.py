"""Moving ``Sprache`` to stammdaten (issue 18), step 3: the languages of places and offers point
at ``stammdaten.Sprache``, the same table under its new owner. The link tables keep their names
and rows; only the foreign key constraint is made again (SQLite copies the link table)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("begegnung", "0002_stufenkriterien"),
        ("stammdaten", "0003_sprache"),
    ]

    operations = [
        migrations.AlterField(
            model_name="angebot",
            name="sprachen",
            field=models.ManyToManyField(
                blank=True,
                related_name="angebote",
                to="stammdaten.sprache",
                verbose_name="Sprachen",
            ),
        ),
        migrations.AlterField(
            model_name="ort",
            name="sprachen",
            field=models.ManyToManyField(
                blank=True, related_name="orte", to="stammdaten.sprache", verbose_name="Sprachen"
            ),
        ),
    ]
