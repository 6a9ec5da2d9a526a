"""Shared fixtures of the Sorgekreise tests. Part B adds its fixtures at the end."""

import datetime

import pytest
from django.utils import timezone

from begegnung.models import Ort, OrtArt, Stufe
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sorgekreise.models import (
    AnfrageStatus,
    Faehigkeit,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Sorgekreis,
    Verfuegbarkeit,
)

# --- Areas and places ------------------------------------------------------------------------


@pytest.fixture
def stadt(db):
    return Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)


@pytest.fixture
def roden(stadt):
    return Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=stadt)


@pytest.fixture
def roden_nord(roden):
    return Gebiet.objects.create(name="Roden-Nord", art=GebietArt.SOZIALRAUM, eltern=roden)


@pytest.fixture
def roden_sued(roden):
    return Gebiet.objects.create(name="Roden-Süd", art=GebietArt.SOZIALRAUM, eltern=roden)


@pytest.fixture
def fraulautern(stadt):
    return Gebiet.objects.create(name="Fraulautern", art=GebietArt.STADTTEIL, eltern=stadt)


@pytest.fixture
def quartiersbuero(roden_nord, ortsleitung):
    """A public place led by the ``ortsleitung`` user."""
    ort = Ort.objects.create(
        name="Quartiersbüro Roden",
        art=OrtArt.QUARTIERSBUERO,
        stufe=Stufe.ORT_DER_BEGEGNUNG,
        gebiet=roden_nord,
    )
    ort.leitung.add(ortsleitung)
    return ort


@pytest.fixture
def anderer_ort(fraulautern):
    """A place nobody of the test users leads."""
    return Ort.objects.create(
        name="Pfarrzentrum Fraulautern", art=OrtArt.PFARRZENTRUM, gebiet=fraulautern
    )


# --- Circles, helpers, requests --------------------------------------------------------------


def faehigkeit(schluessel: str) -> Faehigkeit:
    return Faehigkeit.objects.get(schluessel=schluessel)


@pytest.fixture
def einkaufen(db):
    return faehigkeit("einkaufen")


@pytest.fixture
def kinderbetreuung(db):
    return faehigkeit("kinderbetreuung")


@pytest.fixture
def kreis(quartiersbuero, ortsleitung):
    """A public circle at the Quartiersbüro, coordinated by the ``ortsleitung`` user."""
    kreis = Sorgekreis.objects.create(
        name="Sorgekreis Roden",
        ort=quartiersbuero,
        kurzbeschreibung="Nachbarinnen und Nachbarn helfen einander.",
        beschreibung="Wir helfen beim **Einkaufen** und begleiten zu Ämtern.",
    )
    kreis.koordination.add(ortsleitung)
    return kreis


@pytest.fixture
def anderer_kreis(anderer_ort):
    """A circle the ``ortsleitung`` user neither coordinates nor leads the place of."""
    return Sorgekreis.objects.create(name="Sorgekreis Fraulautern", ort=anderer_ort)


def make_helfende(kreis, *, name="Hanna Helfer", faehigkeiten=(), gebiete=(), **extra):
    extra.setdefault("email", f"{name.split()[0].lower()}@example.org")
    extra.setdefault("status", HelfendeStatus.GEPRUEFT)
    extra.setdefault("einwilligung_version", "test")
    extra.setdefault("einwilligung_am", timezone.now())
    helfende = Helfende.objects.create(name=name, **extra)
    helfende.faehigkeiten.set(faehigkeiten)
    helfende.gebiete.set(gebiete)
    if kreis is not None:
        helfende.sorgekreise.add(kreis)
    return helfende


@pytest.fixture
def helfende(kreis, einkaufen, roden_nord):
    """A vetted helper of ``kreis`` who shops in Roden-Nord on Tuesday mornings."""
    helfende = make_helfende(
        kreis,
        faehigkeiten=[einkaufen],
        gebiete=[roden_nord],
        telefon="06831 12345",
        geprueft_am=datetime.date(2026, 1, 15),
        pruefung_notiz="Gespräch geführt",
    )
    Verfuegbarkeit.objects.create(
        helfende=helfende,
        wochentag=1,
        beginn=datetime.time(9),
        ende=datetime.time(12),
    )
    return helfende


def make_anfrage(kreis, art, gebiet, **extra):
    extra.setdefault("telefon", "06831 99999")
    extra.setdefault("status", AnfrageStatus.OFFEN)
    return Hilfeanfrage.objects.create(sorgekreis=kreis, art=art, gebiet=gebiet, **extra)


@pytest.fixture
def anfrage(kreis, einkaufen, roden_nord):
    """An open request of ``kreis`` for shopping help in Roden-Nord."""
    return make_anfrage(
        kreis,
        einkaufen,
        roden_nord,
        name="Erika Muster",
        notiz="VERTRAULICH: nach einer Operation nicht gut zu Fuß",
        wochentag=1,
        uhrzeit_von=datetime.time(10),
        uhrzeit_bis=datetime.time(11),
    )


# --- Part B: public side ---------------------------------------------------------------------


@pytest.fixture
def versteckter_kreis(quartiersbuero):
    """A circle that is not public: never on the public pages or in the forms."""
    return Sorgekreis.objects.create(name="Interner Kreis", ort=quartiersbuero, oeffentlich=False)
