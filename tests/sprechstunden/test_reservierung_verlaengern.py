"""The 30-minute hold of an e-mail booking (WCAG 2.2.1): stated before sending, and the done page
lets the person extend it once; the expiry job honours the longer hold."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from sprechstunden.models import Beratungsthema, Buchung, BuchungStatus, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.periodic import expire_reservations
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN

pytestmark = pytest.mark.django_db
BOOKED_AT = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def termin(vormittag, jetzt):
    vormittag.themen.set(Beratungsthema.objects.filter(slug__in=["geldsorgen", "wohnen"]))
    generate_slots(vormittag)
    return Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))


def _book_online(client, termin):
    data = {
        "thema": Beratungsthema.objects.get(slug="wohnen").pk,
        "email": "ayse@example.org",
        "einwilligung": "on",
    }
    response = client.post(reverse("sprechstunden:buchen", args=[termin.pk]), data, follow=True)
    return response.content.decode()


def _extension_value(html: str) -> str:
    return re.search(r'name="b" value="([^"]+)"', html).group(1)


def test_the_form_states_the_hold_before_sending(client, termin):
    html = client.get(reverse("sprechstunden:buchen", args=[termin.pk])).content.decode()
    assert "reservieren wir den Termin nach dem Absenden 30 Minuten für Sie" in html
    assert "können Sie die Frist einmal verlängern" in html


def test_the_done_page_extends_the_hold_once(client, termin):
    with time_machine.travel(BOOKED_AT, tick=False):
        html = _book_online(client, termin)
        assert "Bis 10:30 Uhr halten wir den Termin frei" in html
        value = _extension_value(html)
        response = client.post(reverse("sprechstunden:buchung_verlaengern"), {"b": value})
        done = client.get(response["Location"]).content.decode()
    assert "Wir halten den Termin jetzt bis 11:00 Uhr für Sie frei." in done
    assert 'name="b"' not in done  # no second offer
    assert Buchung.objects.get().verlaengert is True
    with time_machine.travel(BOOKED_AT + timedelta(minutes=5), tick=False):
        again = client.post(reverse("sprechstunden:buchung_verlaengern"), {"b": value}, follow=True)
    assert "kann nicht mehr verlängert werden" in again.content.decode()


@pytest.mark.parametrize("value", ["", "x", "e30:1abc:forged", "<script>alert(1)</script>"])
def test_a_bad_or_forged_value_changes_nothing(client, termin, value):
    _book_online(client, termin)
    response = client.post(reverse("sprechstunden:buchung_verlaengern"), {"b": value}, follow=True)
    assert response.status_code == 200
    assert "kann nicht mehr verlängert werden" in response.content.decode()
    assert Buchung.objects.get().verlaengert is False


def test_a_lapsed_reservation_is_not_extended_and_get_is_refused(client, termin):
    with time_machine.travel(BOOKED_AT, tick=False):
        value = _extension_value(_book_online(client, termin))
    with time_machine.travel(BOOKED_AT + timedelta(minutes=31), tick=False):
        client.post(reverse("sprechstunden:buchung_verlaengern"), {"b": value})
    assert Buchung.objects.get().verlaengert is False
    assert client.get(reverse("sprechstunden:buchung_verlaengern")).status_code == 405


def test_the_expiry_job_honours_the_longer_hold(termin):
    thema = Beratungsthema.objects.get(slug="wohnen")
    with time_machine.travel(BOOKED_AT, tick=False):
        kurz, _ = book_termin(termin.pk, BuchungsDaten(thema=thema, email="a@example.org"))
        other = Termin.objects.filter(beginn__gt=termin.beginn).order_by("beginn").first()
        lang, _ = book_termin(other.pk, BuchungsDaten(thema=thema, email="b@example.org"))
    Buchung.objects.filter(pk=lang.pk).update(verlaengert=True)
    minutes = settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN
    assert expire_reservations(BOOKED_AT + timedelta(minutes=minutes + 1)) == 1
    kurz.refresh_from_db()
    lang.refresh_from_db()
    assert (kurz.status, lang.status) == (BuchungStatus.ABGELAUFEN, BuchungStatus.RESERVIERT)
    assert expire_reservations(BOOKED_AT + timedelta(minutes=2 * minutes + 1)) == 1
    lang.refresh_from_db()
    assert lang.status == BuchungStatus.ABGELAUFEN
