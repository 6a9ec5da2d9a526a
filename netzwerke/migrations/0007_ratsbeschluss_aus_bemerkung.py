"""Council decisions become records (issue 16). Until now the decision was the free-text remark
of the status change to "beschlossen" (e.g. "Ratsbeschluss vom 12.03.2026, Vorlage 2026/17").

Every measure that is decided, running or completed gets one ``Ratsbeschluss`` from its latest
change to "beschlossen": the date of that change, the body "Sonstiges Gremium", no outcome, and
the remark kept word for word in the internal note. A record without an outcome is shown to staff
as "bitte ergänzen" and not to the public. The timeline rows stay as they were."""

from django.db import migrations
from django.utils import timezone

ENTSCHIEDEN = ("beschlossen", "laufend", "abgeschlossen")


def notiz(wechsel) -> str:
    am = timezone.localdate(wechsel.wann).strftime("%d.%m.%Y")
    if wechsel.bemerkung.strip():
        text = f"Übernommen aus der Bemerkung zum Statuswechsel vom {am}: {wechsel.bemerkung}"
    else:
        text = f"Übernommen aus dem Statuswechsel vom {am} (ohne Bemerkung)."
    return text + " Bitte Gremium, Sitzungsdatum und Ergebnis ergänzen."


def aus_bemerkung(apps, schema_editor):
    Massnahme = apps.get_model("netzwerke", "Massnahme")
    Statuswechsel = apps.get_model("netzwerke", "Statuswechsel")
    Ratsbeschluss = apps.get_model("netzwerke", "Ratsbeschluss")
    for massnahme in Massnahme.objects.filter(status__in=ENTSCHIEDEN).iterator():
        if Ratsbeschluss.objects.filter(massnahme=massnahme).exists():
            continue
        wechsel = (
            Statuswechsel.objects.filter(massnahme=massnahme, nach="beschlossen")
            .order_by("-wann", "-pk")
            .first()
        )
        if wechsel is None:
            continue
        Ratsbeschluss.objects.create(
            massnahme=massnahme,
            gremium="sonstiges",
            datum=timezone.localdate(wechsel.wann),
            ergebnis="",
            notiz=notiz(wechsel)[:2000],
        )


def zurueck(apps, schema_editor):
    # The remarks are still in the timeline; only the records made here go.
    Ratsbeschluss = apps.get_model("netzwerke", "Ratsbeschluss")
    Ratsbeschluss.objects.filter(ergebnis="", notiz__startswith="Übernommen aus").delete()


class Migration(migrations.Migration):
    dependencies = [("netzwerke", "0006_ratsbeschluss_vier_augen")]

    operations = [migrations.RunPython(aus_bemerkung, zurueck)]
