"""The services behind the outreach visits: workflow rules, outcome, retention."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Beratungskontakt, Hausbesuch, HausbesuchStatus
from sprechstunden.services.hausbesuch import (
    AnfrageDaten,
    Ergebnis,
    HausbesuchFehler,
    assign,
    close_visit,
    mark_not_reached,
    mark_visited,
    purge_closed_visits,
    purge_stale_visits,
    request_visit,
)
from tests.sprechstunden.conftest import BERLIN


@pytest.fixture
def ortsteil(pliezhausen):
    return Gebiet.objects.create(name="Gniebel", art=GebietArt.STADTTEIL, eltern=pliezhausen)


@pytest.fixture
def anfrage(ortsteil, thema):
    return request_visit(
        AnfrageDaten(name="Herr Petrov", gebiet=ortsteil, anliegen=thema, telefon="07127 1")
    )


def morgen():
    return datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN)


def test_a_request_needs_a_way_to_reach_the_person(ortsteil, thema):
    with pytest.raises(HausbesuchFehler, match="Telefonnummer"):
        request_visit(AnfrageDaten(name="X", gebiet=ortsteil, anliegen=thema))
    assert not Hausbesuch.objects.exists()


def test_the_full_workflow_ends_in_one_anonymous_contact(
    anfrage, planer, beratung, traeger, thema, ortsteil, jetzt
):
    assign(anfrage, zugewiesen=beratung, partner=traeger, geplant_am=morgen(), by=planer)
    mark_visited(anfrage)
    ergebnis = Ergebnis(thema=thema, erstkontakt=True, datum=date(2026, 11, 23))
    closed = close_visit(anfrage, by=beratung, ergebnis=ergebnis)
    assert closed.status == HausbesuchStatus.ABGESCHLOSSEN
    kontakt = Beratungskontakt.objects.get()
    assert (kontakt.gebiet, kontakt.anlaufstelle, kontakt.sprechstunde) == (ortsteil, None, None)
    assert kontakt.art == Beratungskontakt.Art.HAUSBESUCH
    assert kontakt.datum == date(2026, 11, 23)


def test_only_sozialplanung_assigns(anfrage, beratung, jetzt):
    with pytest.raises(HausbesuchFehler, match="Nur die Sozialplanung"):
        assign(anfrage, zugewiesen=beratung, geplant_am=morgen(), by=beratung)
    anfrage.refresh_from_db()
    assert anfrage.status == HausbesuchStatus.NEU


def test_only_a_counsellor_can_be_assigned(anfrage, planer, ortsleitung, jetzt):
    with pytest.raises(HausbesuchFehler, match="Beratungsfachkraft"):
        assign(anfrage, zugewiesen=ortsleitung, geplant_am=morgen(), by=planer)


def test_a_date_in_the_past_is_refused(anfrage, planer, beratung, jetzt):
    with pytest.raises(HausbesuchFehler, match="Vergangenheit"):
        assign(anfrage, zugewiesen=beratung, geplant_am=jetzt - timedelta(hours=1), by=planer)


@pytest.mark.parametrize("step", [mark_visited, mark_not_reached])
def test_visited_or_not_reached_need_a_planned_visit(anfrage, step):
    with pytest.raises(HausbesuchFehler):
        step(anfrage)
    anfrage.refresh_from_db()
    assert anfrage.status == HausbesuchStatus.NEU


def test_after_a_visit_closing_needs_the_outcome(anfrage, planer, beratung, jetzt):
    assign(anfrage, zugewiesen=beratung, geplant_am=morgen(), by=planer)
    mark_visited(anfrage)
    with pytest.raises(HausbesuchFehler, match="Ergebnis"):
        close_visit(anfrage, by=beratung)
    anfrage.refresh_from_db()
    assert anfrage.status == HausbesuchStatus.BESUCHT


def test_without_a_visit_there_is_no_outcome(anfrage, beratung, thema, jetzt):
    ergebnis = Ergebnis(thema=thema, erstkontakt=True, datum=date(2026, 11, 23))
    with pytest.raises(HausbesuchFehler, match="stattgefunden"):
        close_visit(anfrage, by=beratung, ergebnis=ergebnis)
    assert not Beratungskontakt.objects.exists()


def test_a_closed_visit_cannot_be_closed_twice(anfrage, beratung):
    close_visit(anfrage, by=beratung)
    with pytest.raises(HausbesuchFehler, match="bereits abgeschlossen"):
        close_visit(anfrage, by=beratung)


def test_personal_data_is_deleted_after_the_retention_period(anfrage, beratung, settings):
    # Home visits have a period of their own; the bookings' must not count.
    settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE = 5
    settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE = 40
    daten = AnfrageDaten(
        name="Frau Offen", gebiet=anfrage.gebiet, anliegen=anfrage.anliegen, email="o@x.de"
    )
    other = request_visit(daten)
    closed_at = datetime(2026, 1, 10, 12, 0, tzinfo=BERLIN)
    with time_machine.travel(closed_at, tick=False):
        close_visit(anfrage, by=beratung)
    content_type = ContentType.objects.get_for_model(Hausbesuch)
    assert LogEntry.objects.filter(content_type=content_type, object_pk=str(anfrage.pk)).exists()

    days = settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE
    just_before = closed_at + timedelta(days=days) - timedelta(minutes=1)
    assert purge_closed_visits(just_before) == 0
    after = closed_at + timedelta(days=days, minutes=1)
    assert purge_closed_visits(after, dry_run=True) == 1
    assert Hausbesuch.objects.count() == 2
    assert purge_closed_visits(after) == 1
    assert list(Hausbesuch.objects.all()) == [other]
    for entry in LogEntry.objects.filter(content_type=content_type, object_pk=str(anfrage.pk)):
        assert "Petrov" not in str(entry.changes) + entry.changes_text + entry.object_repr
    assert purge_closed_visits(after) == 0


EINGANG = datetime(2026, 1, 10, 12, 0, tzinfo=BERLIN)


def stale_request(ortsteil, thema, name="Frau Vergessen"):
    with time_machine.travel(EINGANG, tick=False):
        return request_visit(
            AnfrageDaten(name=name, gebiet=ortsteil, anliegen=thema, telefon="07127 12345")
        )


def test_a_request_nobody_closes_is_deleted_after_the_maximum_age(ortsteil, thema, settings):
    settings.HAUSBESUCH_HOECHSTALTER_TAGE = 365
    hausbesuch = stale_request(ortsteil, thema)
    content_type = ContentType.objects.get_for_model(Hausbesuch)
    assert LogEntry.objects.filter(content_type=content_type, object_pk=str(hausbesuch.pk)).exists()
    just_before = EINGANG + timedelta(days=365) - timedelta(minutes=1)
    after = EINGANG + timedelta(days=365, minutes=1)
    with time_machine.travel(just_before, tick=False):
        assert purge_stale_visits() == 0
    with time_machine.travel(after, tick=False):
        assert purge_stale_visits(dry_run=True) == 1
        assert Hausbesuch.objects.exists()
        assert purge_stale_visits() == 1
    assert not Hausbesuch.objects.exists()
    for entry in LogEntry.objects.filter(content_type=content_type, object_pk=str(hausbesuch.pk)):
        assert "Vergessen" not in str(entry.changes) + entry.changes_text + entry.object_repr


def test_a_visit_planned_within_the_maximum_age_is_kept(
    ortsteil, thema, planer, beratung, settings
):
    settings.HAUSBESUCH_HOECHSTALTER_TAGE = 365
    hausbesuch = stale_request(ortsteil, thema)
    planned = EINGANG + timedelta(days=300)
    with time_machine.travel(planned - timedelta(days=1), tick=False):
        assign(hausbesuch, zugewiesen=beratung, geplant_am=planned, by=planer)
    with time_machine.travel(EINGANG + timedelta(days=400), tick=False):
        assert purge_stale_visits() == 0
    with time_machine.travel(planned + timedelta(days=365, minutes=1), tick=False):
        assert purge_stale_visits() == 1


def test_the_maximum_age_leaves_closed_visits_to_their_retention_period(
    ortsteil, thema, beratung, settings
):
    settings.HAUSBESUCH_HOECHSTALTER_TAGE = 30
    settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE = 90
    hausbesuch = stale_request(ortsteil, thema)
    with time_machine.travel(EINGANG + timedelta(days=20), tick=False):
        close_visit(hausbesuch, by=beratung)
    with time_machine.travel(EINGANG + timedelta(days=60), tick=False):
        assert purge_stale_visits() == 0
        assert purge_closed_visits() == 0
    assert Hausbesuch.objects.exists()


def test_a_maximum_age_of_zero_deletes_nothing(ortsteil, thema, settings):
    settings.HAUSBESUCH_HOECHSTALTER_TAGE = 0
    stale_request(ortsteil, thema)
    with time_machine.travel(EINGANG + timedelta(days=3650), tick=False):
        assert purge_stale_visits() == 0
    assert Hausbesuch.objects.exists()


def test_purge_personal_data_runs_the_maximum_age_too(ortsteil, thema, settings):
    settings.HAUSBESUCH_HOECHSTALTER_TAGE = 365
    stale_request(ortsteil, thema)
    out = StringIO()
    with time_machine.travel(EINGANG + timedelta(days=366), tick=False):
        call_command("purge_personal_data", stdout=out)
    assert "Hausbesuche, nie abgeschlossen: 1" in out.getvalue()
    assert not Hausbesuch.objects.exists()


def test_the_audit_trail_keeps_nothing_of_the_persons_values(ortsteil, thema):
    hausbesuch = request_visit(
        AnfrageDaten(
            name="Frau Yilmaz",
            gebiet=ortsteil,
            anliegen=thema,
            email="ayse.yilmaz@example.net",
            adresse="Hauptstraße 3",
        )
    )
    entry = LogEntry.objects.get_for_object(hausbesuch).get()
    logged = str(entry.changes)
    for part in ("Yilmaz", "ilmaz", "example", "straße 3"):  # auditlog's own mask left halves
        assert part not in logged
    assert entry.changes_dict["name"] == ["", "***"]
