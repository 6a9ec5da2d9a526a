"""Retention: closed requests and helpers who left lose their personal data after the period
(through ``purge_personal_data``); a helper's data can be deleted on request by staff."""

import datetime
import io

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from saarlouis_portal.konten.audit import REDACTED
from saarlouis_portal.konten.zugriff import ZugriffAktion, log_access
from saarlouis_portal.stammdaten.models import Sprache
from sorgekreise import retention
from sorgekreise.models import (
    AnfrageStatus,
    HelfendeStatus,
    Vermittlung,
    VermittlungStatus,
)

from .conftest import make_anfrage

BERLIN = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2026, 11, 26, 3, 0, tzinfo=BERLIN)


def _close(anfrage, status, days_ago):
    anfrage.status = status
    anfrage.abgeschlossen_am = NOW - datetime.timedelta(days=days_ago)
    anfrage.save()


def test_closed_requests_lose_personal_data_after_the_period(
    anfrage, kreis, einkaufen, roden_nord, helfende, settings
):
    settings.SORGEKREISE_AUFBEWAHRUNG_TAGE = 30
    anfrage.zeitfenster = "dienstags"
    anfrage.email = "erika@example.net"
    _close(anfrage, AnfrageStatus.ERLEDIGT, 31)
    Vermittlung.objects.create(
        anfrage=anfrage,
        helfende=helfende,
        status=VermittlungStatus.ABGESCHLOSSEN,
        stunden=4,
        notiz="Frau Muster mag Kaffee",
    )
    log_access(anfrage, None, ZugriffAktion.ANSEHEN)
    recent = make_anfrage(kreis, einkaufen, roden_nord, name="Noch Da")
    _close(recent, AnfrageStatus.ZURUECKGEZOGEN, 29)
    still_open = make_anfrage(kreis, einkaufen, roden_nord, name="Offen Da")

    assert retention.purge(NOW, dry_run=True) == [
        ("Sorgekreise-Hilfeanfragen", 1),
        ("Sorgekreise-Helfende", 0),
    ]
    anfrage.refresh_from_db()
    assert anfrage.name == "Erika Muster"  # a dry run changes nothing

    assert retention.purge_requests(NOW) == 1
    anfrage.refresh_from_db()
    assert (anfrage.name, anfrage.telefon, anfrage.email, anfrage.notiz, anfrage.zeitfenster) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert anfrage.anonymisiert_am == NOW
    # What the statistics count stays.
    assert (anfrage.art, anfrage.gebiet, anfrage.status) == (
        einkaufen,
        roden_nord,
        AnfrageStatus.ERLEDIGT,
    )
    vermittlung = anfrage.vermittlungen.get()
    assert vermittlung.notiz == ""
    assert vermittlung.stunden == 4
    # The earlier access stays; the deletion is logged, by nobody in particular.
    assert set(anfrage.zugriffe.values_list("aktion", "benutzer")) == {
        ("loeschen", None),
        ("ansehen", None),
    }
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.name == "Noch Da"
    assert still_open.name == "Offen Da"
    # Running again finds nothing more.
    assert retention.purge_requests(NOW) == 0


def test_the_audit_trail_of_anonymised_requests_is_redacted(anfrage, settings):
    settings.SORGEKREISE_AUFBEWAHRUNG_TAGE = 1
    _close(anfrage, AnfrageStatus.ERLEDIGT, 2)
    entries = LogEntry.objects.get_for_object(anfrage)
    retention.purge_requests(NOW)
    for entry in entries:
        assert entry.object_repr == REDACTED
        assert entry.changes in ({}, None, "{}")
    assert "Erika" not in str(list(LogEntry.objects.values_list("changes", flat=True)))


def test_helpers_who_left_lose_personal_data_after_the_period(helfende, settings):
    settings.SORGEKREISE_AUFBEWAHRUNG_TAGE = 30
    helfende.sprachen.set(Sprache.objects.filter(code="tr"))
    helfende.status = HelfendeStatus.AUSGESCHIEDEN
    helfende.ausgeschieden_am = NOW - datetime.timedelta(days=31)
    helfende.save()
    assert retention.purge_helpers(NOW) == 1
    helfende.refresh_from_db()
    assert helfende.name == REDACTED
    assert (helfende.email, helfende.telefon, helfende.pruefung_notiz) == ("", "", "")
    assert helfende.anonymisiert_am == NOW
    assert not helfende.sprachen.exists()
    assert not helfende.verfuegbarkeiten.exists()
    assert helfende.faehigkeiten.exists()  # counted in the statistics


