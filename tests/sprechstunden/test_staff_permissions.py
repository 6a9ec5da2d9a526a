"""Only Sozialplanung and Beratung use the staff pages of the Sprechstunden: other roles get 403,
anonymous visitors go to the login, and nothing changes for either. Plus the overview page."""

from datetime import datetime

import pytest
from django.urls import reverse

from sprechstunden.models import Buchung, BuchungStatus, Kanal, Schliesszeit, Termin
from sprechstunden.services import BuchungsDaten, book_termin, generate_slots
from tests.sprechstunden.conftest import BERLIN

ALLOWED = {"planer", "beratung"}


@pytest.fixture
def objects(vormittag, jetzt, thema, traeger, beratung):
    from sprechstunden.models import Beratende

    generate_slots(vormittag)
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
        "beratende": Beratende.objects.create(
            sprechstunde=vormittag, user=beratung, traeger=traeger
        ),
    }


# (URL name, object for pk) of every page that answers GET
GET_PAGES = [
    ("verwaltung", None),
    ("staff_anlaufstelle_neu", None),
    ("staff_anlaufstelle", "anlaufstelle"),
    ("staff_anlaufstelle_bearbeiten", "anlaufstelle"),
    ("staff_anlaufstelle_loeschen", "anlaufstelle"),
    ("staff_anlaufstelle_schliesszeit_neu", "anlaufstelle"),
    ("staff_sprechstunde_neu", None),
    ("staff_sprechstunde", "sprechstunde"),
    ("staff_sprechstunde_bearbeiten", "sprechstunde"),
    ("staff_sprechstunde_loeschen", "sprechstunde"),
    ("staff_sprechstunde_schliesszeit_neu", "sprechstunde"),
    ("staff_schliesszeiten", None),
    ("tagesliste", None),
    ("woche", None),
    ("termin", "termin"),
    ("staff_buchen", "termin"),
    ("staff_termin_absagen", "termin"),
    ("staff_buchung_absagen", "buchung"),
    ("staff_buchung_verschieben", "buchung"),
    ("kontakt_neu", None),
]

# POST-only actions: (URL name, args from objects)
POST_ACTIONS = [
    ("staff_buchung_bestaetigen", ["buchung"]),
    ("staff_buchung_nicht_erschienen", ["buchung"]),
    ("staff_beratende_neu", ["sprechstunde"]),
    ("staff_beratende_entfernen", ["sprechstunde", "beratende"]),
    ("staff_schliesszeit_loeschen", ["schliesszeit"]),
]


def url(name, keys, objects):
    if keys is None:
        return reverse(f"sprechstunden:{name}")
    keys = [keys] if isinstance(keys, str) else keys
    return reverse(f"sprechstunden:{name}", args=[objects[k].pk for k in keys])


@pytest.mark.parametrize(("name", "key"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_only_planning_and_counselling_open_the_staff_pages(
    client, users_by_role, objects, name, key
):
    target = url(name, key, objects)
    for role, user in users_by_role.items():
        client.force_login(user)
        expected = 200 if role in ALLOWED else 403
        assert client.get(target).status_code == expected, f"{role} {target}"
    client.logout()
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={target}"


@pytest.mark.parametrize(("name", "keys"), POST_ACTIONS, ids=[p[0] for p in POST_ACTIONS])
def test_other_roles_and_anonymous_visitors_cannot_post_actions(
    client, users_by_role, objects, name, keys
):
    target = url(name, keys, objects)
    for role, user in users_by_role.items():
        if role in ALLOWED:
            continue
        client.force_login(user)
        assert client.post(target).status_code == 403, f"{role} {target}"
    client.logout()
    assert client.post(target).status_code == 302
    assert Buchung.objects.get().status == BuchungStatus.ANFRAGE
    assert Schliesszeit.objects.count() == 1
    assert objects["sprechstunde"].beratende_zuordnungen.count() == 1


def test_other_roles_cannot_book_or_cancel(client, koordination, objects):
    client.force_login(koordination)
    termin = objects["termin"]
    assert (
        client.post(
            reverse("sprechstunden:staff_termin_absagen", args=[termin.pk]), {"grund": "x"}
        ).status_code
        == 403
    )
    termin.refresh_from_db()
    assert not termin.abgesagt


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
    assert "Sozialbüro Saarlouis" in html  # the counsellor's Träger
    # the phone-only request waits for a call back; the e-mail reservation does not
    assert "Ida" in html
    assert "07127 1" in html
    assert "e@example.org" not in html
    assert Buchung.objects.count() == 2


@pytest.mark.parametrize(
    ("role", "shown"),
    [("planer", True), ("beratung", True), ("koordination", False), ("berichtswesen", False)],
)
def test_the_cockpit_links_the_staff_pages_for_their_roles(client, users_by_role, role, shown):
    client.force_login(users_by_role[role])
    html = client.get(reverse("cockpit")).content.decode()
    assert (reverse("sprechstunden:verwaltung") in html) is shown
