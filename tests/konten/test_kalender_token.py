"""The secret address of a staff member's calendar feeds: made, shown once, renewed, revoked
(saarlouis_portal/konten/kalender.py and the page under "Ihr Konto")."""

import hashlib
import re

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from saarlouis_portal.konten.kalender import (
    create_token,
    feeds_for,
    revoke_token,
    token_of,
    user_for_token,
)
from saarlouis_portal.konten.models import KalenderToken
from tests.sprechstunden.conftest import JETZT

SEITE = reverse("konten:kalender")
ERZEUGEN = reverse("konten:kalender_erzeugen")
WIDERRUFEN = reverse("konten:kalender_widerrufen")
ADRESSE = re.compile(r'value="(http[^"]+\.ics)"')


def adressen(html: str) -> list[str]:
    return ADRESSE.findall(html)


# The service


def test_a_token_is_stored_only_as_its_hash(beratung):
    token = create_token(beratung)
    stored = KalenderToken.objects.get(user=beratung)
    assert len(token) >= 40
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    assert user_for_token(token) == beratung


def test_renewing_replaces_the_token_and_the_old_one_stops(beratung):
    old = create_token(beratung)
    new = create_token(beratung)
    assert old != new
    assert KalenderToken.objects.filter(user=beratung).count() == 1
    assert user_for_token(old) is None
    assert user_for_token(new) == beratung


def test_revoking_deletes_the_token(beratung):
    token = create_token(beratung)
    assert revoke_token(beratung) is True
    assert token_of(beratung) is None
    assert user_for_token(token) is None
    assert revoke_token(beratung) is False


@pytest.mark.parametrize("token", ["", "x", "a" * 101, "<script>", "../../etc/passwd"])
def test_unknown_or_odd_tokens_open_nothing(beratung, token):
    create_token(beratung)
    assert user_for_token(token) is None


def test_an_inactive_account_opens_nothing(beratung):
    token = create_token(beratung)
    beratung.is_active = False
    beratung.save()
    assert user_for_token(token) is None


def test_the_created_date_is_when_it_was_made(beratung):
    with time_machine.travel(JETZT, tick=False):
        create_token(beratung)
    assert token_of(beratung).erstellt_am == JETZT


def test_the_audit_log_records_making_and_revoking_without_the_hash(beratung):
    create_token(beratung)
    revoke_token(beratung)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(KalenderToken)
    ).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]
    for entry in entries:
        assert "token_hash" not in (entry.changes or {})


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("beratung", ["sprechstunden:kalender_feed", "netzwerke:kalender_feed"]),
        ("planer", ["netzwerke:kalender_feed"]),
        ("koordination", ["netzwerke:kalender_feed"]),
        ("berichtswesen", ["netzwerke:kalender_feed"]),
        ("outsider", []),
    ],
)
def test_each_role_gets_the_feeds_that_are_for_it(users_by_role, role, expected):
    assert [feed.url_name for feed in feeds_for(users_by_role[role])] == expected


# The page


def test_the_cockpit_links_the_page_under_your_account(client, beratung):
    client.force_login(beratung)
    html = client.get(reverse("cockpit")).content.decode()
    konto = html[html.index('id="konto"') :]
    assert SEITE in konto


def test_the_cockpit_of_an_account_without_role_does_not(client, outsider):
    client.force_login(outsider)
    assert SEITE not in client.get(reverse("cockpit")).content.decode()


