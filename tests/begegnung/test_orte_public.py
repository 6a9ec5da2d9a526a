"""The public directory, place and offer pages."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from begegnung.models import Angebot, Ausnahme, Oeffnungszeit, Ort, OrtArt
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Sprache, Thema
from tests.begegnung.conftest import make_orte

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def _namen(response):
    return [o.name for o in response.context["page"].object_list]


def test_directory_replaces_the_placeholder(client, quartiersbuero):
    response = client.get("/orte/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "im Aufbau" not in html
    assert "Quartiersbüro Roden" in html


def test_directory_lists_public_places_only(client, oeffentliches_verzeichnis, planer):
    client.force_login(planer)  # staff see the public directory like everybody else
    html = client.get("/orte/").content.decode()
    assert "Quartiersbüro Roden" in html
    assert "Noch nicht öffentlicher Ort" not in html
    assert "Internes Teamtreffen" not in html
    assert "GEHEIM" not in html


@pytest.fixture
def verzeichnis(quartiersbuero, anderer_ort, stadt):
    lisdorf = Gebiet.objects.create(name="Lisdorf", art=GebietArt.STADTTEIL, eltern=stadt)
    lisdorf_sr = Gebiet.objects.create(name="Lisdorf-Süd", art=GebietArt.SOZIALRAUM, eltern=lisdorf)
    schule = Ort.objects.create(
        name="Grundschule Lisdorf",
        art=OrtArt.SCHULE,
        gebiet=lisdorf_sr,
        beschreibung="Mit Schulgarten.",
        stufenloser_zugang=True,
    )
    arabisch = Sprache.objects.get(code="ar")
    schule.sprachen.add(arabisch)
    thema = Thema.objects.get(slug="sprachfoerderung")
    cafe = Angebot.objects.create(
        ort=quartiersbuero, titel="Sprachcafé", wochentag=1, beginn=time(15)
    )
    cafe.themen.add(thema)
    Angebot.objects.create(ort=anderer_ort, titel="Geheimes Sprachtraining", oeffentlich=False)
    versteckt = Angebot.objects.create(ort=anderer_ort, titel="Leseclub", oeffentlich=False)
    versteckt.themen.add(thema)
    return {"schule": schule, "lisdorf": lisdorf, "thema": thema, "arabisch": arabisch}


def test_filter_by_stadtteil_includes_its_sozialraeume(client, verzeichnis):
    response = client.get("/orte/", {"gebiet": verzeichnis["lisdorf"].pk})
    assert _namen(response) == ["Grundschule Lisdorf"]


def test_filter_by_kind_topic_language_and_step_free(client, verzeichnis):
    assert _namen(client.get("/orte/", {"art": OrtArt.KITA})) == ["Kita Sonnenschein"]
    # Only public offers count: the hidden Leseclub does not put the Kita in the list.
    assert _namen(client.get("/orte/", {"thema": verzeichnis["thema"].pk})) == [
        "Quartiersbüro Roden"
    ]
    assert _namen(client.get("/orte/", {"sprache": verzeichnis["arabisch"].pk})) == [
        "Grundschule Lisdorf"
    ]
    assert _namen(client.get("/orte/", {"stufenlos": "on"})) == ["Grundschule Lisdorf"]


def test_search_covers_name_description_and_public_offers(client, verzeichnis):
    assert _namen(client.get("/orte/", {"q": "schulgarten"})) == ["Grundschule Lisdorf"]
    assert _namen(client.get("/orte/", {"q": "sprachcaf"})) == ["Quartiersbüro Roden"]
    assert _namen(client.get("/orte/", {"q": "Sprachtraining"})) == []


def test_filter_open_now(client, verzeichnis, quartiersbuero):
    Oeffnungszeit.objects.create(ort=quartiersbuero, wochentag=3, beginn=time(9), ende=time(12))
    with time_machine.travel(datetime(2026, 11, 26, 10, 0, tzinfo=BERLIN), tick=False):
        response = client.get("/orte/", {"offen": "on"})
        assert _namen(response) == ["Quartiersbüro Roden"]
        assert "Jetzt geöffnet" in response.content.decode()
    with time_machine.travel(datetime(2026, 11, 26, 13, 0, tzinfo=BERLIN), tick=False):
        assert _namen(client.get("/orte/", {"offen": "on"})) == []


def test_bad_filter_input_never_breaks_the_page(client, verzeichnis):
    for params in [
        {"gebiet": "999999"},
        {"gebiet": "abc"},
        {"art": "<script>"},
        {"thema": "-1"},
        {"q": "<script>alert(1)</script>"},
        {"q": "x" * 500},
        {"seite": "999"},
        {"seite": "abc"},
    ]:
        response = client.get("/orte/", params)
        assert response.status_code == 200, params
        assert "<script>alert" not in response.content.decode()


def test_directory_paginates(client, roden_sozialraum):
    make_orte(roden_sozialraum, 25)
    first = client.get("/orte/")
    assert len(first.context["page"].object_list) == 20
    assert "Seite 1 von 2" in first.content.decode()
    assert len(client.get("/orte/", {"seite": 2}).context["page"].object_list) == 5


def _count_queries(client, path, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params or {}).status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN), tick=False)
def test_directory_query_count_stays_flat(client, roden_sozialraum):
    # A Monday at 10:00, so "open now" finds rows in both measurements: an empty
    # result skips the prefetches and would make the count depend on the clock.
    for ort in make_orte(roden_sozialraum, 3):
        Oeffnungszeit.objects.create(ort=ort, wochentag=0, beginn=time(9), ende=time(12))
    few = _count_queries(client, "/orte/")
    few_filtered = _count_queries(client, "/orte/", {"q": "Ort", "offen": "on"})
    orte = make_orte(roden_sozialraum, 15, start=3)
    for ort in orte:
        ort.sprachen.add(Sprache.objects.get(code="de"))
        Oeffnungszeit.objects.create(ort=ort, wochentag=0, beginn=time(9), ende=time(12))
        Angebot.objects.create(ort=ort, titel="Zweites Angebot")
    assert _count_queries(client, "/orte/") == few
    assert _count_queries(client, "/orte/", {"q": "Ort", "offen": "on"}) == few_filtered


def test_place_page(client, oeffentliches_verzeichnis):
    ort = oeffentliches_verzeichnis
    Ausnahme.objects.create(ort=ort, datum=datetime(2026, 11, 23).date(), grund="Betriebsausflug")
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN), tick=False):
        response = client.get(f"/orte/{ort.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jetzt geschlossen" in html  # Monday 10:00 is regular, but the exception wins
    assert "Betriebsausflug" in html
    assert '<bdi dir="ltr">09:00–12:00</bdi> Uhr, <bdi dir="ltr">14:00–17:00</bdi> Uhr' in html
    assert "Stufenloser Zugang" in html
    assert "Induktionsschleife" in html
    assert "Klingel am Seiteneingang." in html
    assert "Französisch" in html
    assert "Caritasverband Saar-Hochwald (Träger)" in html
    assert "Sprachcafé" in html
    assert "Elterntreff" in html
    assert "Stadtteilfest" in html
    assert "jeden letzten Freitag im Monat" in html
    assert "<strong>Quartier</strong>" in html  # Markdown rendered
    assert f'href="/orte/{ort.pk}/angebote.ics"' in html
    # Staff-only data never appears on the public page.
    assert "Internes Teamtreffen" not in html
    assert "GEHEIM" not in html
    assert "Jobcenter Saarlouis" not in html  # staff posts are internal
    assert "0,50" not in html


def test_place_page_shows_open_now(client, oeffentliches_verzeichnis):
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN), tick=False):
        html = client.get(f"/orte/{oeffentliches_verzeichnis.pk}/").content.decode()
    assert "Jetzt geöffnet" in html


def test_non_public_place_and_offer_are_404(client, planer, oeffentliches_verzeichnis):
    versteckt = Ort.objects.get(name="Noch nicht öffentlicher Ort")
    intern = Angebot.objects.get(titel="Internes Teamtreffen")
    am_versteckten_ort = Angebot.objects.get(titel="Angebot am versteckten Ort")
    for user in (None, planer):
        if user:
            client.force_login(user)
        assert client.get(f"/orte/{versteckt.pk}/").status_code == 404
        assert client.get(f"/orte/{versteckt.pk}/angebote.ics").status_code == 404
        assert client.get(f"/orte/angebote/{intern.pk}/").status_code == 404
        assert client.get(f"/orte/angebote/{am_versteckten_ort.pk}/").status_code == 404
    assert client.get("/orte/999999/").status_code == 404


def test_offer_page(client, oeffentliches_verzeichnis):
    angebot = Angebot.objects.get(titel="Elterntreff")
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=BERLIN), tick=False):
        html = client.get(f"/orte/angebote/{angebot.pk}/").content.decode()
    assert "Elterntreff" in html
    assert "Fr, 27. November 2026, 10:00–11:30 Uhr" in html
    assert "2 Euro" in html
    assert "Telefonisch im Quartiersbüro" in html
    assert "Quartiersbüro Roden" in html


def test_place_page_links_its_public_networks_only(client, quartiersbuero):
    from netzwerke.models import Netzwerk

    offen = Netzwerk.objects.create(name="Netzwerk Roden", gebiet=quartiersbuero.gebiet)
    intern = Netzwerk.objects.create(
        name="Internes Netzwerk", gebiet=quartiersbuero.gebiet, oeffentlich=False
    )
    quartiersbuero.netzwerke.add(offen, intern)
    html = client.get(f"/orte/{quartiersbuero.pk}/").content.decode()
    assert f'href="/netzwerke/{offen.pk}/"' in html
    assert "Internes Netzwerk" not in html


def test_the_search_on_an_english_page_finds_german_texts_without_a_translation(
    client, verzeichnis
):
    assert _namen(client.get("/en/orte/", {"q": "sprachcaf"})) == ["Quartiersbüro Roden"]
