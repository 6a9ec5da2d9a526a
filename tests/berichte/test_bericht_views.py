"""Staff pages of reports and chapters: the list, creating and editing with bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from berichte.models import Bericht, Kapitel
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

pytestmark = pytest.mark.django_db


def test_it_creates_a_report(client, berichtswesen, saarlouis_stadt):
    client.force_login(berichtswesen)
    response = client.post(
        reverse("berichte:bericht_create"),
        {"titel": "Sozialbericht 2027", "gebiet": saarlouis_stadt.pk, "jahr": "2027"},
    )
    bericht = Bericht.objects.get()
    assert response["Location"] == reverse("berichte:bericht_detail", args=[bericht.pk])
    assert bericht.status == "entwurf"


@pytest.mark.parametrize(
    ("daten", "fehler"),
    [
        ({"titel": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"titel": "x" * 201}, "höchstens 200 Zeichen"),
        ({"titel": "<script>alert(1)</script>"}, "ohne HTML-Auszeichnungen"),
        ({"jahr": "zwei"}, "ganze Zahl"),
        ({"jahr": "3000"}, "kleiner oder gleich 2200"),
        ({"gebiet": "999999"}, "keine gültige Auswahl"),
        ({"gebiet": "abc"}, "keine gültige Auswahl"),
        ({"einleitung": "x" * 20001}, "höchstens 20000 Zeichen"),
    ],
)
def test_bad_report_input_is_refused(client, planer, saarlouis_stadt, daten, fehler):
    client.force_login(planer)
    basis = {"titel": "Bericht", "gebiet": saarlouis_stadt.pk, "jahr": "2026"}
    response = client.post(reverse("berichte:bericht_create"), {**basis, **daten})
    assert response.status_code == 200
    assert fehler in response.content.decode()
    assert not Bericht.objects.exists()


def test_a_sozialraum_is_no_report_area(client, planer, sozialraeume):
    client.force_login(planer)
    response = client.post(
        reverse("berichte:bericht_create"),
        {"titel": "B", "gebiet": sozialraeume["Nord"].pk, "jahr": "2026"},
    )
    assert "keine gültige Auswahl" in response.content.decode()


def test_it_updates_a_report(client, planer, bericht):
    client.force_login(planer)
    response = client.post(
        reverse("berichte:bericht_update", args=[bericht.pk]),
        {"titel": "Neu", "gebiet": bericht.gebiet_id, "jahr": "2026", "einleitung": "Hallo"},
    )
    assert response.status_code == 302
    bericht.refresh_from_db()
    assert bericht.titel == "Neu"


def test_it_creates_chapters_in_order(client, planer, bericht):
    client.force_login(planer)
    url = reverse("berichte:kapitel_create", args=[bericht.pk])
    client.post(url, {"titel": "Demografie", "art": "demografie"})
    client.post(url, {"titel": "Armut", "art": "armut"})
    assert list(bericht.kapitel.values_list("titel", "reihenfolge")) == [
        ("Demografie", 0),
        ("Armut", 1),
    ]


@pytest.mark.parametrize(
    ("daten", "fehler"),
    [
        ({"titel": "", "art": "armut"}, "Dieses Feld ist zwingend erforderlich."),
        ({"titel": "<b>x</b>", "art": "armut"}, "ohne HTML-Auszeichnungen"),
        ({"titel": "x" * 201, "art": "armut"}, "höchstens 200 Zeichen"),
        ({"titel": "A", "art": "geheim"}, "keine gültige Auswahl"),
    ],
)
def test_bad_chapter_input_is_refused(client, planer, bericht, daten, fehler):
    client.force_login(planer)
    response = client.post(reverse("berichte:kapitel_create", args=[bericht.pk]), daten)
    assert response.status_code == 200
    assert fehler in response.content.decode()
    assert not Kapitel.objects.exists()


def test_staff_report_list_query_count_is_flat(client, planer, saarlouis_stadt):
    def anlegen(n, start):
        for i in range(start, start + n):
            b = Bericht.objects.create(titel=f"B{i}", gebiet=saarlouis_stadt, jahr=2000 + i)
            Kapitel.objects.create(bericht=b, titel="K")

    client.force_login(planer)
    anlegen(3, 0)
    with CaptureQueriesContext(connection) as wenige:
        client.get(reverse("berichte:verwaltung"))
    anlegen(30, 3)
    with CaptureQueriesContext(connection) as viele:
        response = client.get(reverse("berichte:verwaltung"))
    assert "B32" in response.content.decode()
    assert len(viele) == len(wenige)


def test_report_detail_query_count_is_flat(client, planer, bericht):
    client.force_login(planer)
    Kapitel.objects.create(bericht=bericht, titel="K0")
    url = reverse("berichte:bericht_detail", args=[bericht.pk])
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)
    for i in range(1, 25):
        Kapitel.objects.create(bericht=bericht, titel=f"K{i}", reihenfolge=i)
    with CaptureQueriesContext(connection) as viele:
        client.get(url)
    assert len(viele) == len(wenige)


def test_report_area_may_be_a_landkreis(client, planer):
    kreis = Gebiet.objects.create(name="Landkreis X", art=GebietArt.LANDKREIS)
    client.force_login(planer)
    client.post(
        reverse("berichte:bericht_create"),
        {"titel": "Kreisbericht", "gebiet": kreis.pk, "jahr": "2026"},
    )
    assert Bericht.objects.get().gebiet == kreis
