"""Shared fixtures of the Berichte tests (indicators and reports); add new shared fixtures at
the end of the section they belong to."""

import pytest

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

# --- Areas and indicators --------------------------------------------------------------------


@pytest.fixture
def saarlouis_stadt(db):
    return Gebiet.objects.create(
        name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE, einwohnerzahl=34000
    )


@pytest.fixture
def sozialraeume(saarlouis_stadt):
    """Four comparable Sozialräume and one too small to be classified."""
    namen = [("Nord", "SR01", 1000), ("Ost", "SR02", 1000), ("Süd", "SR03", 1000)]
    namen += [("West", "SR04", 1000), ("Klein", "SR05", 100)]
    return {
        name: Gebiet.objects.create(
            name=name,
            art=GebietArt.SOZIALRAUM,
            eltern=saarlouis_stadt,
            schluessel=schluessel,
            einwohnerzahl=einwohner,
        )
        for name, schluessel, einwohner in namen
    }


@pytest.fixture
def sgb2_quote(db):
    from berichte.models import Einheit, Indikator, KapitelArt, Richtung

    return Indikator.objects.create(
        schluessel="sgb2_quote",
        name="SGB-II-Quote",
        kapitel=KapitelArt.ARMUT,
        einheit=Einheit.PROZENT,
        zaehler="Personen in Bedarfsgemeinschaften nach SGB II",
        nenner="Einwohner unter 65 Jahren",
        quelle="Bundesagentur für Arbeit",
        richtung=Richtung.NIEDRIGER_BESSER,
    )


@pytest.fixture
def einwohner_indikator(db):
    from berichte.models import Einheit, Indikator, KapitelArt

    return Indikator.objects.create(
        schluessel="einwohner",
        name="Einwohnerinnen und Einwohner",
        kapitel=KapitelArt.DEMOGRAFIE,
        einheit=Einheit.ANZAHL,
        quelle="Melderegister",
        nachkommastellen=0,
    )


# --- Reports ---------------------------------------------------------------------------------
