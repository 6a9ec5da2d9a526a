"""Staff pages of the places: creating and editing places, hours, exceptions, posts, partners,
offers, the stage history, the overview and the checklist settings."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from begegnung.models import (
    Angebot,
    Ausnahme,
    KriteriumArt,
    Oeffnungszeit,
    Ort,
    OrtArt,
    PartnerRolle,
    Partnerschaft,
    Stelle,
    Stufe,
    StufeErreicht,
    Stufenkriterium,
    Wiederholung,
)
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt, Sprache, Thema
from tests.begegnung.conftest import make_orte

pytestmark = pytest.mark.django_db


def ort_daten(raum, **extra):
    data = {
        "name": "Mehrgenerationenhaus  Saarlouis",
        "art": OrtArt.MEHRGENERATIONENHAUS,
        "stufe": Stufe.ORT_DER_BEGEGNUNG,
        "stufe_erreicht_am": "2025-04-01",
        # Required when the place does not meet the stage's criteria (a new place never does).
        "stufe_begruendung": "Bestehendes Haus; Stellen und Zeiten werden nachgetragen.",
        "gebiet": raum.pk,
        "beschreibung": "Ein **Haus** für alle.",
        "strasse": "Kleiner Markt 7",
        "plz": "66740",
        "ortsname": "Saarlouis",
        "breitengrad": "49,3164",
        "laengengrad": "6.7509",
        "telefon": "06831 000000",
        "email": "mgh@example.org",
        "stufenloser_zugang": "on",
        "sprachen": [Sprache.objects.get(code="fr").pk],
        "oeffentlich": "on",
        "interne_notiz": "Schlüssel beim Hausmeister.",
    }
    data.update(extra)
    return data


def test_planer_creates_a_place_with_stage_date(client, planer, roden_sozialraum, ortsleitung):
    client.force_login(planer)
    response = client.post(
        "/orte/verwaltung/neu/", ort_daten(roden_sozialraum, leitung=[ortsleitung.pk])
    )
    ort = Ort.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orte/verwaltung/{ort.pk}/"
    assert ort.name == "Mehrgenerationenhaus Saarlouis"
    assert str(ort.breitengrad) == "49.316400"
    assert list(ort.leitung.all()) == [ortsleitung]
    assert [(s.stufe, s.erreicht_am, s.begruendung) for s in ort.stufen.all()] == [
        (
            Stufe.ORT_DER_BEGEGNUNG,
            date(2025, 4, 1),
            "Bestehendes Haus; Stellen und Zeiten werden nachgetragen.",
        )
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Der Ort „Mehrgenerationenhaus Saarlouis“ wurde angelegt." in page
    assert "Was fehlt für die nächste Stufe?" in page


def test_stage_change_on_edit_writes_history(client, planer, quartiersbuero):
    client.force_login(planer)
    data = ort_daten(quartiersbuero.gebiet, name="Quartiersbüro Roden", stufe=Stufe.ANLAUFSTELLE)
    data["stufe_erreicht_am"] = ""
    response = client.post(f"/orte/verwaltung/{quartiersbuero.pk}/bearbeiten/", data)
    assert response.status_code == 302
    quartiersbuero.refresh_from_db()
    assert quartiersbuero.stufe == Stufe.ANLAUFSTELLE
    eintrag = StufeErreicht.objects.get(ort=quartiersbuero, stufe=Stufe.ANLAUFSTELLE)
    assert eintrag.begruendung == "Bestehendes Haus; Stellen und Zeiten werden nachgetragen."


def test_stage_history_dates_can_be_corrected(client, planer, anderer_ort):
    eintrag = StufeErreicht.objects.create(
        ort=anderer_ort, stufe=Stufe.SATELLIT, erreicht_am=date(2026, 1, 1)
    )
    client.force_login(planer)
    response = client.post(
        f"/orte/verwaltung/{anderer_ort.pk}/stufen/",
        {
            "stufen-TOTAL_FORMS": "1",
            "stufen-INITIAL_FORMS": "1",
            "stufen-0-id": eintrag.pk,
            "stufen-0-erreicht_am": "2019-09-01",
        },
    )
    assert response.status_code == 302
    eintrag.refresh_from_db()
    assert eintrag.erreicht_am == date(2019, 9, 1)


def zeiten(*rows, initial=0):
    data = {
        "zeiten-TOTAL_FORMS": str(len(rows)),
        "zeiten-INITIAL_FORMS": str(initial),
        "zeiten-MIN_NUM_FORMS": "0",
        "zeiten-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate(rows):
        tag, beginn, ende, *delete = row
        data |= {
            f"zeiten-{i}-wochentag": tag,
            f"zeiten-{i}-beginn": beginn,
            f"zeiten-{i}-ende": ende,
        }
        if delete:
            data[f"zeiten-{i}-DELETE"] = "on"
    return data


def test_opening_hours_with_several_periods_per_day(client, ortsleitung, quartiersbuero):
    client.force_login(ortsleitung)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/oeffnungszeiten/"
    response = client.post(
        url,
        zeiten(
            ("0", "09:00", "12:00"), ("0", "14:00", "17:00"), ("3", "10:00", "12:00"), ("", "", "")
        ),
    )
    assert response.status_code == 302
    assert [(z.wochentag, z.beginn, z.ende) for z in quartiersbuero.oeffnungszeiten.all()] == [
        (0, time(9), time(12)),
        (0, time(14), time(17)),
        (3, time(10), time(12)),
    ]
    form = client.get(url).context["formset"]
    assert len(form.forms) == 6  # three rows plus three empty ones
    # Ticking "Entfernen" drops a row.
    response = client.post(
        url,
        zeiten(
            ("0", "09:00", "12:00"),
            ("0", "14:00", "17:00", "x"),
            ("3", "10:00", "12:00"),
            initial=3,
        ),
    )
    assert response.status_code == 302
    assert quartiersbuero.oeffnungszeiten.count() == 2


def test_exception_closed_and_other_hours(client, ortsleitung, quartiersbuero):
    client.force_login(ortsleitung)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/ausnahmen/neu/"
    assert (
        client.post(
            url, {"datum": "2026-12-24", "geschlossen": "on", "beginn": "10:00"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url, {"datum": "2026-12-28", "beginn": "18:00", "ende": "20:00", "grund": "Lange Nacht"}
        ).status_code
        == 302
    )
    geschlossen, anders = Ausnahme.objects.order_by("datum")
    assert geschlossen.geschlossen
    assert geschlossen.beginn is None
    assert not anders.geschlossen
    assert anders.beginn == time(18)
    assert client.post(f"/orte/verwaltung/ausnahmen/{geschlossen.pk}/loeschen/").status_code == 302
    assert Ausnahme.objects.count() == 1


@time_machine.travel(datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")), tick=False)
def test_an_exception_is_changed_in_place(client, ortsleitung, quartiersbuero):
    ausnahme = Ausnahme.objects.create(ort=quartiersbuero, datum=date(2026, 12, 24), grund="Fest")
    client.force_login(ortsleitung)
    detail = client.get(f"/orte/verwaltung/{quartiersbuero.pk}/").content.decode()
    url = f"/orte/verwaltung/ausnahmen/{ausnahme.pk}/bearbeiten/"
    assert f'href="{url}"' in detail
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="Fest"' in form.content.decode()
    response = client.post(
        url, {"datum": "2026-12-23", "beginn": "10:00", "ende": "12:00", "grund": "Kurz offen"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/orte/verwaltung/{quartiersbuero.pk}/"
    ausnahme.refresh_from_db()
    assert (ausnahme.datum, ausnahme.geschlossen, ausnahme.beginn, ausnahme.grund) == (
        date(2026, 12, 23),
        False,
        time(10),
        "Kurz offen",
    )
    assert Ausnahme.objects.count() == 1


def test_staff_posts_sum_per_field_and_employer(client, planer, quartiersbuero, arbeitgeber):
    jobcenter = Organisation.objects.create(name="Jobcenter", art=OrganisationArt.BEHOERDE)
    client.force_login(planer)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/stellen/neu/"
    for fach, org, anteil in [
        ("kinder_jugend", arbeitgeber, "0,5"),
        ("kinder_jugend", arbeitgeber, "0.25"),
        ("arbeitsvermittlung", jobcenter, "1"),
    ]:
        response = client.post(url, {"fachbereich": fach, "arbeitgeber": org.pk, "anteil": anteil})
        assert response.status_code == 302
    html = client.get(f"/orte/verwaltung/{quartiersbuero.pk}/").content.decode()
    assert "Zusammen 1,75 Vollzeitstellen." in html
    assert "Kinder- und Jugendhilfe: 0,75" in html
    assert "Caritas Saarlouis: 0,75" in html
    assert "Jobcenter: 1" in html
    stelle = Stelle.objects.get(anteil="1")
    response = client.post(
        f"/orte/verwaltung/stellen/{stelle.pk}/bearbeiten/",
        {"fachbereich": "integration", "arbeitgeber": jobcenter.pk, "anteil": "0,8"},
    )
    assert response.status_code == 302
    stelle.refresh_from_db()
    assert (stelle.fachbereich, str(stelle.anteil)) == ("integration", "0.80")
    client.post(f"/orte/verwaltung/stellen/{stelle.pk}/loeschen/")
    assert Stelle.objects.count() == 2


def test_partner_added_once(client, planer, quartiersbuero, arbeitgeber):
    client.force_login(planer)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/partner/neu/"
    data = {"organisation": arbeitgeber.pk, "rolle": PartnerRolle.MITTRAEGER}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200
    assert "schon Partnerin dieses Ortes" in response.content.decode()
    partnerschaft = Partnerschaft.objects.get()
    client.post(f"/orte/verwaltung/partner/{partnerschaft.pk}/loeschen/")
    assert not Partnerschaft.objects.exists()


@pytest.mark.parametrize(
    ("kind", "daten", "titel", "meldungen"),
    [
        (
            "ausnahmen",
            {"datum": "2026-12-24", "geschlossen": "on", "grund": "Heiligabend"},
            ("Abweichende Öffnungszeit eintragen", "Abweichende Öffnungszeit ändern"),
            (
                "Die abweichende Öffnungszeit wurde eingetragen.",
                "Die abweichende Öffnungszeit wurde gespeichert.",
                "Die abweichende Öffnungszeit wurde entfernt.",
            ),
        ),
        (
            "stellen",
            {"fachbereich": "integration", "anteil": "0,5"},
            ("Stelle hinzufügen", "Stelle bearbeiten"),
            (
                "Die Stelle wurde hinzugefügt.",
                "Die Stelle wurde gespeichert.",
                "Die Stelle wurde entfernt.",
            ),
        ),
        (
            "partner",
            {"rolle": PartnerRolle.PARTNER},
            ("Partnerinstitution hinzufügen", None),
            (
                "Die Partnerinstitution wurde hinzugefügt.",
                None,
                "Die Partnerinstitution wurde entfernt.",
            ),
        ),
    ],
)
def test_rows_of_a_place_are_added_changed_and_removed_with_their_titles_and_messages(
    client, ortsleitung, quartiersbuero, arbeitgeber, kind, daten, titel, meldungen
):
    daten = {**daten, "arbeitgeber": arbeitgeber.pk, "organisation": arbeitgeber.pk}
    detail = f"/orte/verwaltung/{quartiersbuero.pk}/"
    client.force_login(ortsleitung)
    neu = f"/orte/verwaltung/{quartiersbuero.pk}/{kind}/neu/"
    assert f'<h1 class="kern-heading-x-large">{titel[0]}</h1>' in client.get(neu).content.decode()
    response = client.post(neu, daten, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert meldungen[0] in response.content.decode()
    [zeile] = {"ausnahmen": Ausnahme, "stellen": Stelle, "partner": Partnerschaft}[
        kind
    ].objects.filter(ort=quartiersbuero)
    aendern = f"/orte/verwaltung/{kind}/{zeile.pk}/bearbeiten/"
    if titel[1] is None:
        assert client.get(aendern).status_code == 404
    else:
        page = client.get(aendern).content.decode()
        assert f'<h1 class="kern-heading-x-large">{titel[1]}</h1>' in page
        response = client.post(aendern, daten, follow=True)
        assert response.redirect_chain == [(detail, 302)]
        assert meldungen[1] in response.content.decode()
    loeschen = f"/orte/verwaltung/{kind}/{zeile.pk}/loeschen/"
    assert client.get(loeschen).status_code == 405
    response = client.post(loeschen, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert meldungen[2] in response.content.decode()
    assert not type(zeile).objects.filter(pk=zeile.pk).exists()


def angebot_daten(**extra):
    data = {
        "titel": "Sprachcafé",
        "beschreibung": "Deutsch üben bei Kaffee.",
        "themen": [Thema.objects.get(slug="sprachfoerderung").pk],
        "zielgruppe": "alle",
        "sprachen": [Sprache.objects.get(code="ar").pk],
        "wiederholung": Wiederholung.WOECHENTLICH,
        "wochentag": "1",
        "beginn": "15:00",
        "ende": "17:00",
        "kostenlos": "on",
        "kontakt_name": "Frau Beispiel",
        "oeffentlich": "on",
        "termine-TOTAL_FORMS": "1",
        "termine-INITIAL_FORMS": "0",
        "termine-0-datum": "",
        "termine-0-beginn": "",
        "termine-0-ende": "",
    }
    data.update(extra)
    return data


def test_offer_weekly_monthly_and_single_dates(client, ortsleitung, quartiersbuero):
    client.force_login(ortsleitung)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/angebote/neu/"
    assert client.post(url, angebot_daten()).status_code == 302
    assert (
        client.post(
            url,
            angebot_daten(
                titel="Elterntreff",
                wiederholung=Wiederholung.MONATLICH,
                wochentag="4",
                woche_im_monat="-1",
            ),
        ).status_code
        == 302
    )
    response = client.post(
        url,
        angebot_daten(
            titel="Fest",
            wiederholung=Wiederholung.EINZELTERMINE,
            wochentag="",
            beginn="",
            ende="",
            **{
                "termine-TOTAL_FORMS": "2",
                "termine-0-datum": "2027-06-05",
                "termine-0-beginn": "14:00",
                "termine-0-ende": "20:00",
                "termine-1-datum": "",
                "termine-1-beginn": "",
                "termine-1-ende": "",
            },
        ),
    )
    assert response.status_code == 302
    cafe, eltern, fest = (
        Angebot.objects.get(titel=t) for t in ("Sprachcafé", "Elterntreff", "Fest")
    )
    assert cafe.ort == quartiersbuero
    assert cafe.wochentag == 1
    assert list(cafe.themen.values_list("slug", flat=True)) == ["sprachfoerderung"]
    assert eltern.woche_im_monat == -1
    assert [(t.datum, t.beginn) for t in fest.termine.all()] == [(date(2027, 6, 5), time(14))]
    uid = cafe.uid
    response = client.post(
        f"/orte/verwaltung/angebote/{cafe.pk}/bearbeiten/",
        angebot_daten(titel="Sprachcafé international"),
    )
    assert response.status_code == 302
    cafe.refresh_from_db()
    assert cafe.titel == "Sprachcafé international"
    assert cafe.uid == uid  # the calendar UID survives edits
    client.post(f"/orte/verwaltung/angebote/{fest.pk}/loeschen/")
    assert not Angebot.objects.filter(titel="Fest").exists()


def test_checklist_settings(client, planer):
    client.force_login(planer)
    kriterien = list(Stufenkriterium.objects.all())
    data = {
        "kriterien-TOTAL_FORMS": str(len(kriterien) + 1),
        "kriterien-INITIAL_FORMS": str(len(kriterien)),
        "kriterien-MIN_NUM_FORMS": "0",
        "kriterien-MAX_NUM_FORMS": "1000",
    }
    for i, k in enumerate(kriterien):
        data |= {
            f"kriterien-{i}-id": k.pk,
            f"kriterien-{i}-stufe": k.stufe,
            f"kriterien-{i}-art": k.art,
            f"kriterien-{i}-schwellwert": "3"
            if k.art == KriteriumArt.MIN_STELLEN
            else str(k.schwellwert),
            f"kriterien-{i}-erlaeuterung": k.erlaeuterung,
            f"kriterien-{i}-aktiv": "on",
        }
    n = len(kriterien)
    data |= {
        f"kriterien-{n}-stufe": Stufe.ORT_DER_BEGEGNUNG,
        f"kriterien-{n}-art": KriteriumArt.MIN_OEFFNUNGSSTUNDEN,
        f"kriterien-{n}-schwellwert": "6,5",
        f"kriterien-{n}-aktiv": "on",
    }
    response = client.post("/orte/verwaltung/kriterien/", data)
    assert response.status_code == 302
    assert Stufenkriterium.objects.get(art=KriteriumArt.MIN_STELLEN).schwellwert == 3
    neu = Stufenkriterium.objects.get(
        stufe=Stufe.ORT_DER_BEGEGNUNG, art=KriteriumArt.MIN_OEFFNUNGSSTUNDEN
    )
    assert str(neu.schwellwert) == "6.50"


def test_overview_by_stage_and_sozialraum(client, planer, quartiersbuero, anderer_ort):
    client.force_login(planer)
    html = client.get("/orte/verwaltung/uebersicht/").content.decode()
    assert "Roden-Nord" in html
    assert "Quartiersbüro Roden" in html
    assert "Kita Sonnenschein" in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _anreichern(orte, arbeitgeber):
    for ort in orte:
        Oeffnungszeit.objects.create(ort=ort, wochentag=0, beginn=time(9), ende=time(12))
        Stelle.objects.create(
            ort=ort, fachbereich="integration", arbeitgeber=arbeitgeber, anteil="0.5"
        )
        Partnerschaft.objects.create(ort=ort, organisation=arbeitgeber, rolle=PartnerRolle.TRAEGER)


@pytest.mark.parametrize("url", ["/orte/verwaltung/", "/orte/verwaltung/uebersicht/"])
def test_staff_lists_query_count_stays_flat(client, planer, roden_sozialraum, arbeitgeber, url):
    client.force_login(planer)
    _anreichern(make_orte(roden_sozialraum, 3), arbeitgeber)
    few = _count(client, url)
    _anreichern(make_orte(roden_sozialraum, 27, start=3), arbeitgeber)
    assert _count(client, url) == few


def test_place_detail_query_count_stays_flat(client, planer, quartiersbuero, arbeitgeber):
    client.force_login(planer)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/"

    def add(i):
        org = Organisation.objects.create(name=f"Org {i}", art=OrganisationArt.VEREIN)
        Stelle.objects.create(
            ort=quartiersbuero, fachbereich="integration", arbeitgeber=org, anteil="0.1"
        )
        Partnerschaft.objects.create(ort=quartiersbuero, organisation=org)
        Angebot.objects.create(
            ort=quartiersbuero, titel=f"Angebot {i}", wochentag=0, beginn=time(9)
        )

    add(0)
    few = _count(client, url)
    for i in range(1, 11):
        add(i)
    assert _count(client, url) == few
