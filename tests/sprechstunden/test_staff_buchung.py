"""Booking actions of staff (confirm a phone request, no-show, attended with an anonymous
outcome, cancel, move) and walk-ins recorded without a booking. Every change is a POST."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt
from sprechstunden.models import (
    Beratungskontakt,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Kanal,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN, JETZT

# The named counsellor counsels in the morning Sprechstunde whose bookings these tests act on.
pytestmark = pytest.mark.usefixtures("beratung_im_vormittag")


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def anfrage(termine, thema):
    """A phone-only online request for Thursday 26 November, 9:00."""
    return book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, telefon="07127 1", name="Lea"))[0]


@pytest.fixture
def bestaetigt(termine, thema, beratung):
    """A confirmed phone booking for Monday 23 November, 9:00 (today, one hour from now)."""
    return book_termin(
        slot(23, 9).pk,
        BuchungsDaten(thema=thema, telefon="07127 2", email="p@example.org"),
        kanal=Kanal.TELEFON,
        by=beratung,
    )[0]


@pytest.fixture
def diakonie(db):
    return Organisation.objects.create(name="Diakonie Reutlingen", art=OrganisationArt.TRAEGER)


def action(name, buchung):
    return reverse(f"sprechstunden:staff_buchung_{name}", args=[buchung.pk])


def status(buchung):
    buchung.refresh_from_db()
    return buchung.status


def later(client, user, buchung, minutes=5):
    """Travel to a few minutes after the booking's slot began, with a fresh session."""
    traveller = time_machine.travel(buchung.termin.beginn + timedelta(minutes=minutes), tick=False)
    traveller.start()
    client.force_login(user)
    return traveller


# Confirming a phone request


def test_staff_confirm_a_phone_request(client, beratung, anfrage):
    client.force_login(beratung)
    assert client.get(action("bestaetigen", anfrage)).status_code == 405
    response = client.post(action("bestaetigen", anfrage))
    assert response["Location"] == reverse("sprechstunden:termin", args=[anfrage.termin_id])
    assert status(anfrage) == BuchungStatus.BESTAETIGT


def test_a_confirmed_booking_is_not_confirmed_again(client, beratung, bestaetigt):
    client.force_login(beratung)
    response = client.post(action("bestaetigen", bestaetigt), follow=True)
    assert "wartet nicht auf eine Bestätigung" in response.content.decode()


# No-show


def test_a_no_show_is_marked_once_the_slot_has_begun(client, beratung, bestaetigt):
    client.force_login(beratung)
    response = client.post(action("nicht_erschienen", bestaetigt), follow=True)
    assert "erst ab Beginn" in response.content.decode()
    assert status(bestaetigt) == BuchungStatus.BESTAETIGT
    traveller = later(client, beratung, bestaetigt)
    try:
        client.post(action("nicht_erschienen", bestaetigt))
    finally:
        traveller.stop()
    assert status(bestaetigt) == BuchungStatus.NICHT_ERSCHIENEN


# Attended with an anonymous outcome


def test_attended_records_an_anonymous_outcome(client, beratung, bestaetigt, diakonie):
    wohnen = Beratungsthema.objects.get(slug="wohnen")
    traveller = later(client, beratung, bestaetigt)
    try:
        page = client.get(action("ergebnis", bestaetigt))
        assert page.status_code == 200
        assert page.context["form"].initial["thema"] == bestaetigt.thema
        response = client.post(
            action("ergebnis", bestaetigt),
            {"thema": wohnen.pk, "erstkontakt": "nein", "vermittelt_an": diakonie.pk},
        )
    finally:
        traveller.stop()
    assert response.status_code == 302
    assert status(bestaetigt) == BuchungStatus.WAHRGENOMMEN
    kontakt = Beratungskontakt.objects.get()
    assert kontakt.art == Beratungskontakt.Art.TERMIN
    assert kontakt.thema == wohnen
    assert kontakt.erstkontakt is False
    assert kontakt.vermittelt_an == diakonie
    assert kontakt.gebiet == bestaetigt.termin.sprechstunde.anlaufstelle.gebiet
    assert kontakt.datum == date(2026, 11, 23)
    assert kontakt.erfasst_von == beratung


