"""Shared fixtures of the Netzwerke tests. Both network and measure tests use them; add new
shared fixtures at the end of the section they belong to."""

import pytest

from netzwerke.models import Netzwerk
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Handlungsfeld, Thema

# --- Networks --------------------------------------------------------------------------------


@pytest.fixture
def stadt(db):
    return Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)


@pytest.fixture
def roden_stadtteil(stadt):
    return Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=stadt)


@pytest.fixture
def thema_sprache(db):
    return Thema.objects.get_or_create(
        name="Sprachförderung", defaults={"slug": "sprachfoerderung"}
    )[0]


@pytest.fixture
def feld_bildung(db):
    return Handlungsfeld.objects.get_or_create(
        name="Bildung und Erziehung", defaults={"slug": "bildung-erziehung"}
    )[0]


@pytest.fixture
def netzwerk(stadt, koordination):
    """A public city-level network coordinated by the ``koordination`` user."""
    netz = Netzwerk.objects.create(name="Netzwerk Sprachförderung", gebiet=stadt)
    netz.koordination.add(koordination)
    return netz


@pytest.fixture
def fremdes_netzwerk(roden_stadtteil, planer):
    """An internal network that the ``koordination`` user does not coordinate."""
    return Netzwerk.objects.create(
        name="Internes Netzwerk Roden", gebiet=roden_stadtteil, oeffentlich=False
    )


@pytest.fixture
def caritas(stadt):
    """A member organisation (SGB VIII) with a contact person who receives invitations."""
    from saarlouis_portal.stammdaten.models import (
        Ansprechperson,
        Organisation,
        OrganisationArt,
        Sozialgesetzbuch,
    )

    org = Organisation.objects.create(
        name="Caritasverband Saar-Hochwald", art=OrganisationArt.TRAEGER
    )
    org.sgb_buecher.add(Sozialgesetzbuch.objects.get(nummer="VIII"))
    Ansprechperson.objects.create(
        organisation=org, vorname="Clara", nachname="Kontakt", email="clara@caritas.example"
    )
    return org


@pytest.fixture
def mitglied(netzwerk, caritas):
    from netzwerke.models import Mitgliedschaft

    m = Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=caritas, rolle="koordination")
    m.ansprechpersonen.set(caritas.ansprechpersonen.all())
    return m


@pytest.fixture
def treffen(netzwerk):
    """A meeting in the public network on 10 December 2026, 18:00–20:00 Berlin time."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from netzwerke.models import Treffen

    berlin = ZoneInfo("Europe/Berlin")
    return Treffen.objects.create(
        netzwerk=netzwerk,
        titel="Netzwerktreffen Dezember",
        beginn=datetime(2026, 12, 10, 18, 0, tzinfo=berlin),
        ende=datetime(2026, 12, 10, 20, 0, tzinfo=berlin),
        ort="Rathaus Saarlouis, Sitzungssaal",
        tagesordnung="1. Begrüßung\n2. Sprachcafé",
        protokoll="Geheimes internes Protokoll",
    )


# --- Measures --------------------------------------------------------------------------------


def fill_pruefung(massnahme, bewertung="positiv", ergebnis="empfohlen"):
    """A check with every premise rated and reasoned and a result (not yet completed)."""
    from netzwerke.models import Nachhaltigkeitsziel
    from netzwerke.services_massnahmen import get_or_create_pruefung

    pruefung = get_or_create_pruefung(massnahme)
    pruefung.bewertungen.update(bewertung=bewertung, begruendung="Weil es so ist.")
    pruefung.ergebnis = ergebnis
    pruefung.save()
    pruefung.ziele.set(Nachhaltigkeitsziel.objects.filter(nummer__in=[4, 10]))
    return pruefung


@pytest.fixture
def massnahme(netzwerk, stadt, koordination):
    """An idea in the ``koordination`` user's public network, with its first timeline row."""
    from netzwerke.models import Massnahme, Statuswechsel

    m = Massnahme.objects.create(titel="Sprachcafé im Quartier", netzwerk=netzwerk, gebiet=stadt)
    Statuswechsel.objects.create(massnahme=m, nach=m.status, wer=koordination)
    return m


