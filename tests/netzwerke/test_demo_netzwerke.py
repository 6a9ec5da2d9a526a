"""Demo data of the networks: the seven topics on city and district level, the two alliances,
the follow-up of a meeting (replies, attendance, minutes, tasks), idempotent."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from netzwerke import services, services_aufgaben, services_treffen
from netzwerke.models import (
    Aufgabe,
    AufgabeStatus,
    Einladung,
    Gespraech,
    Massnahme,
    Mitgliedschaft,
    Netzwerk,
    NetzwerkArt,
    ProtokollVersand,
    Treffen,
)
from saarlouis_portal.konten.models import User
from saarlouis_portal.stammdaten.models import GebietArt, Thema

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_networks_of_the_concept_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Netzwerk.objects.count(),
        Mitgliedschaft.objects.count(),
        Treffen.objects.count(),
        Gespraech.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        Netzwerk.objects.count(),
        Mitgliedschaft.objects.count(),
        Treffen.objects.count(),
        Gespraech.objects.count(),
    )
    stadt = Netzwerk.objects.filter(gebiet__art=GebietArt.GEMEINDE, art=NetzwerkArt.NETZWERK)
    for thema in Thema.objects.all():
        assert stadt.filter(themen=thema).exists(), thema
    assert Netzwerk.objects.filter(gebiet__art=GebietArt.STADTTEIL).count() >= 2
    assert set(
        Netzwerk.objects.filter(art=NetzwerkArt.BUENDNIS).values_list("name", flat=True)
    ) == {"Lokales Bündnis für Familie Saarlouis", "Faire Stadt Saarlouis"}
    koordiniert = Netzwerk.objects.filter(koordination__email="netzwerk@example.org")
    assert koordiniert.count() >= 2
    assert Netzwerk.objects.filter(oeffentlich=False).exists()
    assert all(n.ist_demo for n in Netzwerk.objects.all())


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def _zeilen():
    return (
        Einladung.objects.count(),
        Aufgabe.objects.count(),
        ProtokollVersand.objects.count(),
        sorted(Einladung.objects.values_list("antwort", "anwesend")),
    )


def test_the_coming_meeting_has_invitations_and_replies(demo):
    vorher = _zeilen()
    call_command("seed_demo", stdout=StringIO())
    assert _zeilen() == vorher
    treffen = Treffen.objects.get(titel="Netzwerktreffen Sprachförderung")
    assert treffen.beginn > timezone.now()
    assert treffen.einladung_versendet_am < timezone.now()
    antworten = dict(
        Einladung.objects.filter(treffen=treffen).values_list("person__email", "antwort")
    )
    assert antworten == {
        "mira.beispiel@example.org": "zusage",
        "tom.muster@example.org": "absage",
        "eva.probe@example.org": "vielleicht",
        "lea.beispiel@example.org": "offen",
    }
    assert all(e.versendet_am for e in Einladung.objects.filter(treffen=treffen))
    # A member without a contact person, named on the meeting page (issue 16).
    assert [m.organisation.name for m in services.ohne_empfaenger(treffen)] == [
        "Jobcenter Landkreis Saarlouis"
    ]


def test_the_past_meeting_has_attendance_per_person_and_its_minutes_sent(demo):
    treffen = Treffen.objects.get(titel="Auftakt Sprachcafés")
    assert treffen.beginn < timezone.now()
    anwesend = set(
        Einladung.objects.filter(treffen=treffen, anwesend=True).values_list(
            "person__email", flat=True
        )
    )
    assert anwesend == {"mira.beispiel@example.org", "tom.muster@example.org"}
    # Organisations: those of the persons who came, and the member without invited persons.
    assert set(treffen.anwesende.values_list("name", flat=True)) == {
        "Mehrgenerationenhaus Saarlouis",
        "Kita Roden",
        "Jobcenter Landkreis Saarlouis",
    }
    stand = services_treffen.protokoll_stand(treffen)
    assert stand["letzter"].versendet_von.email == "netzwerk@example.org"
    assert stand["letzter"].empfaenger == 4
    assert stand["letzter"].versendet_am > treffen.ende
    assert not stand["geaendert"]  # the minutes sent are the minutes shown


def test_the_tasks_are_done_overdue_and_open(demo):
    heute = timezone.localdate()
    netz = Netzwerk.objects.get(name="Netzwerk Sprachförderung Saarlouis")
    aufgaben = Aufgabe.objects.filter(netzwerk=netz)
    assert aufgaben.count() == 3
    assert all(a.treffen.titel == "Auftakt Sprachcafés" for a in aufgaben)
    erledigt = aufgaben.get(status=AufgabeStatus.ERLEDIGT)
    assert erledigt.erledigt_von.email == "netzwerk@example.org"
    ueberfaellig = aufgaben.ueberfaellig(heute).get()
    assert ueberfaellig.person.email == "tom.muster@example.org"
    offen = aufgaben.offen().get(faellig_am__gte=heute)
    assert offen.organisation.name == "Grundschule Lisdorf"
    # A demo run mails nobody: the overdue task counts as reminded already.
    assert not services_aufgaben.erinnerung_faellig(heute).exists()


def _cockpit(client, email: str) -> str:
    user = User.objects.get(email=email)
    # The demo accounts have no second factor yet; these roles need one, as in real life.
    Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt("JBSWY3DPEHPK3PXP")}},
    )
    client.force_login(user)
    response = client.get(reverse("cockpit"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_card_shows_the_check_waiting_for_planning(demo, client):
    wartend = Massnahme.objects.get(titel="Elterncafé mit Sprachangebot in Steinrausch")
    assert wartend.pruefung.ist_eingereicht
    assert wartend.pruefung.eingereicht_von.email == "netzwerk@example.org"
    assert "1 Prüfung wartet auf Ihre Freigabe" in _cockpit(client, "sozialplanung@example.org")
    assert "0 Prüfungen warten auf Ihre Freigabe" in _cockpit(client, "netzwerk@example.org")
