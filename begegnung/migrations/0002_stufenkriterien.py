"""Default checklist of the stages (the Saarlouis concept), editable afterwards on the settings
page. Only rows that do not exist yet are created, so re-running keeps staff changes."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    (
        "ort_der_begegnung",
        "min_oeffnungstage",
        "2",
        "Regelmäßig an mindestens zwei Tagen geöffnet.",
    ),
    ("ort_der_begegnung", "min_traeger", "1", "Mindestens ein tragender Partner (Träger)."),
    ("ort_der_begegnung", "min_angebote", "1", "Mindestens ein laufendes Angebot."),
    ("anlaufstelle", "min_fachbereiche", "2", "Fachkräfte aus mindestens zwei Diensten."),
    ("anlaufstelle", "min_traeger", "2", "Von mehreren Partnern getragen (Träger und Mitträger)."),
    ("anlaufstelle", "min_stellen", "2", "„Nicht unerhebliche“ Personalausstattung."),
    ("anlaufstelle", "min_oeffnungsstunden", "20", "Verlässliche Öffnung an mehreren Tagen."),
]


def seed(apps, schema_editor):
    Stufenkriterium = apps.get_model("begegnung", "Stufenkriterium")
    for stufe, art, schwellwert, erlaeuterung in DEFAULTS:
        Stufenkriterium.objects.get_or_create(
            stufe=stufe,
            art=art,
            defaults={"schwellwert": Decimal(schwellwert), "erlaeuterung": erlaeuterung},
        )


class Migration(migrations.Migration):
    dependencies = [("begegnung", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
