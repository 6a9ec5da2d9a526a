"""Renewal reminders for extended police certificates (management command vetting_reminders)."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from sorgekreise.models import Helfende
from tests.sorgekreise.conftest import make_helfende

pytestmark = pytest.mark.django_db


@pytest.fixture
def zeugnisse(kreis, kinderbetreuung):
    def mit_zeugnis(name, bis):
        return make_helfende(
            kreis,
            name=name,
            faehigkeiten=[kinderbetreuung],
            fuehrungszeugnis_vom=datetime.date(2022, 1, 1),
            fuehrungszeugnis_gueltig_bis=bis,
        )

    return {
        "bald": mit_zeugnis("Bald Ablauf", datetime.date(2026, 12, 20)),
        "abgelaufen": mit_zeugnis("Schon Abgelaufen", datetime.date(2026, 10, 1)),
        "spaeter": mit_zeugnis("Noch Lange", datetime.date(2027, 6, 1)),
    }


@time_machine.travel("2026-11-26 07:00 +01:00", tick=False)
def test_reminds_coordinators_once(
    zeugnisse, ortsleitung, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("vetting_reminders")
    assert "2 Helfende" in capsys.readouterr().out
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [ortsleitung.email]
    assert "Bald Ablauf" in mail.body
    assert "20.12.2026" in mail.body
    assert "Schon Abgelaufen" in mail.body
    assert "Noch Lange" not in mail.body
    assert f"/sorgekreise/verwaltung/helfende/{zeugnisse['bald'].pk}/" in mail.body

    with django_capture_on_commit_callbacks(execute=True):
        call_command("vetting_reminders")
    assert len(mailoutbox) == 1


@time_machine.travel("2026-11-26 07:00 +01:00", tick=False)
def test_dry_run_sends_nothing(zeugnisse, mailoutbox, capsys):
    call_command("vetting_reminders", "--dry-run")
    assert "Probelauf: 2" in capsys.readouterr().out
    assert mailoutbox == []
    assert not Helfende.objects.filter(erinnerung_gesendet_am__isnull=False).exists()


@time_machine.travel("2026-11-26 07:00 +01:00", tick=False)
def test_new_certificate_date_rearms_the_reminder(client, planer, zeugnisse, kreis):
    h = zeugnisse["bald"]
    Helfende.objects.filter(pk=h.pk).update(erinnerung_gesendet_am=datetime.date(2026, 11, 1))
    client.force_login(planer)
    response = client.post(
        f"/sorgekreise/verwaltung/helfende/{h.pk}/bearbeiten/",
        {
            "name": h.name,
            "email": h.email,
            "faehigkeiten": [f.pk for f in h.faehigkeiten.all()],
            "sorgekreise": [kreis.pk],
            "max_vermittlungen": 2,
            "status": "geprueft",
            "fuehrungszeugnis_vom": "2026-11-20",
            "fuehrungszeugnis_gueltig_bis": "2029-11-20",
            "zeiten-TOTAL_FORMS": "0",
            "zeiten-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    h.refresh_from_db()
    assert h.fuehrungszeugnis_gueltig_bis == datetime.date(2029, 11, 20)
    assert h.erinnerung_gesendet_am is None


@time_machine.travel("2026-11-26 07:00 +01:00", tick=False)
def test_helper_list_shows_expiring_certificates(client, ortsleitung, zeugnisse):
    client.force_login(ortsleitung)
    text = client.get("/sorgekreise/verwaltung/helfende/").text
    assert "Führungszeugnisse erneuern" in text
    assert "abgelaufen am" in text


@time_machine.travel("2026-11-26 07:00 +01:00", tick=False)
def test_the_reminder_names_ten_and_links_to_all_of_them(client, ortsleitung, zeugnisse, kreis):
    # 12 more certificates due: 14 in all; the box shows the ten that expire first.
    Helfende.objects.bulk_create(
        Helfende(
            name=f"Helfer {i:02}",
            email=f"h{i}@example.org",
            fuehrungszeugnis_vom=datetime.date(2022, 1, 1),
            fuehrungszeugnis_gueltig_bis=datetime.date(2026, 12, 1) + datetime.timedelta(days=i),
        )
        for i in range(12)
    )
    for h in Helfende.objects.filter(name__startswith="Helfer "):
        h.sorgekreise.add(kreis)
    client.force_login(ortsleitung)
    response = client.get("/sorgekreise/verwaltung/helfende/")
    box = response.text.split('id="zeugnisse"')[1].split("<form")[0]
    assert box.count("<li>") == 10
    assert "Schon Abgelaufen" in box  # expired first
    assert "Helfer 08" in box
    assert "Helfer 09" not in box
    assert 'href="?zeugnis=erneuern"' in box
    assert "Alle 14 Helfenden mit fälligem Führungszeugnis anzeigen" in box

    listed = client.get("/sorgekreise/verwaltung/helfende/?zeugnis=erneuern")
    names = {h.name for h in listed.context["page"].object_list}
    assert "Noch Lange" not in names
    assert {"Bald Ablauf", "Schon Abgelaufen", "Helfer 11"} <= names
    assert listed.context["page"].paginator.count == 14


@time_machine.travel("2026-11-26 07:00 +01:00", tick=False)
def test_a_short_reminder_has_no_link(client, ortsleitung, zeugnisse):
    client.force_login(ortsleitung)
    assert "?zeugnis=erneuern" not in client.get("/sorgekreise/verwaltung/helfende/").text
