"""Members of a network: add (also a new organisation on the same screen), edit, remove."""

import pytest
from django.urls import reverse

from netzwerke.models import Mitgliedschaft
from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation, Sozialgesetzbuch

pytestmark = pytest.mark.django_db


def _daten(**extra):
    data = {
        "organisation": "",
        "neue_organisation": "",
        "neue_organisation_art": "",
        "rolle": "mitglied",
        "seit": "",
        "bis": "",
        "person_vorname": "",
        "person_nachname": "",
        "person_email": "",
        "person_telefon": "",
    }
    data.update(extra)
    return data


def test_an_existing_organisation_joins_with_all_its_contacts(
    client, koordination, netzwerk, caritas
):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:mitglied_create", args=[netzwerk.pk]),
        _daten(organisation=caritas.pk, seit="2025-01-01"),
    )
    assert response.status_code == 302
    mitglied = Mitgliedschaft.objects.get(netzwerk=netzwerk)
    assert mitglied.organisation == caritas
    assert [p.nachname for p in mitglied.ansprechpersonen.all()] == ["Kontakt"]


def test_a_new_organisation_is_created_from_the_same_screen(client, koordination, netzwerk):
    client.force_login(koordination)
    sgb = Sozialgesetzbuch.objects.get(nummer="II")
    response = client.post(
        reverse("netzwerke:mitglied_create", args=[netzwerk.pk]),
        _daten(
            neue_organisation="  Sprachschule   Saarlouis ",
            neue_organisation_art="verein",
            neue_organisation_sgb=[sgb.pk],
            person_nachname="Lehr",
            person_email="lehr@sprachschule.example",
        ),
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Sprachschule Saarlouis")
    assert list(org.sgb_buecher.all()) == [sgb]
    assert netzwerk.gebiet in org.gebiete.all()
    mitglied = Mitgliedschaft.objects.get(netzwerk=netzwerk, organisation=org)
    assert [p.email for p in mitglied.ansprechpersonen.all()] == ["lehr@sprachschule.example"]


@pytest.mark.parametrize(
    ("extra", "field_message"),
    [
        ({}, "Bitte wählen Sie eine Organisation aus oder legen Sie eine neue an."),
        ({"organisation": "999999"}, "gültige Auswahl"),
        ({"organisation": "abc"}, "gültige Auswahl"),
        ({"neue_organisation": "Neu e. V."}, "Bitte wählen Sie die Art"),
        ({"neue_organisation": "<b>Neu</b>", "neue_organisation_art": "verein"}, "ohne HTML"),
        ({"neue_organisation": "x" * 201, "neue_organisation_art": "verein"}, "höchstens 200"),
        ({"neue_organisation": "Neu", "neue_organisation_art": "erfunden"}, "gültige Auswahl"),
        (
            {
                "neue_organisation": "Neu",
                "neue_organisation_art": "verein",
                "seit": "2025-05-01",
                "bis": "2025-01-01",
            },
            "liegt vor ihrem Beginn",
        ),
        (
            {
                "neue_organisation": "Neu",
                "neue_organisation_art": "verein",
                "person_email": "a@b.example",
            },
            "Nachnamen",
        ),
        (
            {
                "neue_organisation": "Neu",
                "neue_organisation_art": "verein",
                "person_nachname": "X",
                "person_email": "kaputt",
            },
            "gültige E-Mail",
        ),
        (
            {
                "neue_organisation": "Neu",
                "neue_organisation_art": "verein",
                "person_nachname": "<script>x</script>",
            },
            "ohne HTML",
        ),
        (
            {"neue_organisation": "Neu", "neue_organisation_art": "verein", "seit": "gestern"},
            "gültiges Datum",
        ),
    ],
)
def test_bad_input_is_rejected(client, koordination, netzwerk, extra, field_message):
    client.force_login(koordination)
    orgs = Organisation.objects.count()
    response = client.post(
        reverse("netzwerke:mitglied_create", args=[netzwerk.pk]), _daten(**extra)
    )
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not Mitgliedschaft.objects.exists()
    assert Organisation.objects.count() == orgs
    assert not Ansprechperson.objects.filter(nachname="X").exists()


def test_an_existing_name_is_not_created_twice(client, koordination, netzwerk, caritas):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:mitglied_create", args=[netzwerk.pk]),
        _daten(neue_organisation="caritasverband saar-hochwald", neue_organisation_art="traeger"),
    )
    assert "gibt es schon" in response.content.decode()


def test_both_choices_at_once_are_rejected(client, koordination, netzwerk, caritas):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:mitglied_create", args=[netzwerk.pk]),
        _daten(
            organisation=caritas.pk, neue_organisation="Noch eine", neue_organisation_art="verein"
        ),
    )
    assert response.status_code == 200
    assert not Mitgliedschaft.objects.exists()


def test_a_member_cannot_join_twice(client, koordination, netzwerk, mitglied, caritas):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:mitglied_create", args=[netzwerk.pk]), _daten(organisation=caritas.pk)
    )
    assert "schon Mitglied" in response.content.decode()


def test_edit_narrows_contacts_to_the_organisation(client, koordination, mitglied, traeger):
    fremd = Ansprechperson.objects.create(organisation=traeger, nachname="Fremd")
    client.force_login(koordination)
    url = reverse("netzwerke:mitglied_update", args=[mitglied.pk])
    response = client.post(url, _daten(rolle="gast", ansprechpersonen=[fremd.pk]))
    assert "gültige Auswahl" in response.content.decode()
    response = client.post(url, _daten(rolle="gast", ansprechpersonen=[], bis="2030-01-01"))
    assert response.status_code == 302
    mitglied.refresh_from_db()
    assert mitglied.rolle == "gast"
    assert not mitglied.ansprechpersonen.exists()


def test_remove_needs_post(client, koordination, mitglied):
    client.force_login(koordination)
    url = reverse("netzwerke:mitglied_delete", args=[mitglied.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Mitgliedschaft.objects.exists()
    assert Organisation.objects.filter(pk=mitglied.organisation_id).exists()
