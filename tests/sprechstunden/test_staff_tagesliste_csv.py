"""The day list as CSV (``tagesliste_csv``): the same slots, bookings and filter as the page,
written by the portal's CSV helper with its guard against formulas."""

import csv
import io
import itertools
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Buchung,
    Kanal,
    Schliesszeit,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import cancel_termin, generate_slots
from tests.sprechstunden.conftest import BERLIN

pytestmark = pytest.mark.usefixtures("beratung_im_vormittag")

CSV = reverse("sprechstunden:tagesliste_csv")
THURSDAY = "2026-11-26"
CALLERS = itertools.count(3000)


def slot(sprechstunde, day, hour, minute=0):
    return Termin.objects.get(
        sprechstunde=sprechstunde, beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)
    )


def book(termin, by, **data):
    thema = data.pop("thema", None) or Beratungsthema.objects.get(slug="wohnen")
    data = {"telefon": f"07127 {next(CALLERS)}", **data}
    return book_termin(termin.pk, BuchungsDaten(thema=thema, **data), kanal=Kanal.TELEFON, by=by)[0]


def rows(response) -> list[dict]:
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def roden_sprechstunde(roden, diakoniestation, beratung_diakonie, jetzt):
    """Another Träger's Sprechstunde on the same Thursday."""
    buero = Anlaufstelle.objects.create(
        name="Stadtteilbüro Roden", gebiet=roden, strasse="Weg 1", plz="66740", ort="Saarlouis"
    )
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=buero,
        titel="Sprechstunde Roden",
        wochentage=[3],
        beginn=time(14),
        ende=time(16),
        kapazitaet=2,
        gueltig_ab=date(2026, 1, 1),
    )
    sprechstunde.themen.set(Beratungsthema.objects.all())
    Beratende.objects.create(
        sprechstunde=sprechstunde, user=beratung_diakonie, traeger=diakoniestation
    )
    generate_slots(sprechstunde)
    return sprechstunde


def test_the_csv_has_one_row_per_booking_and_per_free_slot(client, beratung, termine):
    book(
        slot(termine, 26, 9),
        beratung,
        name="Frau Yilmaz",
        telefon="07127 44556",
        email="y@example.org",
        sprache=Sprache.objects.get(code="tr"),
        dolmetschen=True,
        barrierefreiheit="Rollstuhl",
        notiz="Bescheid mitbringen",
    )
    client.force_login(beratung)
    response = client.get(CSV, {"datum": THURSDAY})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tagesliste-2026-11-26.csv"'
    found = rows(response)
    assert len(found) == 4  # 9:00 booked, 9:30, 10:00, 10:30 free
    first = found[0]
    code = first.pop("Buchungscode")  # read out on the phone, as on the page
    assert code == Buchung.objects.get(name="Frau Yilmaz").code_anzeige
    assert len(code) == 7
    assert first == {
        "Datum": "26.11.2026",
        "Beginn": "09:00",
        "Ende": "09:30",
        "Anlaufstelle": "Büro im Rathaus Pliezhausen",
        "Sprechstunde": "Soziale Sprechstunde am Vormittag",
        "Zuständig": "",
        "Status": "bestätigt",
        "Weg": "Telefon (durch Mitarbeitende)",
        "Folgetermin": "nein",
        "Thema": "Wohnen",
        "Name": "Frau Yilmaz",
        "Telefon": "07127 44556",
        "E-Mail-Adresse": "y@example.org",
        "Sprache": "Türkisch",
        "Dolmetschen": "ja",
        "Barrierefreiheit": "Rollstuhl",
        "Notiz": "Bescheid mitbringen",
    }
    assert [r["Status"] for r in found[1:]] == ["1 Platz frei"] * 3
    assert found[1]["Name"] == ""


def test_cancelled_and_closed_slots_are_marked(client, beratung, planer, termine):
    cancel_termin(slot(termine, 26, 9), "Erkrankung", by=planer)
    Schliesszeit.objects.create(
        sprechstunde=termine,
        beginn=datetime(2026, 11, 26, 10, tzinfo=BERLIN),
        ende=datetime(2026, 11, 26, 11, tzinfo=BERLIN),
        grund="Teamsitzung",
    )
    client.force_login(beratung)
    found = rows(client.get(CSV, {"datum": THURSDAY}))
    assert [r["Status"] for r in found] == [
        "Termin abgesagt: Erkrankung",
        "1 Platz frei",
        "Geschlossen: Teamsitzung",
        "Geschlossen: Teamsitzung",
    ]


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil")', "+SUM(1+1)", "-2+3", "@cmd", "\tx"])
def test_text_that_looks_like_a_formula_is_neutralised(client, beratung, termine, value):
    book(slot(termine, 26, 9), beratung, name=value[:80], notiz=value)
    client.force_login(beratung)
    first = rows(client.get(CSV, {"datum": THURSDAY}))[0]
    assert first["Notiz"] == "'" + value
    assert first["Name"].startswith("'")


