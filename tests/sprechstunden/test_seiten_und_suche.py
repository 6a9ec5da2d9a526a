"""Issue 15: the lists of the Sprechstunden come in pages whose cost does not grow with the data,
and counsellors and Träger are found by a search that works without JavaScript."""

import re
from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt
from sprechstunden.models import Anlaufstelle, Beratende, Sprechstunde
from sprechstunden.services.slots import generate_slots
from sprechstunden.views.public_list import PAGE_SIZE
from sprechstunden.views.staff_sprechstunde import PAGE_SIZE as STAFF_PAGE_SIZE
from tests.conftest import make_user


def make_sprechstunden(anlaufstelle, count, *, start=0):
    made = []
    for i in range(start, start + count):
        sprechstunde = Sprechstunde.objects.create(
            anlaufstelle=anlaufstelle,
            titel=f"Sprechstunde {i:03d}",
            wochentage=[0, 3],
            beginn=time(9, 0),
            ende=time(10, 0),
            slot_minuten=30,
            kapazitaet=1,
            vorlauf_stunden=2,
            buchbar_tage=14,
            gueltig_ab=date(2026, 1, 1),
        )
        generate_slots(sprechstunde)
        made.append(sprechstunde)
    return made


def count_queries(client, url):
    client.get(url)  # caches warm: the options of the filters, the data version
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# The public list


def test_the_public_list_costs_the_same_queries_for_5_and_50(client, jetzt, rathaus, settings):
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 0
    make_sprechstunden(rathaus, 5)
    few = count_queries(client, "/sprechstunden/")
    make_sprechstunden(rathaus, 45, start=5)
    assert count_queries(client, "/sprechstunden/") == few


def test_the_public_list_shows_one_page_and_counts_all(client, jetzt, rathaus, settings):
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 0
    make_sprechstunden(rathaus, PAGE_SIZE + 3)
    html = client.get("/sprechstunden/").content.decode()
    assert html.count('class="kern-card"') == PAGE_SIZE
    assert f"{PAGE_SIZE + 3} Sprechstunden gefunden" in html
    assert "Seite 1 von 2" in html

    second = client.get("/sprechstunden/?seite=2").content.decode()
    assert second.count('class="kern-card"') == 3
    assert f"Sprechstunde {PAGE_SIZE:03d}" in second
    assert "Sprechstunde 000" not in second


@pytest.mark.parametrize("seite", ["abc", "0", "-1", "999", "<script>", ""])
def test_a_bad_page_number_shows_a_page_calmly(client, jetzt, rathaus, settings, seite):
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 0
    make_sprechstunden(rathaus, PAGE_SIZE + 1)
    response = client.get("/sprechstunden/", {"seite": seite})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>")[-1]


def test_page_links_keep_the_filters(client, jetzt, rathaus, thema, settings):
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 0
    for sprechstunde in make_sprechstunden(rathaus, PAGE_SIZE + 1):
        sprechstunde.themen.add(thema)
    html = client.get("/sprechstunden/", {"thema": thema.pk}).content.decode()
    assert f"thema={thema.pk}&amp;seite=2" in html


# The staff overview


def test_the_overview_costs_the_same_queries_for_5_and_50(client, planer, rathaus):
    client.force_login(planer)
    make_sprechstunden(rathaus, 5)
    url = reverse("sprechstunden:verwaltung")
    few = count_queries(client, url)
    make_sprechstunden(rathaus, 45, start=5)
    for i in range(45):
        Anlaufstelle.objects.create(name=f"Anlaufstelle {i:03d}", gebiet=rathaus.gebiet)
    assert count_queries(client, url) == few


def test_the_overview_pages_both_lists(client, planer, rathaus):
    client.force_login(planer)
    make_sprechstunden(rathaus, STAFF_PAGE_SIZE + 1)
    for i in range(STAFF_PAGE_SIZE + 1):
        Anlaufstelle.objects.create(name=f"Anlaufstelle {i:03d}", gebiet=rathaus.gebiet)
    html = client.get(reverse("sprechstunden:verwaltung")).content.decode()
    assert html.count("/verwaltung/sprechstunden/") >= STAFF_PAGE_SIZE
    assert f"Sprechstunde {STAFF_PAGE_SIZE:03d}" not in html
    assert 'seite=2">' in html
    assert 'orte=2#anlaufstellen"' in html
    second = client.get(reverse("sprechstunden:verwaltung"), {"seite": 2}).content.decode()
    assert f"Sprechstunde {STAFF_PAGE_SIZE:03d}" in second
    assert client.get(reverse("sprechstunden:verwaltung"), {"orte": "x"}).status_code == 200


# Counsellors and Träger: search instead of a select of every row


@pytest.fixture
def viele_traeger(db):
    return Organisation.objects.bulk_create(
        Organisation(name=f"Caritasverband Ort {i:03d}", art=OrganisationArt.TRAEGER)
        for i in range(30)
    )


def _add_url(sprechstunde):
    return reverse("sprechstunden:staff_beratende_neu", args=[sprechstunde.pk])


def _radios(html, name):
    return re.findall(rf'type="radio" name="{name}" value="(\d+)"', html)


def test_a_short_list_stays_a_select(client, planer, vormittag):
    client.force_login(planer)
    Organisation.objects.create(name="Jugendamt", art=OrganisationArt.BEHOERDE)
    html = client.get(reverse("sprechstunden:staff_sprechstunde", args=[vormittag.pk])).content
    assert b'<select name="traeger"' in html
    assert b'name="traeger_suche"' not in html


