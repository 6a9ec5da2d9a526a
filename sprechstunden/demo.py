"""Demo Sprechstunden of the Pliezhausen model: the office in the town hall, a morning and an
afternoon session held by counsellors of the Jugendamt and the Diakoniestation."""

import contextlib
from datetime import time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from begegnung.models import Ort
from saarlouis_portal.konten.demo import DEMO_PASSWORT
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, Organisation
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Buchung,
    Kanal,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.errors import SprechstundenFehler
from sprechstunden.services.slots import generate_slots

SPRECHSTUNDEN = [
    # title, weekdays, start, end, counsellor e-mail, employer
    (
        "Soziale Sprechstunde am Vormittag",
        [1],
        time(9, 0),
        time(12, 0),
        "beratung@example.org",
        "Jugendamt Reutlingen",
    ),
    (
        "Soziale Sprechstunde am Nachmittag",
        [3],
        time(14, 0),
        time(17, 0),
        "beratung2@example.org",
        "Diakoniestation Metzingen",
    ),
]


def seed(stdout):
    pliezhausen = Gebiet.objects.get(name="Gemeinde Pliezhausen")
    rathaus, _created = Anlaufstelle.objects.update_or_create(
        name="Büro im Rathaus Pliezhausen",
        defaults={
            "gebiet": pliezhausen,
            "strasse": "Marktplatz 1",
            "plz": "72124",
            "ort": "Pliezhausen",
            "raum": "Erdgeschoss, Besprechungsraum (Demo)",
            "wegbeschreibung": "Haupteingang am Marktplatz, dann rechts.",
            "barrierefreiheit": "Stufenloser Zugang über den Seiteneingang; barrierefreies WC.",
            "stufenlos": True,
            # Public Sprechstunden need a number to call (Anlaufstelle.clean); a demo number.
            "telefon": "+497127000000",
            # The begegnung demo (seeded before this app) has the same office as a place.
            "ort_begegnung": Ort.objects.filter(name="Rathaus Pliezhausen").first(),
        },
    )
    zweite, _created = User.objects.get_or_create(
        email="beratung2@example.org", defaults={"first_name": "Dana", "last_name": "Diakonie"}
    )
    zweite.set_password(DEMO_PASSWORT)
    zweite.save()
    zweite.groups.set([Group.objects.get(name=Rolle.BERATUNG.value)])

    themen = list(Beratungsthema.objects.all())
    sprachen = list(Sprache.objects.filter(code__in=["de", "en", "tr"]))
    today = timezone.localdate()
    for titel, tage, beginn, ende, email, traeger in SPRECHSTUNDEN:
        sprechstunde, _created = Sprechstunde.objects.update_or_create(
            anlaufstelle=rathaus,
            titel=titel,
            defaults={
                "wochentage": tage,
                "beginn": beginn,
                "ende": ende,
                "slot_minuten": 45,
                "puffer_minuten": 15,
                "kapazitaet": 1,
                "vorlauf_stunden": 2,
                "buchbar_tage": 42,
                "gueltig_ab": today - timedelta(days=30),
                "beschreibung": "Vertraulich und kostenlos: Beratung zu Geldsorgen, Kindern, "
                "Arbeit, Wohnen und Anträgen.",
            },
        )
        sprechstunde.themen.set(themen)
        sprechstunde.sprachen.set(sprachen)
        Beratende.objects.update_or_create(
            sprechstunde=sprechstunde,
            user=User.objects.get(email=email),
            defaults={"traeger": Organisation.objects.get(name=traeger)},
        )
        generate_slots(sprechstunde)
    _demo_bookings(themen)
    stdout.write(
        f"  Sprechstunden: {Sprechstunde.objects.count()} Sprechstunden, "
        f"{Termin.objects.count()} Termine"
    )
    return [("beratung2@example.org", "Beratungsfachkraft (Diakonie)")]


def _demo_bookings(themen):
    """Two bookings by phone in the next slots, so the day list shows something."""
    if Buchung.objects.filter(name__startswith="Demo").exists():
        return
    staff = User.objects.get(email="beratung@example.org")
    for i, termin in enumerate(Termin.objects.bookable().order_by("beginn")[:2]):
        with contextlib.suppress(SprechstundenFehler):
            book_termin(
                termin.pk,
                BuchungsDaten(thema=themen[i], name=f"Demo {'AB'[i]}.", telefon="07127 000000"),
                kanal=Kanal.TELEFON,
                by=staff,
            )
