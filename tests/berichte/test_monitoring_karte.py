"""The map of the status classes on the monitoring result page (issue 16): server-rendered SVG,
each area labelled with its name and classes and filled with the pattern of its status class
(not colour alone), an image whose name and description point to the table below; plus the
flagged areas with their reasons, and a query count that stays flat as Sozialräume grow."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from berichte import karte
from berichte.models import Messwert, Monitoring
from berichte.monitoring import berechne
from berichte.monitoring_seite import status_karte
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt


def rechteck(n: int) -> dict:
    x, y = 6.70 + (n % 3) * 0.03, 49.34 - (n // 3) * 0.02
    ring = [[x, y], [x + 0.028, y], [x + 0.028, y - 0.018], [x, y - 0.018], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def mit_umrissen(monitoring, sozialraeume):
    for n, gebiet in enumerate(sozialraeume.values()):
        gebiet.umriss = rechteck(n)
        gebiet.save(update_fields=["umriss"])
    return monitoring


def flaechen(svg: str) -> list[str]:
    """The pattern each area is filled with, in the order of the areas."""
    return re.findall(r'<path d="[^"]+" fill="url\(#([a-z-]+)\)"', svg)


def test_without_outlines_there_is_no_map_and_every_area_is_named(monitoring):
    bild = status_karte(berechne(monitoring))
    assert bild["svg"] is None
    assert bild["ohne_umriss"] == ["Klein", "Nord", "Ost", "Süd", "West"]


def test_each_area_has_the_pattern_of_its_status_class(mit_umrissen):
    svg = status_karte(berechne(mit_umrissen))["svg"]
    # Klein (too small), Nord (mittel), Ost (niedrig), Süd (hoch), West (mittel)
    assert flaechen(svg) == [
        "statuskarte-ohne",
        "statuskarte-mittel",
        "statuskarte-niedrig",
        "statuskarte-hoch",
        "statuskarte-mittel",
    ]
    for klasse in ("hoch", "mittel", "niedrig", "sehr-niedrig", "ohne"):
        assert f'<pattern id="statuskarte-{klasse}"' in svg
    # Every pattern but the plain one draws a figure of its own over its fill.
    muster = dict(re.findall(r'<pattern id="statuskarte-([a-z-]+)"[^>]*>(.*?)</pattern>', svg))
    assert "<line" not in muster["hoch"]
    assert "<circle" not in muster["hoch"]
    assert "<circle" in muster["mittel"]
    assert muster["niedrig"].count("<line") == 1
    assert muster["sehr-niedrig"].count("<line") == 2
    assert muster["ohne"].count("<line") == 1
    assert len(set(muster.values())) == 5


def test_each_area_is_labelled_with_its_name_and_classes(mit_umrissen):
    svg = status_karte(berechne(mit_umrissen))["svg"]
    texte = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    assert texte == [
        "Klein", "zu klein",
        "Nord", "mittel / negativ",
        "Ost", "niedrig / positiv",
        "Süd", "hoch / positiv",
        "West", "mittel / negativ",
    ]  # fmt: skip


def test_the_map_is_an_image_that_points_to_the_table(mit_umrissen):
    svg = status_karte(berechne(mit_umrissen))["svg"]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert 'aria-labelledby="statuskarte-titel" aria-describedby="statuskarte-beschreibung"' in svg
    assert '<title id="statuskarte-titel">Statusklassen je Sozialraum, 2024</title>' in svg
    beschreibung = re.search(r'<desc id="statuskarte-beschreibung">([^<]*)</desc>', svg)[1]
    assert "Kreisstadt Saarlouis" in beschreibung
    assert "Tabelle „Ergebnis je Sozialraum“ unter der Karte" in beschreibung
    # Presentation attributes only: the page's Content Security Policy allows no inline style.
    assert "style=" not in svg


def test_names_are_escaped(mit_umrissen, sozialraeume):
    Gebiet.objects.filter(pk=sozialraeume["Nord"].pk).update(name="Nord <script>x</script>")
    svg = status_karte(berechne(mit_umrissen))["svg"]
    assert "<script>" not in svg
    assert "Nord &lt;script&gt;x&lt;/script&gt;" in svg


def test_an_area_without_outline_is_left_to_the_table(mit_umrissen, sozialraeume):
    Gebiet.objects.filter(pk=sozialraeume["West"].pk).update(umriss=None)
    bild = status_karte(berechne(mit_umrissen))
    assert bild["ohne_umriss"] == ["West"]
    assert len(flaechen(bild["svg"])) == 4


def test_a_second_map_on_a_page_gets_ids_of_its_own():
    gebiete = [{"name": "A", "umriss": rechteck(0), "klasse": "hoch", "text": "hoch"}]
    svg = karte.index_karte(gebiete, titel="T", beschreibung="B", praefix="zweite")
    assert 'id="zweite-titel"' in svg["svg"]
    assert 'fill="url(#zweite-hoch)"' in svg["svg"]


def test_the_result_page_shows_map_legend_and_flagged_areas(client, berichtswesen, mit_umrissen):
    client.force_login(berichtswesen)
    html = client.get(reverse("berichte:monitoring_detail", args=[mit_umrissen.pk])).content
    html = html.decode()
    assert '<figure class="portal-karte portal-karte--monitoring">' in html
    assert 'role="img" class="portal-karte"' in html
    assert '<a class="kern-link" href="#ergebnis">Dieselben Angaben als Tabelle</a>' in html
    legende = re.search(
        r'<ul class="portal-legende portal-legende--muster"[^>]*>(.*?)</ul>', html, re.S
    )[1]
    assert legende.count("<li>") == 5
    assert 'fill="url(#statuskarte-sehr-niedrig)"' in legende
    assert (
        "<span><strong>niedrig</strong>: von −1,50 bis unter −1,00 (schräg schraffiert)" in legende
    )
    assert "<strong>nicht eingestuft</strong>: zu klein oder Werte fehlen" in legende
    auffaellig = re.search(r'aria-labelledby="auffaellig">(.*?)</section>', html, re.S)[1]
    assert re.findall(r'<h3 class="kern-heading-small">([^<]*)</h3>', auffaellig) == [
        "Ost – niedrig / positiv",
        "Nord – mittel / negativ",
        "West – mittel / negativ",
    ]
    assert "Statusindex −1,41 unter der Schwelle „niedrig“ (−1,00)." in auffaellig


def test_without_outlines_the_page_says_so(client, planer, monitoring):
    client.force_login(planer)
    html = client.get(reverse("berichte:monitoring_detail", args=[monitoring.pk])).content
    assert "keine Umrisse hinterlegt" in html.decode()
    assert b'role="img" class="portal-karte"' not in html


def test_without_flagged_areas_the_page_says_so(client, planer, monitoring):
    Messwert.objects.filter(jahr=2022).delete()  # no dynamics
    Monitoring.objects.filter(pk=monitoring.pk).update(
        schwelle_niedrig=-2, schwelle_sehr_niedrig=-3
    )  # and no status that low
    client.force_login(planer)
    html = client.get(reverse("berichte:monitoring_detail", args=[monitoring.pk])).content
    assert "Kein Sozialraum ist markiert." in html.decode()


def test_the_page_query_count_stays_flat_with_maps_and_flags(
    client, planer, mit_umrissen, saarlouis_stadt, sgb2_quote, beschaeftigung
):
    url = reverse("berichte:monitoring_detail", args=[mit_umrissen.pk])
    client.force_login(planer)
    client.get(url)
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)
    neue = Gebiet.objects.bulk_create(
        Gebiet(
            name=f"SR {i:02}",
            art=GebietArt.SOZIALRAUM,
            eltern=saarlouis_stadt,
            einwohnerzahl=900,
            umriss=rechteck(5 + i),
        )
        for i in range(30)
    )
    Messwert.objects.bulk_create(
        Messwert(indikator=indikator, gebiet=g, jahr=jahr, wert=(n * faktor + jahr) % 11)
        for n, g in enumerate(neue)
        for indikator, faktor in ((sgb2_quote, 3), (beschaeftigung, 7))
        for jahr in (2022, 2024)
    )
    with CaptureQueriesContext(connection) as viele:
        html = client.get(url).content.decode()
    assert len(flaechen(html)) == 35
    assert html.count('<h3 class="kern-heading-small">') > 3
    assert len(viele) == len(wenige)
