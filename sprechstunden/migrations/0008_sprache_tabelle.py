"""Moving ``Sprache`` to stammdaten (issue 18), step 1 of 4: the table takes the name of its new
owner. Nothing is copied: the rows, their ids and every link to them stay as they are.

Step 2 (stammdaten 0003) adopts the table as ``stammdaten.Sprache``, step 3 points the links of
begegnung, sorgekreise and this app at it, step 4 (0009) drops the model from this app's state.
"""

from django.db import migrations


class Migration(migrations.Migration):
    # After the apps that link to Sprache have created those links: a new database then names
    # their foreign keys exactly as existing databases do.
    dependencies = [
        ("sprechstunden", "0007_buchung_kalender_sequenz"),
        ("begegnung", "0002_stufenkriterien"),
        ("sorgekreise", "0002_faehigkeiten"),
    ]

    operations = [migrations.AlterModelTable(name="sprache", table="stammdaten_sprache")]
