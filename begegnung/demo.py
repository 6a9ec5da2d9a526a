"""Demo data of the Orte der Begegnung, loaded by ``seed_demo``: the places with their hours,
partners, staff posts and stage history (``begegnung/demo_orte.py``), then their offers
(``begegnung/demo_angebote.py``), then one open stage request of the demo Ortsleitung.

Running it again updates the rows; the children of demo places are replaced, offers keep their
UID (and so their place in subscribers' calendars)."""

from datetime import timedelta

from django.utils import timezone

from begegnung import services
from begegnung.demo_angebote import seed_angebote
from begegnung.demo_orte import seed_orte
from begegnung.models import Angebot, Antrag, AntragArt, Ort
from saarlouis_portal.konten.models import User

# The demo Ortsleitung asks for the next stage of this place (it meets the checklist).
ANTRAG_ORT = "Kita Roden"


def seed(stdout):
    heute = timezone.localdate()
    orte = seed_orte(heute)
    seed_angebote(orte, heute)
    seed_antrag(orte)
    stdout.write(
        f"  Orte der Begegnung: {Ort.objects.count()} Orte, {Angebot.objects.count()} Angebote, "
        f"{Antrag.objects.offen().count()} offene Anträge"
    )
    return []


def seed_antrag(orte: dict[str, Ort]) -> None:
    """One open stage request by the demo Ortsleitung, so the Sozialplanung's queue in the
    Cockpit has work (docs/orte.md). Kept if one is open already."""
    ort = orte.get(ANTRAG_ORT)
    leitung = User.objects.filter(email="ortsleitung@example.org").first()
    if ort is None or leitung is None or ort.antraege.offen().exists():
        return
    ziel = services.next_stufe(ort.stufe)
    if ziel is None:
        return
    Antrag.objects.create(
        ort=ort,
        art=AntragArt.STUFE,
        stufe=ziel,
        begruendung=(
            "Die Kita ist an fünf Tagen geöffnet, die Eltern-Kind-Gruppe läuft jede Woche und "
            "der Träger steht dahinter. Wir möchten als Ort der Begegnung für Roden auftreten."
        ),
        gestellt_von=leitung,
        gestellt_am=timezone.now() - timedelta(days=2),
    )
