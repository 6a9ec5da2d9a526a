"""Adding, editing, ordering and removing blocks and recommendations in the chapter editor, with
bad input on every form: a clear message at the field, nothing saved, never a 500."""

import pytest
from django.urls import reverse

from berichte import services
from berichte.models import Baustein, BausteinArt, Einheit, Empfehlung, Indikator, Monitoring
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

pytestmark = pytest.mark.django_db


def _neu(kapitel, art):
    return reverse("berichte:baustein_create", args=[kapitel.pk]) + f"?art={art}"


def test_editor_shows_blocks_controls_and_preview(client, planer, armut_kapitel):
    client.force_login(planer)
    response = client.get(reverse("berichte:kapitel_detail", args=[armut_kapitel.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vorschau" in html
    assert "Nach oben" in html
    assert "12,5" in html
    assert "data:image/svg+xml;base64," in html
    assert "Baustein hinzufügen" in html


@pytest.mark.parametrize("art", BausteinArt.values)
def test_every_kind_of_block_has_a_form(client, planer, kapitel, art):
    client.force_login(planer)
    response = client.get(_neu(kapitel, art))
    assert response.status_code == 200


def test_it_adds_a_text_block_at_the_end(client, planer, armut_kapitel):
    client.force_login(planer)
    response = client.post(
        _neu(armut_kapitel, "text"), {"titel": "Fazit", "text": "Es gibt *viel* zu tun."}
    )
    assert response.status_code == 302
    neu = armut_kapitel.bausteine.order_by("-reihenfolge").first()
    assert neu.titel == "Fazit"
    assert neu.reihenfolge == 5


def test_it_adds_a_table_with_areas_of_the_report(
    client, planer, kapitel, sgb2_quote, sozialraeume
):
    client.force_login(planer)
    response = client.post(
        _neu(kapitel, "tabelle"),
        {
            "titel": "Quote",
            "indikatoren": [sgb2_quote.pk],
            "gebiete": [sozialraeume["Nord"].pk],
            "jahr": "2025",
        },
    )
    assert response.status_code == 302
    baustein = kapitel.bausteine.get()
    assert baustein.jahr == 2025
    assert list(baustein.gebiete.all()) == [sozialraeume["Nord"]]


def test_the_service_adds_a_block_from_plain_values(armut_kapitel, sgb2_quote, sozialraeume):
    baustein = services.create_baustein(
        armut_kapitel,
        BausteinArt.ZEITREIHE,
        {
            "titel": "Verlauf",
            "indikatoren": [sgb2_quote],
            "gebiete": [sozialraeume["Ost"]],
            "jahr_von": 2022,
            "jahr_bis": 2025,
        },
    )
    baustein.refresh_from_db()
    assert (baustein.art, baustein.titel, baustein.jahr_von, baustein.jahr_bis) == (
        "zeitreihe",
        "Verlauf",
        2022,
        2025,
    )
    assert baustein.reihenfolge == 5  # after the five blocks of the chapter
    assert list(baustein.indikatoren.all()) == [sgb2_quote]
    assert list(baustein.gebiete.all()) == [sozialraeume["Ost"]]


def test_unknown_kind_goes_back_with_a_message(client, planer, kapitel):
    client.force_login(planer)
    response = client.get(_neu(kapitel, "video"), follow=True)
    assert "Bitte wählen Sie, welche Art von Baustein" in response.content.decode()


@pytest.mark.parametrize(
    ("art", "daten", "feld_text"),
    [
        ("text", {"text": ""}, "Dieses Feld ist zwingend erforderlich."),
        ("text", {"titel": "<script>alert(1)</script>", "text": "x"}, "ohne HTML-Auszeichnungen"),
        ("text", {"titel": "x" * 201, "text": "x"}, "höchstens 200 Zeichen"),
        ("text", {"text": "x" * 50001}, "höchstens 50000 Zeichen"),
        ("tabelle", {"indikatoren": []}, "Dieses Feld ist zwingend erforderlich."),
        ("tabelle", {"indikatoren": ["abc"]}, "ist kein gültiger Wert"),
        ("tabelle", {"indikatoren": ["999999"]}, "ist keine gültige Auswahl"),
        ("tabelle", {"jahr": "zwanzig"}, "ganze Zahl"),
        ("tabelle", {"jahr": "1800"}, "größer oder gleich 1900"),
        ("zeitreihe", {"jahr_von": "2026", "jahr_bis": "2020"}, "Endjahr darf nicht vor"),
        ("karte", {}, "Dieses Feld ist zwingend erforderlich."),
        ("monitoring", {"monitoring": ""}, "Dieses Feld ist zwingend erforderlich."),
        ("monitoring", {"monitoring": "999999"}, "keine gültige Auswahl"),
        ("portalzahlen", {"quelle_app": "netzwerke-geheim"}, "keine gültige Auswahl"),
        ("portalzahlen", {"quelle_app": ""}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_bad_block_input_is_refused_at_the_field(
    client, planer, kapitel, sgb2_quote, art, daten, feld_text
):
    client.force_login(planer)
    daten = {"indikatoren": [sgb2_quote.pk], **daten} if art in ("tabelle", "zeitreihe") else daten
    response = client.post(_neu(kapitel, art), daten)
    assert response.status_code == 200
    assert feld_text in response.content.decode()
    assert not Baustein.objects.exists()


def test_chart_refuses_mixed_units_and_too_many_lines(
    client, planer, kapitel, sgb2_quote, einwohner_indikator, sozialraeume
):
    client.force_login(planer)
    response = client.post(
        _neu(kapitel, "zeitreihe"), {"indikatoren": [sgb2_quote.pk, einwohner_indikator.pk]}
    )
    assert "derselben Einheit" in response.content.decode()
    weitere = [
        Indikator.objects.create(
            schluessel=f"q{n}", name=f"Q{n}", einheit=Einheit.PROZENT, quelle="x"
        )
        for n in range(2)
    ]
    response = client.post(
        _neu(kapitel, "zeitreihe"),
        {
            "indikatoren": [sgb2_quote.pk, *[i.pk for i in weitere]],
            "gebiete": [g.pk for g in sozialraeume.values()],
        },
    )
    assert "Höchstens 8 Linien" in response.content.decode()
    assert not Baustein.objects.exists()


def test_map_takes_exactly_one_indicator(client, planer, kapitel, sgb2_quote, einwohner_indikator):
    client.force_login(planer)
    response = client.post(
        _neu(kapitel, "karte"), {"indikatoren": [sgb2_quote.pk, einwohner_indikator.pk]}
    )
    assert "genau einen Indikator" in response.content.decode()
    assert not Baustein.objects.exists()


def test_areas_of_another_town_are_an_invalid_choice(client, planer, kapitel, sgb2_quote):
    fremd = Gebiet.objects.create(name="Pliezhausen", art=GebietArt.GEMEINDE)
    client.force_login(planer)
    response = client.post(
        _neu(kapitel, "tabelle"), {"indikatoren": [sgb2_quote.pk], "gebiete": [fremd.pk]}
    )
    assert "keine gültige Auswahl" in response.content.decode()
    monitoring = Monitoring.objects.create(name="Fremd", gebiet=fremd, jahr=2026)
    response = client.post(_neu(kapitel, "monitoring"), {"monitoring": monitoring.pk})
    assert "keine gültige Auswahl" in response.content.decode()
    assert not Baustein.objects.exists()


def test_it_edits_and_removes_a_block(client, planer, armut_kapitel):
    client.force_login(planer)
    text = armut_kapitel.bausteine.get(art="text")
    response = client.post(
        reverse("berichte:baustein_update", args=[text.pk]), {"titel": "Neu", "text": "Neu."}
    )
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.titel == "Neu"
    url = reverse("berichte:baustein_delete", args=[text.pk])
    assert "lässt sich nicht rückgängig" in client.get(url).content.decode()
    client.post(url)
    assert not Baustein.objects.filter(pk=text.pk).exists()


def test_blocks_move_up_and_down(client, planer, armut_kapitel):
    client.force_login(planer)
    quellen = armut_kapitel.bausteine.get(art="quellen")
    response = client.post(
        reverse("berichte:baustein_verschieben", args=[quellen.pk]), {"richtung": "hoch"}
    )
    assert response.status_code == 302
    arten = list(armut_kapitel.bausteine.values_list("art", flat=True))
    assert arten == ["text", "tabelle", "zeitreihe", "quellen", "empfehlungen"]


def test_recommendations_are_added_edited_moved_and_removed(client, planer, armut_kapitel):
    client.force_login(planer)
    block = armut_kapitel.bausteine.get(art="empfehlungen")
    url = reverse("berichte:empfehlung_create", args=[block.pk])
    response = client.post(
        url,
        {
            "art": "leitlinie",
            "text": "Lesbar und lebbar",
            "zustaendig": "Stadtrat",
            "faellig_am": "2027-01-31",
            "umsetzungsstand": "offen",
        },
    )
    assert response.status_code == 302
    neu = Empfehlung.objects.get(text="Lesbar und lebbar")
    assert neu.reihenfolge == 1
    client.post(reverse("berichte:empfehlung_verschieben", args=[neu.pk]), {"richtung": "hoch"})
    assert list(block.empfehlungen.values_list("text", flat=True))[0] == "Lesbar und lebbar"
    client.post(
        reverse("berichte:empfehlung_update", args=[neu.pk]),
        {"art": "leitlinie", "text": "Lesbar", "umsetzungsstand": "umgesetzt"},
    )
    neu.refresh_from_db()
    assert neu.umsetzungsstand == "umgesetzt"
    client.post(reverse("berichte:empfehlung_delete", args=[neu.pk]))
    assert not Empfehlung.objects.filter(pk=neu.pk).exists()


@pytest.mark.parametrize(
    ("daten", "fehler"),
    [
        ({"text": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"text": "<b>fett</b>"}, "ohne HTML-Auszeichnungen"),
        ({"text": "x" * 3001}, "höchstens 3000 Zeichen"),
        ({"text": "ok", "faellig_am": "31.02.2027x"}, "gültiges Datum"),
        ({"text": "ok", "umsetzungsstand": "vergessen"}, "keine gültige Auswahl"),
        ({"text": "ok", "zustaendig": "<script>x</script>"}, "ohne HTML-Auszeichnungen"),
    ],
)
def test_bad_recommendation_input_is_refused(client, planer, armut_kapitel, daten, fehler):
    client.force_login(planer)
    block = armut_kapitel.bausteine.get(art="empfehlungen")
    basis = {"art": "empfehlung", "umsetzungsstand": "offen"}
    response = client.post(
        reverse("berichte:empfehlung_create", args=[block.pk]), {**basis, **daten}
    )
    assert response.status_code == 200
    assert fehler in response.content.decode()
    assert Empfehlung.objects.count() == 1


def test_recommendations_only_in_a_recommendations_block(client, planer, armut_kapitel):
    client.force_login(planer)
    text = armut_kapitel.bausteine.get(art="text")
    assert client.get(reverse("berichte:empfehlung_create", args=[text.pk])).status_code == 404


def test_chart_without_chosen_areas_counts_every_sozialraum(
    client, planer, kapitel, sgb2_quote, sozialraeume
):
    weitere = [
        Indikator.objects.create(
            schluessel=f"p{n}", name=f"P{n}", einheit=Einheit.PROZENT, quelle="x"
        )
        for n in range(1)
    ]
    client.force_login(planer)
    # 2 indicators x 5 Sozialräume = 10 lines > 8
    response = client.post(
        _neu(kapitel, "zeitreihe"), {"indikatoren": [sgb2_quote.pk, weitere[0].pk]}
    )
    assert "Höchstens 8 Linien" in response.content.decode()
    response = client.post(_neu(kapitel, "zeitreihe"), {"indikatoren": [sgb2_quote.pk]})
    assert response.status_code == 302
