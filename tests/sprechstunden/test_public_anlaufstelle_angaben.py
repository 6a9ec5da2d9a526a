"""The public Sprechstunden pages name the place's Gemeinde (and Landkreis) and its Träger: the
employers of its staffing shares of the current year where entered, else the employers of the
counsellors in all its Sprechstunden. The list stays at a flat number of queries."""

from datetime import date, time
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Sprechstunde,
    Stellenanteil,
    traeger_je_anlaufstelle,
)
from sprechstunden.services.slots import generate_slots
from tests.conftest import make_user
from tests.sprechstunden.conftest import JETZT

INDEX = reverse("sprechstunden:index")


def sprechstunde_in(anlaufstelle, titel, traeger, beratung, **extra):
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=anlaufstelle,
        titel=titel,
        wochentage=[2],
        beginn=time(14, 0),
        ende=time(16, 0),
        gueltig_ab=date(2026, 1, 1),
        **extra,
    )
    sprechstunde.themen.set(Beratungsthema.objects.all())
    Beratende.objects.create(sprechstunde=sprechstunde, user=beratung, traeger=traeger)
    generate_slots(sprechstunde)
    return sprechstunde


@pytest.fixture
def rathaus_mit_zwei_traegern(
    vormittag, kreisjugendamt, diakoniestation, beratung, beratung_diakonie, jetzt
):
    """The morning (Jugendamt) is public; the Diakonie's afternoon session is not."""
    Beratende.objects.create(sprechstunde=vormittag, user=beratung, traeger=kreisjugendamt)
    generate_slots(vormittag)
    sprechstunde_in(
        vormittag.anlaufstelle,
        "Intern",
        diakoniestation,
        beratung_diakonie,
        oeffentlich=False,
    )
    return vormittag


@pytest.fixture
def gemeindeverwaltung(db):
    return Organisation.objects.create(
        name="Gemeindeverwaltung Pliezhausen", art=OrganisationArt.BEHOERDE
    )


def angaben(html: str) -> str:
    return html[html.index("kern-description-list") :]


def test_the_list_names_gemeinde_landkreis_and_every_traeger_of_the_place(
    client, rathaus_mit_zwei_traegern
):
    html = angaben(client.get(INDEX).content.decode())
    assert "Gemeinde Pliezhausen, Landkreis Reutlingen" in html
    assert "Träger der Anlaufstelle" in html
    # The Diakonie counsels in another (internal) Sprechstunde of the same place.
    assert "Diakoniestation Metzingen, Kreisjugendamt Reutlingen" in html


def test_the_slot_page_names_them_too(client, rathaus_mit_zwei_traegern):
    url = reverse("sprechstunden:sprechstunde", args=[rathaus_mit_zwei_traegern.pk])
    html = client.get(url).content.decode()
    assert "Gemeinde Pliezhausen, Landkreis Reutlingen" in html
    assert "Diakoniestation Metzingen, Kreisjugendamt Reutlingen" in html


def test_the_staffing_shares_of_this_year_name_the_traeger_when_entered(
    client, rathaus_mit_zwei_traegern, kreisjugendamt, diakoniestation, gemeindeverwaltung
):
    rathaus = rathaus_mit_zwei_traegern.anlaufstelle
    for traeger, prozent in [(kreisjugendamt, 27), (gemeindeverwaltung, 10)]:
        Stellenanteil.objects.create(
            anlaufstelle=rathaus, traeger=traeger, jahr=2026, prozent=prozent
        )
    # Last year's shares do not count.
    Stellenanteil.objects.create(
        anlaufstelle=rathaus, traeger=diakoniestation, jahr=2025, prozent=Decimal("27.5")
    )
    html = angaben(client.get(INDEX).content.decode())
    assert "Gemeindeverwaltung Pliezhausen, Kreisjugendamt Reutlingen" in html
    assert "Diakoniestation Metzingen" not in html
    # In the new year without shares entered yet, the counsellors' employers stand again.
    with time_machine.travel(date(2027, 1, 4), tick=False):
        assert traeger_je_anlaufstelle([rathaus.pk], 2027) == {
            rathaus.pk: ["Diakoniestation Metzingen", "Kreisjugendamt Reutlingen"]
        }
        html = angaben(client.get(INDEX).content.decode())
    assert "Diakoniestation Metzingen, Kreisjugendamt Reutlingen" in html


