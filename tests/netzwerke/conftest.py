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


# --- Measures --------------------------------------------------------------------------------
