"""The person's own link to their home-visit request: shown once on the thank-you page and
mailed if they gave an address; it shows what is stored and withdraws the request, which
deletes it. Opening the link never changes anything; only the POST from its page does."""

import re
from datetime import date, datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Beratungskontakt, Hausbesuch, HausbesuchStatus, hash_token
from sprechstunden.services.hausbesuch import (
    AnfrageDaten,
    Ergebnis,
    assign,
    close_visit,
    mark_visited,
    request_visit,
    request_visit_online,
)
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN

ANFRAGE = reverse("sprechstunden:hausbesuch_anfrage")
DANKE = reverse("sprechstunden:hausbesuch_danke")
LINK = re.compile(r"http://[^/\s]+(/sprechstunden/hausbesuch/anfrage/([\w-]{40,})/)")


@pytest.fixture
def ortsteil(pliezhausen):
    return Gebiet.objects.create(name="Gniebel", art=GebietArt.STADTTEIL, eltern=pliezhausen)


def daten(ortsteil, thema, **extra):
    return AnfrageDaten(
        name="Frau Yilmaz",
        gebiet=ortsteil,
        anliegen=thema,
        telefon="07127 12345",
        hinweis="Rollstuhl, zweiter Stock",
        **extra,
    )


@pytest.fixture
def anfrage(ortsteil, thema):
    """A request from the public form and the token of its link."""
    return request_visit_online(daten(ortsteil, thema))


def form(ortsteil, thema, **overrides):
    return {
        "name": "Frau Yilmaz",
        "telefon": "07127 12345",
        "email": "",
        "adresse": "",
        "gebiet": ortsteil.pk,
        "anliegen": thema.pk,
        "wunschzeiten": "vormittags",
        "vermittelt_durch": "",
        "hinweis": "Rollstuhl, zweiter Stock",
        "einwilligung": "on",
        "webseite": "",
        **overrides,
    }


def plane(hausbesuch, planer, beratung, *, tag=25):
    """Sozialplanung gives the visit to the counsellor for 10:00 on that day of November."""
    assign(
        hausbesuch,
        zugewiesen=beratung,
        geplant_am=datetime(2026, 11, tag, 10, 0, tzinfo=BERLIN),
        by=planer,
    )


def seite(token):
    return reverse("sprechstunden:hausbesuch_link", args=[token])


def zurueckziehen(token):
    return reverse("sprechstunden:hausbesuch_zurueckziehen", args=[token])


# The link on the thank-you page and in the receipt


def test_the_thank_you_page_shows_the_link_once(client, ortsteil, thema):
    response = client.post(ANFRAGE, form(ortsteil, thema), follow=True)
    html = response.content.decode()
    [(url, path, token)] = [(m.group(0), m.group(1), m.group(2)) for m in LINK.finditer(html)][:1]
    assert html.count(url) == 2  # link text and href
    assert "Wir zeigen ihn nur dieses eine Mal" in html
    hausbesuch = Hausbesuch.objects.get()
    assert hausbesuch.token_hash == hash_token(token)
    assert token not in str(Hausbesuch.objects.values().get())  # only the hash is stored
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    again = client.get(DANKE).content.decode()
    assert path not in again
    assert "Vielen Dank, Ihre Anfrage ist angekommen" in again
    assert client.get(path).status_code == 200


def test_with_an_email_address_the_person_gets_a_receipt_with_the_link(
    client, ortsteil, thema, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ANFRAGE, form(ortsteil, thema, email="yilmaz@example.net"), follow=True
        )
    assert "Wir haben Ihnen den Link auch per E-Mail geschickt." in response.content.decode()
    [receipt] = [m for m in mail.outbox if m.to == ["yilmaz@example.net"]]
    assert receipt.subject == "Ihre Anfrage für einen Hausbesuch ist angekommen"
    [(path, token)] = [(m.group(1), m.group(2)) for m in LINK.finditer(receipt.body)]
    assert Hausbesuch.objects.get().token_hash == hash_token(token)
    for personal in ["Yilmaz", "07127", "Rollstuhl", thema.name]:
        assert personal not in receipt.subject + receipt.body
    assert client.get(path).status_code == 200


def test_without_an_email_address_no_receipt_is_sent(
    client, ortsteil, thema, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ANFRAGE, form(ortsteil, thema))
    assert not [m for m in mail.outbox if "angekommen" in m.subject]


def test_a_request_taken_by_staff_has_no_link(ortsteil, thema, planer):
    hausbesuch = request_visit(daten(ortsteil, thema), by=planer)
    assert hausbesuch.token_hash == ""


def test_the_thank_you_page_without_a_request_shows_no_link(client, db):
    html = client.get(DANKE).content.decode()
    assert "/sprechstunden/hausbesuch/anfrage/" not in html
    assert "Ihr persönlicher Link" not in html


# The page behind the link


def test_the_link_shows_what_is_stored_and_changes_nothing(client, anfrage):
    hausbesuch, token = anfrage
    response = client.get(seite(token))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ["Frau Yilmaz", "07127 12345", "Gniebel", "Rollstuhl, zweiter Stock"]:
        assert shown in html
    assert "angekommen, wird einer Fachkraft zugeteilt" in html
    assert zurueckziehen(token) in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    hausbesuch.refresh_from_db()
    assert hausbesuch.status == HausbesuchStatus.NEU


