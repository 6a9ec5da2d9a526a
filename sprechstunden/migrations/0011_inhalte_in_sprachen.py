"""Issue 14: the texts citizens read get a column per language (django-modeltranslation; the
fields are listed in the app's translation.py, see docs/i18n.md). Every existing text is German:
it is copied into the new German column, so existing databases keep showing it. Backwards, the
German column is copied into the old one before the new columns go."""

from django.db import migrations, models
from django.db.models import F

FELDER = {
    "anlaufstelle": ("wegbeschreibung", "barrierefreiheit"),
    "beratungsthema": ("name",),
    "schliesszeit": ("grund",),
    "sprechstunde": ("titel", "beschreibung"),
}


def copy_into_german(apps, schema_editor):
    for model_name, felder in FELDER.items():
        model = apps.get_model("sprechstunden", model_name)
        model.objects.update(**{f"{feld}_de": F(feld) for feld in felder})


def copy_back_from_german(apps, schema_editor):
    for model_name, felder in FELDER.items():
        model = apps.get_model("sprechstunden", model_name)
        for feld in felder:
            model.objects.filter(**{f"{feld}_de__isnull": False}).update(**{feld: F(f"{feld}_de")})
    if schema_editor.connection.vendor == "postgresql":
        # The columns are dropped next, in this transaction: PostgreSQL refuses that while the
        # deferred foreign-key checks of these updates are pending, so they run now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("sprechstunden", "0010_sprechstunde_oeffentlich"),
    ]

    operations = [
        migrations.AddField(
            model_name="anlaufstelle",
            name="barrierefreiheit_ar",
            field=models.TextField(
                blank=True,
                help_text="Zum Beispiel: stufenloser Zugang über den Seiteneingang, Aufzug, WC.",
                max_length=2000,
                null=True,
                verbose_name="Barrierefreiheit",
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="barrierefreiheit_de",
            field=models.TextField(
                blank=True,
                help_text="Zum Beispiel: stufenloser Zugang über den Seiteneingang, Aufzug, WC.",
                max_length=2000,
                null=True,
                verbose_name="Barrierefreiheit",
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="barrierefreiheit_en",
            field=models.TextField(
                blank=True,
                help_text="Zum Beispiel: stufenloser Zugang über den Seiteneingang, Aufzug, WC.",
                max_length=2000,
                null=True,
                verbose_name="Barrierefreiheit",
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="barrierefreiheit_fr",
            field=models.TextField(
                blank=True,
                help_text="Zum Beispiel: stufenloser Zugang über den Seiteneingang, Aufzug, WC.",
                max_length=2000,
                null=True,
                verbose_name="Barrierefreiheit",
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="barrierefreiheit_tr",
            field=models.TextField(
                blank=True,
                help_text="Zum Beispiel: stufenloser Zugang über den Seiteneingang, Aufzug, WC.",
                max_length=2000,
                null=True,
                verbose_name="Barrierefreiheit",
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="barrierefreiheit_uk",
            field=models.TextField(
                blank=True,
                help_text="Zum Beispiel: stufenloser Zugang über den Seiteneingang, Aufzug, WC.",
                max_length=2000,
                null=True,
                verbose_name="Barrierefreiheit",
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="wegbeschreibung_ar",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Wegbeschreibung"
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="wegbeschreibung_de",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Wegbeschreibung"
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="wegbeschreibung_en",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Wegbeschreibung"
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="wegbeschreibung_fr",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Wegbeschreibung"
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="wegbeschreibung_tr",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Wegbeschreibung"
            ),
        ),
        migrations.AddField(
            model_name="anlaufstelle",
            name="wegbeschreibung_uk",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Wegbeschreibung"
            ),
        ),
        migrations.AddField(
            model_name="beratungsthema",
            name="name_ar",
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="beratungsthema",
            name="name_de",
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="beratungsthema",
            name="name_en",
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="beratungsthema",
            name="name_fr",
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="beratungsthema",
            name="name_tr",
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="beratungsthema",
            name="name_uk",
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="schliesszeit",
            name="grund_ar",
            field=models.CharField(
                help_text="Wird öffentlich angezeigt, z. B. „Feiertag“.",
                max_length=120,
                null=True,
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="schliesszeit",
            name="grund_de",
            field=models.CharField(
                help_text="Wird öffentlich angezeigt, z. B. „Feiertag“.",
                max_length=120,
                null=True,
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="schliesszeit",
            name="grund_en",
            field=models.CharField(
                help_text="Wird öffentlich angezeigt, z. B. „Feiertag“.",
                max_length=120,
                null=True,
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="schliesszeit",
            name="grund_fr",
            field=models.CharField(
                help_text="Wird öffentlich angezeigt, z. B. „Feiertag“.",
                max_length=120,
                null=True,
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="schliesszeit",
            name="grund_tr",
            field=models.CharField(
                help_text="Wird öffentlich angezeigt, z. B. „Feiertag“.",
                max_length=120,
                null=True,
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="schliesszeit",
            name="grund_uk",
            field=models.CharField(
                help_text="Wird öffentlich angezeigt, z. B. „Feiertag“.",
                max_length=120,
                null=True,
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="beschreibung_ar",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Beschreibung"
            ),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="beschreibung_de",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Beschreibung"
            ),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="beschreibung_en",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Beschreibung"
            ),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="beschreibung_fr",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Beschreibung"
            ),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="beschreibung_tr",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Beschreibung"
            ),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="beschreibung_uk",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Beschreibung"
            ),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="titel_ar",
            field=models.CharField(max_length=120, null=True, verbose_name="Titel"),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="titel_de",
            field=models.CharField(max_length=120, null=True, verbose_name="Titel"),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="titel_en",
            field=models.CharField(max_length=120, null=True, verbose_name="Titel"),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="titel_fr",
            field=models.CharField(max_length=120, null=True, verbose_name="Titel"),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="titel_tr",
            field=models.CharField(max_length=120, null=True, verbose_name="Titel"),
        ),
        migrations.AddField(
            model_name="sprechstunde",
            name="titel_uk",
            field=models.CharField(max_length=120, null=True, verbose_name="Titel"),
        ),
        migrations.RunPython(copy_into_german, copy_back_from_german),
    ]
