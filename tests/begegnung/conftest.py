"""Shared fixtures of the Orte-der-Begegnung tests; add new shared fixtures at the end of the
section they belong to."""

import pytest

from begegnung.models import Ort, OrtArt, Stufe
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

# --- Places ----------------------------------------------------------------------------------


@pytest.fixture
def stadt(db):
    return Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)


@pytest.fixture
def roden_stadtteil(stadt):
    return Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=stadt)


@pytest.fixture
def roden_sozialraum(roden_stadtteil):
    return Gebiet.objects.create(
        name="Roden-Nord", art=GebietArt.SOZIALRAUM, eltern=roden_stadtteil
    )


@pytest.fixture
def quartiersbuero(roden_sozialraum, ortsleitung):
    """A public place led by the ``ortsleitung`` user."""
    ort = Ort.objects.create(
        name="Quartiersbüro Roden",
        art=OrtArt.QUARTIERSBUERO,
        stufe=Stufe.ORT_DER_BEGEGNUNG,
        gebiet=roden_sozialraum,
        strasse="Holzmühler Weg 1",
        plz="66740",
        ortsname="Saarlouis",
        breitengrad="49.327000",
        laengengrad="6.762000",
    )
    ort.leitung.add(ortsleitung)
    return ort


# --- Map and open data -----------------------------------------------------------------------
