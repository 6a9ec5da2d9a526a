"""The waiting list (``services.warteliste``): joining with double opt-in, a freed seat offered to
the first confirmed entry and held for it, booking it, passing it on, entries ending and their
data deleted. Time is Monday 23 November 2026, 08:00 in Pliezhausen (``jetzt``)."""

from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command

from sprechstunden.models import Buchung, BuchungStatus, Kanal, Termin, Wartelisteneintrag
from sprechstunden.models import WartelisteStatus as Status
from sprechstunden.services import warteliste
from sprechstunden.services.booking import BuchungsDaten, book_termin, move_buchung
from sprechstunden.services.errors import (
    AngebotAbgelaufen,
    LinkUngueltig,
    SchonAufWarteliste,
    TerminBelegt,
    WartelisteNichtMoeglich,
)
from sprechstunden.services.manage import cancel_buchung
from sprechstunden.services.slots import cancel_termin, generate_slots
from sprechstunden.services.warteliste import WartelistenDaten
from sprechstunden.views.staff_warteliste import call_tasks
from tests.sprechstunden.conftest import BERLIN

DONNERSTAG = date(2026, 11, 26)


def at(day, hour, minute=0):
    return time_machine.travel(datetime(2026, 11, day, hour, minute, tzinfo=BERLIN), tick=False)


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


def book(termin, thema, **contact):
    return book_termin(termin.pk, BuchungsDaten(thema=thema, **contact))


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def fully_booked(termine, thema):
    """Thursday 26 November booked out, bookings by four different people."""
    buchungen = []
    for i, (hour, minute) in enumerate([(9, 0), (9, 30), (10, 0), (10, 30)]):
        buchung, _token = book(slot(26, hour, minute), thema, email=f"person{i}@example.org")
        buchungen.append(buchung)
    return buchungen


def join(vormittag, *, tag=DONNERSTAG, **contact):
    return warteliste.join(vormittag.pk, WartelistenDaten(tag=tag, **contact))


def waiting(vormittag, email, **kwargs):
    """A confirmed entry with an e-mail address."""
    eintrag, token = join(vormittag, email=email, **kwargs)
    warteliste.confirm(token)
    eintrag.refresh_from_db()
    return eintrag, token


def refreshed(obj):
    obj.refresh_from_db()
    return obj


# What one can wait for


def test_a_booked_out_day_is_offered_and_days_with_free_slots_are_not(fully_booked, termine):
    moeglich = warteliste.options(termine)
    assert moeglich.tage == [DONNERSTAG]
    assert moeglich.ganze_sprechstunde is False


def test_the_whole_sprechstunde_is_offered_when_nothing_at_all_is_free(
    fully_booked, termine, planer
):
    for termin in Termin.objects.exclude(beginn__date=DONNERSTAG).filter(sprechstunde=termine):
        cancel_termin(termin, "Urlaub", by=planer)
    moeglich = warteliste.options(termine)
    assert moeglich.tage == [DONNERSTAG]
    assert moeglich.ganze_sprechstunde is True


def test_nothing_to_wait_for_while_every_day_has_a_free_slot(termine):
    moeglich = warteliste.options(termine)
    assert moeglich.tage == []
    assert moeglich.ganze_sprechstunde is False
    assert not moeglich.moeglich


def test_a_held_seat_counts_as_taken_when_days_are_checked(fully_booked, termine, thema):
    eintrag, _token = waiting(termine, "wartend@example.org")
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    assert refreshed(eintrag).status == Status.HAELT
    assert warteliste.options(termine).tage == [DONNERSTAG]


# Joining