def test_a_planned_visit_shows_its_date(client, anfrage, planer, beratung, jetzt):
    hausbesuch, token = anfrage
    plane(hausbesuch, planer, beratung)
    html = client.get(seite(token)).content.decode()
    assert "Besuch geplant am Mittwoch, 25. November 2026, 10:00 Uhr" in html
    assert "die Fachkraft erfährt es per E-Mail" in html


# Withdrawing


def test_withdrawing_deletes_the_request_and_its_audit_values(client, anfrage):
    hausbesuch, token = anfrage
    response = client.post(zurueckziehen(token), follow=True)
    assert response.redirect_chain == [(reverse("sprechstunden:hausbesuch_zurueckgezogen"), 302)]
    assert "Wir haben Ihre Angaben gelöscht." in response.content.decode()
    assert not Hausbesuch.objects.exists()
    entries = LogEntry.objects.filter(
        object_pk=str(hausbesuch.pk), content_type__model="hausbesuch"
    )
    assert entries.exists()
    for entry in entries:
        assert entry.changes in ({}, None)
        assert "Yilmaz" not in entry.object_repr
    gone = client.get(seite(token))
    assert gone.status_code == 404
    assert "Dieser Link ist ungültig" in gone.content.decode()
    assert client.post(zurueckziehen(token)).status_code == 404


def test_the_assigned_counsellor_is_told_without_personal_data(
    client, anfrage, planer, beratung, jetzt, django_capture_on_commit_callbacks
):
    hausbesuch, token = anfrage
    plane(hausbesuch, planer, beratung)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(zurueckziehen(token))
    [message] = mail.outbox
    assert message.to == [beratung.email]
    assert message.subject == f"Anfrage für einen Hausbesuch zurückgezogen (Nr. {hausbesuch.pk})"
    assert "ein geplanter Besuch findet nicht statt" in message.body
    assert "/sprechstunden/verwaltung/hausbesuche/" in message.body
    for personal in ["Yilmaz", "07127", "Rollstuhl", "Gniebel"]:
        assert personal not in message.subject + message.body


def test_while_nobody_is_assigned_sozialplanung_is_told(
    client, anfrage, planer, django_capture_on_commit_callbacks
):
    make_user("planung2@example.org", Rolle.SOZIALPLANUNG)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(zurueckziehen(anfrage[1]))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "planer@example.org",
        "planung2@example.org",
    ]


def test_when_the_assigned_counsellor_has_left_sozialplanung_is_told(
    client, anfrage, planer, beratung, jetzt, django_capture_on_commit_callbacks
):
    hausbesuch, token = anfrage
    plane(hausbesuch, planer, beratung)
    beratung.is_active = False
    beratung.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(zurueckziehen(token))
    assert [m.to for m in mail.outbox] == [[planer.email]]


def test_a_closed_visit_can_be_deleted_and_its_anonymous_outcome_stays(
    client, anfrage, planer, beratung, thema, jetzt, django_capture_on_commit_callbacks
):
    hausbesuch, token = anfrage
    plane(hausbesuch, planer, beratung, tag=23)
    mark_visited(hausbesuch)
    ergebnis = Ergebnis(thema=thema, erstkontakt=True, datum=date(2026, 11, 23))
    close_visit(hausbesuch, by=beratung, ergebnis=ergebnis)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(zurueckziehen(token))
    assert not Hausbesuch.objects.exists()
    assert Beratungskontakt.objects.count() == 1
    assert mail.outbox == []  # nothing left to plan: nobody needs to know


# Bad links


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "a" * 43,
        "a" * 200,
        "%3Cscript%3Ealert(1)%3B%3C%5Cscript%3E",
        "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    ],
)
def test_a_bad_link_is_a_friendly_404_and_deletes_nothing(client, anfrage, token):
    base = "/sprechstunden/hausbesuch/anfrage/"
    for response in (
        client.get(f"{base}{token}/"),
        client.post(f"{base}{token}/zurueckziehen/"),
    ):
        assert response.status_code == 404
        assert "Dieser Link ist ungültig" in response.content.decode()
    assert Hausbesuch.objects.count() == 1


def test_a_link_with_a_slash_matches_no_page_at_all(client, anfrage):
    base = "/sprechstunden/hausbesuch/anfrage/"
    assert client.get(f"{base}..%2F..%2Fadmin/").status_code == 404
    assert client.post(f"{base}a%2Fb/zurueckziehen/").status_code == 404
    assert Hausbesuch.objects.count() == 1


def test_a_tampered_link_finds_nothing(client, anfrage):
    _hausbesuch, token = anfrage
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(seite(tampered)).status_code == 404
    assert client.post(zurueckziehen(tampered)).status_code == 404
    assert Hausbesuch.objects.count() == 1


def test_opening_the_withdraw_address_changes_nothing(client, anfrage):
    assert client.get(zurueckziehen(anfrage[1])).status_code == 405
    assert Hausbesuch.objects.count() == 1


def test_the_link_pages_are_rate_limited(client, anfrage, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "sprechstunden_link": "2/m"}
    assert client.get(seite(anfrage[1])).status_code == 200
    assert client.get(seite("x" * 43)).status_code == 404
    response = client.post(zurueckziehen(anfrage[1]))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Zu viele Anfragen" in response.content.decode()
    assert Hausbesuch.objects.count() == 1
