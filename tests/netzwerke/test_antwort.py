"""A member's reply through their own link (issue 17): opening it changes nothing, the answer
is a POST with CSRF, it can be changed until the meeting starts, a cancelled meeting says so,
an unknown link is a 404, and every request counts against a rate limit."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from netzwerke import services
from netzwerke.models import Antwort, Einladung
from saarlouis_portal.stammdaten.models import Ansprechperson

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def url(einladung) -> str:
    return reverse("netzwerke:antwort", args=[einladung.token])


def test_the_invitation_carries_each_persons_own_reply_link(
    client, vor_dem_treffen, koordination, treffen, mitglied, caritas
):
    zweite = Ansprechperson.objects.create(
        organisation=caritas, vorname="Zora", nachname="Zwei", email="zora@caritas.example"
    )
    mitglied.ansprechpersonen.add(zweite)
    services.send_einladung(treffen, koordination)
    einladungen = {e.person.email: e for e in Einladung.objects.select_related("person")}
    assert set(einladungen) == {"clara@caritas.example", "zora@caritas.example"}
    assert einladungen["clara@caritas.example"].token != einladungen["zora@caritas.example"].token
    assert len(einladungen["clara@caritas.example"].token) >= 43
    for message in mail.outbox:
        eigene = einladungen[message.to[0]]
        fremde = next(e for e in einladungen.values() if e is not eigene)
        link = "http://testserver" + url(eigene)
        assert link in message.body
        assert link in message.alternatives[0][0]
        assert fremde.token not in message.body
        assert fremde.token not in message.alternatives[0][0]
    assert all(e.versendet_am is not None for e in einladungen.values())


def test_sending_again_keeps_the_link_and_the_answer(client, einladung, koordination, treffen):
    einladung.antwort = Antwort.ZUSAGE
    einladung.save()
    services.send_einladung(treffen, koordination)
    assert Einladung.objects.get().token == einladung.token
    assert "Ihre bisherige Antwort: Zusage." in mail.outbox[0].body
    assert url(einladung) in mail.outbox[0].body


def test_a_cancellation_carries_no_reply_link(client, einladung, koordination, treffen):
    treffen.abgesagt = True
    treffen.save()
    services.send_einladung(treffen, koordination)
    assert einladung.token not in mail.outbox[0].body


def test_opening_the_link_changes_nothing(client, einladung, treffen):
    vorher = LogEntry.objects.count()
    for _ in range(2):
        response = client.get(url(einladung))
        assert response.status_code == 200
    html = response.content.decode()
    assert "Netzwerktreffen Dezember" in html
    assert "Clara Kontakt (Caritasverband Saar-Hochwald)" in html
    assert "Sie haben noch nicht geantwortet." in html
    for knopf in ("Ich komme", "Vielleicht", "Ich komme nicht"):
        assert f"{knopf}</span></button>" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Geheimes internes Protokoll" not in html
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.OFFEN
    assert einladung.beantwortet_am is None
    assert LogEntry.objects.count() == vorher


def test_the_page_is_private(client, einladung):
    response = client.get(url(einladung))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize(
    ("antwort", "text"),
    [
        ("zusage", "Sie haben zugesagt"),
        ("absage", "Danke für Ihre Absage"),
        ("vielleicht", "Ihre Antwort „Vielleicht“ ist gespeichert"),
    ],
)
def test_the_answer_is_a_post(client, einladung, antwort, text):
    response = client.post(url(einladung), {"antwort": antwort}, follow=True)
    assert response.redirect_chain == [(url(einladung), 302)]
    assert text in response.content.decode()
    einladung.refresh_from_db()
    assert einladung.antwort == antwort
    assert einladung.beantwortet_am.astimezone(BERLIN) == datetime(2026, 12, 1, 10, tzinfo=BERLIN)


def test_the_answer_can_be_changed_until_the_meeting_starts(client, einladung, treffen):
    client.post(url(einladung), {"antwort": "zusage"})
    with time_machine.travel(treffen.beginn - timedelta(minutes=1), tick=False):
        client.post(url(einladung), {"antwort": "absage"})
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.ABSAGE
    with time_machine.travel(treffen.beginn, tick=False):
        response = client.post(url(einladung), {"antwort": "zusage"}, follow=True)
        html = response.content.decode()
    assert "Ihre Antwort lässt sich nicht mehr ändern." in html
    assert "Ich komme</span></button>" not in html
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.ABSAGE


def test_after_the_meeting_the_page_says_so(client, einladung, treffen):
    with time_machine.travel(treffen.ende + timedelta(days=1), tick=False):
        html = client.get(url(einladung)).content.decode()
    assert "Dieses Treffen hat schon stattgefunden." in html
    assert "<form" not in html.split('id="inhalt"')[1].split("</main>")[0]


def test_a_cancelled_meeting_says_so_and_takes_no_answer(client, einladung, treffen):
    treffen.abgesagt = True
    treffen.save()
    html = client.get(url(einladung)).content.decode()
    assert "Dieses Treffen ist abgesagt." in html
    assert "Ich komme</span></button>" not in html
    response = client.post(url(einladung), {"antwort": "zusage"}, follow=True)
    assert "Das Treffen ist abgesagt." in response.content.decode()
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.OFFEN


@pytest.mark.parametrize(
    "daten",
    [
        {},
        {"antwort": ""},
        {"antwort": "offen"},
        {"antwort": "ja"},
        {"antwort": "1"},
        {"antwort": "<script>alert(1)</script>"},
        {"antwort": "zusage" * 1000},
    ],
)
def test_bad_answers_change_nothing(client, einladung, daten):
    response = client.post(url(einladung), daten)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte wählen Sie eine der drei Antworten" in html
    assert "<script>alert(1)" not in html
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.OFFEN
    assert einladung.beantwortet_am is None


@pytest.mark.parametrize("token", ["unbekannt", "x" * 43, "x" * 200, "%3Cscript%3E", "-" * 43])
def test_an_unknown_link_is_a_friendly_404(client, einladung, token):
    response = client.get(f"/netzwerke/antwort/{token}/")
    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.content.decode()
    assert client.post(f"/netzwerke/antwort/{token}/", {"antwort": "zusage"}).status_code == 404
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.OFFEN


def test_one_persons_link_answers_only_for_them(client, einladung, treffen, mitglied, caritas):
    zweite = Ansprechperson.objects.create(
        organisation=caritas, nachname="Zwei", email="zwei@caritas.example"
    )
    andere = Einladung.objects.create(treffen=treffen, person=zweite)
    client.post(url(andere), {"antwort": "absage"})
    einladung.refresh_from_db()
    andere.refresh_from_db()
    assert einladung.antwort == Antwort.OFFEN
    assert andere.antwort == Antwort.ABSAGE


def test_the_answer_needs_the_csrf_token(einladung):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(einladung), {"antwort": "zusage"}).status_code == 403
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.OFFEN
    response = client.get(url(einladung))
    token = response.cookies["csrftoken"].value
    response = client.post(url(einladung), {"antwort": "zusage", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.ZUSAGE


def test_only_get_and_post(client, einladung):
    assert client.put(url(einladung)).status_code == 405
    assert client.delete(url(einladung)).status_code == 405


@override_settings(PORTAL_RATE_LIMITS={"netzwerke_antwort": "3/h"})
def test_the_link_is_rate_limited(client, einladung):
    for _ in range(3):
        assert client.get(url(einladung)).status_code == 200
    response = client.post(url(einladung), {"antwort": "zusage"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Zu viele Anfragen" in response.content.decode()
    einladung.refresh_from_db()
    assert einladung.antwort == Antwort.OFFEN
    # Guessing tokens counts too.
    assert client.get("/netzwerke/antwort/geraten/").status_code == 429


def test_the_page_speaks_the_members_language(client, einladung):
    response = client.get(f"/en{url(einladung)}")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_the_answer_is_audited_without_the_token(client, einladung):
    client.post(url(einladung), {"antwort": "vielleicht"})
    eintraege = LogEntry.objects.get_for_object(einladung)
    assert any((e.changes_dict or {}).get("antwort") == ["offen", "vielleicht"] for e in eintraege)
    assert not any(einladung.token in str(e.changes) for e in LogEntry.objects.all())


def test_staff_see_who_answered_what(client, einladung, koordination, treffen, caritas, mitglied):
    zweite = Ansprechperson.objects.create(
        organisation=caritas, vorname="Zora", nachname="Zwei", email="zwei@caritas.example"
    )
    mitglied.ansprechpersonen.add(zweite)
    services.send_einladung(treffen, koordination)
    client.post(url(einladung), {"antwort": "zusage"})
    client.force_login(koordination)
    html = client.get(reverse("netzwerke:treffen_detail", args=[treffen.pk])).content.decode()
    assert "Eingeladen: 2 · Zusage: 1 · Vielleicht: 0 · Absage: 0 · ohne Antwort: 1" in html
    tabelle = html.split('id="rueckmeldungen-tabelle"')[1].split("</table>")[0]
    clara = tabelle.split("Clara Kontakt")[1].split("</tr>")[0]
    assert "Zusage" in clara
    assert "01.12.2026, 10:00" in clara
    zora = tabelle.split("Zora Zwei")[1].split("</tr>")[0]
    assert "Noch keine Antwort" in zora
    # The tokens stay with the persons: not on the staff page.
    assert einladung.token not in html
