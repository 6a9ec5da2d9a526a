"""Booking a slot as a citizen: screen 2 (enter details) and screen 3 (done)."""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from sprechstunden.models import (
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Kanal,
    Schliesszeit,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN

FERTIG = reverse("sprechstunden:fertig")


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


@pytest.fixture
def termine(vormittag, jetzt):
    vormittag.themen.set(Beratungsthema.objects.filter(slug__in=["geldsorgen", "wohnen"]))
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def termin(termine):
    """Thursday 26 November 2026, 09:00."""
    return slot(26, 9)


def buchen(termin):
    return reverse("sprechstunden:buchen", args=[termin.pk])


def valid(**overrides):
    data = {
        "thema": Beratungsthema.objects.get(slug="geldsorgen").pk,
        "email": "ayse@example.org",
        "telefon": "",
        "name": "Ayşe",
        "sprache": Sprache.objects.get(code="tr").pk,
        "dolmetschen": "on",
        "barrierefreiheit": "Rollstuhl",
        "notiz": "Mahnung vom Stromanbieter",
        "einwilligung": "on",
        "webseite": "",
        **overrides,
    }
    return {key: value for key, value in data.items() if value is not None}


# Screen 2: the form


def test_the_form_shows_the_slot_and_says_why_each_field_is_asked(client, termin):
    response = client.get(buchen(termin))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Schritt 2 von 3" in html
    assert 'Donnerstag, 26. November 2026, <bdi dir="ltr">09:00–09:30</bdi> Uhr' in html
    assert "Ein Vorname oder Initialen genügen" in html
    assert "Bitte schreiben Sie hier keine sensiblen Angaben, z. B. zu Gesundheit" in html
    assert "90 Tage nach dem Termin gelöscht" in html
    form = response.context["form"]
    assert all(form.fields[name].help_text for name in form.fields if name != "webseite")
    assert list(form.fields["thema"].queryset.values_list("slug", flat=True)) == [
        "geldsorgen",
        "wohnen",
    ]
    assert [s.code for s in form.fields["sprache"].queryset] == ["de", "tr"]


def test_the_honeypot_is_hidden_from_eyes_and_screen_readers(client, termin):
    """In a wrapper with the hidden attribute (display: none): a screen reader does not read
    it out, as it did when it was only moved off screen."""
    html = client.get(buchen(termin)).content.decode()
    honeypot = re.search(r"<div hidden>(.*?)</div>", html, re.S).group(1)
    assert 'name="webseite"' in honeypot
    assert 'autocomplete="off"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert "Bitte leer lassen" not in html.replace(honeypot, "")


def test_a_booking_with_email_is_reserved_and_mailed_with_link_and_no_calendar_file(
    client, termin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(buchen(termin), valid())
    assert response.status_code == 302
    assert response["Location"].startswith(f"{FERTIG}?b=")
    buchung = Buchung.objects.get()
    assert buchung.termin == termin
    assert buchung.status == BuchungStatus.RESERVIERT
    assert buchung.kanal == Kanal.ONLINE
    assert (buchung.name, buchung.email, buchung.sprache.code) == ("Ayşe", "ayse@example.org", "tr")
    assert buchung.dolmetschen is True
    assert buchung.notiz == "Mahnung vom Stromanbieter"
    assert buchung.einwilligung_version == "2026-11-1"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ayse@example.org"]
    token = re.search(r"http://testserver/sprechstunden/buchung/([\w-]+)/", message.body).group(1)
    assert buchung.token_hash != token
    # Not confirmed yet: nothing for the calendar (it comes with the confirmation).
    assert message.attachments == []
    assert "Sobald Sie bestätigt haben" in message.body
    assert buchung.kalender_sequenz == 0


def test_confirming_by_link_mails_the_calendar_file(
    client, termin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(buchen(termin), valid())
    link = re.search(r"http://testserver(/sprechstunden/buchung/[\w-]{20,}/)", mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{link.group(1)}bestaetigen/")
    message = mail.outbox[1]
    assert "bestätigt" in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("termin.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("dtstart") == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert event.decoded("dtstart").tzinfo.key == "Europe/Berlin"
    assert "Marktplatz 1" in str(event["location"])
    assert (event["STATUS"], event["SEQUENCE"]) == ("CONFIRMED", 1)


def test_done_page_asks_to_confirm_by_email_and_shows_no_link(
    client, termin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(buchen(termin), valid(), follow=True)
    html = response.content.decode()
    assert "Wir haben Ihnen eine E-Mail geschickt" in html
    assert "innerhalb von 30 Minuten" in html
    assert "Schritt 3 von 3" in html
    # No manage link: only the done page itself and the form that extends the hold.
    verlaengern = reverse("sprechstunden:buchung_verlaengern")
    assert not re.search(r"/sprechstunden/buchung/[\w-]{20,}/", html)
    assert "/sprechstunden/buchung/" not in html.replace(FERTIG, "").replace(verlaengern, "")
    assert "no-store" in response["Cache-Control"]


def test_a_phone_only_booking_is_a_request_and_shows_the_manage_link_once(client, termin):
    response = client.post(buchen(termin), valid(email="", telefon="07127  12 34"), follow=True)
    buchung = Buchung.objects.get()
    assert buchung.status == BuchungStatus.ANFRAGE
    assert buchung.telefon == "+4971271234"  # E.164, shown as 07127 1234
    assert mail.outbox == []
    html = response.content.decode()
    assert "Ihre Anfrage ist eingegangen" in html
    assert "Wir rufen Sie an" in html
    assert "Lesezeichen" in html
    link = re.search(r"http://testserver/sprechstunden/buchung/[\w-]{20,}/", html).group(0)
    assert client.get(link).context["buchung"] == buchung
    assert response["Cache-Control"].count("no-store") == 1
    assert response["Referrer-Policy"] == "strict-origin"
    # The link was popped from the session: shown once, then gone.
    again = client.get(FERTIG)
    assert again.status_code == 302
    assert again["Location"] == reverse("sprechstunden:index")


def test_the_done_page_without_a_booking_goes_back_to_the_list(client, db):
    response = client.get(FERTIG)
    assert response.status_code == 302


def test_a_booking_with_email_writes_no_session_and_no_token_into_the_done_url(
    client, termin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(buchen(termin), valid())
    assert "sessionid" not in response.cookies
    token = re.search(r"/sprechstunden/buchung/([\w-]+)/", mail.outbox[0].body).group(1)
    assert token not in response["Location"]
    done = client.get(response["Location"])
    assert done.context["termin"] == termin
    assert done.context["manage_url"] == ""


def test_an_altered_done_parameter_goes_back_to_the_list(client, termin):
    location = client.post(buchen(termin), valid())["Location"]
    response = client.get(location[:-3] + "abc")
    assert response.status_code == 302
    assert response["Location"] == reverse("sprechstunden:index")


def test_the_done_parameter_expires_after_a_quarter_of_an_hour(client, termin):
    location = client.post(buchen(termin), valid())["Location"]
    with time_machine.travel(datetime(2026, 11, 23, 8, 14, tzinfo=BERLIN), tick=False):
        assert client.get(location).status_code == 200
    with time_machine.travel(datetime(2026, 11, 23, 8, 16, tzinfo=BERLIN), tick=False):
        assert client.get(location).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"thema": ""}, "thema", "Bitte wählen Sie ein Thema."),
        ({"thema": "abc"}, "thema", "angebotenen Themen"),
        ({"thema": "<script>alert(1)</script>"}, "thema", "angebotenen Themen"),
        ({"thema": "-3"}, "thema", "angebotenen Themen"),
        ({"thema": "1.5"}, "thema", "angebotenen Themen"),
        ({"thema": "9" * 30}, "thema", "angebotenen Themen"),
        ({"thema": "999999"}, "thema", "angebotenen Themen"),
        ({"email": "", "telefon": ""}, "email", "E-Mail-Adresse oder eine Telefonnummer"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"email": "a" * 250 + "@example.org"}, "email", "höchstens 254 Zeichen"),
        ({"telefon": "ruf mich an"}, "telefon", "gültige Telefonnummer"),
        ({"telefon": "0" * 31}, "telefon", "höchstens 30 Zeichen"),
        ({"name": "x" * 81}, "name", "höchstens 80 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML-Auszeichnungen"),
        ({"barrierefreiheit": "x" * 301}, "barrierefreiheit", "höchstens 300 Zeichen"),
        ({"barrierefreiheit": "<b>laut</b>"}, "barrierefreiheit", "HTML"),
        ({"notiz": "x" * 501}, "notiz", "höchstens 500 Zeichen"),
        ({"notiz": "Hallo <img src=x onerror=alert(1)>"}, "notiz", "HTML"),
        ({"sprache": "999999"}, "sprache", "angebotenen Sprachen"),
        ({"einwilligung": None}, "einwilligung", "dürfen"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, termin, overrides, field, message
):
    response = client.post(buchen(termin), valid(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert not Buchung.objects.exists()
    assert mail.outbox == []


def test_a_topic_this_sprechstunde_does_not_offer_is_refused(client, termin):
    foreign = Beratungsthema.objects.get(slug="arbeit")
    response = client.post(buchen(termin), valid(thema=foreign.pk))
    assert "angebotenen Themen" in " ".join(response.context["form"].errors["thema"])
    html = response.content.decode()
    assert 'id="id_thema_error"' in html
    # The rest of what was entered stays in the form; the topic list is the Sprechstunde's.
    assert field_value(html, "email") == "ayse@example.org"
    themen = re.search(r'<select name="thema".*?</select>', html, re.S).group(0)
    assert f'<option value="{foreign.pk}"' not in themen
    assert "Wohnen" in themen
    assert not Buchung.objects.exists()


def test_a_language_this_sprechstunde_does_not_offer_is_refused(client, termin):
    foreign = Sprache.objects.get(code="ar")
    response = client.post(buchen(termin), valid(sprache=foreign.pk))
    assert "sprache" in response.context["form"].errors
    assert not Buchung.objects.exists()


def test_a_sprechstunde_without_languages_asks_for_none_and_refuses_a_posted_one(
    client, termin, vormittag
):
    vormittag.sprachen.clear()
    assert "sprache" not in client.get(buchen(termin)).context["form"].fields
    response = client.post(buchen(termin), valid(sprache=Sprache.objects.get(code="tr").pk))
    form = response.context["form"]
    assert "sprache" not in form.fields
    assert "angebotenen Sprachen" in " ".join(form.non_field_errors())
    assert 'name="sprache"' not in response.content.decode()
    assert not Buchung.objects.exists()


def test_a_booking_post_goes_straight_to_the_service(client, termin):
    # The service's transaction, which reads the slot with its Sprechstunde, Anlaufstelle and
    # offered topics under the lock. The page's own look-ups (slot, place,
    # languages) only run when the form is shown again.
    data = valid(sprache=None)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(buchen(termin), data)
    assert response.status_code == 302
    # Without the rate limit's cache queries (the tests' database cache; Redis in production)
    # and the test transaction's savepoints.
    sql = [
        q["sql"]
        for q in queries.captured_queries
        if "portal_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]
    assert len([q for q in sql if '"sprechstunden_anlaufstelle"' in q]) == 1
    assert not [q for q in sql if '"stammdaten_sprache"' in q]
    # The topic is checked in the lock query: no query of its own.
    assert not [q for q in sql if '"sprechstunden_beratungsthema"' in q]
    assert len([q for q in sql if '"sprechstunden_sprechstunde_themen"' in q]) == 1
    assert len(sql) <= 6, sql
    assert Buchung.objects.get().sprache is None


def test_a_filled_honeypot_pretends_success_and_saves_nothing(
    client, termin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(buchen(termin), valid(webseite="http://spam.example"), follow=True)
    [(location, status)] = response.redirect_chain
    assert (location.startswith(f"{FERTIG}?b="), status) == (True, 302)
    assert "Wir haben Ihnen eine E-Mail geschickt" in response.content.decode()
    assert not Buchung.objects.exists()
    assert mail.outbox == []


# Slots that cannot be booked


def test_a_missing_slot_is_not_found(client, termin):
    response = client.get(reverse("sprechstunden:buchen", args=[999999]))
    assert response.status_code == 404
    response = client.post(reverse("sprechstunden:buchen", args=[999999]), valid())
    assert response.status_code == 404
    assert not Buchung.objects.exists()


def test_a_slot_of_an_unpublished_sprechstunde_is_not_found(client, termin, vormittag):
    vormittag.oeffentlich = False
    vormittag.save()
    assert client.post(buchen(termin), valid()).status_code == 404
    assert not Buchung.objects.exists()


def cancel(termin):
    termin.abgesagt = True
    termin.save()


def fill(termin):
    book_termin(termin.pk, BuchungsDaten(Beratungsthema.objects.first(), telefon="0711 99"))


def close(termin):
    Schliesszeit.objects.create(
        sprechstunde=termin.sprechstunde,
        beginn=termin.beginn - timedelta(hours=1),
        ende=termin.ende + timedelta(hours=1),
        grund="Krankheit",
    )


@pytest.mark.parametrize(
    ("which", "change", "message"),
    [
        ((23, 9), None, "bis 2 Stunden vor dem Termin"),
        ((26, 9), cancel, "wurde abgesagt"),
        ((26, 9), close, "nicht (mehr) gebucht"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_slot_that_cannot_be_booked_gets_a_clear_message(
    client, termine, which, change, message, method
):
    termin = slot(*which)
    if change:
        change(termin)
    before = Buchung.objects.count()
    response = getattr(client, method)(buchen(termin), valid())
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert reverse("sprechstunden:sprechstunde", args=[termin.sprechstunde_id]) in html
    assert Buchung.objects.count() == before


def test_a_past_slot_gets_a_clear_message(client, termine):
    termin = slot(23, 9)
    with time_machine.travel(datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN), tick=False):
        response = client.post(buchen(termin), valid())
    assert "liegt in der Vergangenheit" in response.content.decode()
    assert not Buchung.objects.exists()


def test_a_full_slot_says_so_when_its_form_is_opened(client, termin):
    fill(termin)
    response = client.get(buchen(termin))
    assert response.status_code == 200
    assert "gerade vergeben" in response.content.decode()
    assert 'name="email"' not in response.content.decode()


# A seat taken while the form was open


def week_of(termin):
    url = reverse("sprechstunden:sprechstunde", args=[termin.sprechstunde_id])
    return f"{url}?ab={termin.beginn.astimezone(BERLIN).date().isoformat()}"


def field_value(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    return value.group(1) if value else None


def test_a_slot_taken_while_the_form_was_open_sends_back_to_its_week(client, termin):
    client.get(buchen(termin))
    fill(termin)
    response = client.post(buchen(termin), valid())
    assert response.status_code == 302
    assert response["Location"] == week_of(termin)
    assert Buchung.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    taken = "Der Termin am Donnerstag, 26. November 2026 um 09:00 Uhr ist leider gerade vergeben"
    assert taken in page
    # The week shows the other free slots, not the taken one.
    assert buchen(slot(26, 9, 30)) in page
    assert buchen(termin) not in page


def test_what_was_entered_is_filled_into_the_next_form_but_not_the_consent(client, termin):
    fill(termin)
    client.post(buchen(termin), valid(telefon="07127 12345"))
    response = client.get(buchen(slot(26, 9, 30)))
    html = response.content.decode()
    assert "Wir haben Ihre Angaben von eben eingetragen" in html
    assert field_value(html, "email") == "ayse@example.org"
    assert field_value(html, "telefon") == "07127 12345"
    assert field_value(html, "name") == "Ayşe"
    assert field_value(html, "barrierefreiheit") == "Rollstuhl"
    assert "Mahnung vom Stromanbieter</textarea>" in html
    geldsorgen = Beratungsthema.objects.get(slug="geldsorgen").pk
    assert re.search(rf'<option value="{geldsorgen}" selected>', html)
    assert re.search(r'<input[^>]*name="dolmetschen"[^>]*checked', html)
    assert not re.search(r'<input[^>]*name="einwilligung"[^>]*checked', html)
    assert response.context["form"].errors == {}  # shown as entered, not as refused


def test_the_kept_entries_are_gone_after_the_next_booking(client, termin):
    fill(termin)
    client.post(buchen(termin), valid())
    assert client.post(buchen(slot(26, 9, 30)), valid()).status_code == 302
    assert Buchung.objects.filter(email="ayse@example.org").count() == 1
    html = client.get(buchen(slot(26, 10))).content.decode()
    assert "Wir haben Ihre Angaben von eben eingetragen" not in html
    assert field_value(html, "email") is None


def test_the_kept_entries_are_dropped_after_half_an_hour(client, termin):
    fill(termin)
    client.post(buchen(termin), valid())
    assert client.session.get_expiry_age() <= 30 * 60
    with time_machine.travel(datetime(2026, 11, 23, 8, 31, tzinfo=BERLIN), tick=False):
        html = client.get(buchen(slot(26, 9, 30))).content.decode()
    assert field_value(html, "email") is None
    assert "Wir haben Ihre Angaben von eben eingetragen" not in html


def test_the_kept_entries_belong_to_their_sprechstunde_only(client, termin, vormittag):
    fill(termin)
    client.post(buchen(termin), valid())
    andere = Sprechstunde.objects.get(pk=vormittag.pk)
    andere.pk = None
    andere.titel = "Soziale Sprechstunde am Nachmittag"
    andere.beginn, andere.ende = time(14, 0), time(16, 0)
    andere.save()
    andere.themen.set(Beratungsthema.objects.all())
    generate_slots(andere)
    other = Termin.objects.filter(sprechstunde=andere).order_by("beginn").first()
    html = client.get(buchen(other)).content.decode()
    assert field_value(html, "email") is None


def test_a_staff_login_keeps_its_session_length_when_entries_are_kept(client, termin, settings):
    from saarlouis_portal.konten.models import User

    user = User.objects.create_user(email="planung@example.org", password="x-Portal-2026-x")
    client.force_login(user)
    fill(termin)
    client.post(buchen(termin), valid())
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_more_open_bookings_than_allowed_are_refused_at_the_top_of_the_form(
    client, termine, settings
):
    settings.SPRECHSTUNDEN_MAX_OFFENE_BUCHUNGEN = 2
    for termin in (slot(26, 9), slot(26, 10)):
        book_termin(termin.pk, BuchungsDaten(Beratungsthema.objects.first(), email="A@example.org"))
    response = client.post(buchen(slot(26, 10, 30)), valid(email="a@example.org"))
    assert response.status_code == 200
    assert "höchstmögliche Zahl offener Termine" in " ".join(
        response.context["form"].non_field_errors()
    )
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    assert Buchung.objects.count() == 2


# Abuse limits


def test_too_many_booking_posts_from_one_address_get_429_and_nothing_is_saved(
    client, termine, settings
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "sprechstunden_buchung": "1/m"}
    first = client.post(buchen(slot(26, 9)), valid(email="", telefon="0711 123451"))
    assert first.status_code == 302
    second = client.post(buchen(slot(26, 10)), valid(email="", telefon="0711 123452"))
    assert second.status_code == 429
    assert 1 <= int(second["Retry-After"]) <= 60
    assert "Zu viele Anfragen" in second.content.decode()
    assert "07127 9770" in second.content.decode()
    assert Buchung.objects.count() == 1
    # Looking at the form is never limited.
    assert client.get(buchen(slot(26, 10))).status_code == 200


def test_a_missing_way_to_reach_the_person_is_said_once(client, vormittag, jetzt, thema):
    from sprechstunden.services.slots import generate_slots

    generate_slots(vormittag)
    termin = Termin.objects.bookable().order_by("beginn").first()
    response = client.post(
        f"/sprechstunden/termin/{termin.pk}/buchen/",
        {"thema": thema.pk, "email": "", "telefon": "", "einwilligung": "on"},
    )
    html = response.content.decode()
    assert html.count("E-Mail-Adresse oder eine Telefonnummer an, damit wir Sie erreichen") == 2
    assert "telefon" not in response.context["form"].errors


def test_the_language_asked_for_defaults_to_the_page_language(client, termin):
    """The Sprechstunde offers German and Turkish: a Turkish page preselects Turkish, a French
    page (not offered) preselects nothing."""
    tuerkisch = Sprache.objects.get(code="tr")
    path = buchen(termin)
    html = client.get("/tr" + path).content.decode()
    assert re.search(rf'<option value="{tuerkisch.pk}" selected>', html)
    html = client.get("/fr" + path).content.decode()
    select = html.split('name="sprache"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\d*)" selected>', select) == [""]
