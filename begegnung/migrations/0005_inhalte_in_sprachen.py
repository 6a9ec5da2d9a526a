"""Issue 14: the texts citizens read get a column per language (django-modeltranslation; the
fields are listed in the app's translation.py, see docs/i18n.md). Every existing text is German:
it is copied into the new German column, so existing databases keep showing it. Backwards, the
German column is copied into the old one before the new columns go."""

from django.db import migrations, models
from django.db.models import F

import saarlouis_portal.forms

FELDER = {
    "angebot": ("titel", "beschreibung", "kosten", "anmeldung_wie"),
    "ausnahme": ("grund",),
    "ort": ("beschreibung", "barrierefreiheit_hinweise"),
}


def copy_into_german(apps, schema_editor):
    for model_name, felder in FELDER.items():
        model = apps.get_model("begegnung", model_name)
        model.objects.update(**{f"{feld}_de": F(feld) for feld in felder})


def copy_back_from_german(apps, schema_editor):
    for model_name, felder in FELDER.items():
        model = apps.get_model("begegnung", model_name)
        for feld in felder:
            model.objects.filter(**{f"{feld}_de__isnull": False}).update(**{feld: F(f"{feld}_de")})
    if schema_editor.connection.vendor == "postgresql":
        # The columns are dropped next, in this transaction: PostgreSQL refuses that while the
        # deferred foreign-key checks of these updates are pending, so they run now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("begegnung", "0004_treffpunkt"),
    ]

    operations = [
        migrations.AddField(
            model_name="angebot",
            name="anmeldung_wie_ar",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="So melden Sie sich an",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="anmeldung_wie_de",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="So melden Sie sich an",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="anmeldung_wie_en",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="So melden Sie sich an",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="anmeldung_wie_fr",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="So melden Sie sich an",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="anmeldung_wie_tr",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="So melden Sie sich an",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="anmeldung_wie_uk",
            field=models.CharField(
                blank=True,
                max_length=300,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="So melden Sie sich an",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="beschreibung_ar",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=5000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="beschreibung_de",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=5000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="beschreibung_en",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=5000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="beschreibung_fr",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=5000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="beschreibung_tr",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=5000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="beschreibung_uk",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=5000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="kosten_ar",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kosten",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="kosten_de",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kosten",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="kosten_en",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kosten",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="kosten_fr",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kosten",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="kosten_tr",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kosten",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="kosten_uk",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Kosten",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="titel_ar",
            field=models.CharField(
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Titel",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="titel_de",
            field=models.CharField(
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Titel",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="titel_en",
            field=models.CharField(
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Titel",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="titel_fr",
            field=models.CharField(
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Titel",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="titel_tr",
            field=models.CharField(
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Titel",
            ),
        ),
        migrations.AddField(
            model_name="angebot",
            name="titel_uk",
            field=models.CharField(
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Titel",
            ),
        ),
        migrations.AddField(
            model_name="ausnahme",
            name="grund_ar",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="ausnahme",
            name="grund_de",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="ausnahme",
            name="grund_en",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="ausnahme",
            name="grund_fr",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="ausnahme",
            name="grund_tr",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="ausnahme",
            name="grund_uk",
            field=models.CharField(
                blank=True,
                max_length=200,
                null=True,
                validators=[saarlouis_portal.forms.kein_markup],
                verbose_name="Grund",
            ),
        ),
        migrations.AddField(
            model_name="ort",
            name="barrierefreiheit_hinweise_ar",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Hinweise zur Barrierefreiheit"
            ),
        ),
        migrations.AddField(
            model_name="ort",
            name="barrierefreiheit_hinweise_de",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Hinweise zur Barrierefreiheit"
            ),
        ),
        migrations.AddField(
            model_name="ort",
            name="barrierefreiheit_hinweise_en",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Hinweise zur Barrierefreiheit"
            ),
        ),
        migrations.AddField(
            model_name="ort",
            name="barrierefreiheit_hinweise_fr",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Hinweise zur Barrierefreiheit"
            ),
        ),
        migrations.AddField(
            model_name="ort",
            name="barrierefreiheit_hinweise_tr",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Hinweise zur Barrierefreiheit"
            ),
        ),
        migrations.AddField(
            model_name="ort",
            name="barrierefreiheit_hinweise_uk",
            field=models.TextField(
                blank=True, max_length=2000, null=True, verbose_name="Hinweise zur Barrierefreiheit"
            ),
        ),
        migrations.AddField(
            model_name="ort",
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
            model_name="ort",
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
            model_name="ort",
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
            model_name="ort",
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
            model_name="ort",
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
            model_name="ort",
            name="beschreibung_uk",
            field=models.TextField(
                blank=True,
                help_text="Markdown ist erlaubt.",
                max_length=10000,
                null=True,
                verbose_name="Beschreibung",
            ),
        ),
        migrations.RunPython(copy_into_german, copy_back_from_german),
    ]
