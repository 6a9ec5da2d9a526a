"""Feedback is deleted after its retention period by ``purge_personal_data``, with its traces in
the audit trail; the audit trail never holds the text or the person."""

import datetime as dt
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from saarlouis_portal.barrierefreiheit.models import Rueckmeldung
from saarlouis_portal.barrierefreiheit.retention import purge_rueckmeldungen
from saarlouis_portal.konten.audit import REDACTED

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


def feedback(tage_alt: int, **extra) -> Rueckmeldung:
    return Rueckmeldung.objects.create(
        nachricht="Ich bin blind; der Knopf hat keinen Namen.",
        name="Kim Beispiel",
        email="kim@example.net",
        erstellt_am=NOW - dt.timedelta(days=tage_alt),
        **extra,
    )


def test_old_feedback_is_deleted_and_recent_feedback_kept(settings):
    settings.BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE = 365
    alt = feedback(366)
    alt_beantwortet = feedback(400, beantwortet_am=NOW - dt.timedelta(days=390))
    neu = feedback(364)
    assert purge_rueckmeldungen(NOW, dry_run=True) == 2
    assert Rueckmeldung.objects.count() == 3
    assert purge_rueckmeldungen(NOW) == 2
    assert list(Rueckmeldung.objects.all()) == [neu]
    for pk in (alt.pk, alt_beantwortet.pk):
        entries = LogEntry.objects.filter(object_pk=str(pk), content_type__model="rueckmeldung")
        assert entries.exists()
        assert {e.object_repr for e in entries} == {REDACTED}
    assert purge_rueckmeldungen(NOW) == 0


def test_the_retention_period_is_a_setting(settings):
    settings.BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE = 30
    feedback(31)
    feedback(29)
    assert purge_rueckmeldungen(NOW) == 1


def test_the_audit_trail_masks_the_text_and_the_person():
    rueckmeldung = feedback(1)
    logged = str(LogEntry.objects.get_for_object(rueckmeldung).get().changes)
    for part in ("blind", "Kim", "kim@", "example"):
        assert part not in logged


def test_purge_personal_data_runs_the_step(settings):
    settings.BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE = 365
    Rueckmeldung.objects.create(nachricht="alt", erstellt_am=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Rückmeldungen zur Barrierefreiheit: 1 gelöscht." in out.getvalue()
    assert not Rueckmeldung.objects.exists()
