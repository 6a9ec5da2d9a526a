"""The follow-up a counsellor books from the outcome screen (services/folgetermin.py, the view
``staff_buchung_folgetermin``): for the same person, in the same or another Sprechstunde of
theirs, consent asked again, marked as a follow-up, confirmed by e-mail if the person gave one."""

import itertools
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from saarlouis_portal.postausgang.outbox import QUEUED_BACKEND
from sprechstunden.models import (
    Beratende,
    Beratungskontakt,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Kanal,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.errors import TerminBelegt, TerminNichtBuchbar
from sprechstunden.services.folgetermin import FolgeterminNichtMoeglich, book_folgetermin
from sprechstunden.services.outcomes import record_outcome
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN

pytestmark = pytest.mark.usefixtures("beratung_im_vormittag")

CALLERS = itertools.count(7000)


def slot(sprechstunde, day, hour, minute=0):
    return Termin.objects.get(
        sprechstunde=sprechstunde, beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)
    )


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def wohnen(db):
    return Beratungsthema.objects.get(slug="wohnen")


@pytest.fixture
def heute(termine, thema, beratung):
    """Frau Yilmaz's confirmed booking for today, Monday 23 November, 9:00."""
    return book_termin(
        slot(termine, 23, 9).pk,
        BuchungsDaten(
            thema=thema,
            name="Frau Yilmaz",
            telefon="07127 44556",
            email="yilmaz@example.org",
            sprache=Sprache.objects.get(code="tr"),
            dolmetschen=True,
        ),
        kanal=Kanal.TELEFON,
        by=beratung,
    )[0]


@pytest.fixture
def nach_dem_gespraech(heute):
    """Ten minutes into the consultation."""
    with time_machine.travel(heute.termin.beginn + timedelta(minutes=10), tick=False) as t:
        yield t


@pytest.fixture
def wahrgenommen(heute, nach_dem_gespraech, beratung, wohnen):
    """The consultation took place; its outcome is recorded (topic: Wohnen)."""
    record_outcome(buchung=heute, thema=wohnen, erstkontakt=True, by=beratung)
    heute.refresh_from_db()
    return heute


def daten(**overrides):
    return BuchungsDaten(
        thema=overrides.pop("thema", None) or Beratungsthema.objects.get(slug="wohnen"),
        **{"name": "Frau Yilmaz", "telefon": "07127 44556", "email": "yilmaz@example.org"}
        | overrides,
    )


# The service


def test_the_follow_up_is_a_confirmed_booking_marked_as_such(termine, wahrgenommen, beratung):
    termin = slot(termine, 26, 9)
    folge, token = book_folgetermin(wahrgenommen, termin.pk, daten(), by=beratung)
    folge.refresh_from_db()
    assert folge.termin == termin
    assert folge.status == BuchungStatus.BESTAETIGT
    assert folge.kanal == Kanal.BERATUNG
    assert folge.folgetermin is True
    assert folge.folge_von == wahrgenommen
    assert folge.erstellt_von == beratung
    assert (folge.name, folge.email) == ("Frau Yilmaz", "yilmaz@example.org")
    assert folge.telefon == "+49712744556"
    # Consent of its own, with the version of the privacy notice in force now
    assert folge.einwilligung_version == settings.SPRECHSTUNDEN_EINWILLIGUNG_VERSION
    assert folge.einwilligung_am == wahrgenommen.termin.beginn + timedelta(minutes=10)
    assert token
    assert list(wahrgenommen.folgetermine.all()) == [folge]
    assert wahrgenommen.folgetermin is False


def test_a_follow_up_needs_an_attended_consultation(termine, heute, beratung):
    with pytest.raises(FolgeterminNichtMoeglich):
        book_folgetermin(heute, slot(termine, 26, 9).pk, daten(), by=beratung)
    assert Buchung.objects.count() == 1


def test_a_taken_slot_is_refused_and_nothing_is_saved(termine, wahrgenommen, beratung):
    termin = slot(termine, 26, 9)
    book_termin(termin.pk, daten(name="Jemand", telefon="07127 1", email=""), by=beratung)
    with pytest.raises(TerminBelegt):
        book_folgetermin(wahrgenommen, termin.pk, daten(), by=beratung)
    assert not Buchung.objects.filter(folgetermin=True).exists()


