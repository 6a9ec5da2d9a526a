"""Staff pages of the indicators: list (filter, flat query count), detail (values Gebiet × year),
create and edit with bad input."""

import pytest
from django.urls import reverse

from berichte.models import Einheit, Indikator, KapitelArt, Messwert


def gueltig(**extra):
    data = {
        "schluessel": "kinderarmut",
        "name": "Kinderarmut (SGB II unter 15)",
        "kapitel": KapitelArt.ARMUT,
        "einheit": Einheit.PROZENT,
        "definition": "Anteil der unter 15-Jährigen in Bedarfsgemeinschaften.",
        "zaehler": "Kinder unter 15 in Bedarfsgemeinschaften",
        "nenner": "Kinder unter 15",
        "quelle": "Bundesagentur für Arbeit",
        "richtung": "niedriger_besser",
        "nachkommastellen": 1,
    }
    data.update(extra)
    return data


def make_indikatoren(n):
    Indikator.objects.bulk_create(
        Indikator(schluessel=f"i{i}", name=f"Indikator {i}", einheit=Einheit.ANZAHL, quelle="Q")
        for i in range(n)
    )


def test_the_list_filters_by_chapter_and_unit(
    client, berichtswesen, sgb2_quote, einwohner_indikator
):
    client.force_login(berichtswesen)
    html = client.get(reverse("berichte:indikator_list"), {"kapitel": "armut"}).content.decode()
    assert "SGB-II-Quote" in html
    assert "Einwohnerinnen und Einwohner" not in html
    html = client.get(reverse("berichte:indikator_list"), {"einheit": "anzahl"}).content.decode()
    assert "SGB-II-Quote" not in html
    assert "Einwohnerinnen und Einwohner" in html
    # Berichtswesen sees no create button.
    assert "Indikator anlegen" not in html


def test_the_list_query_count_stays_flat(client, planer, django_assert_num_queries):
    client.force_login(planer)
    make_indikatoren(3)
    client.get(reverse("berichte:indikator_list"))  # warm up session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as drei:
        client.get(reverse("berichte:indikator_list"))
    Indikator.objects.bulk_create(
        Indikator(schluessel=f"x{i}", name=f"X {i}", einheit=Einheit.ANZAHL, quelle="Q")
        for i in range(30)
    )
    with CaptureQueriesContext(connection) as dreissig:
        response = client.get(reverse("berichte:indikator_list"))
    assert response.status_code == 200
    assert len(dreissig) == len(drei)


def test_the_detail_shows_values_by_area_and_year(client, berichtswesen, sozialraeume, sgb2_quote):
    Messwert.objects.create(
        indikator=sgb2_quote, gebiet=sozialraeume["Nord"], jahr=2023, wert="12.5"
    )
    Messwert.objects.create(indikator=sgb2_quote, gebiet=sozialraeume["Ost"], jahr=2024, wert="8")
    client.force_login(berichtswesen)
    response = client.get(reverse("berichte:indikator_detail", args=[sgb2_quote.pk]))
    html = response.content.decode()
    assert ">2023</th>" in html
    assert ">2024</th>" in html
    assert "12,5" in html
    assert "8,0" in html
    assert "Bundesagentur für Arbeit" in html
    assert "Bearbeiten" not in html  # Berichtswesen may not edit


def test_the_detail_query_count_stays_flat(
    client, planer, saarlouis_stadt, sgb2_quote, django_assert_max_num_queries
):
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    gebiete = Gebiet.objects.bulk_create(
        Gebiet(name=f"SR {i}", art=GebietArt.SOZIALRAUM, eltern=saarlouis_stadt) for i in range(30)
    )
    Messwert.objects.bulk_create(
        Messwert(indikator=sgb2_quote, gebiet=g, jahr=j, wert=1)
        for g in gebiete
        for j in range(2015, 2025)
    )
    client.force_login(planer)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("berichte:indikator_detail", args=[sgb2_quote.pk])).status_code
            == 200
        )


def test_planning_creates_an_indicator(client, planer):
    client.force_login(planer)
    response = client.post(reverse("berichte:indikator_create"), gueltig(schluessel="Kinderarmut"))
    indikator = Indikator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("berichte:indikator_detail", args=[indikator.pk])
    assert indikator.schluessel == "kinderarmut"
    assert indikator.richtung == "niedriger_besser"


def test_planning_edits_an_indicator(client, planer, sgb2_quote):
    client.force_login(planer)
    response = client.post(
        reverse("berichte:indikator_update", args=[sgb2_quote.pk]),
        gueltig(schluessel="sgb2_quote", name="SGB-II-Quote (neu)"),
    )
    assert response.status_code == 302
    sgb2_quote.refresh_from_db()
    assert sgb2_quote.name == "SGB-II-Quote (neu)"


@pytest.mark.parametrize(
    ("data", "feld", "meldung"),
    [
        ({"name": ""}, "name", "zwingend erforderlich"),
        ({"schluessel": ""}, "schluessel", "zwingend erforderlich"),
        ({"schluessel": "mit leerzeichen"}, "schluessel", "gültiges Kürzel"),
        ({"name": "x" * 201}, "name", "höchstens 200 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML"),
        ({"quelle": "<b>BA</b>"}, "quelle", "ohne HTML"),
        ({"definition": "<img src=x onerror=alert(1)>"}, "definition", "ohne HTML"),
        ({"einheit": "meter"}, "einheit", "gültige Auswahl"),
        ({"richtung": "egal"}, "richtung", "gültige Auswahl"),
        ({"nachkommastellen": "zwei"}, "nachkommastellen", "ganze Zahl"),
        ({"nachkommastellen": 9}, "nachkommastellen", "kleiner oder gleich 4"),
        ({"zaehler": ""}, "zaehler", "Zähler und Nenner"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(client, planer, data, feld, meldung):
    client.force_login(planer)
    response = client.post(reverse("berichte:indikator_create"), gueltig(**data))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert feld in errors, errors
    assert meldung in " ".join(errors[feld])
    assert not Indikator.objects.exists()


def test_a_duplicate_key_is_refused(client, planer, sgb2_quote):
    client.force_login(planer)
    response = client.post(reverse("berichte:indikator_create"), gueltig(schluessel="sgb2_quote"))
    assert "schluessel" in response.context["form"].errors
    assert Indikator.objects.count() == 1
