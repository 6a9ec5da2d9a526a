"""The accessibility statement: its dates, open barriers, the arbitration body; the feedback form
(bad input answered at the field and nothing stored, one row and one staff mail when valid, the
answer deadline on the thank-you page, the rate limit) and marking feedback answered."""

import datetime as dt
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from saarlouis_portal.barrierefreiheit.models import Barriere, Rueckmeldung
from saarlouis_portal.postausgang.models import Nachricht
from saarlouis_portal.postausgang.outbox import QUEUED_BACKEND

pytestmark = pytest.mark.django_db

URL = reverse("barrierefreiheit")
DANKE = reverse("barrierefreiheit_danke")


def valid(**overrides):
    data = {
        "nachricht": "Die Karte lässt sich nicht mit der Tastatur bedienen.",
        "seite": "/orte/karte/",
        "name": "Kim Beispiel",
        "email": "kim@example.net",
        "webseite": "",
    }
    data.update(overrides)
    return data


def test_the_statement_shows_its_dates_how_it_was_checked_and_the_arbitration_body(
    client, settings
):
    settings.BARRIEREFREIHEIT_ERSTELLT_AM = dt.date(2026, 3, 2)
    settings.BARRIEREFREIHEIT_GEPRUEFT_AM = dt.date(2026, 11, 30)
    settings.BARRIEREFREIHEIT_SCHLICHTUNG_NAME = "Schlichtungsstelle Musterland"
    settings.BARRIEREFREIHEIT_SCHLICHTUNG_URL = "https://schlichtung.example/"
    settings.BARRIEREFREIHEIT_SCHLICHTUNG_EMAIL = "schlichtung@example.org"
    settings.BARRIEREFREIHEIT_EMAIL = "barrierefrei@saarlouis.example"
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<h1[^>]*>Erklärung zur Barrierefreiheit</h1>", html)
    assert "am 2. März 2026 erstellt und zuletzt am 30. November 2026 überprüft" in html
    assert "axe-core" in html
    assert "Bildschirmleser" in html
    assert "Selbstbewertung" in html
    assert (
        '<a class="kern-link" href="https://schlichtung.example/">Schlichtungsstelle Musterland</a>'
        in html
    )
    assert 'href="mailto:schlichtung@example.org"' in html
    assert 'href="mailto:barrierefrei@saarlouis.example"' in html
    assert "innerhalb von sechs Wochen" in html
    assert f'href="{reverse("leichte_sprache")}"' in html
    assert f'href="{reverse("gebaerdensprache")}"' in html


def test_the_default_arbitration_body_is_the_one_of_the_saarland(client):
    html = client.get(URL).content.decode()
    assert "Schlichtungsstelle nach § 12e Saarländisches Behindertengleichstellungsgesetz" in html


def test_only_open_barriers_are_listed(client):
    html = client.get(URL).content.decode()
    assert "Derzeit sind uns keine nicht barrierefreien Inhalte bekannt." in html
    Barriere.objects.create(
        betrifft="Karte der Orte",
        beschreibung="Die Karte ist mit der Tastatur nicht bedienbar.",
        alternative="Die Liste der Orte enthält dieselben Angaben.",
        seit=dt.date(2026, 10, 1),
    )
    Barriere.objects.create(betrifft="Alte Seite", beschreibung="Behobenes Problem", behoben=True)
    html = client.get(URL).content.decode()
    assert "Derzeit sind uns keine" not in html
    assert (
        "<strong>Karte der Orte:</strong> Die Karte ist mit der Tastatur nicht bedienbar." in html
    )
    assert (
        "So erreichen Sie den Inhalt trotzdem: Die Liste der Orte enthält dieselben Angaben."
        in html
    )
    assert "Bekannt seit 1. Oktober 2026" in html
    assert "Behobenes Problem" not in html


