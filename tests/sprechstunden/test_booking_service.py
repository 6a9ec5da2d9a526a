from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail

from sprechstunden.models import (
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Kanal,
    Schliesszeit,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin, move_buchung
from sprechstunden.services.errors import (
    BuchungNichtAenderbar,
    LinkUngueltig,
    SprechstundenFehler,
    TerminBelegt,
    TerminNichtBuchbar,
    ThemaNichtAngeboten,
    ZuVieleBuchungen,
)
from sprechstunden.services.manage import cancel_buchung, confirm_buchung, get_buchung_by_token
from sprechstunden.services.slots import cancel_termin
from sprechstunden.services.slots import generate_slots as generate
from tests.sprechstunden.conftest import BERLIN


@pytest.fixture
def termine(vormittag, jetzt):
    generate(vormittag)
    return Termin.objects.filter(sprechstunde=vormittag).order_by("beginn")


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


def test_an_online_booking_with_email_is_reserved_and_mailed(
    termine, thema, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        buchung, token = book_termin(
            slot(26, 9).pk, BuchungsDaten(thema=thema, email="a@example.org")
        )
    assert buchung.status == BuchungStatus.RESERVIERT
    assert buchung.platz == 1
    assert buchung.token_hash != token
    assert len(buchung.token_hash) == 64
    assert buchung.einwilligung_version
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_phone_only_booking_is_a_request_without_mail(termine, thema):
    buchung, _token = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    assert buchung.status == BuchungStatus.ANFRAGE
    assert mail.outbox == []


def test_a_full_slot_is_refused(termine, thema):
    book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    with pytest.raises(TerminBelegt):
        book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, telefon="07127 2"))


@pytest.mark.parametrize("as_id", [False, True])
def test_an_online_booking_needs_a_topic_the_sprechstunde_offers(termine, vormittag, as_id):
    vormittag.themen.set(Beratungsthema.objects.filter(slug="wohnen"))
    arbeit = Beratungsthema.objects.get(slug="arbeit")
    with pytest.raises(ThemaNichtAngeboten):
        book_termin(
            slot(26, 9).pk, BuchungsDaten(thema=arbeit.pk if as_id else arbeit, telefon="1")
        )
    wohnen = Beratungsthema.objects.get(slug="wohnen")
    buchung, _ = book_termin(slot(26, 9).pk, BuchungsDaten(thema=wohnen.pk, telefon="1"))
    assert Buchung.objects.get().thema == wohnen == buchung.thema


def test_a_staff_booking_leaves_the_topic_to_the_staff_form(termine, vormittag, beratung):
    vormittag.themen.set(Beratungsthema.objects.filter(slug="wohnen"))
    arbeit = Beratungsthema.objects.get(slug="arbeit")
    book_termin(
        slot(26, 9).pk, BuchungsDaten(thema=arbeit, telefon="1"), kanal=Kanal.TELEFON, by=beratung
    )
    assert Buchung.objects.get().thema == arbeit


def test_seats_are_numbered_up_to_the_capacity(termine, thema):
    termin = slot(26, 9)
    Termin.objects.filter(pk=termin.pk).update(kapazitaet=2)
    first, _ = book_termin(termin.pk, BuchungsDaten(thema=thema, telefon="1111"))
    second, _ = book_termin(termin.pk, BuchungsDaten(thema=thema, telefon="2222"))
    assert {first.platz, second.platz} == {1, 2}
    cancel_buchung(first)
    third, _ = book_termin(termin.pk, BuchungsDaten(thema=thema, telefon="3333"))
    assert third.platz == first.platz


@pytest.mark.parametrize(
    "make_unbookable",
    [
        lambda t: Termin.objects.filter(pk=t.pk).update(abgesagt=True),
        lambda t: Schliesszeit.objects.create(
            anlaufstelle=t.sprechstunde.anlaufstelle,
            beginn=t.beginn - timedelta(hours=1),
            ende=t.ende + timedelta(hours=1),
            grund="Betriebsausflug",
        ),
        lambda t: Schliesszeit.objects.create(
            sprechstunde=t.sprechstunde, beginn=t.beginn, ende=t.ende, grund="Krankheit"
        ),
        lambda t: (
            type(t.sprechstunde).objects.filter(pk=t.sprechstunde_id).update(oeffentlich=False)
        ),
    ],
    ids=["cancelled", "place-closed", "session-closed", "unpublished"],
)
def test_unbookable_slots_are_refused(termine, thema, make_unbookable):
    termin = slot(26, 9)
    make_unbookable(termin)
    with pytest.raises(TerminNichtBuchbar):
        book_termin(termin.pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    assert termin not in Termin.objects.bookable()


def test_the_minimum_notice_and_the_horizon_hold_for_citizens_not_for_staff(
    termine, thema, beratung
):
    soon = slot(23, 9, 30)  # 1.5 h ahead, notice is 2 h
    with pytest.raises(TerminNichtBuchbar):
        book_termin(soon.pk, BuchungsDaten(thema=thema, telefon="1"))
    assert soon not in Termin.objects.bookable()
    buchung, _ = book_termin(
        soon.pk, BuchungsDaten(thema=thema, telefon="1"), kanal=Kanal.TELEFON, by=beratung
    )
    assert buchung.status == BuchungStatus.BESTAETIGT
    past = slot(23, 9)
    with (
        time_machine.travel(datetime(2026, 11, 23, 9, 10, tzinfo=BERLIN), tick=False),
        pytest.raises(TerminNichtBuchbar),
    ):
        book_termin(
            past.pk, BuchungsDaten(thema=thema, telefon="1"), kanal=Kanal.TELEFON, by=beratung
        )


def test_a_contact_may_hold_only_a_few_open_bookings(termine, thema, settings):
    settings.SPRECHSTUNDEN_MAX_OFFENE_BUCHUNGEN = 2
    book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, email="viel@example.org"))
    book_termin(slot(26, 10).pk, BuchungsDaten(thema=thema, email="VIEL@example.org"))
    with pytest.raises(ZuVieleBuchungen):
        book_termin(slot(30, 9).pk, BuchungsDaten(thema=thema, email="viel@example.org"))


