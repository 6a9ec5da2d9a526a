"""What the booking form makes of what people type (phone numbers in one spelling, no invisible
characters, no bidi controls in names), and how long the entries kept after a taken slot stay
in the database."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse

from sprechstunden.models import Buchung, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN, JETZT


@pytest.fixture
def termin(vormittag, jetzt):
    """Thursday 26 November 2026, 09:00, one seat."""
    generate_slots(vormittag)
    return Termin.objects.get(beginn=datetime(2026, 11, 26, 9, tzinfo=BERLIN))


def buchen(termin):
    return reverse("sprechstunden:buchen", args=[termin.pk])


def valid(thema, **overrides):
    return {
        "thema": thema.pk,
        "email": "",
        "telefon": "07127 12 34",
        "name": "Ayşe",
        "barrierefreiheit": "",
        "notiz": "",
        "einwilligung": "on",
        "webseite": "",
        **overrides,
    }


def test_the_number_is_stored_in_e164_and_shown_to_staff_as_typed_in_germany(
    client, termin, thema, planer
):
    assert client.post(buchen(termin), valid(thema, telefon="+49 (0)7127 1234")).status_code == 302
    assert Buchung.objects.get().telefon == "+4971271234"
    client.force_login(planer)
    html = client.get(reverse("sprechstunden:termin", args=[termin.pk])).content.decode()
    assert "07127 1234" in html
    assert "+4971271234" not in html


def test_invisible_characters_are_removed_from_name_and_note(client, termin, thema):
    data = valid(thema, name="\u200bAy\u0073\u0327e\u200e", notiz="Mah\x00nung\u2060 Strom")
    assert client.post(buchen(termin), data).status_code == 302
    buchung = Buchung.objects.get()
    assert (buchung.name, buchung.notiz) == ("Ayşe", "Mahnung Strom")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "Ay\u202eşe"}, "name", "Schreibrichtung"),
        ({"name": "\u2067Ayşe\u2069"}, "name", "Schreibrichtung"),
        ({"telefon": "0711 1"}, "telefon", "gültige Telefonnummer"),
        ({"telefon": "+49"}, "telefon", "gültige Telefonnummer"),
        ({"telefon": "07127 12 34 " * 3}, "telefon", "höchstens 30 Zeichen"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, termin, thema, overrides, field, message
):
    response = client.post(buchen(termin), valid(thema, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Buchung.objects.exists()


def test_the_kept_entries_show_the_number_as_people_write_it(client, termin, thema):
    book_termin(termin.pk, BuchungsDaten(thema, email="erste@example.org"))
    client.post(buchen(termin), valid(thema, telefon="+4971271234"))
    following = Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 30, tzinfo=BERLIN))
    html = client.get(buchen(following)).content.decode()
    assert 'value="07127 1234"' in html


def test_the_kept_entries_leave_the_database_soon_after_their_half_hour(client, termin, thema):
    """The session expires after 30 minutes; expire_reservations (every 5 minutes) deletes the
    row then, not only the daily clearsessions."""
    book_termin(termin.pk, BuchungsDaten(thema, email="erste@example.org"))
    client.post(buchen(termin), valid(thema, name="Ayşe Kaya"))
    key = client.session.session_key
    assert "Ayşe Kaya" in str(Session.objects.get(session_key=key).get_decoded())
    with time_machine.travel(JETZT + timedelta(minutes=29), tick=False):
        call_command("expire_reservations", stdout=StringIO())
    assert Session.objects.filter(session_key=key).exists()
    with time_machine.travel(JETZT + timedelta(minutes=31), tick=False):
        call_command("expire_reservations", stdout=StringIO())
    assert not Session.objects.filter(session_key=key).exists()


def test_the_privacy_page_says_the_kept_entries_leave_the_server(client, db):
    html = client.get("/datenschutz/").content.decode()
    assert "höchstens 30 Minuten" in html
    assert "löschen die Sitzung innerhalb weniger Minuten auch vom Server" in html
