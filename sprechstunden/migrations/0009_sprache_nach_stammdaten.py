"""Moving ``Sprache`` to stammdaten (issue 18), steps 3 and 4: the languages of Sprechstunden
and bookings point at ``stammdaten.Sprache``; then, once begegnung and sorgekreise point there
too, the model leaves this app's migration state. The table is stammdaten's now: the database
keeps it (``state_operations`` only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sprechstunden", "0008_sprache_tabelle"),
        ("stammdaten", "0003_sprache"),
        ("begegnung", "0003_sprache_stammdaten"),
        ("sorgekreise", "0003_sprache_stammdaten"),
    ]

    operations = [
        migrations.AlterField(
            model_name="buchung",
            name="sprache",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="stammdaten.sprache",
                verbose_name="Sprache",
            ),
        ),
        migrations.AlterField(
            model_name="sprechstunde",
            name="sprachen",
            field=models.ManyToManyField(
                blank=True,
                related_name="sprechstunden",
                to="stammdaten.sprache",
                verbose_name="Sprachen",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Sprache")],
        ),
    ]
