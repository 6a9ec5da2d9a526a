"""The waiting list's pages: joining (with bad input), the entry's link page (opening it changes
nothing, buttons confirm and withdraw), booking an offer with the usual form; the staff list with
its call tasks, who may see it, and its query count."""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sprechstunden.models import Buchung, BuchungStatus, Termin, Wartelisteneintrag
from sprechstunden.models import WartelisteStatus as Status
from sprechstunden.services import warteliste
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.manage import cancel_buchung
from sprechstunden.services.slots import generate_slots
from sprechstunden.services.warteliste import WartelistenDaten
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN

DONNERSTAG = date(2026, 11, 26)


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def fully_booked(termine, thema):
    """Thursday 26 November booked out by four people."""
    return [
        book_termin(
            slot(26, hour, minute).pk, BuchungsDaten(thema=thema, email=f"p{i}@example.org")
        )[0]
        for i, (hour, minute) in enumerate([(9, 0), (9, 30), (10, 0), (10, 30)])
    ]


def signup_url(sprechstunde):
    return reverse("sprechstunden:warteliste", args=[sprechstunde.pk])


def entry_url(name, token):
    return reverse(f"sprechstunden:{name}", args=[token])


def join(sprechstunde, **contact):
    return warteliste.join(sprechstunde.pk, WartelistenDaten(tag=DONNERSTAG, **contact))


@pytest.fixture
def angebot(fully_booked, termine):
    """A confirmed entry offered the freed Thursday 9:00 seat; returns (entry, token)."""
    eintrag, token = join(termine, email="wartend@example.org", name="Ayşe")
    warteliste.confirm(token)
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    eintrag.refresh_from_db()
    return eintrag, token


# Joining


