"""Attendance per person on the meeting page (issue 17), consistent with the attendance per
organisation that stays: a person ticked makes their organisation present, the last person of an
organisation unticked takes it out again, organisations ticked directly stay."""

import pytest
from django.urls import reverse

from netzwerke.models import Einladung, Mitgliedschaft, Treffen
from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation, OrganisationArt

pytestmark = pytest.mark.django_db


@pytest.fixture
def verein(netzwerk):
    """A second member whose only contact person has no e-mail (so is never invited)."""
    org = Organisation.objects.create(name="Sportverein Roden", art=OrganisationArt.VEREIN)
    m = Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=org)
    m.ansprechpersonen.add(Ansprechperson.objects.create(organisation=org, nachname="Ohne Mail"))
    return org


@pytest.fixture
def zora(einladung, treffen, mitglied, caritas):
    person = Ansprechperson.objects.create(
        organisation=caritas, vorname="Zora", nachname="Zwei", email="zora@caritas.example"
    )
    mitglied.ansprechpersonen.add(person)
    return Einladung.objects.create(treffen=treffen, person=person)


def post(client, treffen, *ids, follow=False):
    return client.post(
        reverse("netzwerke:treffen_anwesenheit", args=[treffen.pk]),
        {"anwesend": [str(i) for i in ids]},
        follow=follow,
    )


def test_a_person_ticked_makes_the_organisation_present(
    client, koordination, treffen, einladung, zora, caritas
):
    client.force_login(koordination)
    response = post(client, treffen, einladung.pk, follow=True)
    assert "1 Person anwesend" in response.content.decode()
    einladung.refresh_from_db()
    zora.refresh_from_db()
    assert einladung.anwesend
    assert not zora.anwesend
    assert list(treffen.anwesende.all()) == [caritas]
    html = response.content.decode()
    assert "1 Person als anwesend eingetragen." in html
    assert f'id="anwesend-{einladung.pk}" checked' in html


def test_unticking_the_last_person_takes_the_organisation_out(
    client, koordination, treffen, einladung, zora, caritas
):
    client.force_login(koordination)
    post(client, treffen, einladung.pk, zora.pk)
    post(client, treffen, zora.pk)
    assert list(treffen.anwesende.all()) == [caritas]  # Zora is still there
    post(client, treffen)
    assert not treffen.anwesende.exists()
    assert not Einladung.objects.filter(anwesend=True).exists()


def test_organisations_ticked_directly_stay(
    client, koordination, treffen, einladung, verein, caritas
):
    treffen.anwesende.add(verein)
    client.force_login(koordination)
    post(client, treffen, einladung.pk)
    post(client, treffen)
    assert list(treffen.anwesende.all()) == [verein]


def test_the_edit_form_keeps_organisations_with_persons_present(
    client, koordination, treffen, einladung, verein, caritas
):
    client.force_login(koordination)
    post(client, treffen, einladung.pk)
    daten = {
        "titel": treffen.titel,
        "beginn": "2026-12-10T18:00",
        "ende": "2026-12-10T20:00",
        "anwesende": [verein.pk],
    }
    response = client.post(reverse("netzwerke:treffen_update", args=[treffen.pk]), daten)
    assert response.status_code == 200
    assert "Von Caritasverband Saar-Hochwald sind Personen als anwesend eingetragen" in (
        response.content.decode()
    )
    assert list(treffen.anwesende.all()) == [caritas]
    daten["anwesende"] = [verein.pk, caritas.pk]
    assert (
        client.post(reverse("netzwerke:treffen_update", args=[treffen.pk]), daten).status_code
        == 302
    )
    assert set(treffen.anwesende.all()) == {verein, caritas}


@pytest.mark.parametrize("wert", ["abc", "<script>alert(1)</script>", "1" * 30, "-1"])
def test_bad_input_saves_nothing(client, koordination, treffen, einladung, wert):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:treffen_anwesenheit", args=[treffen.pk]),
        {"anwesend": [str(einladung.pk), wert]},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die Anwesenheit wurde nicht gespeichert" in html
    assert "<script>alert(1)" not in html
    einladung.refresh_from_db()
    assert not einladung.anwesend
    assert not treffen.anwesende.exists()


def test_invitations_of_another_meeting_are_refused(
    client, koordination, treffen, einladung, netzwerk
):
    anderes = Treffen.objects.create(
        netzwerk=netzwerk, titel="Anderes", beginn=treffen.beginn, ende=treffen.ende
    )
    fremde = Einladung.objects.create(treffen=anderes, person=einladung.person)
    client.force_login(koordination)
    response = post(client, treffen, einladung.pk, fremde.pk, follow=True)
    assert "Die Anwesenheit wurde nicht gespeichert" in response.content.decode()
    assert not Einladung.objects.filter(anwesend=True).exists()
    assert not treffen.anwesende.exists()
    assert not anderes.anwesende.exists()


def test_only_who_may_change_the_network_ticks(
    client, beratung, koordination, treffen, einladung, fremdes_netzwerk
):
    assert post(client, treffen, einladung.pk).status_code == 302  # to the login page
    client.force_login(beratung)
    assert post(client, treffen, einladung.pk).status_code == 403
    html = client.get(reverse("netzwerke:treffen_detail", args=[treffen.pk])).content.decode()
    assert 'name="anwesend"' not in html
    assert "Clara" in html  # the replies are visible, read-only
    client.force_login(koordination)
    url = reverse("netzwerke:treffen_anwesenheit", args=[treffen.pk])
    assert client.get(url).status_code == 405
    treffen.netzwerk = fremdes_netzwerk
    treffen.save()
    assert post(client, treffen, einladung.pk).status_code == 404
    einladung.refresh_from_db()
    assert not einladung.anwesend