def test_the_csv_shows_only_the_users_own_clients(
    client, beratung, beratung_diakonie, termine, roden_sprechstunde
):
    book(slot(termine, 26, 9), beratung, name="Ida")
    book(slot(roden_sprechstunde, 26, 14), beratung, name="Olga")
    client.force_login(beratung)
    mine = rows(client.get(CSV, {"datum": THURSDAY}))
    assert {r["Name"] for r in mine} == {"Ida", ""}
    assert {r["Sprechstunde"] for r in mine} == {"Soziale Sprechstunde am Vormittag"}
    client.force_login(beratung_diakonie)
    theirs = rows(client.get(CSV, {"datum": THURSDAY}))
    assert {r["Name"] for r in theirs} == {"Olga", ""}


def test_the_csv_follows_the_filter_of_the_page(
    client, planer, beratung, beratung_diakonie, termine, roden_sprechstunde
):
    client.force_login(planer)
    everything = rows(client.get(CSV, {"datum": THURSDAY}))
    assert len(everything) == 8
    roden = rows(
        client.get(CSV, {"datum": THURSDAY, "anlaufstelle": roden_sprechstunde.anlaufstelle.pk})
    )
    assert {r["Sprechstunde"] for r in roden} == {"Sprechstunde Roden"}
    # A slot of the morning handed to the other counsellor: in her list, not in his
    Termin.objects.filter(pk=slot(termine, 26, 9).pk).update(beratende=beratung_diakonie)
    seine = rows(client.get(CSV, {"datum": THURSDAY, "beratende": beratung.pk}))
    assert [r["Beginn"] for r in seine] == ["09:30", "10:00", "10:30"]
    ihre = rows(client.get(CSV, {"datum": THURSDAY, "beratende": beratung_diakonie.pk}))
    assert [r["Beginn"] for r in ihre] == ["09:00", "14:00", "14:30", "15:00", "15:30"]


def test_a_slot_is_listed_once_when_two_counsellors_hold_the_sprechstunde(
    client, planer, beratung, beratung_diakonie, diakoniestation, termine
):
    Beratende.objects.create(sprechstunde=termine, user=beratung_diakonie, traeger=diakoniestation)
    Termin.objects.filter(pk=slot(termine, 26, 9).pk).update(beratende=beratung)
    client.force_login(planer)
    found = rows(client.get(CSV, {"datum": THURSDAY, "beratende": beratung.pk}))
    assert [r["Beginn"] for r in found] == ["09:00", "09:30", "10:00", "10:30"]


@pytest.mark.parametrize(
    "params",
    [
        {"datum": "gestern"},
        {"datum": "2026-02-30"},
        {"anlaufstelle": "abc"},
        {"beratende": "999999"},
        {"datum": "<script>alert(1)</script>"},
    ],
)
def test_bad_filter_input_falls_back_and_never_fails(client, beratung, termine, params):
    client.force_login(beratung)
    response = client.get(CSV, params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tagesliste-2026-11-23.csv"'


def test_the_csv_is_never_cached(client, beratung, termine):
    client.force_login(beratung)
    response = client.get(CSV, {"datum": THURSDAY})
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_day_list_links_the_csv_with_its_filter(client, beratung, termine):
    client.force_login(beratung)
    html = client.get(reverse("sprechstunden:tagesliste"), {"datum": THURSDAY}).content.decode()
    assert f'href="{CSV}?datum={THURSDAY}"' in html


def _queries(client, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(CSV, params)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_count_stays_flat_as_slots_and_bookings_grow(
    client, planer, beratung, termine, roden_sprechstunde
):
    client.force_login(planer)
    params = {"datum": THURSDAY}
    book(slot(termine, 26, 9), beratung)
    few = _queries(client, params)
    for termin in Termin.objects.filter(beginn__date=date(2026, 11, 26)):
        for _seat in range(termin.kapazitaet - termin.buchungen.count()):
            book(termin, beratung, name="Gast", sprache=Sprache.objects.get(code="tr"))
    Schliesszeit.objects.create(
        anlaufstelle=roden_sprechstunde.anlaufstelle,
        beginn=datetime(2026, 11, 26, 15, tzinfo=BERLIN),
        ende=datetime(2026, 11, 26, 16, tzinfo=BERLIN),
        grund="Feier",
    )
    assert len(rows(client.get(CSV, params))) > 10
    assert _queries(client, params) == few
