"""Issue 14: the texts citizens read get a column per language (django-modeltranslation; the
fields are listed in the app's translation.py, see docs/i18n.md). Every existing text is German:
it is copied into the new German column, so existing databases keep showing it. Backwards, the
German column is copied into the old one before the new columns go."""

from django.db import migrations, models
from django.db.models import F

import saarlouis_portal.forms

FELDER = {
    "sorgekreis": ("kurzbeschreibung", "beschreibung"),
}


def copy_into_german(apps, schema_editor):
    for model_name, felder in FELDER.items():
        model = apps.get_model("sorgekreise", model_name)
        model.objects.update(**{f"{feld}_de": F(feld) for feld in felder})


def copy_back_from_german(apps, schema_editor):
    for model_name, felder in FELDER.items():
        model = apps.get_model("sorgekreise", model_name)
        for feld in felder:
            model.objects.filter(**{f"{feld}_de__isnull": False}).update(**{feld: F(f"{feld}_de")})
    if schema_editor.connection.vendor == "postgresql":
        # The columns are dropped next, in this transaction: PostgreSQL refuses that while the
        # deferred foreign-key checks of these updates are pending, so they run now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("sorgekreise", "0004_zugriff_ins_audit_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="sorgekreis",
            name="beschreibung_ar",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=10000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="beschreibung_de",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=10000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="beschreibung_en",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=10000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="beschreibung_fr",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=10000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="beschreibung_tr",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=10000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="beschreibung_uk",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=10000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="kurzbeschreibung_ar",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kurzbeschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="kurzbeschreibung_de",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kurzbeschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="kurzbeschreibung_en",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kurzbeschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="kurzbeschreibung_fr",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kurzbeschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="kurzbeschreibung_tr",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kurzbeschreibung",
            ),
        ),
        migrations.AddField(
            model_name="sorgekreis",
            name="kurzbeschreibung_uk",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kurzbeschreibung",
            ),
        ),
        migrations.RunPython(copy_into_german, copy_back_from_german),
    ]
