from auditlog.models import LogEntry
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Ansprechperson, OrganisationArt


def test_changes_through_the_pages_are_recorded_with_the_actor(client, koordination, traeger):
    client.force_login(koordination)
    url = reverse("stammdaten:organisation_update", kwargs={"pk": traeger.pk})
    client.post(url, {"name": traeger.name, "art": OrganisationArt.TRAEGER, "ort": "Roden"})
    entry = LogEntry.objects.get_for_object(traeger).latest("timestamp")
    assert entry.actor == koordination
    assert entry.changes_dict["ort"] == ["", "Roden"]


def test_personal_fields_of_contact_people_are_masked(traeger):
    person = Ansprechperson.objects.create(
        organisation=traeger, vorname="Kim", nachname="Beispiel", email="kim@example.org"
    )
    entry = LogEntry.objects.get_for_object(person).get()
    logged = str(entry.changes)
    # Not even a part of the value (auditlog's own mask keeps the second half: "****spiel").
    for part in ("kim@", "example", "spiel", "Kim"):
        assert part not in logged
    assert entry.changes_dict["nachname"] == ["", "***"]
    assert entry.changes_dict["email"] == ["", "***"]
    person.email = ""
    person.save()
    cleared = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert cleared.changes_dict["email"] == ["***", ""]  # that it was removed stays visible


def test_role_changes_of_accounts_are_recorded(planer, outsider):
    from django.contrib.auth.models import Group

    outsider.groups.add(Group.objects.get(name="Beratung"))
    entries = LogEntry.objects.get_for_object(outsider)
    assert any("groups" in (e.changes_dict or {}) for e in entries)


def test_redaction_removes_every_trace_of_the_person_but_keeps_the_fact(traeger, koordination):
    from saarlouis_portal.konten.audit import REDACTED, redact_audit_trail

    person = Ansprechperson.objects.create(organisation=traeger, vorname="Kim", nachname="Muster")
    person.funktion = "Leitung"
    person.save()
    other = Ansprechperson.objects.create(organisation=traeger, nachname="Bleibt")
    assert redact_audit_trail(Ansprechperson, [person.pk]) == 2
    for entry in LogEntry.objects.get_for_object(person):
        assert entry.object_repr == REDACTED
        assert entry.changes in ({}, None, "{}")
        assert "Muster" not in str(entry.__dict__)
    assert "Bleibt" in LogEntry.objects.get_for_object(other).get().object_repr
