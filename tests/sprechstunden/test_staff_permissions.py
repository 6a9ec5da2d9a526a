"""Who may do what on the staff pages of the Sprechstunden: a permission matrix as data.

Two Träger share the town hall as in the demo: the Jugendamt counsellor (``beratung``) holds the
morning Sprechstunde, the Diakonie counsellor (``beratung2``) the afternoon one. Personal data
of a booking or a home visit is for the counsellors of that Sprechstunde (or the one assigned)
and Sozialplanung; another counsellor gets 404, as if it did not exist. Anlaufstellen, new
Sprechstunden and who counsels in them are Sozialplanung's. Other roles get 403, anonymous
visitors go to the login, and nobody refused changes anything."""

from contextlib import suppress
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import URLResolver, reverse
from django.utils import timezone

from saarlouis_portal.konten.roles import Rolle
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungskontakt,
    Buchung,
    BuchungStatus,
    Hausbesuch,
    HausbesuchStatus,
    Kanal,
    Schliesszeit,
    Sprechstunde,
    Standortkosten,
    Stellenanteil,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
    new_token,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN


@pytest.fixture
def nachmittag(rathaus, diakoniestation, beratung_diakonie):
    """The Diakonie's afternoon Sprechstunde in the same town hall."""
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Soziale Sprechstunde am Nachmittag",
        wochentage=[1],
        beginn=time(14, 0),
        ende=time(16, 0),
        slot_minuten=30,
        kapazitaet=1,
        gueltig_ab=date(2026, 1, 1),
    )
    Beratende.objects.create(
        sprechstunde=sprechstunde, user=beratung_diakonie, traeger=diakoniestation
    )
    return sprechstunde


@pytest.fixture
def objects(vormittag, nachmittag, jetzt, thema, beratung_im_vormittag, pliezhausen):
    generate_slots(vormittag)
    generate_slots(nachmittag)
    termin = Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    buchung = book_termin(termin.pk, BuchungsDaten(thema=thema, telefon="07127 1", name="Ida"))[0]
    return {
        "anlaufstelle": vormittag.anlaufstelle,
        "sprechstunde": vormittag,
        "termin": termin,
        "buchung": buchung,
        "schliesszeit": Schliesszeit.objects.create(
            anlaufstelle=vormittag.anlaufstelle,
            beginn=datetime(2026, 12, 24, tzinfo=BERLIN),
            ende=datetime(2026, 12, 25, tzinfo=BERLIN),
            grund="Heiligabend",
        ),
        "schliesszeit_sprechstunde": Schliesszeit.objects.create(
            sprechstunde=vormittag,
            beginn=datetime(2026, 12, 31, tzinfo=BERLIN),
            ende=datetime(2027, 1, 1, tzinfo=BERLIN),
            grund="Silvester",
        ),
        "beratende": Beratende.objects.get(sprechstunde=vormittag, user=beratung_im_vormittag),
        "stellenanteil": Stellenanteil.objects.create(
            anlaufstelle=vormittag.anlaufstelle,
            traeger=vormittag.beratende_zuordnungen.get().traeger,
            jahr=2026,
            prozent=Decimal("27.5"),
            aufgabe="Sozialarbeit",
        ),
        "kosten": Standortkosten.objects.create(
            anlaufstelle=vormittag.anlaufstelle,
            jahr=2026,
            bezeichnung="Personalkosten Koordination",
            betrag=Decimal("6000.00"),
        ),
        # A seat offered from the waiting list to a caller with a phone number only.
        "wartelisteneintrag": Wartelisteneintrag.objects.create(
            sprechstunde=vormittag,
            status=WartelisteStatus.HAELT,
            telefon="+497127977012",
            token_hash=new_token()[1],
            gueltig_bis=datetime(2026, 11, 27, tzinfo=BERLIN),
            einwilligung_version="2026-11-1",
            einwilligung_am=timezone.now(),
            bestaetigt_am=timezone.now(),
            termin=Termin.objects.get(beginn=datetime(2026, 11, 26, 10, 30, tzinfo=BERLIN)),
            platz=1,
            halten_bis=timezone.now() + timedelta(hours=2),
        ),
        "hausbesuch": Hausbesuch.objects.create(
            name="Herr Petrov",
            telefon="07127 55555",
            gebiet=pliezhausen,
            anliegen=thema,
            einwilligung_version="2026-11-1",
            einwilligung_am=timezone.now(),
            zugewiesen=beratung_im_vormittag,
            status=HausbesuchStatus.GEPLANT,
            geplant_am=timezone.now() + timedelta(days=1),
        ),
    }


