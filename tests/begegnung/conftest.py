"""Shared fixtures of the Orte-der-Begegnung tests; add new shared fixtures at the end of the
section they belong to."""

import pytest

from begegnung.models import Ort, OrtArt, Stufe
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt


@pytest.fixture(autouse=True)
def _media_im_tmp(settings, tmp_path):
    """The stored HSDS export (begegnung/hsds/ablage.py) goes to a directory of each test, not
    to the repository's media directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


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


@pytest.fixture
def anderer_ort(roden_sozialraum):
    """A public place nobody of the test users leads."""
    return Ort.objects.create(
        name="Kita Sonnenschein",
        art=OrtArt.KITA,
        stufe=Stufe.SATELLIT,
        gebiet=roden_sozialraum,
        strasse="Sonnenweg 3",
        plz="66740",
        ortsname="Saarlouis",
        interne_notiz="VERTRAULICH-Notiz der Kita",
    )


@pytest.fixture
def arbeitgeber(db):
    from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt

    return Organisation.objects.create(name="Caritas Saarlouis", art=OrganisationArt.TRAEGER)


@pytest.fixture
def bereiter_satellit(roden_sozialraum, ortsleitung, arbeitgeber):
    """A public Satellit led by ``ortsleitung`` that meets every criterion of the next stage
    (Ort der Begegnung: two opening days, a Träger, an offer that runs without end date)."""
    from datetime import date, time

    from begegnung.models import Angebot, Oeffnungszeit, PartnerRolle, Partnerschaft, StufeErreicht

    ort = Ort.objects.create(
        name="Kita Roden", art=OrtArt.KITA, stufe=Stufe.SATELLIT, gebiet=roden_sozialraum
    )
    ort.leitung.add(ortsleitung)
    StufeErreicht.objects.create(ort=ort, stufe=Stufe.SATELLIT, erreicht_am=date(2024, 3, 1))
    for tag in (0, 2):
        Oeffnungszeit.objects.create(ort=ort, wochentag=tag, beginn=time(8), ende=time(16))
    Partnerschaft.objects.create(ort=ort, organisation=arbeitgeber, rolle=PartnerRolle.TRAEGER)
    Angebot.objects.create(ort=ort, titel="Eltern-Kind-Gruppe", wochentag=2, beginn=time(15))
    return ort


# --- Map and open data -----------------------------------------------------------------------


@pytest.fixture
def oeffentliches_verzeichnis(quartiersbuero, roden_sozialraum, ortsleitung):
    """A public place with everything the open data carries (partners, hours, accessibility,
    languages, offers of each schedule kind) and the private data it must never carry."""
    from datetime import date, time

    from begegnung.models import (
        Angebot,
        AngebotTermin,
        Oeffnungszeit,
        PartnerRolle,
        Partnerschaft,
        Stelle,
        Wiederholung,
    )
    from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt, Sprache, Thema

    deutsch, _ = Sprache.objects.get_or_create(code="de", defaults={"name": "Deutsch"})
    franzoesisch, _ = Sprache.objects.get_or_create(code="fr", defaults={"name": "Französisch"})
    ort = quartiersbuero
    ort.telefon = "+49 6831 123-45"
    ort.email = "quartiersbuero@example.org"
    ort.stufenloser_zugang = True
    ort.induktionsschleife = True
    ort.barrierefreiheit_hinweise = "Klingel am Seiteneingang."
    ort.beschreibung = "Treffpunkt im **Quartier**."
    ort.interne_notiz = "GEHEIM-Schlüssel beim Hausmeister"
    ort.save()
    ort.sprachen.add(deutsch, franzoesisch)
    caritas = Organisation.objects.create(
        name="Caritasverband Saar-Hochwald",
        kurzname="Caritas",
        art=OrganisationArt.TRAEGER,
        telefon="06831 999-0",
        email="intern-caritas@example.org",
        website="https://caritas.example.org",
        beschreibung="INTERNE Stammdatenbeschreibung",
    )
    jobcenter = Organisation.objects.create(
        name="Jobcenter Saarlouis", art=OrganisationArt.BEHOERDE
    )
    Partnerschaft.objects.create(ort=ort, organisation=caritas, rolle=PartnerRolle.TRAEGER)
    Stelle.objects.create(
        ort=ort, fachbereich="arbeitsvermittlung", arbeitgeber=jobcenter, anteil="0.50"
    )
    Oeffnungszeit.objects.create(ort=ort, wochentag=0, beginn=time(9), ende=time(12))
    Oeffnungszeit.objects.create(ort=ort, wochentag=0, beginn=time(14), ende=time(17))
    Oeffnungszeit.objects.create(ort=ort, wochentag=3, beginn=time(9), ende=time(12, 30))
    thema = Thema.objects.create(name="Sprachförderung Test", slug="sprachfoerderung-test")
    sprachcafe = Angebot.objects.create(
        ort=ort,
        titel="Sprachcafé",
        wiederholung=Wiederholung.WOECHENTLICH,
        wochentag=1,
        beginn=time(15),
        ende=time(17),
        gueltig_ab=date(2026, 1, 1),
        kontakt_name="Frau Beispiel",
        kontakt_email="sprachcafe@example.org",
        kontakt_telefon="06831 555",
    )
    sprachcafe.themen.add(thema)
    sprachcafe.sprachen.add(deutsch, franzoesisch)
    Angebot.objects.create(
        ort=ort,
        titel="Elterntreff",
        wiederholung=Wiederholung.MONATLICH,
        wochentag=4,
        woche_im_monat=-1,
        beginn=time(10),
        ende=time(11, 30),
        kostenlos=False,
        kosten="2 Euro",
        anmeldung_noetig=True,
        anmeldung_wie="Telefonisch im Quartiersbüro",
    )
    fest = Angebot.objects.create(ort=ort, titel="Stadtteilfest", wiederholung="einzeltermine")
    AngebotTermin.objects.create(
        angebot=fest, datum=date(2027, 6, 5), beginn=time(14), ende=time(20)
    )
    Angebot.objects.create(ort=ort, titel="Internes Teamtreffen", oeffentlich=False)
    versteckt = Ort.objects.create(
        name="Noch nicht öffentlicher Ort",
        art=OrtArt.KITA,
        gebiet=roden_sozialraum,
        breitengrad="49.320000",
        laengengrad="6.750000",
        oeffentlich=False,
    )
    Angebot.objects.create(ort=versteckt, titel="Angebot am versteckten Ort")
    Partnerschaft.objects.create(
        ort=versteckt,
        organisation=Organisation.objects.create(
            name="Nur intern bekannter Verein", art=OrganisationArt.VEREIN
        ),
    )
    return ort


def make_orte(gebiet, count: int, start: int = 0) -> list:
    """``count`` public places with coordinates, an offer and a language each."""
    from begegnung.models import Angebot

    orte = []
    for i in range(start, start + count):
        ort = Ort.objects.create(
            name=f"Ort {i:03d}",
            art=OrtArt.KITA if i % 2 else OrtArt.SCHULE,
            gebiet=gebiet,
            strasse=f"Hauptstraße {i}",
            plz="66740",
            ortsname="Saarlouis",
            breitengrad=f"49.{300000 + i:06d}",
            laengengrad=f"6.{750000 + i:06d}",
        )
        Angebot.objects.create(ort=ort, titel=f"Angebot {i}", wochentag=i % 7)
        orte.append(ort)
    return orte
