"""Staff manage Sprechstunden and their counsellors; saving a schedule generates its slots and
lists the bookings that no longer fit, which are never deleted or moved."""

import itertools
from datetime import datetime

import pytest
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt
from sprechstunden.models import (
    Beratende,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Kanal,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN

CREATE = reverse("sprechstunden:staff_sprechstunde_neu")


def valid(anlaufstelle, /, **overrides):
    """Tuesday and Thursday 14–16, 30-minute slots, bookable 14 days ahead."""
    return {
        "anlaufstelle": anlaufstelle.pk,
        "titel": "Soziale Sprechstunde am Nachmittag",
        "beschreibung": "Offen für alle Fragen.",
        "wochentage": ["1", "3"],
        "beginn": "14:00",
        "ende": "16:00",
        "slot_minuten": "30",
        "puffer_minuten": "0",
        "kapazitaet": "2",
        "vorlauf_stunden": "2",
        "buchbar_tage": "14",
        "gueltig_ab": "2026-11-23",
        "gueltig_bis": "",
        "themen": [t.pk for t in Beratungsthema.objects.all()[:3]],
        "sprachen": [],
        "modus": "vor_ort",
        "oeffentlich": "on",
        **overrides,
    }


def test_saving_a_new_sprechstunde_generates_its_slots(client, planer, rathaus, jetzt):
    client.force_login(planer)
    response = client.post(CREATE, valid(rathaus), follow=True)
    sprechstunde = Sprechstunde.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "sprechstunden:staff_sprechstunde", args=[sprechstunde.pk]
    )
    assert sprechstunde.wochentage == [1, 3]
    # Tue 24 and Thu 26 Nov, Tue 1 and Thu 3 Dec: four slots each
    assert Termin.objects.filter(sprechstunde=sprechstunde).count() == 16
    assert Termin.objects.filter(sprechstunde=sprechstunde, kapazitaet=2).count() == 16
    assert "16 neu" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"titel": ""}, "titel", "zwingend erforderlich"),
        ({"titel": "x" * 121}, "titel", "höchstens 120 Zeichen"),
        ({"titel": "<script>alert(1)</script>"}, "titel", "ohne HTML-Auszeichnungen"),
        ({"beschreibung": "<b onmouseover=alert(1)>x</b>"}, "beschreibung", "HTML"),
        ({"anlaufstelle": "999999"}, "anlaufstelle", "gültige Auswahl"),
        ({"anlaufstelle": ""}, "anlaufstelle", "zwingend erforderlich"),
        ({"wochentage": []}, "wochentage", "mindestens einen Wochentag"),
        ({"wochentage": ["7"]}, "wochentage", "gültige Auswahl"),
        ({"wochentage": ["montag"]}, "wochentage", "gültige Auswahl"),
        ({"beginn": "25:00"}, "beginn", "gültige Uhrzeit"),
        ({"ende": ""}, "ende", "zwingend erforderlich"),
        ({"ende": "13:00"}, "ende", "Das Ende muss nach dem Beginn liegen"),
        ({"slot_minuten": "abc"}, "slot_minuten", "ganze Zahl"),
        ({"slot_minuten": "3"}, "slot_minuten", "größer oder gleich 5"),
        ({"slot_minuten": "180"}, "slot_minuten", "kein einziger Termin"),
        ({"puffer_minuten": "-5"}, "puffer_minuten", "größer oder gleich 0"),
        ({"kapazitaet": "0"}, "kapazitaet", "größer oder gleich 1"),
        ({"kapazitaet": "21"}, "kapazitaet", "kleiner oder gleich 20"),
        ({"buchbar_tage": "0"}, "buchbar_tage", "größer oder gleich 1"),
        ({"gueltig_ab": "31.02.2026"}, "gueltig_ab", "gültiges Datum"),
        ({"gueltig_bis": "2026-11-01"}, "gueltig_bis", "liegt vor"),
        ({"themen": []}, "themen", "zwingend erforderlich"),
        ({"themen": ["999999"]}, "themen", "gültige Auswahl"),
        ({"sprachen": ["abc"]}, "sprachen", "gültiger Wert"),
        ({"modus": "teleport"}, "modus", "gültige Auswahl"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, planer, rathaus, jetzt, overrides, field, message
):
    client.force_login(planer)
    response = client.post(CREATE, valid(rathaus, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Sprechstunde.objects.exists()
    assert not Termin.objects.exists()


def test_the_form_shows_weekdays_as_checkboxes_ticked_from_the_schedule(
    client, beratung_im_vormittag, vormittag
):
    client.force_login(beratung_im_vormittag)
    url = reverse("sprechstunden:staff_sprechstunde_bearbeiten", args=[vormittag.pk])
    html = client.get(url).content.decode()
    assert 'type="checkbox" name="wochentage" value="0"' in html
    monday = html.split('name="wochentage" value="0"')[1].split(">")[0]
    tuesday = html.split('name="wochentage" value="1"')[1].split(">")[0]
    assert "checked" in monday
    assert "checked" not in tuesday


@pytest.fixture
def nachmittag(client, planer, rathaus, jetzt):
    client.force_login(planer)
    client.post(CREATE, valid(rathaus))
    return Sprechstunde.objects.get(titel="Soziale Sprechstunde am Nachmittag")


CALLERS = itertools.count(5550)


def book(termin, thema, by, **data):
    """One caller per booking: a second booking of one number in one slot is refused."""
    data = {"telefon": f"07127 {next(CALLERS)}", **data}
    return book_termin(termin.pk, BuchungsDaten(thema=thema, **data), kanal=Kanal.TELEFON, by=by)[0]


def test_a_changed_schedule_keeps_booked_slots_and_lists_their_bookings(
    client, planer, nachmittag, thema
):
    thursday = Termin.objects.get(
        sprechstunde=nachmittag, beginn=datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN)
    )
    buchung = book(thursday, thema, planer, name="Ayşe")
    url = reverse("sprechstunden:staff_sprechstunde_bearbeiten", args=[nachmittag.pk])
    response = client.post(url, valid(nachmittag.anlaufstelle, wochentage=["1"]), follow=True)
    html = response.content.decode()
    assert "1 gebuchter Termin passt nicht mehr zum Plan" in html
    assert "1 Buchung braucht Ihre Aufmerksamkeit" in html
    assert "Ayşe" in html
    assert reverse("sprechstunden:staff_buchung_verschieben", args=[buchung.pk]) in html
    # The booked Thursday slot stays, the free Thursday slots are gone
    assert Termin.objects.filter(pk=thursday.pk).exists()
    assert Termin.objects.filter(sprechstunde=nachmittag, beginn__week_day=5).count() == 1
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.BESTAETIGT
    assert buchung.termin_id == thursday.pk


def test_the_affected_booking_disappears_once_it_is_moved(client, planer, nachmittag, thema):
    thursday = Termin.objects.get(
        sprechstunde=nachmittag, beginn=datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN)
    )
    buchung = book(thursday, thema, planer, name="Ayşe")
    client.post(
        reverse("sprechstunden:staff_sprechstunde_bearbeiten", args=[nachmittag.pk]),
        valid(nachmittag.anlaufstelle, wochentage=["1"]),
    )
    tuesday = Termin.objects.get(
        sprechstunde=nachmittag, beginn=datetime(2026, 12, 1, 14, 0, tzinfo=BERLIN)
    )
    client.post(
        reverse("sprechstunden:staff_buchung_verschieben", args=[buchung.pk]),
        {"termin": tuesday.pk},
    )
    html = client.get(reverse("sprechstunden:staff_sprechstunde", args=[nachmittag.pk])).content
    assert "Aufmerksamkeit" not in html.decode()