def test_an_outcome_is_recorded_only_once(client, beratung, bestaetigt, thema):
    traveller = later(client, beratung, bestaetigt)
    try:
        data = {"thema": thema.pk, "erstkontakt": "ja"}
        client.post(action("ergebnis", bestaetigt), data)
        response = client.post(action("ergebnis", bestaetigt), data)
    finally:
        traveller.stop()
    assert response.status_code == 200
    assert "schon ein Ergebnis erfasst" in response.content.decode()
    assert Beratungskontakt.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"thema": ""}, "thema", "zwingend erforderlich"),
        ({"thema": "999999"}, "thema", "gültige Auswahl"),
        ({"erstkontakt": ""}, "erstkontakt", "zwingend erforderlich"),
        ({"erstkontakt": "vielleicht"}, "erstkontakt", "gültige Auswahl"),
        ({"vermittelt_an": "999999"}, "vermittelt_an", "gültige Auswahl"),
        ({"vermittelt_an": "<script>alert(1)</script>"}, "vermittelt_an", "gültige Auswahl"),
    ],
)
def test_bad_outcome_input_is_named_and_nothing_is_saved(
    client, beratung, bestaetigt, thema, data, field, message
):
    traveller = later(client, beratung, bestaetigt)
    try:
        response = client.post(
            action("ergebnis", bestaetigt), {"thema": thema.pk, "erstkontakt": "ja", **data}
        )
    finally:
        traveller.stop()
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert status(bestaetigt) == BuchungStatus.BESTAETIGT
    assert not Beratungskontakt.objects.exists()


def test_no_outcome_before_the_slot_or_for_a_cancelled_booking(client, beratung, bestaetigt, thema):
    client.force_login(beratung)
    data = {"thema": thema.pk, "erstkontakt": "ja"}
    response = client.post(action("ergebnis", bestaetigt), data, follow=True)
    assert "erst ab Beginn" in response.content.decode()
    Buchung.objects.filter(pk=bestaetigt.pk).update(status=BuchungStatus.STORNIERT)
    traveller = later(client, beratung, bestaetigt)
    try:
        response = client.post(action("ergebnis", bestaetigt), data, follow=True)
    finally:
        traveller.stop()
    assert "abgesagt oder verfallen" in response.content.decode()
    assert not Beratungskontakt.objects.exists()


# Cancelling and moving


def test_staff_cancel_a_booking_after_a_confirmation_page(client, planer, bestaetigt):
    client.force_login(planer)
    assert client.get(action("absagen", bestaetigt)).status_code == 200
    assert status(bestaetigt) == BuchungStatus.BESTAETIGT
    response = client.post(action("absagen", bestaetigt))
    assert response.status_code == 302
    assert status(bestaetigt) == BuchungStatus.STORNIERT
    response = client.post(action("absagen", bestaetigt), follow=True)
    assert response.status_code == 200  # a second click changes nothing and never fails


def test_staff_move_a_booking_and_the_person_gets_a_new_link(
    client, beratung, bestaetigt, django_capture_on_commit_callbacks
):
    client.force_login(beratung)
    page = client.get(action("verschieben", bestaetigt))
    assert slot(23, 9) not in page.context["form"].fields["termin"].queryset
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action("verschieben", bestaetigt), {"termin": slot(26, 10).pk})
    assert response["Location"] == reverse("sprechstunden:termin", args=[slot(26, 10).pk])
    bestaetigt.refresh_from_db()
    assert bestaetigt.termin == slot(26, 10)
    assert len(mail.outbox) == 1
    assert "/sprechstunden/buchung/" in mail.outbox[0].body