def test_active_and_recently_left_helpers_are_kept(helfende, settings):
    settings.SORGEKREISE_AUFBEWAHRUNG_TAGE = 30
    assert retention.purge_helpers(NOW) == 0
    helfende.status = HelfendeStatus.AUSGESCHIEDEN
    helfende.ausgeschieden_am = NOW - datetime.timedelta(days=5)
    helfende.save()
    assert retention.purge_helpers(NOW) == 0


def test_purge_personal_data_runs_the_sorgekreise_step(anfrage, settings):
    settings.SORGEKREISE_AUFBEWAHRUNG_TAGE = 1
    anfrage.status = AnfrageStatus.ZURUECKGEZOGEN
    anfrage.abgeschlossen_am = timezone.now() - datetime.timedelta(days=2)
    anfrage.save()
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Sorgekreise-Hilfeanfragen: 1 gelöscht." in out.getvalue()
    anfrage.refresh_from_db()
    assert anfrage.anonymisiert_am is not None


# The staff action "Daten löschen"


def test_deleting_a_helper_ends_running_matches_and_reopens_the_request(
    client, ortsleitung, helfende, anfrage
):
    vermittlung = Vermittlung.objects.create(
        anfrage=anfrage, helfende=helfende, status=VermittlungStatus.ANGENOMMEN
    )
    anfrage.status = AnfrageStatus.VERMITTELT
    anfrage.save()
    url = reverse("sorgekreise:helfende_loeschen", args=[helfende.pk])
    # Logged in at the travelled time too: a session started at the real date would have
    # expired (or not begun) by then, whichever way the clock stands.
    with time_machine.travel(NOW, tick=False):
        client.force_login(ortsleitung)
        page = client.get(url)
        assert page.status_code == 200
        assert "1 laufende Vermittlung endet" in page.content.decode()
        response = client.post(url)
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("account_login"))
    helfende.refresh_from_db()
    assert helfende.name == REDACTED
    assert helfende.status == HelfendeStatus.AUSGESCHIEDEN
    assert helfende.anonymisiert_am == NOW
    vermittlung.refresh_from_db()
    assert vermittlung.status == VermittlungStatus.ABGESCHLOSSEN
    anfrage.refresh_from_db()
    assert anfrage.status == AnfrageStatus.OFFEN
    assert anfrage.zugriffe.filter(benutzer=ortsleitung, aktion="vermitteln").exists()
    # A second visit says it is done already.
    assert client.get(url).status_code == 302


def test_deleting_is_refused_outside_the_scope(
    client, ortsleitung, koordination, anderer_kreis, helfende
):
    from .conftest import make_helfende

    fremde = make_helfende(anderer_kreis, name="Fremde Person")
    client.force_login(ortsleitung)
    assert (
        client.post(reverse("sorgekreise:helfende_loeschen", args=[fremde.pk])).status_code == 404
    )
    client.force_login(koordination)
    url = reverse("sorgekreise:helfende_loeschen", args=[helfende.pk])
    assert client.post(url).status_code == 403
    fremde.refresh_from_db()
    helfende.refresh_from_db()
    assert fremde.anonymisiert_am is None
    assert helfende.anonymisiert_am is None


def test_deleting_needs_a_login(client, helfende):
    url = reverse("sorgekreise:helfende_loeschen", args=[helfende.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    helfende.refresh_from_db()
    assert helfende.anonymisiert_am is None


@pytest.mark.parametrize("method", ["put", "delete"])
def test_deleting_refuses_other_methods(client, planer, helfende, method):
    client.force_login(planer)
    url = reverse("sorgekreise:helfende_loeschen", args=[helfende.pk])
    assert getattr(client, method)(url).status_code == 405