@pytest.fixture
def people(users_by_role, beratung_im_vormittag, beratung_diakonie):
    """Refused roles first, then the allowed ones (whose requests may change things)."""
    others = {k: v for k, v in users_by_role.items() if k not in ("planer", "beratung")}
    return {
        **others,
        "beratung2": beratung_diakonie,
        "beratung": beratung_im_vormittag,
        "planer": users_by_role["planer"],
    }


# Expected status for (Sozialplanung, the Sprechstunde's counsellor, the other Träger's
# counsellor). Every other role gets 403, anonymous visitors 302 to the login.
OK = 200
GO = 302  # done (or refused with a message) and sent on
N = 404  # the other Träger's clients do not exist for them
F = 403  # visible, but not theirs to change

# (URL name, object keys, GET expectation, POST expectation); None: method not offered.
MATRIX = [
    ("verwaltung", None, (OK, OK, OK), None),
    ("staff_anlaufstelle_neu", None, (OK, F, F), (OK, F, F)),
    ("staff_anlaufstelle", "anlaufstelle", (OK, OK, OK), None),
    ("staff_anlaufstelle_bearbeiten", "anlaufstelle", (OK, F, F), (OK, F, F)),
    ("staff_anlaufstelle_loeschen", "anlaufstelle", (OK, F, F), (GO, F, F)),
    ("staff_anlaufstelle_schliesszeit_neu", "anlaufstelle", (OK, F, F), (OK, F, F)),
    # Personal und Kosten je Jahr: planning figures, Sozialplanung's (an empty POST: the form
    # again with its errors).
    ("staff_stellenanteil_neu", "anlaufstelle", (OK, F, F), (OK, F, F)),
    ("staff_stellenanteil_bearbeiten", ["anlaufstelle", "stellenanteil"], (OK, F, F), (OK, F, F)),
    ("staff_stellenanteil_loeschen", ["anlaufstelle", "stellenanteil"], (OK, F, F), (GO, F, F)),
    ("staff_kosten_neu", "anlaufstelle", (OK, F, F), (OK, F, F)),
    ("staff_kosten_bearbeiten", ["anlaufstelle", "kosten"], (OK, F, F), (OK, F, F)),
    ("staff_kosten_loeschen", ["anlaufstelle", "kosten"], (OK, F, F), (GO, F, F)),
    ("staff_sprechstunde_neu", None, (OK, F, F), (OK, F, F)),
    ("staff_sprechstunde", "sprechstunde", (OK, OK, OK), None),
    ("staff_sprechstunde_bearbeiten", "sprechstunde", (OK, OK, F), (OK, OK, F)),
    ("staff_sprechstunde_loeschen", "sprechstunde", (OK, F, F), (GO, F, F)),
    ("staff_beratende_neu", "sprechstunde", None, (OK, F, F)),
    ("staff_beratende_entfernen", ["sprechstunde", "beratende"], None, (GO, F, F)),
    ("staff_sprechstunde_schliesszeit_neu", "sprechstunde", (OK, OK, F), (OK, OK, F)),
    ("staff_schliesszeiten", None, (OK, OK, OK), None),
    ("staff_schliesszeit_loeschen", "schliesszeit", None, (GO, F, F)),
    ("staff_schliesszeit_loeschen", "schliesszeit_sprechstunde", None, (GO, GO, F)),
    ("tagesliste", None, (OK, OK, OK), None),
    ("tagesliste_csv", None, (OK, OK, OK), None),
    ("woche", None, (OK, OK, OK), None),
    ("termin", "termin", (OK, OK, N), None),
    ("staff_buchen", "termin", (OK, OK, N), (OK, OK, N)),
    ("staff_termin_absagen", "termin", (OK, OK, N), (OK, OK, N)),
    ("staff_termin_zustaendig", "termin", None, (GO, GO, N)),
    ("staff_buchung_bestaetigen", "buchung", None, (GO, GO, N)),
    ("staff_buchung_nicht_erschienen", "buchung", None, (GO, GO, N)),
    ("staff_buchung_ergebnis", "buchung", (GO, GO, N), (GO, GO, N)),
    # Before the outcome is recorded the follow-up page sends back to the slot.
    ("staff_buchung_folgetermin", "buchung", (GO, GO, N), (GO, GO, N)),
    ("staff_buchung_absagen", "buchung", (OK, OK, N), (GO, GO, N)),
    ("staff_buchung_verschieben", "buchung", (OK, OK, N), (OK, OK, N)),
    ("kontakt_neu", None, (OK, OK, OK), (OK, OK, OK)),
    ("hausbesuch_list", None, (OK, OK, OK), None),
    ("hausbesuch_create", None, (OK, OK, OK), (OK, OK, OK)),
    ("hausbesuch_detail", "hausbesuch", (OK, OK, N), None),
    ("hausbesuch_zuteilen", "hausbesuch", (OK, F, N), (OK, F, N)),
    # The assigned counsellor moves their own visit; another counsellor's is not theirs to see.
    ("hausbesuch_neu_planen", "hausbesuch", (OK, OK, N), (OK, OK, N)),
    ("hausbesuch_besucht", "hausbesuch", None, (GO, GO, N)),
    ("hausbesuch_nicht_erreicht", "hausbesuch", None, (GO, GO, N)),
    ("hausbesuch_abschliessen", "hausbesuch", (OK, OK, N), (GO, GO, N)),
    # The waiting list holds personal data: the Sprechstunde's counsellors and Sozialplanung.
    ("staff_warteliste", "sprechstunde", (OK, OK, N), None),
    ("staff_warteliste_buchen", "wartelisteneintrag", (OK, OK, N), (OK, OK, N)),
    ("staff_warteliste_weitergeben", "wartelisteneintrag", None, (GO, GO, N)),
    ("staff_warteliste_entfernen", "wartelisteneintrag", None, (GO, GO, N)),
]
STAFF_COLUMNS = ("planer", "beratung", "beratung2")


