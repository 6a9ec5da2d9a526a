"""The slot page: its bookings, booking on behalf of a caller, cancelling the slot."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from sprechstunden.models import (
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Kanal,
    Sprache,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN

# The named counsellor counsels in the morning Sprechstunde whose slots these tests open.
pytestmark = pytest.mark.usefixtures("beratung_im_vormittag")


@pytest.fixture
def termin(vormittag, jetzt):
    """Thursday 26 November, 9:00, one seat."""
    generate_slots(vormittag)
    return Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))


def buchen_url(termin):
    return reverse("sprechstunden:staff_buchen", args=[termin.pk])


def valid(**overrides):
    return {
        "thema": Beratungsthema.objects.get(slug="wohnen").pk,
        "name": "Herr K.",
        "telefon": "07127 12345",
        "email": "",
        "sprache": "",
        "barrierefreiheit": "",
        "notiz": "",
        "einwilligung": "on",
        **overrides,
    }


def test_the_slot_page_lists_its_bookings_with_actions(client, beratung, termin, thema):
    book_termin(termin.pk, BuchungsDaten(thema=thema, telefon="07127 777", name="Mia"))
    client.force_login(beratung)
    response = client.get(reverse("sprechstunden:termin", args=[termin.pk]))
    html = response.content.decode()
    assert "Termin am Donnerstag, 26.11.2026, 09:00–09:30 Uhr" in html
    assert "Mia" in html
    assert "07127 777" in html
    assert "Anfrage, Rückruf ausstehend" in html
    assert (
        reverse("sprechstunden:staff_buchung_bestaetigen", args=[Buchung.objects.get().pk]) in html
    )
    assert "Für Anrufende buchen" not in html  # the only seat is taken


def test_a_phone_booking_needs_no_email_and_is_confirmed_at_once(client, beratung, termin):
    client.force_login(beratung)
    response = client.post(buchen_url(termin), valid())
    assert response["Location"] == reverse("sprechstunden:termin", args=[termin.pk])
    buchung = Buchung.objects.get()
    assert buchung.status == BuchungStatus.BESTAETIGT
    assert buchung.kanal == Kanal.TELEFON
    assert buchung.erstellt_von == beratung
    assert (buchung.name, buchung.telefon, buchung.email) == ("Herr K.", "+49712712345", "")
    assert buchung.einwilligung_version
    assert mail.outbox == []


def test_with_an_email_the_caller_gets_a_confirmation(
    client, beratung, termin, django_capture_on_commit_callbacks
):
    client.force_login(beratung)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            buchen_url(termin),
            valid(
                telefon="",
                email="k@example.org",
                sprache=Sprache.objects.get(code="ar").pk,
                dolmetschen="on",
            ),
        )
    buchung = Buchung.objects.get()
    assert buchung.sprache.code == "ar"
    assert buchung.dolmetschen
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["k@example.org"]


def test_staff_may_book_at_short_notice(client, beratung, termin):
    with time_machine.travel(termin.beginn - timedelta(minutes=20), tick=False):
        client.force_login(beratung)  # a fresh session: the jump outlives the old one
        response = client.post(buchen_url(termin), valid())
    assert response.status_code == 302
    assert Buchung.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"thema": ""}, "thema", "zwingend erforderlich"),
        ({"thema": "999999"}, "thema", "gültige Auswahl"),
        ({"thema": "abc"}, "thema", "gültige Auswahl"),
        ({"name": "x" * 81}, "name", "höchstens 80 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML-Auszeichnungen"),
        ({"telefon": "ruf mich an"}, "telefon", "gültige Telefonnummer"),
        ({"telefon": "1" * 31}, "telefon", "höchstens 30 Zeichen"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"telefon": "", "email": ""}, "telefon", "Telefonnummer oder E-Mail-Adresse"),
        ({"sprache": "999999"}, "sprache", "gültige Auswahl"),
        ({"barrierefreiheit": "x" * 301}, "barrierefreiheit", "höchstens 300 Zeichen"),
        ({"barrierefreiheit": "<img src=x onerror=alert(1)>"}, "barrierefreiheit", "HTML"),
        ({"notiz": "x" * 501}, "notiz", "höchstens 500 Zeichen"),
        ({"einwilligung": ""}, "einwilligung", "Datenschutzhinweise"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, beratung, termin, overrides, field, message
):
    client.force_login(beratung)
    response = client.post(buchen_url(termin), valid(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Buchung.objects.exists()


def test_only_topics_of_this_sprechstunde_can_be_chosen(client, beratung, termin, vormittag):
    vormittag.themen.set(Beratungsthema.objects.filter(slug="geldsorgen"))
    client.force_login(beratung)
    response = client.post(buchen_url(termin), valid())
    assert "gültige Auswahl" in " ".join(response.context["form"].errors["thema"])
    assert not Buchung.objects.exists()


def test_a_full_slot_is_refused_with_a_clear_message(client, beratung, termin, thema):
    book_termin(termin.pk, BuchungsDaten(thema=thema, telefon="1234"))
    client.force_login(beratung)
    response = client.post(buchen_url(termin), valid())
    assert response.status_code == 200
    assert "gerade vergeben" in response.content.decode()
    assert Buchung.objects.count() == 1


@pytest.mark.parametrize("when", ["past", "cancelled"])
def test_past_or_cancelled_slots_cannot_be_booked(client, beratung, termin, when):
    client.force_login(beratung)
    if when == "cancelled":
        Termin.objects.filter(pk=termin.pk).update(abgesagt=True)
        response = client.post(buchen_url(termin), valid())
    else:
        with time_machine.travel(termin.beginn + timedelta(minutes=5), tick=False):
            client.force_login(beratung)
            response = client.post(buchen_url(termin), valid())
    assert response.status_code == 200
    assert "kann nicht (mehr) gebucht werden" in response.content.decode()
    assert not Buchung.objects.exists()


def test_unknown_slots_are_a_404(client, beratung, db):
    client.force_login(beratung)
    for name in ["termin", "staff_buchen", "staff_termin_absagen"]:
        assert client.get(reverse(f"sprechstunden:{name}", args=[999999])).status_code == 404


# Cancelling a slot


def test_cancelling_a_slot_notifies_the_people_booked(
    client, planer, beratung, vormittag, jetzt, thema, django_capture_on_commit_callbacks
):
    vormittag.kapazitaet = 3
    vormittag.save()
    generate_slots(vormittag)
    termin = Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    daten = [
        BuchungsDaten(thema=thema, email="a@example.org", name="Anna"),
        BuchungsDaten(thema=thema, telefon="07127 444", name="Ben"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for data in daten:
            book_termin(termin.pk, data, kanal=Kanal.TELEFON, by=beratung)
    mail.outbox.clear()
    client.force_login(planer)
    url = reverse("sprechstunden:staff_termin_absagen", args=[termin.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"grund": "Erkrankung der Beraterin"}, follow=True)
    html = response.content.decode()
    assert "2 Buchungen wurden storniert" in html
    assert "Bitte rufen Sie sie an: Ben 07127 444" in html
    termin.refresh_from_db()
    assert termin.abgesagt
    assert termin.absagegrund == "Erkrankung der Beraterin"
    assert set(Buchung.objects.values_list("status", flat=True)) == {BuchungStatus.STORNIERT}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.org"]
    assert "Erkrankung der Beraterin" in message.body
    assert message.attachments[0][2] == "text/calendar"
    ics = message.attachments[0][1]
    assert "STATUS:CANCELLED" in (ics.decode() if isinstance(ics, bytes) else ics)


@pytest.mark.parametrize(
    ("grund", "message"),
    [
        ("", "zwingend erforderlich"),
        ("x" * 201, "höchstens 200 Zeichen"),
        ("<script>alert(1)</script>", "ohne HTML-Auszeichnungen"),
    ],
)
def test_a_slot_is_not_cancelled_without_a_proper_reason(
    client, beratung, termin, thema, grund, message
):
    book_termin(termin.pk, BuchungsDaten(thema=thema, email="a@example.org"))
    client.force_login(beratung)
    url = reverse("sprechstunden:staff_termin_absagen", args=[termin.pk])
    response = client.post(url, {"grund": grund})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["grund"])
    termin.refresh_from_db()
    assert not termin.abgesagt
    assert Buchung.objects.get().status == BuchungStatus.RESERVIERT


def test_a_cancelled_slot_is_not_cancelled_again(client, beratung, termin):
    Termin.objects.filter(pk=termin.pk).update(abgesagt=True, absagegrund="Feiertag")
    client.force_login(beratung)
    url = reverse("sprechstunden:staff_termin_absagen", args=[termin.pk])
    response = client.post(url, {"grund": "Noch einmal"})
    assert response.status_code == 302
    termin.refresh_from_db()
    assert termin.absagegrund == "Feiertag"