def test_a_shorter_capacity_never_drops_below_the_seats_taken(client, planer, nachmittag, thema):
    termin = Termin.objects.filter(sprechstunde=nachmittag).order_by("beginn").first()
    book(termin, thema, planer)
    book(termin, thema, planer)
    url = reverse("sprechstunden:staff_sprechstunde_bearbeiten", args=[nachmittag.pk])
    client.post(url, valid(nachmittag.anlaufstelle, kapazitaet="1"))
    termin.refresh_from_db()
    assert termin.kapazitaet == 2
    assert Buchung.objects.filter(termin=termin, status=BuchungStatus.BESTAETIGT).count() == 2


# Counsellors


@pytest.fixture
def jugendamt(db):
    return Organisation.objects.create(name="Jugendamt Reutlingen", art=OrganisationArt.BEHOERDE)


def test_a_counsellor_with_their_traeger_is_added_and_removed(
    client, planer, beratung, vormittag, jugendamt
):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_beratende_neu", args=[vormittag.pk])
    response = client.post(url, {"user": beratung.pk, "traeger": jugendamt.pk})
    assert response.status_code == 302
    zuordnung = Beratende.objects.get()
    assert (zuordnung.user, zuordnung.traeger) == (beratung, jugendamt)
    html = client.get(reverse("sprechstunden:staff_sprechstunde", args=[vormittag.pk])).content
    assert "Jugendamt Reutlingen" in html.decode()

    remove = reverse("sprechstunden:staff_beratende_entfernen", args=[vormittag.pk, zuordnung.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not Beratende.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"user": ""}, "user", "zwingend erforderlich"),
        ({"user": "abc"}, "user", "Kein Eintrag passt zu „abc“"),
        ({"user": "planer"}, "user", "gültige Auswahl"),  # no Beratung role
        ({"user": "inaktiv"}, "user", "gültige Auswahl"),
        ({"traeger": ""}, "traeger", "zwingend erforderlich"),
        ({"traeger": "999999"}, "traeger", "gültige Auswahl"),
        ({"traeger": "inaktiv"}, "traeger", "gültige Auswahl"),
    ],
)
def test_bad_counsellor_input_is_refused(
    client, planer, beratung, vormittag, jugendamt, data, field, message
):
    from saarlouis_portal.konten.roles import Rolle

    inactive_user = make_user("alt@example.org", Rolle.BERATUNG, is_active=False)
    inactive_org = Organisation.objects.create(
        name="Aufgelöst e. V.", art=OrganisationArt.VEREIN, aktiv=False
    )
    replace = {
        "planer": planer.pk,
        "inaktiv": inactive_user.pk if field == "user" else inactive_org.pk,
    }
    post = {"user": beratung.pk, "traeger": jugendamt.pk, **data}
    post = {k: replace.get(v, v) for k, v in post.items()}
    client.force_login(planer)
    response = client.post(reverse("sprechstunden:staff_beratende_neu", args=[vormittag.pk]), post)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Beratende.objects.exists()