def url(name, keys, objects):
    if keys is None:
        return reverse(f"sprechstunden:{name}")
    keys = [keys] if isinstance(keys, str) else keys
    return reverse(f"sprechstunden:{name}", args=[objects[k].pk for k in keys])


def expected_for(role, expectation):
    if role in STAFF_COLUMNS:
        return expectation[STAFF_COLUMNS.index(role)]
    return F


def state():
    """Everything a staff request could change."""
    return (
        list(Anlaufstelle.objects.values_list("pk", "name", "raum", "aktiv").order_by("pk")),
        list(Sprechstunde.objects.values_list("pk", "titel", "kapazitaet").order_by("pk")),
        list(Beratende.objects.values_list("pk", "user", "sprechstunde").order_by("pk")),
        list(Schliesszeit.objects.values_list("pk", "beginn", "ende").order_by("pk")),
        list(Termin.objects.values_list("pk", "abgesagt", "beratende").order_by("pk")),
        list(Buchung.objects.values_list("pk", "termin", "status", "name").order_by("pk")),
        list(
            Hausbesuch.objects.values_list("pk", "status", "zugewiesen", "geplant_am").order_by(
                "pk"
            )
        ),
        Beratungskontakt.objects.count(),
        list(Wartelisteneintrag.objects.values_list("pk", "status", "telefon").order_by("pk")),
        list(Stellenanteil.objects.values_list("pk", "prozent", "jahr").order_by("pk")),
        list(Standortkosten.objects.values_list("pk", "betrag", "jahr").order_by("pk")),
    )


class Rollback(Exception):
    pass


def request_and_roll_back(client, method, target):
    """Each role meets the same objects: whatever an allowed request changes is undone."""
    with suppress(Rollback), transaction.atomic():
        response = getattr(client, method)(target)
        raise Rollback
    return response


CASES = [
    (method, name, keys, expectation)
    for name, keys, get, post in MATRIX
    for method, expectation in (("get", get), ("post", post))
    if expectation is not None
]


@pytest.mark.parametrize(
    ("method", "name", "keys", "expectation"),
    CASES,
    ids=[f"{m.upper()} {n} {k if isinstance(k, str) else ''}".strip() for m, n, k, _e in CASES],
)
def test_permission_matrix(client, people, objects, method, name, keys, expectation):
    target = url(name, keys, objects)
    before = state()
    for role, user in people.items():
        client.force_login(user)
        expected = expected_for(role, expectation)
        response = request_and_roll_back(client, method, target)
        assert response.status_code == expected, f"{method.upper()} {role} {target}"
        if expected in (F, N):
            assert state() == before, f"{role} changed something by {method.upper()} {target}"
    client.logout()
    response = getattr(client, method)(target)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={target}"
    assert state() == before


def test_every_staff_url_is_in_the_matrix():
    from sprechstunden.urls import verwaltung_urls

    def names(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern.url_patterns)
            else:
                yield pattern.name

    assert set(names(verwaltung_urls)) == {row[0] for row in MATRIX}


# What the other Träger's counsellor sees instead