@pytest.fixture
def fremde_massnahme(fremdes_netzwerk, roden_stadtteil):
    """A measure of an internal network the ``koordination`` user does not coordinate."""
    from netzwerke.models import Massnahme

    return Massnahme.objects.create(
        titel="Interne Maßnahme Roden", netzwerk=fremdes_netzwerk, gebiet=roden_stadtteil
    )


@pytest.fixture
def sichtbare_massnahme(stadt):
    """A measure of a public network coordinated by somebody else: visible, not changeable."""
    from netzwerke.models import Massnahme

    netz = Netzwerk.objects.create(name="Lokales Bündnis für Familie", gebiet=stadt)
    return Massnahme.objects.create(titel="Familienfest", netzwerk=netz, gebiet=stadt)


def pruefen_und_freigeben(massnahme, einreicher, freigeber, **fill):
    """Four eyes: the check filled in, ``einreicher`` submits it, ``freigeber`` approves it."""
    from netzwerke.services_massnahmen import complete_check, submit_check

    pruefung = fill_pruefung(massnahme, **fill)
    submit_check(pruefung, einreicher)
    return complete_check(pruefung, freigeber)


def ratsbeschluss(massnahme, **felder):
    """A council decision (default: the Stadtrat, 09.02.2023, unanimous) saved by the service."""
    import datetime

    from netzwerke.models import Ratsbeschluss
    from netzwerke.services_beschluesse import save_beschluss

    daten = {
        "gremium": "stadtrat",
        "datum": datetime.date(2023, 2, 9),
        "vorlage": "Drucksache 2023/017",
        "ergebnis": "einstimmig",
        **felder,
    }
    return save_beschluss(Ratsbeschluss(massnahme=massnahme, **daten))


def zweite_person():
    """Another Sozialplanung account, the second pair of eyes of tests about something else.
    Made on first use in a test."""
    from saarlouis_portal.konten.models import User
    from saarlouis_portal.konten.roles import Rolle
    from tests.conftest import make_user

    email = "zweitpruefung@example.org"
    return User.objects.filter(email=email).first() or make_user(email, Rolle.SOZIALPLANUNG)


def beschliessen(massnahme, einreicher, freigeber=None, bemerkung="", **fill):
    """The whole way to "beschlossen": the check submitted by ``einreicher`` and approved by
    ``freigeber`` (default: ``zweite_person()``), the council decision recorded, the status set
    by ``einreicher``."""
    from netzwerke.models import MassnahmeStatus
    from netzwerke.services_massnahmen import change_status

    pruefen_und_freigeben(massnahme, einreicher, freigeber or zweite_person(), **fill)
    ratsbeschluss(massnahme)
    return change_status(massnahme, MassnahmeStatus.BESCHLOSSEN, einreicher, bemerkung)


@pytest.fixture
def zweite_koordination(netzwerk):
    """A second coordinator of ``netzwerk``: the second pair of eyes within the network."""
    from saarlouis_portal.konten.roles import Rolle
    from tests.conftest import make_user

    user = make_user("zweite.koordination@example.org", Rolle.NETZWERKKOORDINATION)
    netzwerk.koordination.add(user)
    return user


# --- Following up a meeting: replies, minutes, tasks (issue 17) ------------------------------


@pytest.fixture
def vor_dem_treffen():
    """The clock on 1 December 2026, 10:00 Berlin time: nine days before ``treffen``."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    with time_machine.travel(
        datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture
def einladung(vor_dem_treffen, treffen, mitglied, koordination):
    """Clara's invitation to ``treffen``, sent (with her reply link) on 1 December."""
    from django.core import mail

    from netzwerke import services
    from netzwerke.models import Einladung

    services.send_einladung(treffen, koordination)
    mail.outbox.clear()
    return Einladung.objects.get(treffen=treffen, person__email="clara@caritas.example")
