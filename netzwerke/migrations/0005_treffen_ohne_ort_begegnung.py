"""A meeting's Ort der Begegnung is kept by begegnung now (``begegnung.Treffpunkt``, issue 18):
the column goes once begegnung 0004 has copied every link."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("netzwerke", "0004_treffen_ort_der_begegnung"),
        ("begegnung", "0004_treffpunkt"),
    ]

    operations = [migrations.RemoveField(model_name="treffen", name="ort_begegnung")]