def test_a_counsellor_is_not_added_twice(client, planer, beratung, vormittag, jugendamt):
    Beratende.objects.create(sprechstunde=vormittag, user=beratung, traeger=jugendamt)
    client.force_login(planer)
    response = client.post(
        reverse("sprechstunden:staff_beratende_neu", args=[vormittag.pk]),
        {"user": beratung.pk, "traeger": jugendamt.pk},
    )
    assert "schon" in " ".join(response.context["form"].errors["user"])
    assert Beratende.objects.count() == 1


def test_a_counsellor_of_another_sprechstunde_cannot_be_removed_here(
    client, planer, beratung, vormittag, nachmittag, jugendamt
):
    other = Beratende.objects.create(sprechstunde=nachmittag, user=beratung, traeger=jugendamt)
    client.force_login(planer)
    url = reverse("sprechstunden:staff_beratende_entfernen", args=[vormittag.pk, other.pk])
    assert client.post(url).status_code == 404
    assert Beratende.objects.filter(pk=other.pk).exists()


# Deleting


def test_an_unbooked_sprechstunde_is_deleted_with_its_slots(client, planer, nachmittag):
    url = reverse("sprechstunden:staff_sprechstunde_loeschen", args=[nachmittag.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response["Location"] == reverse("sprechstunden:verwaltung")
    assert not Sprechstunde.objects.exists()
    assert not Termin.objects.exists()


def test_a_booked_sprechstunde_is_kept(client, planer, nachmittag, thema):
    book(Termin.objects.filter(sprechstunde=nachmittag).first(), thema, planer)
    url = reverse("sprechstunden:staff_sprechstunde_loeschen", args=[nachmittag.pk])
    response = client.post(url, follow=True)
    assert "kann nicht gelöscht werden" in response.content.decode()
    assert Sprechstunde.objects.exists()


def test_unknown_sprechstunden_are_a_404(client, planer):
    client.force_login(planer)
    for name in [
        "staff_sprechstunde",
        "staff_sprechstunde_bearbeiten",
        "staff_sprechstunde_loeschen",
        "staff_sprechstunde_schliesszeit_neu",
    ]:
        assert client.get(reverse(f"sprechstunden:{name}", args=[999999])).status_code == 404


# Phone bookings: whoever books without internet calls the place


def test_a_public_sprechstunde_needs_a_place_with_a_phone_number(client, planer, rathaus, jetzt):
    rathaus.telefon = ""
    rathaus.save()
    client.force_login(planer)
    response = client.post(CREATE, valid(rathaus))
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["anlaufstelle"])
    assert "hat keine Telefonnummer" in message
    assert 'id="id_anlaufstelle_error"' in response.content.decode()
    assert not Sprechstunde.objects.exists()
    # Not bookable online, it needs none.
    unpublished = {k: v for k, v in valid(rathaus).items() if k != "oeffentlich"}
    assert client.post(CREATE, unpublished).status_code == 302
    assert Sprechstunde.objects.get().oeffentlich is False
