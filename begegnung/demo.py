"""Demo data of the Orte der Begegnung, loaded by ``seed_demo``: the places with their hours,
partners, staff posts and stage history (``begegnung/demo_orte.py``), then their offers
(``begegnung/demo_angebote.py``).

Running it again updates the rows; the children of demo places are replaced, offers keep their
UID (and so their place in subscribers' calendars)."""

from django.utils import timezone

from begegnung.demo_angebote import seed_angebote
from begegnung.demo_orte import seed_orte
from begegnung.models import Angebot, Ort


def seed(stdout):
    heute = timezone.localdate()
    orte = seed_orte(heute)
    seed_angebote(orte, heute)
    stdout.write(
        f"  Orte der Begegnung: {Ort.objects.count()} Orte, {Angebot.objects.count()} Angebote"
    )
    return []
