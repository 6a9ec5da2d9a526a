"""Closures per Anlaufstelle or per Sprechstunde: entered as dates (whole days) or with times,
listed, deleted; bookings inside a closure are pointed out, never cancelled by themselves."""

from datetime import datetime

import pytest
from django.urls import reverse

from sprechstunden.models import Buchung, BuchungStatus, Kanal, Schliesszeit, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN


def valid(**overrides):
    return {
        "von_datum": "2026-11-26",
        "von_uhrzeit": "",
        "bis_datum": "2026-11-26",
        "bis_uhrzeit": "",
        "grund": "Betriebsausflug",
        **overrides,
    }


def test_a_whole_day_closure_of_an_anlaufstelle(client, planer, rathaus, jetzt):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_schliesszeit_neu", args=[rathaus.pk])
    response = client.post(url, valid())
    assert response["Location"] == reverse("sprechstunden:staff_anlaufstelle", args=[rathaus.pk])
    closure = Schliesszeit.objects.get()
    assert closure.anlaufstelle == rathaus
    assert closure.sprechstunde is None
    assert closure.beginn == datetime(2026, 11, 26, 0, 0, tzinfo=BERLIN)
    assert closure.ende == datetime(2026, 11, 27, 0, 0, tzinfo=BERLIN)


def test_a_closure_of_one_sprechstunde_with_times(client, planer, vormittag, jetzt):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_sprechstunde_schliesszeit_neu", args=[vormittag.pk])
    response = client.post(url, valid(von_uhrzeit="09:00", bis_uhrzeit="10:00", grund="Arzt"))
    assert response["Location"] == reverse("sprechstunden:staff_sprechstunde", args=[vormittag.pk])
    closure = Schliesszeit.objects.get()
    assert closure.sprechstunde == vormittag
    assert closure.anlaufstelle is None
    assert closure.beginn == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert closure.ende == datetime(2026, 11, 26, 10, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"von_datum": ""}, "von_datum", "zwingend erforderlich"),
        ({"von_datum": "2026-13-01"}, "von_datum", "gültiges Datum"),
        ({"bis_datum": "morgen"}, "bis_datum", "gültiges Datum"),
        ({"bis_datum": "2026-11-25"}, "bis_datum", "Das Ende muss nach dem Beginn liegen"),
        (
            {"von_uhrzeit": "12:00", "bis_uhrzeit": "09:00"},
            "bis_datum",
            "Das Ende muss nach dem Beginn liegen",
        ),
        ({"bis_datum": "2028-01-01"}, "bis_datum", "höchstens ein Jahr"),
        ({"von_uhrzeit": "25:00"}, "von_uhrzeit", "gültige Uhrzeit"),
        ({"grund": ""}, "grund", "zwingend erforderlich"),
        ({"grund": "x" * 121}, "grund", "höchstens 120 Zeichen"),
        ({"grund": "<script>alert(1)</script>"}, "grund", "ohne HTML-Auszeichnungen"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, planer, rathaus, jetzt, overrides, field, message
):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_schliesszeit_neu", args=[rathaus.pk])
    response = client.post(url, valid(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Schliesszeit.objects.exists()


@pytest.fixture
def gebucht(vormittag, jetzt, thema, beratung):
    """A confirmed booking on Thursday 26 November at 9:00."""
    generate_slots(vormittag)
    termin = Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    buchung, _token = book_termin(
        termin.pk,
        BuchungsDaten(thema=thema, telefon="07127 1", name="Jonas"),
        kanal=Kanal.TELEFON,
        by=beratung,
    )
    return buchung


def test_bookings_inside_a_new_closure_are_pointed_out_and_kept(client, planer, rathaus, gebucht):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_schliesszeit_neu", args=[rathaus.pk])
    response = client.post(url, valid(), follow=True)
    assert "In der Schließzeit liegt 1 offene Buchung" in response.content.decode()
    gebucht.refresh_from_db()
    assert gebucht.status == BuchungStatus.BESTAETIGT
    detail = reverse("sprechstunden:staff_sprechstunde", args=[gebucht.termin.sprechstunde_id])
    html = client.get(detail).content.decode()
    assert "1 Buchung braucht Ihre Aufmerksamkeit" in html
    assert "Jonas" in html


def test_the_list_shows_current_closures_and_one_is_deleted(client, planer, rathaus, gebucht):
    Schliesszeit.objects.create(
        anlaufstelle=rathaus,
        beginn=datetime(2026, 11, 1, tzinfo=BERLIN),
        ende=datetime(2026, 11, 2, tzinfo=BERLIN),
        grund="Allerheiligen",
    )
    closure = Schliesszeit.objects.create(
        anlaufstelle=rathaus,
        beginn=datetime(2026, 12, 24, tzinfo=BERLIN),
        ende=datetime(2026, 12, 27, tzinfo=BERLIN),
        grund="Weihnachten",
    )
    client.force_login(planer)
    html = client.get(reverse("sprechstunden:staff_schliesszeiten")).content.decode()
    assert "Weihnachten" in html
    assert "Allerheiligen" not in html  # over
    url = reverse("sprechstunden:staff_schliesszeit_loeschen", args=[closure.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == reverse("sprechstunden:staff_anlaufstelle", args=[rathaus.pk])
    assert not Schliesszeit.objects.filter(pk=closure.pk).exists()
    assert Buchung.objects.count() == 1


def test_deleting_an_unknown_closure_is_a_404(client, planer):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_schliesszeit_loeschen", args=[999999])
    assert client.post(url).status_code == 404