def test_the_staff_page_lists_a_bounded_number_of_traeger(client, planer, vormittag, viele_traeger):
    client.force_login(planer)
    html = client.get(reverse("sprechstunden:staff_sprechstunde", args=[vormittag.pk])).content
    html = html.decode()
    assert len(_radios(html, "traeger")) == 20
    assert '<select name="traeger"' not in html
    assert "Es gibt mehr als 20 Treffer" in html


def test_the_page_costs_the_same_queries_with_5_and_50_organisations(client, planer, vormittag):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_sprechstunde", args=[vormittag.pk])
    Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i}", art=OrganisationArt.VEREIN) for i in range(5)
    )
    few = count_queries(client, url)
    Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i}", art=OrganisationArt.VEREIN) for i in range(5, 50)
    )
    for i in range(20):
        make_user(f"berater{i}@example.org", Rolle.BERATUNG)
    assert count_queries(client, url) == few


def test_search_choose_and_save_without_javascript(
    client, planer, beratung, vormittag, viele_traeger
):
    client.force_login(planer)
    wanted = Organisation.objects.create(name="Diakonie Saarlouis", art=OrganisationArt.TRAEGER)
    # 1. Search: the form comes back with the hits, nothing saved, no errors.
    response = client.post(
        _add_url(vormittag),
        {"suchen": "traeger", "traeger_suche": "diakonie", "user_suche": "", "user": beratung.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert _radios(html, "traeger") == [str(wanted.pk)]
    assert 'value="diakonie"' in html
    assert re.search(rf'<option value="{beratung.pk}" selected>', html)  # few: a select
    assert "kern-error" not in html
    assert not Beratende.objects.exists()
    # 2. Choose and save.
    response = client.post(
        _add_url(vormittag),
        {"traeger_suche": "diakonie", "traeger": wanted.pk, "user": beratung.pk},
    )
    assert response.status_code == 302
    assert Beratende.objects.get().traeger == wanted


def test_a_search_for_a_person_finds_them_by_name_or_email(client, planer, vormittag, beratung):
    client.force_login(planer)
    make_user("kim.klein@example.org", Rolle.BERATUNG, first_name="Kim", last_name="Klein")
    response = client.post(_add_url(vormittag), {"suchen": "user", "user_suche": "kim.klein"})
    html = response.content.decode()
    assert "Kim Klein" in html
    assert beratung.email not in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"traeger": ""}, "traeger"),  # missing
        ({"traeger": "987654"}, "traeger"),  # unknown id
        ({"traeger": "inaktiv"}, "traeger"),  # an organisation that is no Träger any more
        ({"traeger": "<script>alert(1)</script>"}, "traeger"),
        ({"user": "andere"}, "user"),  # a person without the Beratung role
        ({"user": "<script>alert(1)</script>"}, "user"),
    ],
)
def test_bad_choices_give_a_field_error(client, planer, beratung, vormittag, data, field):
    client.force_login(planer)
    traeger = Organisation.objects.create(name="Jugendamt", art=OrganisationArt.BEHOERDE)
    inaktiv = Organisation.objects.create(
        name="Aufgelöst e. V.", art=OrganisationArt.VEREIN, aktiv=False
    )
    replace = {"inaktiv": inaktiv.pk, "andere": planer.pk}
    post = {"user": beratung.pk, "traeger": traeger.pk, **data}
    post = {k: replace.get(v, v) for k, v in post.items()}
    response = client.post(_add_url(vormittag), post)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Beratende.objects.exists()


def test_script_tags_in_the_search_are_shown_harmlessly(client, planer, vormittag):
    client.force_login(planer)
    response = client.post(
        _add_url(vormittag), {"suchen": "traeger", "traeger_suche": "<script>alert(1)</script>"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "Keine Treffer" in html


def test_an_unknown_search_button_value_is_an_ordinary_post(client, planer, beratung, vormittag):
    client.force_login(planer)
    traeger = Organisation.objects.create(name="Jugendamt", art=OrganisationArt.BEHOERDE)
    response = client.post(
        _add_url(vormittag), {"suchen": "irgendwas", "user": beratung.pk, "traeger": traeger.pk}
    )
    assert response.status_code == 302
    assert Beratende.objects.count() == 1


# The place of an Anlaufstelle: every Ort of the directory


def test_the_place_of_an_anlaufstelle_is_found_by_search(client, planer, roden):
    from begegnung.models import Ort, OrtArt
    from tests.sprechstunden.test_staff_anlaufstelle import CREATE, valid

    client.force_login(planer)
    Ort.objects.bulk_create(
        Ort(name=f"Treffpunkt {i:03d}", art=OrtArt.PFARRZENTRUM, gebiet=roden) for i in range(25)
    )
    gesucht = Ort.objects.create(name="Quartiersbüro Roden", art=OrtArt.PFARRZENTRUM, gebiet=roden)
    html = client.get(CREATE).content.decode()
    assert 'name="ort_begegnung_suche"' in html
    assert len(_radios(html, "ort_begegnung")) == 20
    assert 'name="ort_begegnung" value=""' in html  # "no place" stays a choice

    response = client.post(CREATE, {"suchen": "ort_begegnung", "ort_begegnung_suche": "quartier"})
    assert _radios(response.content.decode(), "ort_begegnung") == [str(gesucht.pk)]

    response = client.post(CREATE, valid(roden, ort_begegnung=gesucht.pk))
    assert response.status_code == 302
    assert Anlaufstelle.objects.get(name="Stadtteilbüro Roden").ort_begegnung == gesucht
