"""Issue 14: the texts citizens read get a column per language (django-modeltranslation; the
fields are listed in the app's translation.py, see docs/i18n.md). Every existing text is German:
it is copied into the new German column, so existing databases keep showing it. Backwards, the
German column is copied into the old one before the new columns go."""

from django.db import migrations, models
from django.db.models import F

FELDER = {
    "handlungsfeld": ("name",),
    "thema": ("name",),
}


def copy_into_german(apps, schema_editor):
    for model_name, felder in FELDER.items():
        model = apps.get_model("stammdaten", model_name)
        model.objects.update(**{f"{feld}_de": F(feld) for feld in felder})


def copy_back_from_german(apps, schema_editor):
    for model_name, felder in FELDER.items():
        model = apps.get_model("stammdaten", model_name)
        for feld in felder:
            model.objects.filter(**{f"{feld}_de__isnull": False}).update(**{feld: F(f"{feld}_de")})
    if schema_editor.connection.vendor == "postgresql":
        # The columns are dropped next, in this transaction: PostgreSQL refuses that while the
        # deferred foreign-key checks of these updates are pending, so they run now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("stammdaten", "0003_sprache"),
    ]

    operations = [
        migrations.AddField(
            model_name="handlungsfeld",
            name="name_ar",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="handlungsfeld",
            name="name_de",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="handlungsfeld",
            name="name_en",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="handlungsfeld",
            name="name_fr",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="handlungsfeld",
            name="name_tr",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="handlungsfeld",
            name="name_uk",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="thema",
            name="name_ar",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="thema",
            name="name_de",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="thema",
            name="name_en",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="thema",
            name="name_fr",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="thema",
            name="name_tr",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="thema",
            name="name_uk",
            field=models.CharField(max_length=120, null=True, unique=True, verbose_name="Name"),
        ),
        migrations.RunPython(copy_into_german, copy_back_from_german),
    ]