def test_the_other_counsellor_sees_counts_but_no_names(client, objects, beratung_diakonie):
    client.force_login(beratung_diakonie)
    params = {"datum": "2026-11-26"}
    tagesliste = client.get(reverse("sprechstunden:tagesliste"), params).content.decode()
    woche = client.get(reverse("sprechstunden:woche"), params).content.decode()
    uebersicht = client.get(reverse("sprechstunden:verwaltung")).content.decode()
    detail = client.get(
        reverse("sprechstunden:staff_sprechstunde", args=[objects["sprechstunde"].pk])
    ).content.decode()
    for html in (tagesliste, woche, uebersicht, detail):
        assert "Ida" not in html
        assert "07127 1<" not in html
    slot = reverse("sprechstunden:termin", args=[objects["termin"].pk])
    assert slot not in woche
    assert slot not in detail
    assert "1/1" in woche  # the anonymous count stays
    # Neither the removal of the Jugendamt counsellor nor adding somebody is offered
    entfernen = reverse(
        "sprechstunden:staff_beratende_entfernen",
        args=[objects["sprechstunde"].pk, objects["beratende"].pk],
    )
    assert entfernen not in detail
    assert "Beratende hinzufügen" not in detail


def test_the_counsellor_of_the_sprechstunde_sees_the_client(client, objects, beratung):
    client.force_login(beratung)
    params = {"datum": "2026-11-26"}
    tagesliste = client.get(reverse("sprechstunden:tagesliste"), params).content.decode()
    uebersicht = client.get(reverse("sprechstunden:verwaltung")).content.decode()
    assert "Ida" in tagesliste
    assert "Ida" in uebersicht  # the call-back list
    woche = client.get(reverse("sprechstunden:woche"), params).content.decode()
    assert reverse("sprechstunden:termin", args=[objects["termin"].pk]) in woche


def test_a_walk_in_cannot_be_recorded_for_another_traegers_sprechstunde(
    client, objects, beratung_diakonie, thema
):
    client.force_login(beratung_diakonie)
    response = client.post(
        reverse("sprechstunden:kontakt_neu"),
        {
            "sprechstunde": objects["sprechstunde"].pk,
            "datum": "2026-11-23",
            "thema": thema.pk,
            "erstkontakt": "ja",
        },
    )
    assert response.status_code == 200
    assert "gültige Auswahl" in " ".join(response.context["form"].errors["sprechstunde"])
    assert not Beratungskontakt.objects.exists()


def test_a_counsellor_added_later_sees_the_clients_at_once(
    client, objects, planer, beratung_diakonie, diakoniestation
):
    termin_url = reverse("sprechstunden:termin", args=[objects["termin"].pk])
    client.force_login(beratung_diakonie)
    assert client.get(termin_url).status_code == 404
    client.force_login(planer)
    response = client.post(
        reverse("sprechstunden:staff_beratende_neu", args=[objects["sprechstunde"].pk]),
        {"user": beratung_diakonie.pk, "traeger": diakoniestation.pk},
    )
    assert response.status_code == 302
    client.force_login(beratung_diakonie)
    assert "Ida" in client.get(termin_url).content.decode()


def test_a_counsellor_without_sprechstunde_sees_no_bookings(client, objects):
    neu = make_user("neu@example.org", Rolle.BERATUNG)
    client.force_login(neu)
    html = client.get(reverse("sprechstunden:verwaltung")).content.decode()
    assert "Ida" not in html
    assert Buchung.objects.for_user(neu).count() == 0
    assert Termin.objects.for_user(neu).count() == 0


# The overview


def test_the_overview_lists_places_schedules_and_pending_call_backs(client, beratung, objects):
    book_termin(
        Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 30, tzinfo=BERLIN)).pk,
        BuchungsDaten(thema=objects["buchung"].thema, email="e@example.org"),
        kanal=Kanal.ONLINE,
    )
    client.force_login(beratung)
    html = client.get(reverse("sprechstunden:verwaltung")).content.decode()
    assert objects["anlaufstelle"].name in html
    assert objects["sprechstunde"].titel in html
    assert "Montag, Donnerstag, 09:00–11:00" in html
    assert "Kreisjugendamt Reutlingen" in html  # the counsellor's Träger
    # the phone-only request waits for a call back; the e-mail reservation does not
    assert "Ida" in html
    assert "07127 1" in html
    assert "e@example.org" not in html
    assert Buchung.objects.count() == 2
    assert objects["buchung"].status == BuchungStatus.ANFRAGE


@pytest.mark.parametrize(
    ("role", "shown"),
    [("planer", True), ("beratung", True), ("koordination", False), ("berichtswesen", False)],
)
def test_the_cockpit_links_the_staff_pages_for_their_roles(client, users_by_role, role, shown):
    client.force_login(users_by_role[role])
    html = client.get(reverse("cockpit")).content.decode()
    assert (reverse("sprechstunden:verwaltung") in html) is shown


def test_the_privacy_page_says_who_answers_for_which_data_when_traeger_share_a_place(client, db):
    html = client.get("/datenschutz/").content.decode()
    assert "Mehrere Träger in einer Anlaufstelle" in html
    assert "Fachkräfte eines anderen Trägers" in html
    assert "ist der Träger der gebuchten Sprechstunde verantwortlich" in html