@pytest.mark.parametrize(
    ("held", "asking"),
    [
        ({"email": "a_b@example.org"}, {"email": "A_B@Example.org"}),
        ({"telefon": "07127 1"}, {"telefon": "07127 1"}),
        ({"telefon": "07127 1"}, {"email": "c@example.org", "telefon": "07127 1"}),
    ],
)
def test_the_open_bookings_limit_counts_the_same_contact(termine, thema, settings, held, asking):
    settings.SPRECHSTUNDEN_MAX_OFFENE_BUCHUNGEN = 1
    book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, **held))
    with pytest.raises(ZuVieleBuchungen):
        book_termin(slot(30, 9).pk, BuchungsDaten(thema=thema, **asking))


@pytest.mark.parametrize(
    "other",
    [
        {"email": "axb@example.org"},  # "_" is no wildcard
        {"email": "a_b@example.org.de"},
        {"telefon": "07127 12"},
    ],
)
def test_the_open_bookings_limit_counts_no_other_contact(termine, thema, settings, other):
    settings.SPRECHSTUNDEN_MAX_OFFENE_BUCHUNGEN = 1
    book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, email="a_b@example.org"))
    book_termin(slot(26, 10).pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    book_termin(slot(30, 9).pk, BuchungsDaten(thema=thema, **other))


def test_the_open_bookings_limit_ignores_cancelled_and_past_bookings(termine, thema, settings):
    settings.SPRECHSTUNDEN_MAX_OFFENE_BUCHUNGEN = 1
    cancelled, _ = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    cancel_buchung(cancelled)
    book_termin(slot(26, 10).pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    # Friday: the Thursday booking lies in the past and no longer counts.
    with time_machine.travel(datetime(2026, 11, 27, 8, 0, tzinfo=BERLIN), tick=False):
        book_termin(slot(30, 9).pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    assert Buchung.objects.filter(telefon="07127 1").count() == 3


def test_confirming_needs_the_token_and_is_idempotent(termine, thema):
    buchung, token = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, email="a@example.org"))
    with pytest.raises(LinkUngueltig):
        confirm_buchung(token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert confirm_buchung(token).status == BuchungStatus.BESTAETIGT
    assert confirm_buchung(token).status == BuchungStatus.BESTAETIGT


def test_the_token_expires_after_the_appointment(termine, thema):
    _buchung, token = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, telefon="1"))
    assert get_buchung_by_token(token)
    with (
        time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN), tick=False),
        pytest.raises(LinkUngueltig),
    ):
        get_buchung_by_token(token)


def test_citizens_cannot_cancel_or_move_inside_the_notice(termine, thema):
    buchung, _ = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, telefon="1"))
    with time_machine.travel(datetime(2026, 11, 26, 7, 30, tzinfo=BERLIN), tick=False):
        with pytest.raises(BuchungNichtAenderbar):
            cancel_buchung(buchung)
        with pytest.raises(BuchungNichtAenderbar):
            move_buchung(buchung, slot(30, 9).pk)


def test_moving_takes_a_free_slot_of_the_same_sprechstunde_only(termine, thema, rathaus):
    buchung, token = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, telefon="1"))
    book_termin(slot(30, 9).pk, BuchungsDaten(thema=thema, telefon="2"))
    with pytest.raises(TerminBelegt):
        move_buchung(buchung, slot(30, 9).pk, token=token)
    moved = move_buchung(buchung, slot(30, 10).pk, token=token)
    assert moved.termin == slot(30, 10)
    assert Buchung.objects.belegend().filter(termin=slot(26, 9)).count() == 0


def test_cancelling_a_slot_cancels_and_notifies_everybody_booked(
    termine, thema, planer, django_capture_on_commit_callbacks
):
    termin = slot(26, 9)
    with django_capture_on_commit_callbacks(execute=True):
        _buchung, token = book_termin(termin.pk, BuchungsDaten(thema=thema, email="a@example.org"))
        confirm_buchung(token)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        affected = cancel_termin(termin, "Krankheit", by=planer)
    assert [b.status for b in affected] == [BuchungStatus.STORNIERT]
    assert len(mail.outbox) == 1
    assert "Krankheit" in mail.outbox[0].body
    ics = mail.outbox[0].attachments[0][1]
    assert "METHOD:CANCEL" in (ics if isinstance(ics, str) else ics.decode())


def test_online_bookings_need_a_way_to_reach_the_person(termine, thema):
    with pytest.raises(SprechstundenFehler):
        book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema))
    assert not Buchung.objects.exists()