def test_the_address_is_shown_once_after_it_was_made(client, beratung):
    client.force_login(beratung)
    page = client.get(SEITE)
    assert page.status_code == 200
    assert "Sie haben noch keine Kalender-Adresse." in page.content.decode()
    assert adressen(page.content.decode()) == []

    response = client.post(ERZEUGEN, follow=True)
    html = response.content.decode()
    assert "Ihre Kalender-Adressen sind erzeugt." in html
    assert "nur dieses eine Mal" in html
    shown = adressen(html)
    assert len(shown) == 2
    token = shown[0].rsplit("/", 1)[1].removesuffix(".ics")
    assert all(address.startswith(settings.PORTAL_BASE_URL) for address in shown)
    assert reverse("sprechstunden:kalender_feed", args=[token]) in shown[0]
    assert reverse("netzwerke:kalender_feed", args=[token]) in shown[1]
    assert user_for_token(token) == beratung
    # Never again: the next visit of the page says that one exists, not what it is.
    again = client.get(SEITE).content.decode()
    assert adressen(again) == []
    assert token not in again
    assert "besteht seit" in again


def test_the_page_is_never_cached(client, beratung):
    client.force_login(beratung)
    client.post(ERZEUGEN)
    response = client.get(SEITE)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_renewing_shows_new_addresses_and_says_the_old_ones_stop(client, beratung):
    client.force_login(beratung)
    first = adressen(client.post(ERZEUGEN, follow=True).content.decode())
    response = client.post(ERZEUGEN, follow=True)
    html = response.content.decode()
    assert "Die bisherigen gelten nicht mehr." in html
    second = adressen(html)
    assert second
    assert second != first
    old_token = first[0].rsplit("/", 1)[1].removesuffix(".ics")
    assert user_for_token(old_token) is None


def test_revoking_deletes_the_address(client, beratung):
    client.force_login(beratung)
    client.post(ERZEUGEN)
    response = client.post(WIDERRUFEN, follow=True)
    assert "Ihre Kalender-Adressen sind gelöscht." in response.content.decode()
    assert token_of(beratung) is None
    response = client.post(WIDERRUFEN, follow=True)
    assert "Sie hatten keine Kalender-Adresse." in response.content.decode()


def test_an_address_revoked_meanwhile_is_not_shown(client, beratung):
    """Made in one window, revoked in another before the page showed it."""
    client.force_login(beratung)
    client.post(ERZEUGEN)
    revoke_token(beratung)
    html = client.get(SEITE).content.decode()
    assert adressen(html) == []
    assert "Sie haben noch keine Kalender-Adresse." in html


def test_a_coordinator_sees_only_the_meetings_feed(client, koordination):
    client.force_login(koordination)
    html = client.post(ERZEUGEN, follow=True).content.decode()
    shown = adressen(html)
    assert len(shown) == 1
    assert "/netzwerke/kalender/" in shown[0]
    assert "Meine Sprechstunden-Termine" not in html


@pytest.mark.parametrize("target", [ERZEUGEN, WIDERRUFEN])
def test_changes_are_posts_only(client, beratung, target):
    client.force_login(beratung)
    assert client.get(target).status_code == 405
    assert not KalenderToken.objects.exists()


@pytest.mark.parametrize("target", [SEITE, ERZEUGEN, WIDERRUFEN])
def test_an_account_without_role_is_refused(client, outsider, target):
    client.force_login(outsider)
    method = client.get if target == SEITE else client.post
    assert method(target).status_code == 403
    assert not KalenderToken.objects.exists()


@pytest.mark.parametrize("target", [SEITE, ERZEUGEN, WIDERRUFEN])
def test_anonymous_visitors_go_to_the_login(client, db, target):
    method = client.get if target == SEITE else client.post
    response = method(target)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not KalenderToken.objects.exists()


def test_one_cannot_revoke_another_persons_address(client, beratung, planer):
    """The views act on the logged-in account only: there is no id to tamper with."""
    token = create_token(beratung)
    client.force_login(planer)
    client.post(WIDERRUFEN, {"user": beratung.pk})
    assert user_for_token(token) == beratung


def test_the_page_stays_german_for_an_english_browser(client, beratung):
    client.force_login(beratung)
    response = client.get(SEITE, HTTP_ACCEPT_LANGUAGE="en", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "Kalender abonnieren" in response.content.decode()
