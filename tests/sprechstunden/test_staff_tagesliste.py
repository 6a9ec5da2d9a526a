"""The day list (per counsellor and per Anlaufstelle, printable) and the week view."""

import itertools
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saarlouis_portal.konten.roles import Rolle
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Kanal,
    Schliesszeit,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import cancel_termin, generate_slots
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN

# The named counsellor counsels in the morning Sprechstunde (Rathaus), not in Roden.
pytestmark = pytest.mark.usefixtures("beratung_im_vormittag")

TAGESLISTE = reverse("sprechstunden:tagesliste")
WOCHE = reverse("sprechstunden:woche")
THURSDAY = "2026-11-26"


def slot(sprechstunde, day, hour, minute=0):
    return Termin.objects.get(
        sprechstunde=sprechstunde, beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)
    )


CALLERS = itertools.count(1000)


def book(termin, by, **data):
    """One caller per booking: a second booking of one number in one slot is refused."""
    thema = data.pop("thema", None) or Beratungsthema.objects.get(slug="wohnen")
    data = {"telefon": f"07127 {next(CALLERS)}", **data}
    return book_termin(termin.pk, BuchungsDaten(thema=thema, **data), kanal=Kanal.TELEFON, by=by)[0]


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def roden_buero(roden):
    return Anlaufstelle.objects.create(
        name="Stadtteilbüro Roden", gebiet=roden, strasse="Weg 1", plz="66740", ort="Saarlouis"
    )


@pytest.fixture
def roden_sprechstunde(roden_buero, jetzt):
    """Thursday 14–16 in Roden, two counsellors at a time."""
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=roden_buero,
        titel="Sprechstunde Roden",
        wochentage=[3],
        beginn=time(14),
        ende=time(16),
        kapazitaet=2,
        gueltig_ab=date(2026, 1, 1),
    )
    sprechstunde.themen.set(Beratungsthema.objects.all())
    generate_slots(sprechstunde)
    return sprechstunde


def test_the_day_list_shows_every_slot_and_what_staff_need_of_each_booking(
    client, beratung, termine
):
    book(
        slot(termine, 26, 9),
        beratung,
        name="Ayşe",
        telefon="07127 98765",
        email="ayse@example.org",
        sprache=Sprache.objects.get(code="tr"),
        dolmetschen=True,
        barrierefreiheit="kommt mit Rollator",
        notiz="bringt Bescheid mit",
    )
    client.force_login(beratung)
    response = client.get(TAGESLISTE, {"datum": THURSDAY})
    html = response.content.decode()
    assert "Tagesliste für Donnerstag, 26.11.2026" in html
    for text in [
        "Ayşe",
        "07127 98765",
        "ayse@example.org",
        "Türkisch",
        "Dolmetschen gewünscht",
        "kommt mit Rollator",
        "bringt Bescheid mit",
        "Wohnen",
        "bestätigt",
        "09:00–09:30",
        "10:30–11:00",
    ]:
        assert text in html, text
    assert html.count("1 Platz frei") == 3


def test_it_defaults_to_today(client, beratung, termine):
    client.force_login(beratung)
    html = client.get(TAGESLISTE).content.decode()
    assert "Tagesliste für Montag, 23.11.2026" in html
    assert "09:00–09:30" in html