@pytest.mark.parametrize("target", ["foreign", "full", "past", "cancelled", "unknown", "text"])
def test_a_booking_cannot_be_moved_to_a_bad_slot(
    client, beratung, bestaetigt, anfrage, rathaus, thema, target
):
    from sprechstunden.models import Sprechstunde

    other = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Andere",
        wochentage=[1],
        beginn=datetime(2026, 1, 1, 14).time(),
        ende=datetime(2026, 1, 1, 15).time(),
        gueltig_ab=date(2026, 1, 1),
    )
    generate_slots(other)
    Termin.objects.filter(pk=slot(30, 9).pk).update(abgesagt=True)
    choice = {
        "foreign": lambda: Termin.objects.filter(sprechstunde=other).first().pk,
        "full": lambda: anfrage.termin_id,
        "past": lambda: (
            Termin.objects.create(
                sprechstunde=bestaetigt.termin.sprechstunde,
                beginn=JETZT - timedelta(hours=3),
                ende=JETZT - timedelta(hours=2, minutes=30),
                kapazitaet=1,
            ).pk
        ),
        "cancelled": lambda: slot(30, 9).pk,
        "unknown": lambda: 999999,
        "text": lambda: "<script>alert(1)</script>",
    }[target]()
    client.force_login(beratung)
    response = client.post(action("verschieben", bestaetigt), {"termin": choice})
    assert response.status_code == 200
    assert "freien Termin derselben Sprechstunde" in " ".join(
        response.context["form"].errors["termin"]
    )
    assert "<script>alert(1)</script>" not in response.content.decode()
    bestaetigt.refresh_from_db()
    assert bestaetigt.termin == slot(23, 9)


def test_a_cancelled_booking_cannot_be_moved(client, beratung, bestaetigt):
    Buchung.objects.filter(pk=bestaetigt.pk).update(status=BuchungStatus.STORNIERT)
    client.force_login(beratung)
    response = client.post(action("verschieben", bestaetigt), {"termin": slot(26, 10).pk})
    assert response.status_code == 302
    bestaetigt.refresh_from_db()
    assert bestaetigt.termin == slot(23, 9)


def test_unknown_bookings_are_a_404(client, beratung, db):
    client.force_login(beratung)
    for name in ["ergebnis", "absagen", "verschieben"]:
        url = reverse(f"sprechstunden:staff_buchung_{name}", args=[999999])
        assert client.get(url).status_code == 404
    for name in ["bestaetigen", "nicht_erschienen"]:
        url = reverse(f"sprechstunden:staff_buchung_{name}", args=[999999])
        assert client.post(url).status_code == 404


# Walk-ins

KONTAKT = reverse("sprechstunden:kontakt_neu")


def kontakt(sprechstunde, /, **overrides):
    return {
        "sprechstunde": sprechstunde.pk,
        "datum": "2026-11-23",
        "thema": Beratungsthema.objects.get(slug="arbeit").pk,
        "erstkontakt": "ja",
        "vermittelt_an": "",
        **overrides,
    }


def test_a_walk_in_is_recorded_anonymously(client, beratung, vormittag, jetzt, diakonie):
    client.force_login(beratung)
    page = client.get(KONTAKT, {"sprechstunde": vormittag.pk})
    assert page.context["form"].initial["sprechstunde"] == vormittag
    response = client.post(KONTAKT, kontakt(vormittag, vermittelt_an=diakonie.pk))
    assert response["Location"] == f"{KONTAKT}?sprechstunde={vormittag.pk}"
    record = Beratungskontakt.objects.get()
    assert record.art == Beratungskontakt.Art.OHNE_TERMIN
    assert record.buchung is None
    assert record.sprechstunde == vormittag
    assert record.anlaufstelle == vormittag.anlaufstelle
    assert record.gebiet == vormittag.anlaufstelle.gebiet
    assert record.datum == date(2026, 11, 23)
    assert record.erstkontakt is True
    assert record.vermittelt_an == diakonie
    assert not Buchung.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"sprechstunde": ""}, "sprechstunde", "zwingend erforderlich"),
        ({"sprechstunde": "999999"}, "sprechstunde", "gültige Auswahl"),
        ({"datum": ""}, "datum", "zwingend erforderlich"),
        ({"datum": "gestern"}, "datum", "gültiges Datum"),
        ({"datum": "2026-11-24"}, "datum", "in der Zukunft"),
        ({"datum": "2025-01-01"}, "datum", "mehr als ein Jahr"),
        ({"thema": ""}, "thema", "zwingend erforderlich"),
        ({"erstkontakt": "1"}, "erstkontakt", "gültige Auswahl"),
        ({"vermittelt_an": "abc"}, "vermittelt_an", "gültige Auswahl"),
    ],
)
def test_bad_walk_in_input_is_named_and_nothing_is_saved(
    client, beratung, vormittag, jetzt, overrides, field, message
):
    client.force_login(beratung)
    response = client.post(KONTAKT, kontakt(vormittag, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Beratungskontakt.objects.exists()
