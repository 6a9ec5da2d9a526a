"""The Ort der Begegnung of a network meeting moves from ``netzwerke.Treffen.ort_begegnung`` to
``begegnung.Treffpunkt`` (issue 18: networks sit below the places, so the higher app keeps the
link). Every existing link is copied here; netzwerke 0005 then drops the old column."""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Treffen = apps.get_model("netzwerke", "Treffen")
    Treffpunkt = apps.get_model("begegnung", "Treffpunkt")
    Treffpunkt.objects.bulk_create(
        Treffpunkt(treffen_id=treffen_id, ort_id=ort_id)
        for treffen_id, ort_id in Treffen.objects.filter(ort_begegnung__isnull=False)
        .values_list("pk", "ort_begegnung_id")
        .iterator()
    )


def copy_links_back(apps, schema_editor):
    Treffen = apps.get_model("netzwerke", "Treffen")
    Treffpunkt = apps.get_model("begegnung", "Treffpunkt")
    for treffen_id, ort_id in Treffpunkt.objects.values_list("treffen_id", "ort_id").iterator():
        Treffen.objects.filter(pk=treffen_id).update(ort_begegnung_id=ort_id)


class Migration(migrations.Migration):
    dependencies = [
        ("begegnung", "0003_sprache_stammdaten"),
        ("netzwerke", "0004_treffen_ort_der_begegnung"),
    ]

    operations = [
        migrations.CreateModel(
            name="Treffpunkt",
            fields=[
                (
                    "treffen",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="treffpunkt",
                        serialize=False,
                        to="netzwerke.treffen",
                        verbose_name="Treffen",
                    ),
                ),
                (
                    "ort",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="netzwerktreffen",
                        to="begegnung.ort",
                        verbose_name="Ort der Begegnung",
                    ),
                ),
            ],
            options={
                "verbose_name": "Treffpunkt eines Netzwerktreffens",
                "verbose_name_plural": "Treffpunkte von Netzwerktreffen",
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