def test_a_slot_that_has_begun_is_refused(termine, wahrgenommen, beratung):
    anders = daten(telefon="07127 5", email="")  # not the person holding it (that is refused)
    with pytest.raises(TerminNichtBuchbar):
        book_folgetermin(wahrgenommen, slot(termine, 23, 9, 0).pk, anders, by=beratung)
    assert not Buchung.objects.filter(folgetermin=True).exists()


def test_the_consultation_of_a_follow_up_counts_as_a_follow_up_contact(
    termine, wahrgenommen, beratung, wohnen
):
    folge, _token = book_folgetermin(wahrgenommen, slot(termine, 26, 9).pk, daten(), by=beratung)
    with time_machine.travel(folge.termin.beginn + timedelta(minutes=5), tick=False):
        kontakt = record_outcome(buchung=folge, thema=wohnen, erstkontakt=True, by=beratung)
    assert kontakt.erstkontakt is False
    assert wahrgenommen.kontakt.erstkontakt is True


def test_the_person_gets_the_usual_confirmation_saying_it_is_the_follow_up(
    termine, wahrgenommen, beratung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        folge, _token = book_folgetermin(
            wahrgenommen, slot(termine, 26, 9).pk, daten(), by=beratung
        )
    (message,) = mail.outbox
    assert message.to == ["yilmaz@example.org"]
    assert message.subject == "Ihr Folgetermin in der Sprechstunde ist gebucht"
    assert "Wie im Gespräch vereinbart, ist Ihr Folgetermin gebucht." in message.body
    assert "Donnerstag, 26. November 2026, 09:00" in message.body
    assert "/sprechstunden/buchung/" in message.body
    html = message.alternatives[0][0]
    assert "Ihr Folgetermin gebucht" in html
    (name, content, kind) = message.attachments[0]
    assert kind == "text/calendar"
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart").hour == 9


def test_the_queued_confirmation_says_so_too(
    termine, wahrgenommen, beratung, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.POSTAUSGANG_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        book_folgetermin(wahrgenommen, slot(termine, 26, 9).pk, daten(), by=beratung)
    assert mail.outbox == []
    call_command("send_queued_mail", stdout=StringIO())
    (message,) = mail.outbox
    assert message.subject == "Ihr Folgetermin in der Sprechstunde ist gebucht"


def test_without_an_e_mail_address_no_mail_goes_out(
    termine, wahrgenommen, beratung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book_folgetermin(wahrgenommen, slot(termine, 26, 9).pk, daten(email=""), by=beratung)
    assert mail.outbox == []


def test_the_mail_speaks_the_language_of_the_first_booking_page(
    termine, thema, beratung, wohnen, django_capture_on_commit_callbacks
):
    """A booking made on the Turkish pages: the follow-up mail is Turkish if translated, and
    German text is the fallback; either way it goes out."""
    vorher = book_termin(
        slot(termine, 23, 10).pk,
        BuchungsDaten(thema=thema, email="t@example.org", mailsprache="tr"),
        by=beratung,
    )[0]
    with time_machine.travel(vorher.termin.beginn + timedelta(minutes=5), tick=False):
        record_outcome(buchung=vorher, thema=wohnen, erstkontakt=True, by=beratung)
        with django_capture_on_commit_callbacks(execute=True):
            book_folgetermin(
                vorher,
                slot(termine, 26, 9).pk,
                daten(email="t@example.org", mailsprache="tr"),
                by=beratung,
            )
    assert len(mail.outbox) == 1
    assert "/tr/sprechstunden/buchung/" in mail.outbox[0].body


# The outcome screen


def ergebnis_url(buchung):
    return reverse("sprechstunden:staff_buchung_ergebnis", args=[buchung.pk])


def folge_url(buchung):
    return reverse("sprechstunden:staff_buchung_folgetermin", args=[buchung.pk])


def test_the_outcome_screen_leads_to_the_follow_up(client, beratung, heute, nach_dem_gespraech):
    client.force_login(beratung)
    page = client.get(ergebnis_url(heute)).content.decode()
    assert "Speichern und Folgetermin buchen" in page
    response = client.post(
        ergebnis_url(heute),
        {"thema": heute.thema_id, "erstkontakt": "ja", "weiter": "folgetermin"},
    )
    assert response.status_code == 302
    assert response["Location"] == folge_url(heute)
    heute.refresh_from_db()
    assert heute.status == BuchungStatus.WAHRGENOMMEN


def test_saving_alone_goes_back_to_the_slot(client, beratung, heute, nach_dem_gespraech):
    client.force_login(beratung)
    response = client.post(ergebnis_url(heute), {"thema": heute.thema_id, "erstkontakt": "ja"})
    assert response["Location"] == reverse("sprechstunden:termin", args=[heute.termin_id])


def test_the_slot_page_offers_the_follow_up_for_an_attended_booking(client, beratung, wahrgenommen):
    client.force_login(beratung)
    html = client.get(reverse("sprechstunden:termin", args=[wahrgenommen.termin_id]))
    assert folge_url(wahrgenommen) in html.content.decode()


def test_the_outcome_of_a_follow_up_does_not_ask_first_or_follow_up(
    client, beratung, termine, wahrgenommen
):
    folge, _token = book_folgetermin(wahrgenommen, slot(termine, 26, 9).pk, daten(), by=beratung)
    with time_machine.travel(folge.termin.beginn + timedelta(minutes=5), tick=False):
        client.force_login(beratung)
        page = client.get(ergebnis_url(folge))
        assert "erstkontakt" not in page.context["form"].fields
        assert "Die Beratung wird als Folgekontakt gezählt." in page.content.decode()
        client.post(ergebnis_url(folge), {"thema": folge.thema_id})
    assert Beratungskontakt.objects.get(buchung=folge).erstkontakt is False


# The follow-up page


def post_data(gewaehlt, **overrides):
    data = {
        "termin": gewaehlt.pk,
        "thema": Beratungsthema.objects.get(slug="wohnen").pk,
        "name": "Frau Yilmaz",
        "telefon": "07127 44556",
        "email": "yilmaz@example.org",
        "sprache": "",
        "barrierefreiheit": "",
        "notiz": "",
        "einwilligung": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_page_takes_over_the_contact_and_the_topic_of_the_outcome(
    client, beratung, wahrgenommen, wohnen
):
    client.force_login(beratung)
    response = client.get(folge_url(wahrgenommen))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == "Frau Yilmaz"
    assert form.initial["telefon"] == "07127 44556"
    assert form.initial["email"] == "yilmaz@example.org"
    assert form.initial["sprache"] == Sprache.objects.get(code="tr").pk
    assert form.initial["dolmetschen"] is True
    assert form.initial["thema"] == wohnen.pk  # the topic recorded in the outcome
    assert "erneut auf die Datenschutzhinweise hingewiesen" in response.content.decode()


def test_the_page_offers_free_future_slots_of_four_weeks(client, beratung, termine, wahrgenommen):
    book_termin(slot(termine, 26, 9).pk, daten(name="Andere", telefon="07127 9"), by=beratung)
    client.force_login(beratung)
    offered = list(client.get(folge_url(wahrgenommen)).context["form"].fields["termin"].queryset)
    assert slot(termine, 23, 9) not in offered  # begun (the consultation itself)
    assert slot(termine, 23, 9, 30) in offered
    assert slot(termine, 26, 9) not in offered  # taken
    assert slot(termine, 26, 9, 30) in offered
    assert max(t.beginn for t in offered) < datetime(2026, 12, 21, tzinfo=BERLIN)
    later = client.get(folge_url(wahrgenommen), {"ab": "2026-12-10"})
    offered = list(later.context["form"].fields["termin"].queryset)
    assert min(t.beginn for t in offered) >= datetime(2026, 12, 10, tzinfo=BERLIN)


def test_booking_the_follow_up(client, beratung, termine, wahrgenommen):
    client.force_login(beratung)
    termin = slot(termine, 26, 9)
    response = client.post(folge_url(wahrgenommen), post_data(termin), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "sprechstunden:termin", args=[wahrgenommen.termin_id]
    )
    assert (
        "Der Folgetermin am Donnerstag, 26.11.2026, 09:00 Uhr ist gebucht. Die Person erhält "
        "eine Bestätigung per E-Mail." in response.content.decode()
    )
    folge = Buchung.objects.get(folgetermin=True)
    assert (folge.termin, folge.folge_von, folge.kanal) == (termin, wahrgenommen, Kanal.BERATUNG)


def test_without_e_mail_the_counsellor_is_asked_to_tell_the_person(
    client, beratung, termine, wahrgenommen
):
    client.force_login(beratung)
    response = client.post(
        folge_url(wahrgenommen), post_data(slot(termine, 26, 9), email=""), follow=True
    )
    assert "Bitte nennen Sie der Person Datum, Uhrzeit und Ort." in response.content.decode()


@pytest.fixture
def zweite_sprechstunde(rathaus, beratung, kreisjugendamt, jetzt):
    """An afternoon Sprechstunde the same counsellor holds."""
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Sprechstunde Wohnen",
        wochentage=[2],
        beginn=time(14),
        ende=time(16),
        gueltig_ab=date(2026, 1, 1),
    )
    sprechstunde.themen.set(Beratungsthema.objects.filter(slug="wohnen"))
    Beratende.objects.create(sprechstunde=sprechstunde, user=beratung, traeger=kreisjugendamt)
    generate_slots(sprechstunde)
    return sprechstunde


def test_the_follow_up_can_be_in_another_sprechstunde_of_the_counsellor(
    client, beratung, wahrgenommen, zweite_sprechstunde
):
    client.force_login(beratung)
    page = client.get(folge_url(wahrgenommen), {"sprechstunde": zweite_sprechstunde.pk})
    termin = slot(zweite_sprechstunde, 25, 14)
    assert termin in page.context["form"].fields["termin"].queryset
    target = folge_url(wahrgenommen) + f"?sprechstunde={zweite_sprechstunde.pk}"
    response = client.post(target, post_data(termin))
    assert response.status_code == 302
    assert Buchung.objects.get(folgetermin=True).termin == termin


@pytest.fixture
def fremde_sprechstunde(rathaus, beratung_diakonie, diakoniestation, jetzt):
    """The Diakonie's Sprechstunde in the same town hall: not the counsellor's."""
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Sprechstunde der Diakonie",
        wochentage=[1],
        beginn=time(14),
        ende=time(16),
        gueltig_ab=date(2026, 1, 1),
    )
    sprechstunde.themen.set(Beratungsthema.objects.all())
    Beratende.objects.create(
        sprechstunde=sprechstunde, user=beratung_diakonie, traeger=diakoniestation
    )
    generate_slots(sprechstunde)
    return sprechstunde


def test_another_traegers_sprechstunde_is_not_offered(
    client, beratung, termine, wahrgenommen, fremde_sprechstunde
):
    client.force_login(beratung)
    page = client.get(folge_url(wahrgenommen), {"sprechstunde": fremde_sprechstunde.pk})
    assert page.context["sprechstunde"] == termine  # falls back to the consultation's
    choices = page.context["auswahl"].fields["sprechstunde"].queryset
    assert fremde_sprechstunde not in choices
    target = folge_url(wahrgenommen) + f"?sprechstunde={fremde_sprechstunde.pk}"
    response = client.post(target, post_data(slot(fremde_sprechstunde, 24, 14)))
    assert response.status_code == 200
    assert "termin" in response.context["form"].errors
    assert not Buchung.objects.filter(folgetermin=True).exists()


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("termin", {"termin": None}),
        ("termin", {"termin": "abc"}),
        ("termin", {"termin": "999999"}),
        ("einwilligung", {"einwilligung": None}),
        ("thema", {"thema": None}),
        ("thema", {"thema": "999999"}),
        ("name", {"name": "x" * 81}),
        ("name", {"name": "<script>alert(1)</script>"}),
        ("notiz", {"notiz": "<b>wichtig</b>"}),
        ("notiz", {"notiz": "x" * 501}),
        ("barrierefreiheit", {"barrierefreiheit": "<img src=x onerror=alert(1)>"}),
        ("email", {"email": "keine-adresse"}),
        ("telefon", {"telefon": "abc"}),
        ("telefon", {"telefon": "", "email": ""}),
        ("sprache", {"sprache": "999999"}),
    ],
)
def test_bad_input_is_named_at_its_field_and_changes_nothing(
    client, beratung, termine, wahrgenommen, field, overrides
):
    client.force_login(beratung)
    before = Buchung.objects.count()
    response = client.post(folge_url(wahrgenommen), post_data(slot(termine, 26, 9), **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Buchung.objects.count() == before


def test_a_slot_taken_meanwhile_is_named_at_the_slot(client, beratung, termine, wahrgenommen):
    client.force_login(beratung)
    termin = slot(termine, 26, 9)
    page = client.get(folge_url(wahrgenommen))
    assert termin in page.context["form"].fields["termin"].queryset
    book_termin(termin.pk, daten(name="Schneller", telefon="07127 3", email=""), by=beratung)
    response = client.post(folge_url(wahrgenommen), post_data(termin))
    assert response.status_code == 200
    assert "termin" in response.context["form"].errors
    assert not Buchung.objects.filter(folgetermin=True).exists()


def test_the_person_already_holding_the_slot_is_told_at_the_slot(
    client, beratung, termine, wahrgenommen
):
    """Capacity 2: the person's own booking of the slot (made by phone) is found."""
    Termin.objects.filter(pk=slot(termine, 26, 9).pk).update(kapazitaet=2)
    termin = slot(termine, 26, 9)
    book_termin(termin.pk, daten(), by=beratung)
    client.force_login(beratung)
    response = client.post(folge_url(wahrgenommen), post_data(termin))
    assert response.status_code == 200
    assert "schon einen Platz" in " ".join(response.context["form"].errors["termin"])


@pytest.mark.parametrize("ab", ["gestern", "2026-13-45", "1999-01-01", "<script>"])
def test_bad_choice_of_day_falls_back_and_never_fails(client, beratung, wahrgenommen, ab):
    client.force_login(beratung)
    response = client.get(folge_url(wahrgenommen), {"ab": ab, "sprechstunde": "x"})
    assert response.status_code == 200
    assert response.context["ab"] == date(2026, 11, 23)


def test_no_free_slot_says_so(client, beratung, termine, wahrgenommen):
    Termin.objects.filter(sprechstunde=termine).update(abgesagt=True)
    client.force_login(beratung)
    html = client.get(folge_url(wahrgenommen)).content.decode()
    assert "ist in dieser Sprechstunde kein Termin frei" in html
    assert "Folgetermin buchen</span></button>" not in html


def test_before_the_outcome_the_page_sends_back_to_the_slot(client, beratung, termine, heute):
    client.force_login(beratung)
    response = client.get(folge_url(heute), follow=True)
    assert response.redirect_chain[-1][0] == reverse("sprechstunden:termin", args=[heute.termin_id])
    assert "nachdem Sie die Beratung als wahrgenommen erfasst haben" in response.content.decode()
    response = client.post(folge_url(heute), post_data(slot(termine, 26, 9)))
    assert response.status_code == 302
    assert not Buchung.objects.filter(folgetermin=True).exists()


def test_the_other_traegers_counsellor_does_not_find_the_booking(
    client, beratung_diakonie, termine, wahrgenommen
):
    client.force_login(beratung_diakonie)
    assert client.get(folge_url(wahrgenommen)).status_code == 404
    response = client.post(folge_url(wahrgenommen), post_data(slot(termine, 26, 9)))
    assert response.status_code == 404
    assert not Buchung.objects.filter(folgetermin=True).exists()


def test_sozialplanung_may_book_it_too(client, planer, termine, wahrgenommen):
    client.force_login(planer)
    response = client.post(folge_url(wahrgenommen), post_data(slot(termine, 26, 9)))
    assert response.status_code == 302
    assert Buchung.objects.get(folgetermin=True).erstellt_von == planer


def test_the_day_list_and_the_slot_page_mark_the_follow_up(client, beratung, termine, wahrgenommen):
    book_folgetermin(wahrgenommen, slot(termine, 26, 9).pk, daten(), by=beratung)
    client.force_login(beratung)
    tagesliste = client.get(reverse("sprechstunden:tagesliste"), {"datum": "2026-11-26"})
    assert "Folgetermin" in tagesliste.content.decode()
    seite = client.get(reverse("sprechstunden:termin", args=[slot(termine, 26, 9).pk]))
    assert "in der Beratung vereinbart · Folgetermin" in seite.content.decode()
