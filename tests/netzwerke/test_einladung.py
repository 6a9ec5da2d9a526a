"""Invitation e-mail to the members' contact persons."""

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from netzwerke.models import Mitgliedschaft
from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation, OrganisationArt

pytestmark = pytest.mark.django_db


def test_the_invitation_goes_to_each_contact_with_text_html_and_ics(
    client, koordination, treffen, mitglied, caritas
):
    Ansprechperson.objects.create(organisation=caritas, nachname="Ohne Mail")
    zweite = Ansprechperson.objects.create(
        organisation=caritas, nachname="Zwei", email="zwei@caritas.example"
    )
    mitglied.ansprechpersonen.add(zweite)
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:treffen_einladen", args=[treffen.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["clara@caritas.example", "zwei@caritas.example"]
    message = mail.outbox[0]
    assert len(message.to) == 1
    assert not message.cc
    assert not message.bcc
    assert message.subject.startswith("Einladung: Netzwerktreffen Dezember")
    assert "Donnerstag, 10.12.2026, 18:00–20:00 Uhr" in message.body
    assert "Rathaus Saarlouis, Sitzungssaal" in message.body
    assert "Geheimes internes Protokoll" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<li>Begrüßung</li>" in html
    name, content, ics_type = message.attachments[0]
    assert name == "treffen.ics"
    assert ics_type.startswith("text/calendar")
    assert Calendar.from_ical(content).walk("VEVENT")[0]["summary"]
    treffen.refresh_from_db()
    assert treffen.einladung_versendet_am is not None


def test_sending_again_after_a_change_is_an_update(client, koordination, treffen, mitglied):
    client.force_login(koordination)
    url = reverse("netzwerke:treffen_einladen", args=[treffen.pk])
    client.post(url)
    html = client.get(reverse("netzwerke:treffen_detail", args=[treffen.pk])).content.decode()
    assert "Aktualisierung senden" in html
    client.post(url)
    assert mail.outbox[-1].subject.startswith("Aktualisierung: ")
    assert "Aktualisierung" in mail.outbox[-1].body


def test_a_cancelled_meeting_sends_a_cancellation(client, koordination, treffen, mitglied):
    treffen.abgesagt = True
    treffen.save()
    client.force_login(koordination)
    client.post(reverse("netzwerke:treffen_einladen", args=[treffen.pk]))
    assert mail.outbox[0].subject.startswith("Absage: ")
    ics = mail.outbox[0].attachments[0][1]
    assert str(Calendar.from_ical(ics).walk("VEVENT")[0]["status"]) == "CANCELLED"


def test_without_recipients_it_says_so(client, koordination, treffen):
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:treffen_einladen", args=[treffen.pk]), follow=True)
    assert "Keine Ansprechperson" in response.content.decode()
    assert not mail.outbox
    treffen.refresh_from_db()
    assert treffen.einladung_versendet_am is None


def test_former_members_are_not_invited(client, koordination, treffen, mitglied):
    from datetime import date

    mitglied.bis = date(2020, 1, 1)
    mitglied.save()
    client.force_login(koordination)
    client.post(reverse("netzwerke:treffen_einladen", args=[treffen.pk]))
    assert not mail.outbox


def test_invite_needs_post_and_the_right_to_change(
    client, beratung, koordination, treffen, mitglied
):
    client.force_login(koordination)
    assert client.get(reverse("netzwerke:treffen_einladen", args=[treffen.pk])).status_code == 405
    client.force_login(beratung)
    assert client.post(reverse("netzwerke:treffen_einladen", args=[treffen.pk])).status_code == 403
    assert not mail.outbox


def test_members_without_a_contact_with_email_are_named_with_a_link_to_add_one(
    client, koordination, treffen, mitglied, netzwerk, stadt
):
    ohne = Organisation.objects.create(name="Sportverein Roden", art=OrganisationArt.VEREIN)
    ohne_mail = Organisation.objects.create(name="Pfarrei St. Ludwig", art=OrganisationArt.VEREIN)
    ausgetreten = Organisation.objects.create(name="Alter Verein", art=OrganisationArt.VEREIN)
    m_ohne = Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=ohne)
    m_ohne_mail = Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=ohne_mail)
    m_ohne_mail.ansprechpersonen.add(
        Ansprechperson.objects.create(organisation=ohne_mail, nachname="Nur Telefon")
    )
    Mitgliedschaft.objects.create(
        netzwerk=netzwerk, organisation=ausgetreten, bis=treffen.beginn.date().replace(year=2000)
    )
    client.force_login(koordination)
    html = client.get(reverse("netzwerke:treffen_detail", args=[treffen.pk])).content.decode()
    assert "2 Mitglieder erhalten die Einladung nicht" in html
    liste = html.split('id="ohne-empfaenger"')[1].split("</ul>")[0]
    assert "Sportverein Roden" in liste
    assert "Pfarrei St. Ludwig" in liste
    assert "Alter Verein" not in liste  # no longer a member
    assert "Caritas" not in liste  # has a contact person with an address
    assert reverse("netzwerke:mitglied_update", args=[m_ohne.pk]) in liste
    assert reverse("netzwerke:mitglied_update", args=[m_ohne_mail.pk]) in liste


def test_viewers_see_the_names_without_the_edit_link(client, beratung, treffen, mitglied, netzwerk):
    ohne = Organisation.objects.create(name="Sportverein Roden", art=OrganisationArt.VEREIN)
    m_ohne = Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=ohne)
    netzwerk.oeffentlich = True
    netzwerk.save()
    client.force_login(beratung)
    response = client.get(reverse("netzwerke:treffen_detail", args=[treffen.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sportverein Roden" in html
    assert reverse("netzwerke:mitglied_update", args=[m_ohne.pk]) not in html


def test_no_warning_when_every_member_is_reached(client, koordination, treffen, mitglied):
    client.force_login(koordination)
    html = client.get(reverse("netzwerke:treffen_detail", args=[treffen.pk])).content.decode()
    assert 'id="ohne-empfaenger"' not in html