def test_the_form_has_a_honeypot_hidden_from_everyone_and_takes_the_page_from_the_link(client):
    html = client.get(URL, {"seite": "/orte/karte/"}).content.decode()
    assert '<div hidden><label for="id_webseite">' in html
    assert re.search(r'<input type="text" name="webseite"[^>]*tabindex="-1"', html)
    assert re.search(r'name="seite" value="/orte/karte/"', html)
    assert 'action="/barrierefreiheit/#rueckmeldung"' in html
    assert "<script" not in html.split("</head>")[1]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nachricht": ""}, "nachricht", "Bitte beschreiben Sie, was Ihnen aufgefallen ist."),
        ({"nachricht": "   \n "}, "nachricht", "Bitte beschreiben Sie, was Ihnen aufgefallen ist."),
        ({"nachricht": "x" * 5001}, "nachricht", "höchstens 5000 Zeichen"),
        ({"seite": "/" + "x" * 500}, "seite", "höchstens 500 Zeichen"),
        ({"email": "kim@"}, "email", "gültige E-Mail-Adresse"),
        ({"email": "kim@example.net\nBcc: x@example.org"}, "email", "gültige E-Mail-Adresse"),
        ({"name": "<b>Kim</b>"}, "name", "HTML"),
        ({"name": "x" * 121}, "name", "höchstens 120 Zeichen"),
    ],
    ids=[
        "leer",
        "nur-leerzeichen",
        "zu-lang",
        "seite-zu-lang",
        "email",
        "email-header",
        "name-html",
        "name-zu-lang",
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_stored(
    client, mailoutbox, django_capture_on_commit_callbacks, overrides, field, message
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in " ".join(response.context["form"].errors[field])
    error = re.search(rf'<div class="kern-error" id="id_{field}_error">(.*?)</div>', html, re.S)
    assert error, field
    assert 'aria-invalid="true"' in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert not Rueckmeldung.objects.exists()
    assert mailoutbox == []


def test_the_honeypot_stores_nothing(client, mailoutbox):
    response = client.post(URL, valid(webseite="http://spam.example"))
    assert response.status_code == 200
    assert "automatisch erzeugt" in response.content.decode()
    assert not Rueckmeldung.objects.exists()
    assert mailoutbox == []


def test_strange_posts_never_fail(client):
    for data in [{}, {"nachricht": ["a", ""]}, {"nachricht": "\x00\x01"}, {"email": "ä" * 300}]:
        response = client.post(URL, data)
        assert response.status_code == 200, data
    assert not Rueckmeldung.objects.exists()
    assert client.put(URL).status_code == 405


def test_script_tags_are_stored_as_text_and_escaped_where_shown(
    client, administrator, django_capture_on_commit_callbacks
):
    nachricht = '<script>alert("x")</script> Der Knopf <button> hat keinen Namen.'
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, valid(nachricht=nachricht, seite="<img src=x onerror=alert(1)>")
        )
    assert response.status_code == 302
    rueckmeldung = Rueckmeldung.objects.get()
    assert rueckmeldung.nachricht == nachricht
    client.force_login(administrator)
    html = client.get(
        reverse("admin:barrierefreiheit_rueckmeldung_change", args=[rueckmeldung.pk])
    ).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")' not in html
    assert "<img src=x" not in html


@time_machine.travel(dt.datetime(2026, 12, 7, 0, 30, tzinfo=ZoneInfo("Europe/Berlin")), tick=False)
def test_valid_feedback_is_stored_staff_get_one_mail_and_the_deadline_is_shown(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # 00:30 in Berlin on 7 December is still 6 December in UTC: the deadline counts from the
    # Berlin date, six weeks later.
    settings.BARRIEREFREIHEIT_EMAIL = "barrierefrei@saarlouis.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid(nachricht="  Die Karte\u200b geht nicht.  "))
    assert response.status_code == 302
    assert response["Location"] == DANKE
    rueckmeldung = Rueckmeldung.objects.get()
    assert rueckmeldung.nachricht == "Die Karte geht nicht."
    assert rueckmeldung.seite == "/orte/karte/"
    assert rueckmeldung.email == "kim@example.net"
    assert rueckmeldung.beantwortet_am is None
    assert rueckmeldung.antwort_bis == dt.date(2027, 1, 18)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["barrierefrei@saarlouis.example"]
    assert "Antwort bis 18.01.2027" in mail.subject
    assert "Montag, 18.01.2027" in mail.body
    assert "/orte/karte/" in mail.body
    admin_url = reverse("admin:barrierefreiheit_rueckmeldung_change", args=[rueckmeldung.pk])
    assert f"http://testserver{admin_url}" in mail.body
    # The text and the person stay behind the login (feedback often tells of a disability).
    for privat in ["Karte geht nicht", "Kim", "kim@example.net"]:
        assert privat not in mail.body
        assert privat not in mail.subject

    html = client.get(DANKE).content.decode()
    assert "innerhalb von sechs Wochen, also spätestens am Montag, 18. Januar 2027" in html
    assert f'href="mailto:{settings.BARRIEREFREIHEIT_EMAIL}"' in html


def test_feedback_in_another_language_returns_to_that_language(client):
    response = client.post("/en/barrierefreiheit/", valid())
    assert response.status_code == 302
    assert response["Location"] == "/en/barrierefreiheit/danke/"


def test_the_outbox_stores_a_recipe_without_the_persons_data(client, settings, mailoutbox):
    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.POSTAUSGANG_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(URL, valid())
    nachricht = Nachricht.objects.get()
    assert nachricht.daten == {"rueckmeldung": Rueckmeldung.objects.get().pk}
    call_command("send_queued_mail", stdout=StringIO())
    assert len(mailoutbox) == 1
    assert not Nachricht.objects.exists()


def test_the_rate_limit_answers_calmly(client, settings):
    settings.PORTAL_RATE_LIMITS = {
        **settings.PORTAL_RATE_LIMITS,
        "barrierefreiheit_rueckmeldung": "2/h",
    }
    for _ in range(2):
        assert client.post(URL, valid()).status_code == 302
    response = client.post(URL, valid())
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Ihre Rückmeldung wurde nicht gesendet" in html
    assert f'href="mailto:{settings.BARRIEREFREIHEIT_EMAIL}"' in html
    assert Rueckmeldung.objects.count() == 2
    assert client.get(URL).status_code == 200


def test_staff_mark_feedback_answered_in_the_admin(client, administrator):
    offen = Rueckmeldung.objects.create(nachricht="Bitte prüfen")
    erledigt = Rueckmeldung.objects.create(
        nachricht="Schon beantwortet", beantwortet_am=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    )
    client.force_login(administrator)
    changelist = reverse("admin:barrierefreiheit_rueckmeldung_changelist")
    assert client.get(changelist, {"antwort": "offen"}).context["cl"].result_count == 1
    response = client.post(
        changelist, {"action": "als_beantwortet", "_selected_action": [offen.pk, erledigt.pk]}
    )
    assert response.status_code == 302
    offen.refresh_from_db()
    erledigt.refresh_from_db()
    assert offen.beantwortet_am is not None
    assert erledigt.beantwortet_am == dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    assert client.get(changelist, {"antwort": "offen"}).context["cl"].result_count == 0
    # Feedback comes only through the form.
    assert client.get(reverse("admin:barrierefreiheit_rueckmeldung_add")).status_code == 403


def test_the_privacy_page_names_the_feedback_form_and_its_deletion(client, settings):
    settings.BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE = 180
    html = client.get("/datenschutz/").content.decode()
    assert "Rückmeldungen zur Barrierefreiheit" in html
    assert "Nach 180 Tagen löschen wir die Angaben." in html
