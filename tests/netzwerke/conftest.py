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