def test_an_entry_with_email_counts_only_after_its_address_is_confirmed(
    fully_booked, termine, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        eintrag, token = join(termine, email="Ayse@Example.org", name="Ayşe")
    assert eintrag.status == Status.UNBESTAETIGT
    assert eintrag.bestaetigt_am is None
    assert eintrag.gueltig_bis == datetime(2026, 11, 27, tzinfo=BERLIN)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Ayse@Example.org"]
    assert message.subject == "Bitte bestätigen Sie Ihren Eintrag auf der Warteliste"
    assert "/sprechstunden/warteliste/" in message.body
    assert "Donnerstag, 26. November 2026" in message.body
    assert "Der Link gilt bis Dienstag, 24. November 2026, 08:00 Uhr." in message.body
    # A seat that frees up now is not offered to an unconfirmed entry.
    cancel_buchung(fully_booked[0])
    assert warteliste.offer_slot(fully_booked[0].termin_id) == []
    # The mail's link works (its token was made when the mail was built).
    link_token = message.body.split("/sprechstunden/warteliste/")[1].split("/")[0]
    assert warteliste.confirm(link_token).status == Status.WARTET


def test_an_entry_with_a_phone_number_only_counts_at_once_and_gets_no_mail(
    fully_booked, termine, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        eintrag, _token = join(termine, telefon="07127 9770 12")
    assert eintrag.status == Status.WARTET
    assert eintrag.bestaetigt_am is not None
    assert eintrag.telefon == "+497127977012"
    assert mail.outbox == []


def test_a_day_with_free_slots_cannot_be_waited_for(fully_booked, termine):
    with pytest.raises(WartelisteNichtMoeglich):
        join(termine, tag=date(2026, 11, 30), email="a@example.org")
    with pytest.raises(WartelisteNichtMoeglich):
        join(termine, tag=None, email="a@example.org")  # other days have free slots
    assert not Wartelisteneintrag.objects.exists()


def test_an_unpublished_sprechstunde_has_no_waiting_list(fully_booked, termine):
    termine.oeffentlich = False
    termine.save()
    with pytest.raises(WartelisteNichtMoeglich):
        join(termine, email="a@example.org")


def test_one_person_joins_once_for_a_day_whatever_the_spelling(fully_booked, termine):
    join(termine, email="ayse@example.org")
    join(termine, telefon="07127 9770 12")
    with pytest.raises(SchonAufWarteliste):
        join(termine, email="AYSE@example.org")
    with pytest.raises(SchonAufWarteliste):
        join(termine, telefon="+49 7127 977012")
    assert Wartelisteneintrag.objects.count() == 2


def test_confirming_twice_changes_nothing_and_late_confirmation_is_refused(fully_booked, termine):
    eintrag, token = join(termine, email="a@example.org")
    first = warteliste.confirm(token)
    with at(23, 9):
        assert warteliste.confirm(token).bestaetigt_am == first.bestaetigt_am
    late, late_token = join(termine, email="b@example.org")
    with at(24, 8, 1), pytest.raises(LinkUngueltig):
        warteliste.confirm(late_token)
    assert refreshed(late).status == Status.UNBESTAETIGT


def test_an_unknown_or_overlong_token_is_no_entry(db):
    for token in ["", "x" * 101, "unbekannt"]:
        with pytest.raises(LinkUngueltig):
            warteliste.get_by_token(token)


# A seat frees up


def test_a_cancellation_offers_the_seat_to_the_first_confirmed_entry(
    fully_booked, termine, settings, django_capture_on_commit_callbacks
):
    settings.SPRECHSTUNDEN_WARTELISTE_HALTEN_MINUTEN = 120
    early, early_token = join(termine, email="early@example.org")  # joins first ...
    with at(23, 8, 5):
        second, _ = waiting(termine, "second@example.org")  # ... but this one confirms first
    with at(23, 8, 10):
        warteliste.confirm(early_token)
    mail.outbox.clear()
    with at(23, 9), django_capture_on_commit_callbacks(execute=True):
        cancel_buchung(fully_booked[1])  # Thursday 9:30
    second.refresh_from_db()
    assert second.status == Status.HAELT
    assert second.termin == slot(26, 9, 30)
    assert second.halten_bis == datetime(2026, 11, 23, 11, 0, tzinfo=BERLIN)
    assert refreshed(early).status == Status.WARTET
    offers = [m for m in mail.outbox if m.to == ["second@example.org"]]
    assert len(offers) == 1
    assert offers[0].subject == "Ein Termin ist frei geworden: bitte bis 11:00 Uhr buchen"
    assert "Donnerstag, 26. November 2026, 09:30–10:00 Uhr" in offers[0].body
    assert "/sprechstunden/warteliste/" in offers[0].body


def test_nobody_else_can_take_a_held_seat(fully_booked, termine, thema, planer):
    waiting(termine, "wartend@example.org")
    held = fully_booked[0].termin
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(held.pk)
    assert held not in Termin.objects.bookable()
    assert Termin.objects.with_belegt().get(pk=held.pk).belegt == 1
    with pytest.raises(TerminBelegt):
        book(held, thema, email="andere@example.org")
    with pytest.raises(TerminBelegt):
        book_termin(held.pk, BuchungsDaten(thema=thema, telefon="07127 1234"), by=planer)
    elsewhere, _ = book(slot(30, 9), thema, email="umbucher@example.org")
    with pytest.raises(TerminBelegt):
        move_buchung(elsewhere, held.pk)


def test_the_holder_books_the_seat_and_is_confirmed_with_the_address_they_confirmed(
    fully_booked, termine, thema, django_capture_on_commit_callbacks
):
    eintrag, _ = waiting(termine, "wartend@example.org")
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        buchung, _token = warteliste.book_held(
            refreshed(eintrag), BuchungsDaten(thema=thema, email="WARTEND@example.org")
        )
    assert buchung.status == BuchungStatus.BESTAETIGT
    assert buchung.termin_id == fully_booked[0].termin_id
    eintrag.refresh_from_db()
    assert eintrag.status == Status.GEBUCHT
    assert eintrag.buchung == buchung
    assert mail.outbox[0].subject == "Ihr Termin in der Sprechstunde ist bestätigt"
    # The offer is used up.
    with pytest.raises(AngebotAbgelaufen):
        warteliste.book_held(eintrag, BuchungsDaten(thema=thema, email="x@example.org"))


def test_booked_with_another_address_the_seat_is_reserved_as_usual(fully_booked, termine, thema):
    eintrag, _ = waiting(termine, "wartend@example.org")
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    buchung, _ = warteliste.book_held(
        refreshed(eintrag), BuchungsDaten(thema=thema, email="anders@example.org")
    )
    assert buchung.status == BuchungStatus.RESERVIERT


def test_an_offer_that_ran_out_cannot_be_booked_and_passes_to_the_next_entry(
    fully_booked, termine, thema, settings, django_capture_on_commit_callbacks
):
    settings.SPRECHSTUNDEN_WARTELISTE_HALTEN_MINUTEN = 60
    first, _ = waiting(termine, "first@example.org")
    with at(23, 8, 1):
        second, _ = waiting(termine, "second@example.org")
    with at(23, 9):
        cancel_buchung(fully_booked[0])
        warteliste.offer_slot(fully_booked[0].termin_id)
    assert refreshed(first).halten_bis == datetime(2026, 11, 23, 10, tzinfo=BERLIN)
    with at(23, 10, 1):
        with pytest.raises(AngebotAbgelaufen):
            warteliste.book_held(refreshed(first), BuchungsDaten(thema=thema, email="a@b.de"))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = warteliste.process()
    assert (result.verpasst, result.angeboten) == (1, 1)
    assert refreshed(first).status == Status.VERPASST
    second.refresh_from_db()
    assert second.status == Status.HAELT
    assert second.termin_id == fully_booked[0].termin_id
    assert [m.to for m in mail.outbox] == [["second@example.org"]]


def test_an_entry_for_another_day_is_not_offered_the_seat(fully_booked, termine, thema, planer):
    # Monday 30 November booked out as well, and somebody waits for it.
    for termin in Termin.objects.filter(beginn__date=date(2026, 11, 30)):
        book_termin(termin.pk, BuchungsDaten(thema=thema), by=planer, kanal=Kanal.TELEFON)
    montag, _ = waiting(termine, "montag@example.org", tag=date(2026, 11, 30))
    cancel_buchung(fully_booked[0])
    assert warteliste.offer_slot(fully_booked[0].termin_id) == []
    assert refreshed(montag).status == Status.WARTET


def test_a_phone_entry_becomes_a_call_task_for_the_counsellors(
    fully_booked, termine, beratung_im_vormittag, beratung_diakonie
):
    eintrag, _ = join(termine, telefon="07127 9770 12", name="Herr K.")
    cancel_buchung(fully_booked[0])
    assert warteliste.offer_slot(fully_booked[0].termin_id) == [eintrag]
    assert list(call_tasks(beratung_im_vormittag)) == [eintrag]
    assert list(call_tasks(beratung_diakonie)) == []


def test_a_phone_offer_is_passed_on_when_nobody_answers(fully_booked, termine):
    called, _ = join(termine, telefon="07127 9770 12")
    with at(23, 8, 1):
        nxt, _ = waiting(termine, "next@example.org")
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    warteliste.pass_on(refreshed(called))
    assert refreshed(called).status == Status.VERPASST
    warteliste.offer_slot(fully_booked[0].termin_id)  # what the commit hook does
    assert refreshed(nxt).status == Status.HAELT
    with pytest.raises(AngebotAbgelaufen):
        warteliste.pass_on(refreshed(called))


def test_a_hold_never_lasts_past_the_end_of_online_booking(termine, thema, settings, planer):
    settings.SPRECHSTUNDEN_WARTELISTE_HALTEN_MINUTEN = 600
    # Monday 23 November: the 10:30 slot is the last one; notice is two hours.
    for termin in Termin.objects.filter(beginn__date=date(2026, 11, 23)):
        book_termin(termin.pk, BuchungsDaten(thema=thema), by=planer, kanal=Kanal.TELEFON)
    eintrag, _ = waiting(termine, "heute@example.org", tag=date(2026, 11, 23))
    last = Buchung.objects.get(termin=slot(23, 10, 30))
    cancel_buchung(last, by=planer)
    warteliste.offer_slot(last.termin_id)
    assert refreshed(eintrag).halten_bis == datetime(2026, 11, 23, 8, 30, tzinfo=BERLIN)


def test_a_held_slot_that_is_cancelled_lets_its_entry_wait_again_in_its_place(
    fully_booked, termine, planer
):
    eintrag, _ = waiting(termine, "wartend@example.org")
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    cancel_termin(fully_booked[0].termin, "Krankheit", by=planer)
    warteliste.process()
    eintrag.refresh_from_db()
    assert eintrag.status == Status.WARTET
    assert eintrag.termin is None


# Other ways a seat frees up


def test_a_lapsed_reservation_offers_its_seat(termine, thema, django_capture_on_commit_callbacks):
    from sprechstunden.services.periodic import expire_reservations

    for i, (hour, minute) in enumerate([(9, 0), (9, 30), (10, 0)]):
        book_termin(slot(26, hour, minute).pk, BuchungsDaten(thema=thema, telefon=f"0712797{i}0"))
    book(slot(26, 10, 30), thema, email="vergisst@example.org")  # never confirms
    eintrag, _ = waiting(termine, "wartend@example.org")
    with at(23, 8, 31), django_capture_on_commit_callbacks(execute=True):
        assert expire_reservations() == 1
    eintrag.refresh_from_db()
    assert eintrag.status == Status.HAELT
    assert eintrag.termin == slot(26, 10, 30)


def test_moving_a_booking_offers_the_seat_left_behind(
    fully_booked, termine, django_capture_on_commit_callbacks
):
    eintrag, _ = waiting(termine, "wartend@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        move_buchung(fully_booked[2], slot(30, 9).pk)
    assert refreshed(eintrag).termin == slot(26, 10)


def test_withdrawing_a_held_offer_passes_it_on_and_deletes_the_data(
    fully_booked, termine, django_capture_on_commit_callbacks
):
    first, _ = waiting(termine, "first@example.org", name="Erste")
    with at(23, 8, 1):
        second, _ = waiting(termine, "second@example.org")
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    with django_capture_on_commit_callbacks(execute=True):
        warteliste.withdraw(refreshed(first))
    first.refresh_from_db()
    assert first.status == Status.ABGEMELDET
    assert (first.name, first.email, first.telefon) == ("", "", "")
    assert refreshed(second).status == Status.HAELT


# Ending and deleting


def test_entries_end_with_their_day_and_unconfirmed_ones_after_a_day(
    fully_booked, termine, settings
):
    settings.SPRECHSTUNDEN_WARTELISTE_TAGE = 14
    day, _ = waiting(termine, "tag@example.org")
    unconfirmed, _ = join(termine, email="spaeter@example.org")
    with at(24, 8, 1):
        assert warteliste.process(dry_run=True).abgelaufen == 1
        assert warteliste.process().abgelaufen == 1
    assert refreshed(unconfirmed).status == Status.ABGELAUFEN
    assert refreshed(day).status == Status.WARTET
    with at(26, 23, 59):
        assert warteliste.process().abgelaufen == 0
    with at(27, 0, 0):
        assert warteliste.process().abgelaufen == 1
    assert refreshed(day).status == Status.ABGELAUFEN


def test_an_entry_for_any_day_waits_the_days_of_the_setting(
    fully_booked, termine, planer, settings
):
    settings.SPRECHSTUNDEN_WARTELISTE_TAGE = 10
    for termin in Termin.objects.exclude(beginn__date=DONNERSTAG).filter(sprechstunde=termine):
        cancel_termin(termin, "Urlaub", by=planer)
    eintrag, _ = waiting(termine, "irgendwann@example.org", tag=None)
    assert eintrag.gueltig_bis == datetime(2026, 12, 3, 8, tzinfo=BERLIN)


def test_purge_deletes_the_data_of_ended_entries_and_keeps_them_as_a_count(fully_booked, termine):
    ended, _ = waiting(termine, "ende@example.org", name="Ende")
    still, _ = waiting(termine, "bleibt@example.org")
    Wartelisteneintrag.objects.filter(pk=ended.pk).update(status=Status.ABGELAUFEN)
    assert LogEntry.objects.get_for_object(ended).exists()
    assert warteliste.purge_personal_data(dry_run=True) == 1
    assert warteliste.purge_personal_data() == 1
    assert warteliste.purge_personal_data() == 0
    ended.refresh_from_db()
    assert (ended.name, ended.email, ended.telefon) == ("", "", "")
    assert refreshed(still).email == "bleibt@example.org"
    assert Wartelisteneintrag.objects.count() == 2
    for entry in LogEntry.objects.get_for_object(ended):
        assert "ende@example.org" not in str(entry.changes)


def test_the_retention_command_deletes_waiting_list_data(fully_booked, termine):
    ended, _ = waiting(termine, "ende@example.org")
    Wartelisteneintrag.objects.filter(pk=ended.pk).update(status=Status.GEBUCHT)
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Warteliste" in out.getvalue()
    assert refreshed(ended).email == ""


def test_the_command_offers_free_seats_and_is_idempotent(fully_booked, termine, settings):
    eintrag, _ = waiting(termine, "wartend@example.org")
    # A seat freed without the hook running (no commit hook in this test).
    cancel_buchung(fully_booked[3])
    out = StringIO()
    call_command("process_waiting_list", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Probelauf: 0 Angebote abgelaufen, 0 Einträge beendet, 1")
    assert refreshed(eintrag).status == Status.WARTET
    out = StringIO()
    call_command("process_waiting_list", stdout=out)
    assert "1 Plätze angeboten" in out.getvalue()
    assert refreshed(eintrag).termin == slot(26, 10, 30)
    out = StringIO()
    call_command("process_waiting_list", stdout=out)
    assert "0 Plätze angeboten" in out.getvalue()


def test_a_cancellation_without_anybody_waiting_costs_one_query(
    fully_booked, termine, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert warteliste.offer_freed_seat(fully_booked[0].termin_id) == []


def test_the_offer_mail_is_not_sent_once_the_offer_has_ended(
    fully_booked, termine, django_capture_on_commit_callbacks
):
    from sprechstunden import notifications_warteliste as mails

    eintrag, _ = waiting(termine, "wartend@example.org")
    cancel_buchung(fully_booked[0])
    warteliste.offer_slot(fully_booked[0].termin_id)
    Wartelisteneintrag.objects.filter(pk=eintrag.pk).update(status=Status.VERPASST)
    assert mails.build_from_outbox({"eintrag": eintrag.pk, "template": mails.ANGEBOT}) is None
    Wartelisteneintrag.objects.filter(pk=eintrag.pk).update(status=Status.HAELT)
    message = mails.build_from_outbox({"eintrag": eintrag.pk, "template": mails.ANGEBOT})
    assert message.to == ["wartend@example.org"]
    assert "bitte bis 10:00 Uhr buchen" in message.subject
