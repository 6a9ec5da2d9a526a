"""The manage link: see, confirm, cancel and move a booking; see and delete one's data."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from sprechstunden.models import Buchung, BuchungStatus, Schliesszeit, Sprechstunde, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN


def slot(day, hour, minute=0, *, month=11):
    return Termin.objects.get(beginn=datetime(2026, month, day, hour, minute, tzinfo=BERLIN))


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


def book(termin, **contact):
    from sprechstunden.models import Beratungsthema

    data = BuchungsDaten(
        Beratungsthema.objects.get(slug="geldsorgen"), name="Ayşe", notiz="Mahnung", **contact
    )
    buchung, token = book_termin(termin.pk, data)
    return buchung, token


@pytest.fixture
def reserviert(termine):
    """Reserved with e-mail on Thursday 26 November 2026, 09:00, not confirmed yet."""
    return book(slot(26, 9), email="ayse@example.org")


@pytest.fixture
def anfrage(termine):
    return book(slot(26, 9), telefon="07127 1234")


def url(name, token):
    return reverse(f"sprechstunden:{name}", args=[token])


def refreshed(buchung):
    return Buchung.objects.get(pk=buchung.pk)


# Looking


def test_the_manage_page_shows_time_place_topic_and_status(client, reserviert):
    buchung, token = reserviert
    response = client.get(url("buchung_verwalten", token))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'Donnerstag, 26. November 2026, <bdi dir="ltr">09:00–09:30</bdi> Uhr' in html
    assert "Büro im Rathaus Pliezhausen" in html
    assert "Geldsorgen und Schulden" in html
    assert "Reserviert, Bestätigung per E-Mail ausstehend" in html
    assert "Termin bestätigen" in html
    assert "Termin absagen" in html
    assert "Termin verschieben" in html
    assert url("buchung_daten", token) in html


@pytest.mark.parametrize("name", ["buchung_verwalten", "buchung_verschieben", "buchung_daten"])
def test_manage_pages_are_private(client, reserviert, name):
    _buchung, token = reserviert
    response = client.get(url(name, token))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_opening_the_link_changes_nothing(client, reserviert):
    buchung, token = reserviert
    for name in ["buchung_verwalten", "buchung_verschieben", "buchung_daten"]:
        client.get(url(name, token))
    assert "Wirklich absagen?" in client.get(url("buchung_absagen", token)).content.decode()
    for name in ["buchung_bestaetigen", "buchung_daten_loeschen"]:
        assert client.get(url(name, token)).status_code == 405
    buchung = refreshed(buchung)
    assert buchung.status == BuchungStatus.RESERVIERT
    assert buchung.email == "ayse@example.org"


@pytest.mark.parametrize(
    "token",
    ["unbekannt", "x" * 43, "a" * 101, "%3Cscript%3E"],
)
def test_an_unknown_token_is_a_friendly_not_found(client, reserviert, token):
    response = client.get(f"/sprechstunden/buchung/{token}/")
    assert response.status_code == 404
    assert "Dieser Link ist ungültig oder abgelaufen" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"


def test_a_tampered_token_is_not_found_for_every_action(client, reserviert):
    buchung, token = reserviert
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(url("buchung_verwalten", tampered)).status_code == 404
    for name in ["buchung_bestaetigen", "buchung_absagen", "buchung_daten_loeschen"]:
        assert client.post(url(name, tampered)).status_code == 404
    assert client.post(url("buchung_verschieben", tampered), {"termin": 1}).status_code == 404
    buchung = refreshed(buchung)
    assert buchung.status == BuchungStatus.RESERVIERT
    assert buchung.email


def test_an_expired_token_is_not_found(client, reserviert):
    _buchung, token = reserviert
    with time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN), tick=False):
        response = client.get(url("buchung_verwalten", token))
    assert response.status_code == 404


# Confirming


def test_confirming_is_a_post_from_the_manage_page(
    client, reserviert, django_capture_on_commit_callbacks
):
    buchung, token = reserviert
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("buchung_bestaetigen", token), follow=True)
    assert response.redirect_chain == [(url("buchung_verwalten", token), 302)]
    assert refreshed(buchung).status == BuchungStatus.BESTAETIGT
    assert "Ihr Termin ist bestätigt" in response.content.decode()
    assert "Termin bestätigen</span>" not in response.content.decode()
    assert len(mail.outbox) == 1


def test_confirming_twice_changes_nothing_more(client, reserviert):
    buchung, token = reserviert
    client.post(url("buchung_bestaetigen", token))
    client.post(url("buchung_bestaetigen", token))
    assert refreshed(buchung).status == BuchungStatus.BESTAETIGT


def test_an_expired_reservation_cannot_be_confirmed(client, reserviert):
    buchung, token = reserviert
    Buchung.objects.filter(pk=buchung.pk).update(status=BuchungStatus.ABGELAUFEN)
    response = client.post(url("buchung_bestaetigen", token), follow=True)
    assert "verfallen oder abgesagt" in response.content.decode()
    assert refreshed(buchung).status == BuchungStatus.ABGELAUFEN


def test_a_phone_request_waits_for_a_call_and_offers_no_confirm_button(client, anfrage):
    _buchung, token = anfrage
    html = client.get(url("buchung_verwalten", token)).content.decode()
    assert "Wir rufen Sie an" in html
    assert "Termin bestätigen" not in html


# Cancelling


def test_cancelling_frees_the_slot_and_says_so(
    client, reserviert, django_capture_on_commit_callbacks
):
    buchung, token = reserviert
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("buchung_absagen", token), follow=True)
    assert refreshed(buchung).status == BuchungStatus.STORNIERT
    assert "Ihr Termin ist abgesagt" in response.content.decode()
    assert "Termin absagen</span>" not in response.content.decode()
    assert Termin.objects.bookable().filter(pk=buchung.termin_id).exists()
    assert len(mail.outbox) == 1


def test_a_cancelled_booking_offers_a_new_one_and_no_more_changes(client, reserviert):
    _buchung, token = reserviert
    client.post(url("buchung_absagen", token))
    html = client.get(url("buchung_verwalten", token)).content.decode()
    assert "Dieser Termin ist abgesagt" in html
    assert "Einen neuen Termin buchen" in html
    assert "Termin verschieben</span>" not in html
    moving = client.get(url("buchung_verschieben", token)).content.decode()
    assert "kann nicht mehr verschoben werden" in moving
    assert 'name="termin"' not in moving


def test_within_the_minimum_notice_the_booking_cannot_be_changed_online(client, reserviert):
    buchung, token = reserviert
    # Thursday 26 November, 07:30: the 09:00 slot is within two hours' notice.
    with time_machine.travel(datetime(2026, 11, 26, 7, 30, tzinfo=BERLIN), tick=False):
        page = client.get(url("buchung_verwalten", token)).content.decode()
        response = client.post(url("buchung_absagen", token), follow=True)
        moved = client.post(url("buchung_verschieben", token), {"termin": slot(26, 10, 30).pk})
        deleted = client.post(url("buchung_daten_loeschen", token), follow=True)
    assert "Termin absagen</span>" not in page
    assert "07127 9770" in page
    html = response.content.decode()
    assert "kann online nicht mehr geändert werden" in html
    assert "Telefon der Anlaufstelle: 07127 9770" in html
    assert "07127 9770" in moved.content.decode()
    assert "07127 9770" in deleted.content.decode()
    buchung = refreshed(buchung)
    assert buchung.status == BuchungStatus.RESERVIERT
    assert buchung.termin == slot(26, 9)
    assert buchung.email == "ayse@example.org"


# Moving


def test_the_move_page_lists_other_free_slots_of_the_same_sprechstunde(client, reserviert, rathaus):
    buchung, token = reserviert
    other = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Andere",
        wochentage=[3],
        beginn=datetime(2026, 1, 1, 14).time(),
        ende=datetime(2026, 1, 1, 15).time(),
        gueltig_ab=datetime(2026, 1, 1).date(),
    )
    generate_slots(other)
    response = client.get(url("buchung_verschieben", token))
    offered = [t for _, termine in response.context["tage"] for t in termine]
    assert buchung.termin not in offered
    assert slot(26, 9, 30) in offered
    assert all(t.sprechstunde_id == buchung.termin.sprechstunde_id for t in offered)


def test_moving_to_a_free_slot(client, reserviert, django_capture_on_commit_callbacks):
    buchung, token = reserviert
    mail.outbox.clear()
    target = slot(30, 10, 30)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("buchung_verschieben", token), {"termin": target.pk})
    assert response.status_code == 302
    assert response["Location"] == url("buchung_verwalten", token)
    assert refreshed(buchung).termin == target
    assert token in mail.outbox[0].body
    # The old slot is free again.
    assert Termin.objects.bookable().filter(pk=slot(26, 9).pk).exists()


def test_moving_to_a_full_slot_is_refused(client, reserviert):
    buchung, token = reserviert
    full = slot(26, 10)
    book(full, telefon="0711 5")
    response = client.post(url("buchung_verschieben", token), {"termin": full.pk})
    assert response.status_code == 200
    assert "gerade vergeben" in response.content.decode()
    assert refreshed(buchung).termin == slot(26, 9)


def test_moving_to_a_closed_slot_is_refused(client, reserviert, rathaus):
    buchung, token = reserviert
    target = slot(30, 9)
    Schliesszeit.objects.create(
        anlaufstelle=rathaus, beginn=target.beginn, ende=target.ende, grund="Krank"
    )
    response = client.post(url("buchung_verschieben", token), {"termin": target.pk})
    assert "nicht (mehr) gebucht" in response.content.decode()
    assert refreshed(buchung).termin == slot(26, 9)


@pytest.mark.parametrize("termin", ["", "abc", "-3", "999999", "<script>"])
def test_moving_with_a_bad_slot_id_is_refused(client, reserviert, termin):
    buchung, token = reserviert
    response = client.post(url("buchung_verschieben", token), {"termin": termin})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "<script>" not in response.content.decode().split("<main")[1].replace(
        "&lt;script&gt;", ""
    )
    assert refreshed(buchung).termin == slot(26, 9)


def test_moving_to_a_slot_of_another_sprechstunde_is_refused(client, reserviert, rathaus):
    buchung, token = reserviert
    other = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Andere",
        wochentage=[3],
        beginn=datetime(2026, 1, 1, 14).time(),
        ende=datetime(2026, 1, 1, 15).time(),
        gueltig_ab=datetime(2026, 1, 1).date(),
    )
    generate_slots(other)
    foreign = Termin.objects.filter(sprechstunde=other).first()
    response = client.post(url("buchung_verschieben", token), {"termin": foreign.pk})
    assert "nicht (mehr) gebucht" in response.content.decode()
    assert refreshed(buchung).termin == slot(26, 9)


# Personal data


def test_the_data_page_shows_everything_stored_with_the_consent(client, reserviert):
    buchung, token = reserviert
    html = client.get(url("buchung_daten", token)).content.decode()
    for value in ["Ayşe", "ayse@example.org", "Mahnung", "Geldsorgen und Schulden", "2026-11-1"]:
        assert value in html
    assert "erteilt am 23. November 2026, 08:00 Uhr" in html


def test_deleting_the_data_cancels_the_booking_and_ends_the_link(client, reserviert):
    buchung, token = reserviert
    response = client.post(url("buchung_daten_loeschen", token), follow=True)
    assert response.redirect_chain == [(reverse("sprechstunden:index"), 302)]
    assert "Ihre Daten sind gelöscht" in response.content.decode()
    buchung = refreshed(buchung)
    assert buchung.status == BuchungStatus.STORNIERT
    assert (buchung.name, buchung.email, buchung.telefon, buchung.notiz) == ("", "", "", "")
    with time_machine.travel(datetime(2026, 11, 23, 8, 0, 1, tzinfo=BERLIN), tick=False):
        assert client.get(url("buchung_verwalten", token)).status_code == 404


# Abuse limits


def test_too_many_requests_on_manage_links_get_429(client, reserviert, settings):
    buchung, token = reserviert
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "sprechstunden_link": "2/m"}
    assert client.get(url("buchung_verwalten", token)).status_code == 200
    assert client.get(url("buchung_verwalten", "geraten")).status_code == 404
    limited = client.post(url("buchung_absagen", token))
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "Zu viele Anfragen" in limited.content.decode()
    assert "no-store" in limited["Cache-Control"]
    assert refreshed(buchung).status == BuchungStatus.RESERVIERT