def test_a_place_in_a_sozialraum_names_the_town_above_it(
    client, roden_nord, beratung, traeger, jetzt
):
    stadtteilbuero = Anlaufstelle.objects.create(
        name="Stadtteilbüro Roden",
        gebiet=roden_nord,
        strasse="Saarbrücker Straße 5",
        plz="66740",
        ort="Saarlouis",
        telefon="06831 1234",
    )
    sprechstunde_in(stadtteilbuero, "Beratung in Roden", traeger, beratung)
    html = angaben(client.get(INDEX).content.decode())
    assert "Kreisstadt Saarlouis, Landkreis Saarlouis" in html
    assert "Sozialbüro Saarlouis" in html
    assert stadtteilbuero.gemeinde.name == "Kreisstadt Saarlouis"
    assert roden_nord.art == GebietArt.SOZIALRAUM


def test_a_place_without_a_landkreis_names_its_gemeinde_only(client, beratung, traeger, jetzt):
    gemeinde = Gebiet.objects.create(name="Gemeinde Ohnekreis", art=GebietArt.GEMEINDE)
    anlaufstelle = Anlaufstelle.objects.create(
        name="Rathaus Ohnekreis", gebiet=gemeinde, strasse="Platz 1", plz="12345", ort="O"
    )
    sprechstunde_in(anlaufstelle, "Beratung", traeger, beratung)
    html = angaben(client.get(INDEX).content.decode())
    assert "<br>Gemeinde Ohnekreis<" in html
    assert anlaufstelle.landkreis is None


def test_names_are_escaped(client, beratung, pliezhausen, jetzt):
    boese = Organisation.objects.create(name="<script>alert(1)</script>", art="traeger")
    anlaufstelle = Anlaufstelle.objects.create(
        name="Büro", gebiet=pliezhausen, strasse="Platz 1", plz="12345", ort="O"
    )
    sprechstunde_in(anlaufstelle, "Beratung", boese, beratung)
    html = client.get(INDEX).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_list_costs_the_same_queries_for_one_and_many_places(
    client, rathaus_mit_zwei_traegern, kreisjugendamt, saarlouis
):
    Stellenanteil.objects.create(
        anlaufstelle=rathaus_mit_zwei_traegern.anlaufstelle,
        traeger=kreisjugendamt,
        jahr=JETZT.year,
        prozent=55,
    )
    client.get(INDEX)  # warm up: content types, sessions
    with CaptureQueriesContext(connection) as eine:
        client.get(INDEX)
    for i in range(6):
        stadtteil = Gebiet.objects.create(
            name=f"Stadtteil {i}", art=GebietArt.STADTTEIL, eltern=saarlouis
        )
        raum = Gebiet.objects.create(name=f"Raum {i}", art=GebietArt.SOZIALRAUM, eltern=stadtteil)
        anlaufstelle = Anlaufstelle.objects.create(
            name=f"Büro {i}", gebiet=raum, strasse="Platz 1", plz="66740", ort="Saarlouis"
        )
        traeger = Organisation.objects.create(name=f"Träger {i}", art=OrganisationArt.TRAEGER)
        sprechstunde_in(anlaufstelle, f"Sprechstunde {i}", traeger, make_user(f"b{i}@example.org"))
        Stellenanteil.objects.create(
            anlaufstelle=anlaufstelle, traeger=traeger, jahr=JETZT.year, prozent=50
        )
    with CaptureQueriesContext(connection) as viele:
        response = client.get(INDEX)
    assert len(response.context["sprechstunden"]) == 7
    assert "Träger 5" in response.content.decode()
    assert len(viele) == len(eine)


def test_a_new_share_shows_at_once_to_cached_visitors(
    client,
    settings,
    rathaus_mit_zwei_traegern,
    gemeindeverwaltung,
    django_capture_on_commit_callbacks,
):
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 60
    assert "Gemeindeverwaltung Pliezhausen" not in client.get(INDEX).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Stellenanteil.objects.create(
            anlaufstelle=rathaus_mit_zwei_traegern.anlaufstelle,
            traeger=gemeindeverwaltung,
            jahr=2026,
            prozent=10,
        )
    assert "Gemeindeverwaltung Pliezhausen" in client.get(INDEX).content.decode()
