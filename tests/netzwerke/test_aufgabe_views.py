"""Tasks of a network (issue 17): created from a meeting or the network page, edited, marked
done (when and by whom) or dropped; listed on the meeting, the network page and the task list,
overdue ones flagged in words; bad input refused at the field; query counts flat."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzwerke.models import Aufgabe, AufgabeStatus, Mitgliedschaft, Netzwerk, Treffen
from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation, OrganisationArt

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def heute():
    """The clock on 5 January 2027, 09:00 Berlin time."""
    with time_machine.travel(datetime(2027, 1, 5, 9, 0, tzinfo=BERLIN), tick=False):
        yield date(2027, 1, 5)


@pytest.fixture
def clara(mitglied):
    return mitglied.ansprechpersonen.get()


@pytest.fixture
def aufgabe(treffen, clara):
    return Aufgabe.objects.create(
        netzwerk=treffen.netzwerk,
        treffen=treffen,
        titel="Raum für das Sprachcafé anfragen",
        person=clara,
        faellig_am=date(2027, 1, 15),
    )


def daten(**extra):
    data = {"titel": "Flyer drucken", "faellig_am": "2027-01-20", "person": "", "organisation": ""}
    data.update(extra)
    return data


def test_a_coordinator_creates_a_task_from_the_meeting(client, heute, koordination, treffen, clara):
    client.force_login(koordination)
    html = client.get(reverse("netzwerke:treffen_detail", args=[treffen.pk])).content.decode()
    neu = reverse("netzwerke:treffen_aufgabe_create", args=[treffen.pk])
    assert neu in html
    form = client.get(neu).content.decode()
    assert "Clara Kontakt (Caritasverband Saar-Hochwald)" in form
    response = client.post(neu, daten(person=clara.pk))
    aufgabe = Aufgabe.objects.get()
    assert response["Location"] == (
        reverse("netzwerke:treffen_detail", args=[treffen.pk]) + "#aufgaben"
    )
    assert (aufgabe.netzwerk, aufgabe.treffen, aufgabe.person) == (treffen.netzwerk, treffen, clara)
    assert aufgabe.faellig_am == date(2027, 1, 20)
    assert aufgabe.status == AufgabeStatus.OFFEN
    assert aufgabe.erstellt_von == koordination
    html = client.get(response["Location"]).content.decode()
    assert "Flyer drucken" in html
    assert "20.01.2027" in html


def test_a_task_of_the_network_with_an_organisation(
    client, heute, koordination, netzwerk, caritas, mitglied
):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:aufgabe_create", args=[netzwerk.pk]), daten(organisation=caritas.pk)
    )
    aufgabe = Aufgabe.objects.get()
    assert aufgabe.treffen is None
    assert aufgabe.organisation == caritas
    assert response["Location"] == (
        reverse("netzwerke:netzwerk_detail", args=[netzwerk.pk]) + "#aufgaben"
    )
    html = client.get(response["Location"]).content.decode()
    assert "Flyer drucken" in html
    assert "Caritasverband Saar-Hochwald" in html.split('id="aufgaben"')[1]


@pytest.fixture
def fremde_person(fremdes_netzwerk):
    org = Organisation.objects.create(name="Fremder Verein", art=OrganisationArt.VEREIN)
    Mitgliedschaft.objects.create(netzwerk=fremdes_netzwerk, organisation=org)
    return Ansprechperson.objects.create(organisation=org, nachname="Fremd", email="f@example.org")


@pytest.mark.parametrize(
    ("extra", "feld", "meldung"),
    [
        ({"titel": ""}, "titel", "zwingend erforderlich"),
        ({"titel": "x" * 301}, "titel", "höchstens 300"),
        ({"titel": "<script>alert(1)</script>"}, "titel", "ohne HTML"),
        ({"faellig_am": ""}, "faellig_am", "zwingend erforderlich"),
        ({"faellig_am": "morgen"}, "faellig_am", "gültiges Datum"),
        ({"faellig_am": "1999-12-31"}, "faellig_am", "zwischen 2000"),
        ({"faellig_am": "2099-01-01"}, "faellig_am", "zwischen 2000"),
        ({}, "person", "Bitte wählen Sie, wer die Aufgabe übernimmt"),
        ({"person": "abc"}, "person", "gültige Auswahl"),
        ({"person": "99999999999999999999"}, "person", "gültige Auswahl"),
        ({"organisation": "<b>1</b>"}, "organisation", "gültige Auswahl"),
        ("fremde_person", "person", "gültige Auswahl"),
        ("traeger", "organisation", "gültige Auswahl"),
        ("beides", "organisation", "entweder eine Person oder eine Organisation"),
    ],
)
def test_bad_input_is_refused_at_the_field(
    client, heute, koordination, treffen, clara, caritas, traeger, request, extra, feld, meldung
):
    if extra == "fremde_person":  # a contact person of another network
        extra = {"person": request.getfixturevalue("fremde_person").pk}
    elif extra == "traeger":  # an organisation that is no member
        extra = {"organisation": traeger.pk}
    elif extra == "beides":
        extra = {"person": clara.pk, "organisation": caritas.pk}
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:treffen_aufgabe_create", args=[treffen.pk]), daten(**extra)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert any(meldung in fehler for fehler in form.errors[feld]), form.errors
    assert meldung in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    assert not Aufgabe.objects.exists()


def test_editing_a_task_and_its_status(client, heute, koordination, aufgabe, caritas):
    client.force_login(koordination)
    url = reverse("netzwerke:aufgabe_update", args=[aufgabe.pk])
    response = client.post(
        url,
        daten(
            titel="Raum anfragen",
            organisation=caritas.pk,
            faellig_am="2027-01-31",
            status="erledigt",
        ),
    )
    assert response.status_code == 302
    aufgabe.refresh_from_db()
    assert aufgabe.titel == "Raum anfragen"
    assert (aufgabe.person, aufgabe.organisation) == (None, caritas)
    assert aufgabe.status == AufgabeStatus.ERLEDIGT
    assert aufgabe.erledigt_von == koordination
    assert aufgabe.erledigt_am.astimezone(BERLIN) == datetime(2027, 1, 5, 9, tzinfo=BERLIN)
    response = client.post(url, daten(titel="Raum anfragen", organisation=caritas.pk, status="x"))
    assert "gültige Auswahl" in response.content.decode()


def test_marking_done_and_reopening(client, heute, koordination, aufgabe, treffen):
    client.force_login(koordination)
    url = reverse("netzwerke:aufgabe_status", args=[aufgabe.pk])
    response = client.post(url, {"status": "erledigt"}, follow=True)
    assert "ist erledigt" in response.content.decode()
    aufgabe.refresh_from_db()
    assert aufgabe.status == AufgabeStatus.ERLEDIGT
    assert aufgabe.erledigt_von == koordination
    assert aufgabe.erledigt_am is not None
    client.post(url, {"status": "offen"})
    aufgabe.refresh_from_db()
    assert (aufgabe.status, aufgabe.erledigt_am, aufgabe.erledigt_von) == ("offen", None, None)
    client.post(url, {"status": "entfaellt"})
    aufgabe.refresh_from_db()
    assert aufgabe.status == AufgabeStatus.ENTFAELLT
    assert aufgabe.erledigt_von == koordination


@pytest.mark.parametrize("status", ["", "fertig", "<script>", "offen" * 10])
def test_an_unknown_status_changes_nothing(client, koordination, aufgabe, status):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:aufgabe_status", args=[aufgabe.pk]), {"status": status}, follow=True
    )
    assert "Diesen Status gibt es nicht" in response.content.decode()
    aufgabe.refresh_from_db()
    assert aufgabe.status == AufgabeStatus.OFFEN


def test_the_status_form_goes_back_only_to_this_site(client, koordination, aufgabe):
    client.force_login(koordination)
    url = reverse("netzwerke:aufgabe_status", args=[aufgabe.pk])
    liste = reverse("netzwerke:aufgabe_list") + "?status=offen"
    assert client.post(url, {"status": "erledigt", "weiter": liste})["Location"] == liste
    response = client.post(url, {"status": "offen", "weiter": "https://evil.example/"})
    assert response["Location"] == (
        reverse("netzwerke:treffen_detail", args=[aufgabe.treffen_id]) + "#aufgaben"
    )


def test_permissions(client, beratung, koordination, planer, aufgabe, netzwerk, fremdes_netzwerk):
    urls_aendern = [
        ("get", reverse("netzwerke:aufgabe_create", args=[netzwerk.pk])),
        ("get", reverse("netzwerke:treffen_aufgabe_create", args=[aufgabe.treffen_id])),
        ("get", reverse("netzwerke:aufgabe_update", args=[aufgabe.pk])),
        ("post", reverse("netzwerke:aufgabe_status", args=[aufgabe.pk])),
    ]
    for method, url in urls_aendern:
        assert getattr(client, method)(url).status_code == 302  # to the login page
    client.force_login(beratung)  # sees the public network, may change nothing
    for method, url in urls_aendern:
        assert getattr(client, method)(url, {"status": "erledigt"}).status_code == 403
    assert client.get(reverse("netzwerke:aufgabe_list")).status_code == 200
    client.force_login(koordination)
    assert client.get(reverse("netzwerke:aufgabe_status", args=[aufgabe.pk])).status_code == 405
    fremde = Aufgabe.objects.create(
        netzwerk=fremdes_netzwerk, titel="Intern", faellig_am=date(2027, 1, 1)
    )
    for url in (
        reverse("netzwerke:aufgabe_update", args=[fremde.pk]),
        reverse("netzwerke:aufgabe_create", args=[fremdes_netzwerk.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("netzwerke:aufgabe_status", args=[fremde.pk]), {"status": "erledigt"}
        ).status_code
        == 404
    )
    fremde.refresh_from_db()
    assert fremde.status == AufgabeStatus.OFFEN
    assert "Intern" not in client.get(reverse("netzwerke:aufgabe_list")).content.decode()
    client.force_login(planer)
    assert "Intern" in client.get(reverse("netzwerke:aufgabe_list")).content.decode()
    aufgabe.refresh_from_db()
    assert aufgabe.status == AufgabeStatus.OFFEN


def test_overdue_tasks_are_flagged_in_words(client, heute, koordination, aufgabe, treffen, clara):
    Aufgabe.objects.create(
        netzwerk=treffen.netzwerk, titel="Gestern fällig", person=clara, faellig_am=date(2027, 1, 4)
    )
    Aufgabe.objects.create(
        netzwerk=treffen.netzwerk,
        titel="Erledigt und alt",
        person=clara,
        faellig_am=date(2026, 12, 1),
        status=AufgabeStatus.ERLEDIGT,
    )
    client.force_login(koordination)
    html = client.get(reverse("netzwerke:aufgabe_list")).content.decode()
    tabelle = html.split('id="aufgaben-tabelle"')[1]
    zeile = tabelle.split("Gestern fällig")[1].split("</tr>")[0]
    assert "Überfällig" in zeile
    zeile = tabelle.split("Raum für das Sprachcafé anfragen")[1].split("</tr>")[0]
    assert "Überfällig" not in zeile
    assert "Offen" in zeile
    assert "Erledigt und alt" not in html  # open ones by default
    liste = reverse("netzwerke:aufgabe_list")
    html = client.get(liste, {"status": "ueberfaellig"}).content.decode()
    assert "Gestern fällig" in html
    assert "Raum für das Sprachcafé" not in html
    html = client.get(reverse("netzwerke:aufgabe_list"), {"status": ""}).content.decode()
    assert "Erledigt und alt" in html
    with time_machine.travel(datetime(2027, 1, 16, 9, tzinfo=BERLIN), tick=False):
        client.force_login(koordination)  # sessions end after eight hours
        seite = reverse("netzwerke:treffen_detail", args=[treffen.pk])
        html = client.get(seite).content.decode()
    zeile = html.split('id="aufgaben-tabelle"')[1].split("Raum für das Sprachcafé")[1]
    assert "Überfällig" in zeile.split("</tr>")[0]


def test_the_list_filters(client, heute, koordination, planer, aufgabe, stadt):
    anderes = Netzwerk.objects.create(name="Lokales Bündnis für Familie", gebiet=stadt)
    Aufgabe.objects.create(
        netzwerk=anderes, titel="Familienfest planen", faellig_am=date(2027, 2, 1)
    )
    client.force_login(koordination)
    liste = reverse("netzwerke:aufgabe_list")
    html = client.get(liste).content.decode()
    assert "2 Aufgaben gefunden" in html
    html = client.get(liste, {"meine": "on"}).content.decode()
    assert "1 Aufgabe gefunden" in html
    assert "Familienfest" not in html
    html = client.get(liste, {"netzwerk": anderes.pk}).content.decode()
    assert "Familienfest" in html
    assert "Sprachcafé" not in html
    html = client.get(liste, {"q": "sprachcafé"}).content.decode()
    assert "1 Aufgabe gefunden" in html
    for bad in ({"netzwerk": "abc"}, {"status": "<script>"}, {"netzwerk": "9" * 30}):
        response = client.get(liste, bad)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split('id="inhalt"')[1]


def _tasks(netzwerk, treffen, person, organisation, anzahl):
    Aufgabe.objects.bulk_create(
        Aufgabe(
            netzwerk=netzwerk,
            treffen=treffen,
            titel=f"Aufgabe {i}",
            person=person if i % 2 else None,
            organisation=None if i % 2 else organisation,
            faellig_am=date(2027, 1, 1 + i % 28),
            status=AufgabeStatus.ERLEDIGT if i % 5 == 0 else AufgabeStatus.OFFEN,
        )
        for i in range(anzahl)
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_counts_stay_flat_as_tasks_grow(
    client, heute, planer, koordination, treffen, clara, caritas, stadt
):
    netzwerk = treffen.netzwerk
    client.force_login(koordination)
    urls = [
        reverse("netzwerke:aufgabe_list") + "?status=",
        reverse("netzwerke:netzwerk_detail", args=[netzwerk.pk]),
        reverse("netzwerke:treffen_detail", args=[treffen.pk]),
        reverse("cockpit"),
    ]
    _tasks(netzwerk, treffen, clara, caritas, 2)
    vorher = [_queries(client, url) for url in urls]
    _tasks(netzwerk, treffen, clara, caritas, 20)
    other = Netzwerk.objects.create(name="Zweites Netz", gebiet=stadt)
    other.koordination.add(koordination)
    _tasks(other, None, None, caritas, 20)
    assert [_queries(client, url) for url in urls] == vorher


def test_changes_are_audited(client, heute, koordination, aufgabe):
    client.force_login(koordination)
    client.post(reverse("netzwerke:aufgabe_status", args=[aufgabe.pk]), {"status": "erledigt"})
    eintrag = LogEntry.objects.get_for_object(aufgabe).order_by("-pk").first()
    assert eintrag.actor == koordination
    assert eintrag.changes_dict["status"] == ["offen", "erledigt"]


def test_a_deleted_person_leaves_the_task(client, heute, koordination, aufgabe, clara):
    clara.delete()
    aufgabe.refresh_from_db()
    assert aufgabe.person is None
    client.force_login(koordination)
    html = client.get(reverse("netzwerke:treffen_detail", args=[aufgabe.treffen_id])).content
    assert "Raum für das Sprachcafé anfragen" in html.decode()


def test_a_meeting_deleted_keeps_its_tasks(heute, aufgabe, treffen):
    Treffen.objects.filter(pk=treffen.pk).delete()
    aufgabe.refresh_from_db()
    assert aufgabe.treffen is None
