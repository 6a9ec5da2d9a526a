"""The one access log of the portal (``saarlouis_portal.konten.zugriff``): auditlog ACCESS
entries with the kind of access, kept (and redacted) with the rest of the audit trail."""

import datetime

import pytest
from auditlog.models import LogEntry

from saarlouis_portal.konten.audit import REDACTED, redact_audit_trail
from saarlouis_portal.konten.zugriff import (
    ZugriffAktion,
    access_log,
    log_access,
    log_access_many,
)
from saarlouis_portal.stammdaten.models import Ansprechperson

pytestmark = pytest.mark.django_db

FRUEH = datetime.datetime(2026, 5, 4, 8, 0, tzinfo=datetime.UTC)
SPAETER = FRUEH + datetime.timedelta(hours=2)


@pytest.fixture
def person(traeger):
    return Ansprechperson.objects.create(organisation=traeger, vorname="Kim", nachname="Muster")


def test_an_access_is_an_audit_entry_with_who_when_and_what(person, planer):
    entry = log_access(person, planer, ZugriffAktion.AENDERN, zeitpunkt=FRUEH)
    entry.refresh_from_db()
    assert entry.action == LogEntry.Action.ACCESS
    assert (entry.actor, entry.actor_email, entry.timestamp) == (planer, planer.email, FRUEH)
    assert entry.additional_data == {"zugriff": "aendern"}
    assert entry.changes == {}


def test_the_access_log_of_an_object_newest_first_with_labels(person, planer, ortsleitung, traeger):
    log_access(person, planer, zeitpunkt=FRUEH)
    log_access(person, ortsleitung, ZugriffAktion.LOESCHEN, zeitpunkt=SPAETER)
    log_access(traeger, planer, zeitpunkt=SPAETER)  # another object
    person.save()  # a change: in the audit trail, not in the access log
    rows = list(access_log(person).values_list("zeitpunkt", "benutzer", "aktion", "aktion_label"))
    assert rows == [
        (SPAETER, ortsleitung.pk, "loeschen", "Daten gelöscht"),
        (FRUEH, planer.pk, "ansehen", "angesehen"),
    ]
    assert access_log(person).filter(benutzer=planer, aktion="ansehen").count() == 1
    assert access_log(person).first().actor == ortsleitung


def test_many_accesses_at_once_by_the_system(person, traeger):
    andere = Ansprechperson.objects.create(organisation=traeger, nachname="Zweite")
    log_access_many([person, andere], None, ZugriffAktion.LOESCHEN, zeitpunkt=FRUEH)
    for obj in (person, andere):
        assert list(access_log(obj).values_list("benutzer", "aktion", "zeitpunkt")) == [
            (None, "loeschen", FRUEH)
        ]


def test_redaction_keeps_the_access_log_but_not_the_name(person, planer):
    log_access(person, planer, zeitpunkt=FRUEH)
    change = LogEntry.objects.get_for_object(person).exclude(action=LogEntry.Action.ACCESS).get()
    LogEntry.objects.filter(pk=change.pk).update(additional_data={"name": "Kim Muster"})
    assert redact_audit_trail(Ansprechperson, [person.pk]) == 2
    zugriff = access_log(person).get()
    assert zugriff.object_repr == REDACTED
    assert (zugriff.benutzer, zugriff.aktion, zugriff.zeitpunkt) == (planer.pk, "ansehen", FRUEH)
    change.refresh_from_db()
    assert change.additional_data is None
    assert "Muster" not in str(list(LogEntry.objects.values_list("object_repr", "additional_data")))
