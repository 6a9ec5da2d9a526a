import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation, OrganisationArt


def create_url(org):
    return reverse("stammdaten:ansprechperson_create", kwargs={"pk": org.pk})


def test_an_editor_adds_a_contact_person(client, ortsleitung, traeger):
    client.force_login(ortsleitung)
    response = client.post(
        create_url(traeger), {"vorname": "Kim", "nachname": "Beispiel", "email": "kim@example.org"}
    )
    assert response.status_code == 302
    assert traeger.ansprechpersonen.get().nachname == "Beispiel"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"nachname": ""}, "nachname", "zwingend erforderlich"),
        ({"nachname": "x" * 81}, "nachname", "höchstens 80 Zeichen"),
        ({"nachname": "<script>alert(1)</script>"}, "nachname", "HTML"),
        ({"nachname": "Beispiel", "email": "kim-at-example"}, "email", "gültige E-Mail"),
        ({"nachname": "Beispiel", "telefon": "0800 EINS"}, "telefon", "gültige Telefonnummer"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, planer, traeger, data, field, message
):
    client.force_login(planer)
    response = client.post(create_url(traeger), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Ansprechperson.objects.exists()


def test_read_only_roles_may_not_add_people(client, berichtswesen, traeger):
    client.force_login(berichtswesen)
    assert client.post(create_url(traeger), {"nachname": "X"}).status_code == 403
    assert not Ansprechperson.objects.exists()


def test_a_person_of_another_organisation_cannot_be_reached_through_this_one(
    client, planer, traeger
):
    other = Organisation.objects.create(name="Anderer Träger", art=OrganisationArt.VEREIN)
    person = other.ansprechpersonen.create(nachname="Fremd")
    client.force_login(planer)
    url = reverse(
        "stammdaten:ansprechperson_update", kwargs={"pk": traeger.pk, "person_pk": person.pk}
    )
    assert client.post(url, {"nachname": "Gekapert"}).status_code == 404
    delete = reverse(
        "stammdaten:ansprechperson_delete", kwargs={"pk": traeger.pk, "person_pk": person.pk}
    )
    assert client.post(delete).status_code == 404
    person.refresh_from_db()
    assert person.nachname == "Fremd"


def test_removing_a_person_also_redacts_the_audit_trail(client, planer, traeger):
    person = traeger.ansprechpersonen.create(vorname="Kim", nachname="Muster")
    client.force_login(planer)
    url = reverse(
        "stammdaten:ansprechperson_delete", kwargs={"pk": traeger.pk, "person_pk": person.pk}
    )
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Ansprechperson.objects.exists()
    entries = LogEntry.objects.filter(
        object_pk=str(person.pk), content_type__model="ansprechperson"
    )
    assert entries.count() == 2  # created, deleted
    assert all("Muster" not in e.object_repr for e in entries)
