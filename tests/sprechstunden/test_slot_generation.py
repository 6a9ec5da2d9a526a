from datetime import date, datetime, time, timedelta

import time_machine
from django.core.management import call_command

from sprechstunden.models import Buchung, BuchungStatus, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import _insert_slots, generate_slots
from tests.sprechstunden.conftest import BERLIN


def local(termin):
    return termin.beginn.astimezone(BERLIN)


def test_it_creates_the_slots_of_the_horizon_in_local_time(vormittag, jetzt):
    plan = generate_slots(vormittag)
    termine = list(Termin.objects.filter(sprechstunde=vormittag))
    # 28 days from Monday 23 Nov: Mondays and Thursdays, 4 slots each (9:00 … 10:30)
    days = {local(t).date() for t in termine}
    assert len(days) == 9
    assert all(local(t).weekday() in (0, 3) for t in termine)
    assert plan.created == len(termine) == 36
    first = min(termine, key=lambda t: t.beginn)
    assert local(first) == datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    assert first.ende - first.beginn == timedelta(minutes=30)
    assert {local(t).time() for t in termine} == {time(9), time(9, 30), time(10), time(10, 30)}


def test_running_it_again_changes_nothing(vormittag, jetzt):
    generate_slots(vormittag)
    ids = set(Termin.objects.values_list("pk", flat=True))
    plan = generate_slots(vormittag)
    assert plan.created == plan.removed == 0
    assert set(Termin.objects.values_list("pk", flat=True)) == ids


def test_the_buffer_spaces_the_slots(vormittag, jetzt):
    vormittag.puffer_minuten = 15
    vormittag.save()
    generate_slots(vormittag)
    day = Termin.objects.filter(beginn__date=date(2026, 11, 23)).order_by("beginn")
    assert [local(t).time() for t in day] == [time(9), time(9, 45), time(10, 30)]


def test_slots_keep_local_time_across_the_change_to_summer_time(vormittag):
    vormittag.buchbar_tage = 60
    vormittag.save()
    with time_machine.travel(datetime(2027, 3, 15, 8, 0, tzinfo=BERLIN), tick=False):
        generate_slots(vormittag)
    before = Termin.objects.get(beginn=datetime(2027, 3, 25, 9, 0, tzinfo=BERLIN))
    after = Termin.objects.get(beginn=datetime(2027, 3, 29, 9, 0, tzinfo=BERLIN))
    assert before.beginn.astimezone(BERLIN).utcoffset() == timedelta(hours=1)
    assert before.beginn.astimezone(BERLIN).hour == after.beginn.astimezone(BERLIN).hour == 9
    assert after.beginn.astimezone(BERLIN).utcoffset() == timedelta(hours=2)


def test_validity_ends_the_slots(vormittag, jetzt):
    vormittag.gueltig_bis = date(2026, 11, 30)
    vormittag.save()
    generate_slots(vormittag)
    assert max(local(t).date() for t in Termin.objects.all()) == date(2026, 11, 30)


def test_a_schedule_change_removes_free_slots_but_never_booked_ones(vormittag, jetzt, thema):
    generate_slots(vormittag)
    thursday = Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    buchung, _token = book_termin(thursday.pk, BuchungsDaten(thema=thema, telefon="0712 1234"))
    vormittag.wochentage = [0]  # Thursdays are dropped
    vormittag.save()
    plan = generate_slots(vormittag)
    assert plan.betroffen == [thursday]
    assert Termin.objects.filter(pk=thursday.pk).exists()
    buchung.refresh_from_db()
    assert buchung.termin_id == thursday.pk
    assert buchung.status == BuchungStatus.ANFRAGE
    remaining = {local(t).weekday() for t in Termin.objects.exclude(pk=thursday.pk)}
    assert remaining == {0}


def test_more_capacity_reaches_existing_slots_but_never_below_seats_taken(vormittag, jetzt, thema):
    generate_slots(vormittag)
    termin = Termin.objects.get(beginn=datetime(2026, 12, 3, 10, 30, tzinfo=BERLIN))
    book_termin(termin.pk, BuchungsDaten(thema=thema, telefon="0712 1"))
    vormittag.kapazitaet = 3
    vormittag.save()
    generate_slots(vormittag)
    termin.refresh_from_db()
    assert termin.kapazitaet == 3
    vormittag.kapazitaet = 1
    vormittag.save()
    generate_slots(vormittag)
    termin.refresh_from_db()
    assert termin.kapazitaet == 1
    assert Buchung.objects.belegend().filter(termin=termin).count() == 1


def test_the_command_is_idempotent_and_has_a_dry_run(vormittag, jetzt):
    from io import StringIO

    out = StringIO()
    call_command("generate_slots", "--dry-run", stdout=out)
    assert "Probelauf: 36 Termine angelegt" in out.getvalue()
    assert not Termin.objects.exists()
    call_command("generate_slots", stdout=StringIO())
    out = StringIO()
    call_command("generate_slots", stdout=out)
    assert "0 Termine angelegt" in out.getvalue()
    assert Termin.objects.count() == 36


def test_a_second_run_later_the_same_day_inserts_nothing_twice(vormittag, jetzt):
    generate_slots(vormittag)
    count = Termin.objects.count()
    with time_machine.travel(datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN), tick=False):
        plan = generate_slots(vormittag)
    assert plan.created == plan.removed == 0
    assert Termin.objects.count() == count


def test_slots_a_parallel_run_inserted_meanwhile_are_skipped(vormittag, jetzt):
    """Rows that exist already are skipped (ON CONFLICT DO NOTHING, INSERT OR IGNORE)."""
    start = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    rows = [(start + timedelta(hours=h), start + timedelta(hours=h, minutes=30)) for h in range(3)]
    _insert_slots(vormittag, rows[:2])
    _insert_slots(vormittag, rows)
    termine = Termin.objects.filter(sprechstunde=vormittag).order_by("beginn")
    assert [(t.beginn, t.ende) for t in termine] == rows
    assert {(t.kapazitaet, t.abgesagt, t.absagegrund) for t in termine} == {(1, False, "")}
