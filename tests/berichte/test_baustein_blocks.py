"""What each kind of block resolves to and how it is drawn: map from GeoJSON outlines (and the
table-only fallback), chart SVG with its text alternative, portal figures from the apps'
stats.py, the monitoring result, and the sources collected from the chapter."""

import base64
import json

import pytest

from berichte import blocks, charts, karte, portalzahlen
from berichte.models import Baustein, BausteinArt, Monitoring
from berichte.snapshot import einfrieren

pytestmark = pytest.mark.django_db


def _quadrat(x, y):
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]],
    }


def _karte(kapitel, indikator):
    baustein = Baustein.objects.create(kapitel=kapitel, art=BausteinArt.KARTE, titel="Karte")
    baustein.indikatoren.set([indikator])
    return baustein


def test_map_draws_outlines_with_classes_legend_and_titles(
    kapitel, sgb2_quote, sgb2_werte, sozialraeume
):
    for n, gebiet in enumerate(sozialraeume.values()):
        if gebiet.name != "Klein":
            gebiet.umriss = _quadrat(6.7 + n * 0.01, 49.3)
            gebiet.save()
    daten = blocks.resolve(_karte(kapitel, sgb2_quote))
    assert daten["jahr"] == 2026
    assert {g["name"]: g["wert"] for g in daten["gebiete"]}["Nord"] == 12.5
    anzeige = blocks.aufbereiten(daten)["karte"]
    svg = anzeige["svg"]
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title>SGB-II-Quote 2026</title>" in svg
    assert "<title>Nord: 12,5\u00a0%</title>" in svg
    assert "style=" not in svg  # presentation attributes only (CSP)
    assert svg.count("<path") == 4
    # Every area is named on the map itself (not only in a tooltip).
    assert svg.count("<text") == 4
    assert ">Nord</text>" in svg
    assert anzeige["ohne_umriss"] == ["Klein"]
    assert len(anzeige["klassen"]) == 4
    assert anzeige["klassen"][0]["label"].startswith("12,5 bis")


def test_map_without_outlines_is_a_table_with_a_note(
    client, planer, kapitel, sgb2_quote, sgb2_werte
):
    _karte(kapitel, sgb2_quote)
    client.force_login(planer)
    html = client.get(f"/berichte/kapitel/{kapitel.pk}/").content.decode()
    assert "keine Umrisse hinterlegt" in html
    assert "SGB-II-Quote 2026 je Sozialraum" in html


def test_map_accepts_feature_collections_and_multipolygons():
    feature = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [_quadrat(0, 0)["coordinates"], _quadrat(2, 0)["coordinates"]],
                },
            }
        ],
    }
    assert len(karte._ringe(feature)) == 2
    assert karte._ringe({"type": "Polygon", "coordinates": [["kaputt"]]}) == []
    assert karte._ringe("nicht json") == []


def test_classes_for_few_distinct_values():
    assert karte.klassen([]) == []
    assert len(karte.klassen([5.0, 5.0])) == 1
    bereiche = karte.klassen([1, 2, 3, 4, 5, 6, 7, 8])
    assert [b["von"] for b in bereiche][0] == 1
    assert bereiche[-1]["bis"] == 8


def test_chart_svg_is_clean_and_accessible(armut_kapitel):
    daten = blocks.resolve(armut_kapitel.bausteine.get(art="zeitreihe"))
    assert daten["jahre"] == [2021, 2022, 2023, 2024, 2025, 2026]
    assert [r["name"] for r in daten["reihen"]] == ["Nord", "Süd"]
    svg = charts.svg(daten)
    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    assert 'role="img"' in svg
    assert '<title id="chart-title">Entwicklung</title>' in svg
    assert "von 10,0\u00a0% (2021) auf 12,5\u00a0% (2026)" in svg
    assert svg == charts.svg(daten)  # deterministic
    uri = blocks.aufbereiten(daten)["diagramm_uri"]
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == svg
    assert charts.png(daten).startswith(b"\x89PNG")