def test_the_page_offers_the_booked_out_days_and_says_how_it_works(client, fully_booked, termine):
    response = client.get(signup_url(termine), {"tag": "2026-11-26"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="2026-11-26" selected>Donnerstag, 26. November 2026</option>' in html
    assert "alle" not in list(html.split('option value="')[1:2])
    assert "120 Minuten lang buchen" in html
    assert "Ich bin einverstanden, dass meine Angaben gespeichert werden" in html
    assert reverse("datenschutz") + "#warteliste" in html


def test_with_free_slots_everywhere_there_is_nothing_to_wait_for(client, termine):
    html = client.get(signup_url(termine)).content.decode()
    assert "Es sind noch Termine frei" in html
    assert 'name="tag"' not in html


def test_joining_with_email_asks_to_confirm_it(
    client, fully_booked, termine, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            signup_url(termine),
            {"tag": "2026-11-26", "email": "ayse@example.org", "einwilligung": "on"},
        )
    assert response.status_code == 302
    assert response["Location"].endswith("/warteliste/eingetragen/?art=email")
    eintrag = Wartelisteneintrag.objects.get()
    assert eintrag.status == Status.UNBESTAETIGT
    assert eintrag.einwilligung_version
    assert len(mail.outbox) == 1
    done = client.get(response["Location"]).content.decode()
    assert "bestätigen Sie Ihren Eintrag innerhalb von 24 Stunden" in done


def test_joining_with_a_phone_number_waits_for_a_call(client, fully_booked, termine):
    response = client.post(
        signup_url(termine),
        {"tag": "2026-11-26", "telefon": "07127 9770 12", "einwilligung": "on"},
        follow=True,
    )
    assert "ruft die Anlaufstelle Sie an" in response.content.decode()
    assert Wartelisteneintrag.objects.get().status == Status.WARTET


def test_joining_in_another_language_mails_in_it(
    client, fully_booked, termine, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en" + signup_url(termine),
            {"tag": "2026-11-26", "email": "ayse@example.org", "einwilligung": "on"},
        )
    assert Wartelisteneintrag.objects.get().mailsprache == "en"
    assert "/en/sprechstunden/warteliste/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"tag": "2026-11-26", "einwilligung": "on"}, "email", "eine E-Mail-Adresse oder"),
        ({"tag": "2026-11-26", "email": "a@example.org"}, "einwilligung", "Bitte bestätigen"),
        ({"email": "a@example.org", "einwilligung": "on"}, "tag", "Bitte wählen Sie einen Tag."),
        ({"tag": "2026-11-30", "email": "a@example.org", "einwilligung": "on"}, "tag", "der"),
        ({"tag": "2026-13-40", "email": "a@example.org", "einwilligung": "on"}, "tag", "der"),
        ({"tag": "<script>", "email": "a@example.org", "einwilligung": "on"}, "tag", "der"),
        ({"tag": "alle", "email": "a@example.org", "einwilligung": "on"}, "tag", "der"),
        ({"tag": "2026-11-26", "email": "kein", "einwilligung": "on"}, "email", "gültige"),
        ({"tag": "2026-11-26", "telefon": "12", "einwilligung": "on"}, "telefon", "gültige"),
        (
            {"tag": "2026-11-26", "email": "a@example.org", "name": "x" * 81, "einwilligung": "1"},
            "name",
            "höchstens 80",
        ),
        (
            {"tag": "2026-11-26", "email": "a@example.org", "name": "<b>A</b>", "einwilligung": 1},
            "name",
            "ohne HTML",
        ),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, fully_booked, termine, data, field, message
):
    response = client.post(signup_url(termine), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert "<b>A</b>" not in html
    assert not Wartelisteneintrag.objects.exists()


def test_joining_twice_says_so_at_the_top(client, fully_booked, termine):
    join(termine, email="ayse@example.org")
    response = client.post(
        signup_url(termine),
        {"tag": "2026-11-26", "email": "AYSE@example.org", "einwilligung": "on"},
    )
    assert "stehen Sie für diese Auswahl schon auf der Warteliste" in response.content.decode()
    assert Wartelisteneintrag.objects.count() == 1


def test_a_filled_honeypot_pretends_success_and_saves_nothing(client, fully_booked, termine):
    response = client.post(
        signup_url(termine),
        {"tag": "2026-11-26", "email": "a@example.org", "einwilligung": "on", "webseite": "x"},
    )
    assert response.status_code == 302
    assert not Wartelisteneintrag.objects.exists()


def test_too_many_signups_from_one_address_get_429(client, fully_booked, termine, settings):
    settings.PORTAL_RATE_LIMITS = {
        **settings.PORTAL_RATE_LIMITS,
        "sprechstunden_warteliste": "2/10m",
    }
    for i in range(2):
        client.post(signup_url(termine), {"tag": "2026-11-26", "email": f"{i}@example.org"})
    response = client.post(
        signup_url(termine),
        {"tag": "2026-11-26", "email": "a@example.org", "einwilligung": "on"},
    )
    assert response.status_code == 429
    assert not Wartelisteneintrag.objects.exists()


def test_an_unpublished_sprechstunde_has_no_waiting_list_page(client, termine):
    termine.oeffentlich = False
    termine.save()
    assert client.get(signup_url(termine)).status_code == 404


def test_the_public_pages_link_to_the_waiting_list(client, fully_booked, termine):
    assert (
        signup_url(termine)
        in client.get(reverse("sprechstunden:sprechstunde", args=[termine.pk])).content.decode()
    )
    full = client.get(reverse("sprechstunden:buchen", args=[slot(26, 9).pk])).content.decode()
    assert f"{signup_url(termine)}?tag=2026-11-26" in full


# The entry's link


def test_opening_the_link_changes_nothing_and_the_button_confirms(client, fully_booked, termine):
    eintrag, token = join(termine, email="ayse@example.org")
    response = client.get(entry_url("warteliste_eintrag", token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    assert "Eintrag bestätigen" in html
    eintrag.refresh_from_db()
    assert eintrag.status == Status.UNBESTAETIGT
    assert client.get(entry_url("warteliste_bestaetigen", token)).status_code == 405
    response = client.post(entry_url("warteliste_bestaetigen", token), follow=True)
    assert "Ihr Eintrag ist bestätigt." in response.content.decode()
    assert Wartelisteneintrag.objects.get().status == Status.WARTET


def test_a_late_confirmation_is_refused_with_a_message(client, fully_booked, termine):
    _eintrag, token = join(termine, email="ayse@example.org")
    with time_machine.travel(datetime(2026, 11, 24, 8, 1, tzinfo=BERLIN), tick=False):
        page = client.get(entry_url("warteliste_eintrag", token)).content.decode()
        assert "Die Frist zum Bestätigen ist abgelaufen." in page
        response = client.post(entry_url("warteliste_bestaetigen", token), follow=True)
    assert "ungültig oder abgelaufen" in response.content.decode()
    assert Wartelisteneintrag.objects.get().status == Status.UNBESTAETIGT


def test_an_unknown_link_is_a_friendly_404(client, db):
    response = client.get(entry_url("warteliste_eintrag", "unbekannt"))
    assert response.status_code == 404
    assert "Dieser Link ist ungültig oder abgelaufen" in response.content.decode()


def test_withdrawing_deletes_the_data_and_the_link_stops(client, fully_booked, termine):
    _eintrag, token = join(termine, email="ayse@example.org", name="Ayşe")
    response = client.post(entry_url("warteliste_abmelden", token), follow=True)
    assert "Sie sind von der Warteliste abgemeldet." in response.content.decode()
    eintrag = Wartelisteneintrag.objects.get()
    assert (eintrag.status, eintrag.email, eintrag.name) == (Status.ABGEMELDET, "", "")
    assert client.get(entry_url("warteliste_eintrag", token)).status_code == 404


# Booking an offer


def test_the_offer_page_leads_to_the_usual_form_filled_in(client, angebot):
    eintrag, token = angebot
    page = client.get(entry_url("warteliste_eintrag", token)).content.decode()
    assert "Ein Termin ist für Sie frei geworden" in page
    assert "Wir halten ihn bis Montag, 23. November 2026, 10:00 Uhr für Sie frei." in page
    assert entry_url("warteliste_buchen", token) in page
    form = client.get(entry_url("warteliste_buchen", token))
    html = form.content.decode()
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"]
    assert "Schritt 2 von 3" in html
    assert 'value="wartend@example.org"' in html
    assert 'value="Ayşe"' in html
    assert "Aus der Warteliste: Wir halten diesen Termin bis" in html


def test_booking_the_offer_confirms_it_at_once_with_the_confirmed_address(
    client, angebot, thema, django_capture_on_commit_callbacks
):
    eintrag, token = angebot
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            entry_url("warteliste_buchen", token),
            {"thema": thema.pk, "email": "wartend@example.org", "einwilligung": "on"},
            follow=True,
        )
    html = response.content.decode()
    buchung = Buchung.objects.get(termin=eintrag.termin, status=BuchungStatus.BESTAETIGT)
    assert "Ihr Termin ist gebucht" in html
    assert buchung.code_anzeige in html
    assert Wartelisteneintrag.objects.get().status == Status.GEBUCHT
    assert [m.subject for m in mail.outbox] == ["Ihr Termin in der Sprechstunde ist bestätigt"]


def test_bad_input_on_the_offer_form_keeps_the_offer(client, angebot, thema):
    eintrag, token = angebot
    response = client.post(
        entry_url("warteliste_buchen", token),
        {"thema": "<script>", "email": "wartend@example.org"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_thema_error"' in html
    assert 'id="id_einwilligung_error"' in html
    assert Wartelisteneintrag.objects.get().status == Status.HAELT
    assert not Buchung.objects.filter(termin=eintrag.termin, status=BuchungStatus.BESTAETIGT)


def test_an_offer_that_ran_out_cannot_be_booked(client, angebot, thema):
    _eintrag, token = angebot
    with time_machine.travel(datetime(2026, 11, 23, 10, 1, tzinfo=BERLIN), tick=False):
        response = client.get(entry_url("warteliste_buchen", token), follow=True)
        assert "Dieses Angebot aus der Warteliste gilt nicht mehr" in response.content.decode()
        response = client.post(
            entry_url("warteliste_buchen", token),
            {"thema": thema.pk, "email": "wartend@example.org", "einwilligung": "on"},
            follow=True,
        )
    assert "Dieses Angebot aus der Warteliste gilt nicht mehr" in response.content.decode()
    assert Wartelisteneintrag.objects.get().status == Status.HAELT  # until the periodic run


# Staff


def staff_url(name, pk):
    return reverse(f"sprechstunden:{name}", args=[pk])


@pytest.fixture
def telefon_angebot(fully_booked, termine):
    eintrag, _ = join(termine, telefon="07127 9770 12", name="Herr K.")
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    eintrag.refresh_from_db()
    return eintrag


def test_counsellors_of_the_sprechstunde_see_its_waiting_list(
    client, fully_booked, termine, planer, beratung_im_vormittag
):
    join(termine, email="ayse@example.org", name="Ayşe")
    join(termine, telefon="07127 9770 12", name="Herr K.")
    for user in (planer, beratung_im_vormittag):
        client.force_login(user)
        response = client.get(staff_url("staff_warteliste", termine.pk))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Ayşe" in html
        assert "Herr K." in html
        assert "1 wartet" in html
        assert "1 noch nicht bestätigt" in html


@pytest.mark.parametrize("who", ["beratung_diakonie", "ortsleitung"])
def test_others_do_not_see_the_entries(client, fully_booked, termine, who, request):
    join(termine, email="ayse@example.org")
    client.force_login(request.getfixturevalue(who))
    response = client.get(staff_url("staff_warteliste", termine.pk))
    assert response.status_code in (403, 404)
    assert "ayse@example.org" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, termine):
    response = client.get(staff_url("staff_warteliste", termine.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_sprechstunde_page_shows_the_count_to_every_counsellor(
    client, fully_booked, termine, beratung_diakonie
):
    join(termine, email="ayse@example.org")
    client.force_login(beratung_diakonie)
    html = client.get(staff_url("staff_sprechstunde", termine.pk)).content.decode()
    assert "1 Eintrag wartet oder hat ein offenes Angebot." in html
    assert staff_url("staff_warteliste", termine.pk) not in html


def test_the_list_query_count_stays_flat_as_entries_grow(
    client, fully_booked, termine, planer, telefon_angebot
):
    client.force_login(planer)
    url = staff_url("staff_warteliste", termine.pk)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for i in range(20):
        join(termine, email=f"person{i}@example.org")
    assert queries() == few


def test_the_day_list_shows_call_tasks_and_the_held_seat(
    client, telefon_angebot, beratung_im_vormittag
):
    client.force_login(beratung_im_vormittag)
    html = client.get(reverse("sprechstunden:tagesliste"), {"datum": "2026-11-26"}).content
    html = html.decode()
    assert "1 Anruf aus der Warteliste" in html
    assert "Herr K." in html
    assert "07127 977012" in html
    assert "1 Platz für die Warteliste gehalten" in html
    termin = client.get(reverse("sprechstunden:termin", args=[telefon_angebot.termin_id]))
    assert "1 Platz für die Warteliste gehalten bis 23.11. 10:00 Uhr" in termin.content.decode()


def test_staff_book_the_held_seat_for_the_caller(client, telefon_angebot, thema, planer):
    client.force_login(planer)
    url = staff_url("staff_warteliste_buchen", telefon_angebot.pk)
    form = client.get(url).content.decode()
    assert 'value="07127 977012"' in form or 'value="+497127977012"' in form
    response = client.post(
        url,
        {"thema": thema.pk, "telefon": "07127 9770 12", "name": "Herr K.", "einwilligung": "on"},
        follow=True,
    )
    buchung = Buchung.objects.get(termin=telefon_angebot.termin, status=BuchungStatus.BESTAETIGT)
    assert f"den Buchungscode {buchung.code_anzeige}" in response.content.decode()
    assert Wartelisteneintrag.objects.get().status == Status.GEBUCHT


def test_staff_pass_an_unanswered_offer_on_and_remove_entries(
    client, telefon_angebot, termine, planer
):
    nxt, token = join(termine, email="next@example.org")
    warteliste.confirm(token)
    client.force_login(planer)
    assert (
        client.get(staff_url("staff_warteliste_weitergeben", telefon_angebot.pk)).status_code == 405
    )
    client.post(staff_url("staff_warteliste_weitergeben", telefon_angebot.pk))
    telefon_angebot.refresh_from_db()
    assert telefon_angebot.status == Status.VERPASST
    client.post(staff_url("staff_warteliste_entfernen", nxt.pk))
    nxt.refresh_from_db()
    assert (nxt.status, nxt.email) == (Status.ABGEMELDET, "")


def test_a_counsellor_of_another_sprechstunde_cannot_act_on_its_entries(
    client, telefon_angebot, beratung_diakonie
):
    client.force_login(beratung_diakonie)
    for name in ("staff_warteliste_buchen", "staff_warteliste_weitergeben"):
        assert client.post(staff_url(name, telefon_angebot.pk)).status_code == 404
    assert Wartelisteneintrag.objects.get().status == Status.HAELT


def test_an_outsider_cannot_open_the_staff_pages(client, telefon_angebot):
    client.force_login(make_user("nobody@example.org"))
    response = client.get(staff_url("staff_warteliste_buchen", telefon_angebot.pk))
    assert response.status_code == 403
