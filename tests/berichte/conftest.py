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


# Values of the worked monitoring example: (2022, 2024) per Sozialraum.
X = {"Nord": (10, 10), "Ost": (8, 10), "Süd": (12, 12), "West": (12, 12), "Klein": (90, 90)}
Y = {"Nord": (5, 5), "Ost": (7, 7), "Süd": (7, 5), "West": (7, 7), "Klein": (90, 90)}


@pytest.fixture
def beschaeftigung(db):
    from berichte.models import Einheit, Indikator, Richtung

    return Indikator.objects.create(
        schluessel="beschaeftigung",
        name="Beschäftigtenquote",
        einheit=Einheit.PROZENT,
        zaehler="Beschäftigte",
        nenner="Einwohner 15–64",
        quelle="BA",
        richtung=Richtung.HOEHER_BESSER,
    )


@pytest.fixture
def monitoring(saarlouis_stadt, sozialraeume, beschaeftigung, sgb2_quote):
    """The hand-computed example of tests/berichte/test_monitoring.py (arithmetic there)."""
    from berichte.models import Messwert, Monitoring

    for indikator, werte in ((beschaeftigung, X), (sgb2_quote, Y)):
        for name, (wert_2022, wert_2024) in werte.items():
            gebiet = sozialraeume[name]
            Messwert.objects.create(indikator=indikator, gebiet=gebiet, jahr=2022, wert=wert_2022)
            Messwert.objects.create(indikator=indikator, gebiet=gebiet, jahr=2024, wert=wert_2024)
    monitoring = Monitoring.objects.create(
        name="Sozialmonitoring 2024",
        gebiet=saarlouis_stadt,
        jahr=2024,
        dynamik_jahre=2,
        mindest_einwohner=300,
    )
    monitoring.indikatoren.set([beschaeftigung, sgb2_quote])
    return monitoring


# --- Reports ---------------------------------------------------------------------------------


@pytest.fixture
def bericht(saarlouis_stadt):
    from berichte.models import Bericht

    return Bericht.objects.create(
        titel="Sozialbericht 2026",
        gebiet=saarlouis_stadt,
        jahr=2026,
        einleitung="Der Bericht beschreibt die **soziale Lage**.",
    )


@pytest.fixture
def sgb2_werte(sozialraeume, sgb2_quote):
    """SGB-II-Quote 2021–2026: Nord 10.0 + 0.5 per year (2026: 12.5), Ost +1, Süd +2, …"""
    from berichte.models import Messwert

    werte = []
    for n, gebiet in enumerate(sozialraeume.values()):
        for jahr in range(2021, 2027):
            werte.append(
                Messwert(
                    indikator=sgb2_quote,
                    gebiet=gebiet,
                    jahr=jahr,
                    wert=10 + n + 0.5 * (jahr - 2021),
                )
            )
    return Messwert.objects.bulk_create(werte)


@pytest.fixture
def kapitel(bericht):
    from berichte.models import Kapitel, KapitelArt

    return Kapitel.objects.create(bericht=bericht, titel="Armut", art=KapitelArt.ARMUT)


@pytest.fixture
def armut_kapitel(kapitel, sgb2_quote, sgb2_werte, sozialraeume):
    """A draft chapter with a text, a table, a chart, recommendations and a sources block."""
    from berichte.models import Baustein, BausteinArt, Empfehlung

    Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.TEXT, reihenfolge=0, titel="Einordnung",
        text="Armut ist **ungleich** verteilt.",
    )  # fmt: skip
    tabelle = Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.TABELLE, reihenfolge=1, titel="SGB-II-Quote je Sozialraum"
    )
    tabelle.indikatoren.set([sgb2_quote])
    diagramm = Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.ZEITREIHE, reihenfolge=2, titel="Entwicklung",
        jahr_von=2021, jahr_bis=2026,
    )  # fmt: skip
    diagramm.indikatoren.set([sgb2_quote])
    diagramm.gebiete.set([sozialraeume["Nord"], sozialraeume["Süd"]])
    empfehlungen = Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.EMPFEHLUNGEN, reihenfolge=3, titel="Empfehlungen"
    )
    Empfehlung.objects.create(
        baustein=empfehlungen, text="Sozialberatung im Quartier ausbauen",
        zustaendig="Sozialamt", faellig_am="2027-06-30",
    )  # fmt: skip
    Baustein.objects.create(kapitel=kapitel, art=BausteinArt.QUELLEN, reihenfolge=4)
    return kapitel


def gegenleserin():
    """A second editor (Berichtswesen): under the four-eyes rule another person than the one
    who gave a chapter into review publishes it. Made on first use in a test."""
    from saarlouis_portal.konten.models import User
    from saarlouis_portal.konten.roles import Rolle
    from tests.conftest import make_user

    email = "gegenleserin@example.org"
    return User.objects.filter(email=email).first() or make_user(email, Rolle.BERICHTSWESEN)


def veroeffentlichen(kapitel, einreicher, freigeberin=None):
    """``einreicher`` gives the chapter into review, ``freigeberin`` (default: the
    ``gegenleserin``) publishes it."""
    from berichte import services
    from berichte.models import Workflow

    kapitel = services.change_status(kapitel, Workflow.PRUEFUNG, einreicher)
    return services.change_status(kapitel, Workflow.VEROEFFENTLICHT, freigeberin or gegenleserin())


# --- Files -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Published exports are kept in the storage (berichte/exports): never in the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