def test_chart_text_alternative_names_every_series(armut_kapitel):
    daten = blocks.resolve(armut_kapitel.bausteine.get(art="zeitreihe"))
    text = charts.alternativtext(daten)
    assert "Nord: von 10,0\u00a0% (2021) auf 12,5\u00a0% (2026)." in text
    assert "Süd: von 12,0\u00a0% (2021) auf 14,5\u00a0% (2026)." in text
    assert "Tabelle" in text


def test_sources_block_collects_the_sources_of_the_chapter(armut_kapitel, einwohner_indikator):
    tabelle = armut_kapitel.bausteine.get(art="tabelle")
    tabelle.indikatoren.add(einwohner_indikator)
    daten = blocks.resolve_kapitel(armut_kapitel)
    quellen = next(d for d in daten if d["art"] == "quellen")
    assert quellen["quellen"] == ["Bundesagentur für Arbeit", "Melderegister"]


def test_snapshot_is_json_and_holds_every_number(armut_kapitel):
    snapshot = einfrieren(armut_kapitel)
    assert json.loads(json.dumps(snapshot)) == snapshot
    tabelle = next(b for b in snapshot["bausteine"] if b["art"] == "tabelle")
    assert 12.5 in tabelle["indikatoren"][0]["werte"]
    empfehlung = next(b for b in snapshot["bausteine"] if b["art"] == "empfehlungen")
    assert empfehlung["empfehlungen"][0]["faellig_am"] == "2027-06-30"


def test_portal_figures_come_from_sprechstunden_stats(kapitel, saarlouis_stadt):
    baustein = Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.PORTALZAHLEN, quelle_app="sprechstunden", jahr=2026
    )
    daten = blocks.resolve(baustein)
    assert daten["quelle_label"] == "Sprechstunden"
    labels = [z["label"] for z in daten["zeilen"]]
    assert "Gebuchte Termine" in labels
    assert "Beratungskontakte" in labels
    assert all(z["wert"] == 0 for z in daten["zeilen"])
    assert daten["quellen"]


def test_portal_figures_registry_takes_a_dotted_path(kapitel, monkeypatch):
    monkeypatch.setitem(
        portalzahlen.QUELLEN,
        "test",
        portalzahlen.Quelle(
            "Test", "Testquelle", "tests.berichte.test_baustein_blocks.zahlen_fuer_test"
        ),
    )
    zeilen = portalzahlen.zahlen("test", kapitel.bericht.gebiet, 2026)
    assert zeilen == [portalzahlen.Zeile("Treffen", 4, "anzahl")]


def zahlen_fuer_test(gebiet, jahr):
    return [{"label": "Treffen", "wert": 4}]


def test_monitoring_block_shows_result_and_method(
    client, planer, kapitel, saarlouis_stadt, sozialraeume, sgb2_quote, sgb2_werte
):
    monitoring = Monitoring.objects.create(
        name="Monitoring 2026", gebiet=saarlouis_stadt, jahr=2026, mindest_einwohner=300
    )
    monitoring.indikatoren.set([sgb2_quote])
    baustein = Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.MONITORING, monitoring=monitoring, titel="Status"
    )
    daten = blocks.resolve(baustein)
    assert daten["ergebnis"]["jahr"] == 2026
    assert daten["quellen"] == ["Bundesagentur für Arbeit"]
    client.force_login(planer)
    html = client.get(f"/berichte/kapitel/{kapitel.pk}/").content.decode()
    assert "Methode und Schwellenwerte" in html
    assert "zu klein, nicht eingestuft" in html  # "Klein" has 100 inhabitants


def test_wide_tables_are_split_into_printable_parts(kapitel, sozialraeume):
    from berichte.models import Einheit, Indikator

    indikatoren = [
        Indikator.objects.create(
            schluessel=f"i{n}", name=f"I{n}", einheit=Einheit.ANZAHL, quelle="Q"
        )
        for n in range(8)
    ]
    baustein = Baustein.objects.create(kapitel=kapitel, art=BausteinArt.TABELLE)
    baustein.indikatoren.set(indikatoren)
    teile = blocks.aufbereiten(blocks.resolve(baustein))["teile"]
    assert [len(t["spalten"]) for t in teile] == [6, 2]
    assert len(teile[1]["zeilen"]) == len(sozialraeume)