def test_bad_filter_input_falls_back_and_never_fails(client, beratung, termine):
    client.force_login(beratung)
    response = client.get(
        TAGESLISTE, {"datum": "<script>alert(1)</script>", "anlaufstelle": "999", "beratende": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tagesliste für Montag, 23.11.2026" in html
    assert "<script>alert(1)</script>" not in html
    assert client.get(WOCHE, {"datum": "2026-02-31"}).status_code == 200


def test_the_day_list_filters_by_anlaufstelle(client, planer, termine, roden_sprechstunde):
    book(slot(roden_sprechstunde, 26, 14), planer, name="Roden-Gast")
    book(slot(termine, 26, 9), planer, name="Rathaus-Gast")
    client.force_login(planer)
    html = client.get(
        TAGESLISTE, {"datum": THURSDAY, "anlaufstelle": roden_sprechstunde.anlaufstelle_id}
    ).content.decode()
    assert "Roden-Gast" in html
    assert "Rathaus-Gast" not in html


def test_the_day_list_filters_by_counsellor(
    client, planer, beratung, traeger, termine, roden_sprechstunde
):
    kollegin = make_user("kollegin@example.org", Rolle.BERATUNG, first_name="Kim")
    Beratende.objects.create(sprechstunde=roden_sprechstunde, user=kollegin, traeger=traeger)
    # One Rathaus slot is handed to the colleague explicitly
    Termin.objects.filter(pk=slot(termine, 26, 10).pk).update(beratende=kollegin)
    book(slot(termine, 26, 9), planer, name="Bei-Beratung")
    book(slot(termine, 26, 10), planer, name="Bei-Kim-im-Rathaus")
    book(slot(roden_sprechstunde, 26, 14), planer, name="Bei-Kim-in-Roden")
    client.force_login(planer)

    def names(user):
        html = client.get(TAGESLISTE, {"datum": THURSDAY, "beratende": user.pk}).content.decode()
        return {n for n in ["Bei-Beratung", "Bei-Kim-im-Rathaus", "Bei-Kim-in-Roden"] if n in html}

    assert names(beratung) == {"Bei-Beratung"}
    assert names(kollegin) == {"Bei-Kim-im-Rathaus", "Bei-Kim-in-Roden"}


def test_closed_and_cancelled_slots_are_marked(client, beratung, termine):
    Schliesszeit.objects.create(
        sprechstunde=termine,
        beginn=datetime(2026, 11, 26, 9, tzinfo=BERLIN),
        ende=datetime(2026, 11, 26, 10, tzinfo=BERLIN),
        grund="Teambesprechung",
    )
    cancel_termin(slot(termine, 26, 10, 30), "Erkrankung", by=beratung)
    client.force_login(beratung)
    html = client.get(TAGESLISTE, {"datum": THURSDAY}).content.decode()
    assert html.count("Geschlossen: Teambesprechung") == 2
    assert "Termin abgesagt: Erkrankung" in html


def test_the_day_list_is_printable(client, beratung, termine):
    client.force_login(beratung)
    html = client.get(TAGESLISTE, {"datum": THURSDAY}).content.decode()
    assert 'class="portal-filter portal-no-print"' in html
    assert "portal-tagesliste" in html


def _fill(sprechstunden, by, per_slot):
    for sprechstunde in sprechstunden:
        for termin in Termin.objects.filter(sprechstunde=sprechstunde)[:4]:
            for i in range(min(per_slot, termin.kapazitaet)):
                book(
                    termin,
                    by,
                    name=f"Gast {termin.pk}-{i}",
                    sprache=Sprache.objects.get(code="tr"),
                    thema=Beratungsthema.objects.order_by("?").first(),
                )


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [TAGESLISTE, WOCHE])
def test_query_count_stays_flat_as_slots_and_bookings_grow(
    client, beratung, traeger, termine, roden_sprechstunde, url
):
    client.force_login(beratung)
    params = {"datum": THURSDAY}
    book(slot(termine, 26, 9), beratung)
    filtered = {**params, "beratende": beratung.pk}
    few = _queries(client, url, params)
    few_filtered = _queries(client, url, filtered)
    _fill([termine, roden_sprechstunde], beratung, per_slot=2)
    for termin in Termin.objects.filter(sprechstunde=roden_sprechstunde)[:2]:
        Termin.objects.filter(pk=termin.pk).update(beratende=beratung)
    Schliesszeit.objects.create(
        anlaufstelle=roden_sprechstunde.anlaufstelle,
        beginn=datetime(2026, 11, 26, 15, tzinfo=BERLIN),
        ende=datetime(2026, 11, 26, 16, tzinfo=BERLIN),
        grund="Feier",
    )
    assert _queries(client, url, params) == few
    assert _queries(client, url, filtered) == few_filtered


def test_the_week_view_shows_occupancy_per_slot_and_day(
    client, beratung, termine, roden_sprechstunde
):
    book(slot(termine, 26, 9), beratung)
    book(slot(roden_sprechstunde, 26, 14), beratung)
    book(slot(roden_sprechstunde, 26, 14), beratung)
    book(slot(termine, 23, 10), beratung)
    client.force_login(beratung)
    response = client.get(WOCHE, {"datum": THURSDAY})
    html = response.content.decode()
    assert "Kalenderwoche 48: 23.11. bis 29.11.2026" in html
    assert "Sprechstunde Roden" in html
    summen = response.context["summen"]
    # Monday: 4 Rathaus slots of one seat, one booked; Thursday: 4 + 4×2 seats, three taken
    assert summen[0] == {"belegt": 1, "plaetze": 4}
    assert summen[3] == {"belegt": 3, "plaetze": 12}
    assert summen[1] == {"belegt": 0, "plaetze": 0}
    assert 'portal-slot-belegung--voll">2/2' in html


def test_the_week_view_links_to_next_and_previous_week(client, beratung, termine):
    client.force_login(beratung)
    html = client.get(WOCHE, {"datum": THURSDAY}).content.decode()
    assert "?datum=2026-11-30" in html
    assert "?datum=2026-11-16" in html


def test_a_day_with_many_sprechstunden_is_shown_ten_per_page(client, planer, termine):
    from sprechstunden.views.staff_tagesliste import SPRECHSTUNDEN_JE_SEITE

    anlaufstelle = termine.anlaufstelle
    for i in range(SPRECHSTUNDEN_JE_SEITE):
        weitere = Sprechstunde.objects.create(
            anlaufstelle=anlaufstelle,
            titel=f"Sprechstunde {i:02}",
            wochentage=termine.wochentage,
            beginn=termine.beginn,
            ende=termine.ende,
            gueltig_ab=termine.gueltig_ab,
        )
        generate_slots(weitere)
    # One booking in each Sprechstunde: the page counts the day's, not only its own.
    for sprechstunde in Sprechstunde.objects.all():
        am_tag = Termin.objects.filter(sprechstunde=sprechstunde, beginn__date=date(2026, 11, 26))
        book(am_tag.order_by("beginn").first(), planer)
    client.force_login(planer)
    first = client.get(TAGESLISTE, {"datum": THURSDAY})
    assert first.context["anzahl_buchungen"] == SPRECHSTUNDEN_JE_SEITE + 1
    gruppen = first.context["gruppen"]
    assert len(gruppen) == SPRECHSTUNDEN_JE_SEITE
    assert first.context["page"].paginator.num_pages == 2
    assert "Seite 1 von 2" in first.text
    assert "seite=2" in first.text
    second = client.get(TAGESLISTE, {"datum": THURSDAY, "seite": 2})
    shown = {s.pk for s, _t in gruppen} | {s.pk for s, _t in second.context["gruppen"]}
    assert len(shown) == SPRECHSTUNDEN_JE_SEITE + 1  # every Sprechstunde on exactly one page
    assert len(second.context["gruppen"]) == 1
    assert client.get(TAGESLISTE, {"datum": THURSDAY, "seite": "x"}).status_code == 200
