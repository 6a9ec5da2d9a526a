"""Permission matrix of the places (part A): who may see and change which place.

Sozialplanung changes everything; Ortsleitung only the places it leads (others' places are a
403 on every write view); other roles read; people without a role get 403, logged-out people
the login page. Internal fields never reach the public pages. Hand-offs: only an Ortsleitung
proposes places and requests the stage of a place it leads; only the Sozialplanung sees and
decides the queue."""

from datetime import date, time

import pytest

from begegnung.models import (
    Angebot,
    Antrag,
    Ausnahme,
    Ort,
    PartnerRolle,
    Partnerschaft,
    Stelle,
    Stufe,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinder(quartiersbuero, anderer_ort, arbeitgeber):
    """One child row of each kind at both places."""
    rows = {}
    for key, ort in (("eigen", quartiersbuero), ("fremd", anderer_ort)):
        rows[key] = {
            "stelle": Stelle.objects.create(
                ort=ort, fachbereich="kinder_jugend", arbeitgeber=arbeitgeber, anteil="0.5"
            ),
            "partner": Partnerschaft.objects.create(
                ort=ort, organisation=arbeitgeber, rolle=PartnerRolle.TRAEGER
            ),
            "angebot": Angebot.objects.create(ort=ort, titel=f"Angebot {key}"),
            "ausnahme": Ausnahme.objects.create(ort=ort, datum=date(2026, 12, 24)),
        }
    return rows


def _read_urls(ort):
    return [
        "/orte/verwaltung/",
        "/orte/verwaltung/uebersicht/",
        "/orte/verwaltung/kriterien/",
        f"/orte/verwaltung/{ort.pk}/",
    ]


def _write_get_urls(ort, kinder):
    return [
        f"/orte/verwaltung/{ort.pk}/bearbeiten/",
        f"/orte/verwaltung/{ort.pk}/oeffnungszeiten/",
        f"/orte/verwaltung/{ort.pk}/ausnahmen/neu/",
        f"/orte/verwaltung/{ort.pk}/stellen/neu/",
        f"/orte/verwaltung/stellen/{kinder['stelle'].pk}/bearbeiten/",
        f"/orte/verwaltung/ausnahmen/{kinder['ausnahme'].pk}/bearbeiten/",
        f"/orte/verwaltung/{ort.pk}/partner/neu/",
        f"/orte/verwaltung/{ort.pk}/angebote/neu/",
        f"/orte/verwaltung/angebote/{kinder['angebot'].pk}/bearbeiten/",
    ]


def _delete_urls(kinder):
    return [
        f"/orte/verwaltung/stellen/{kinder['stelle'].pk}/loeschen/",
        f"/orte/verwaltung/partner/{kinder['partner'].pk}/loeschen/",
        f"/orte/verwaltung/angebote/{kinder['angebot'].pk}/loeschen/",
        f"/orte/verwaltung/ausnahmen/{kinder['ausnahme'].pk}/loeschen/",
    ]


def test_logged_out_goes_to_login(client, quartiersbuero, kinder):
    urls = [
        *_read_urls(quartiersbuero),
        *_write_get_urls(quartiersbuero, kinder["eigen"]),
        "/orte/verwaltung/neu/",
        f"/orte/verwaltung/{quartiersbuero.pk}/stufen/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    for url in _delete_urls(kinder["eigen"]):
        assert client.post(url).status_code == 302, url
    assert Stelle.objects.count() == 2


def test_without_role_is_403(client, outsider, quartiersbuero, kinder):
    client.force_login(outsider)
    for url in [*_read_urls(quartiersbuero), *_write_get_urls(quartiersbuero, kinder["eigen"])]:
        assert client.get(url).status_code == 403, url
    for url in _delete_urls(kinder["eigen"]):
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("rolle", ["koordination", "beratung", "berichtswesen"])
def test_other_roles_read_but_never_write(client, request, rolle, quartiersbuero, kinder):
    client.force_login(request.getfixturevalue(rolle))
    for url in _read_urls(quartiersbuero):
        assert client.get(url).status_code == 200, url
    for url in _write_get_urls(quartiersbuero, kinder["eigen"]):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Gekapert"}).status_code == 403, url
    for url in _delete_urls(kinder["eigen"]):
        assert client.post(url).status_code == 403, url
    assert client.get("/orte/verwaltung/neu/").status_code == 403
    assert client.post("/orte/verwaltung/kriterien/", {}).status_code == 403
    assert Stelle.objects.count() == 2
    assert Ort.objects.filter(name="Gekapert").count() == 0


def test_ortsleitung_changes_own_place_only(
    client, ortsleitung, quartiersbuero, anderer_ort, kinder
):
    client.force_login(ortsleitung)
    for url in _write_get_urls(quartiersbuero, kinder["eigen"]):
        assert client.get(url).status_code == 200, url
    for url in _write_get_urls(anderer_ort, kinder["fremd"]):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Gekapert"}).status_code == 403, url
    for url in _delete_urls(kinder["fremd"]):
        assert client.post(url).status_code == 403, url
    assert anderer_ort.stellen.count() == 1
    assert anderer_ort.angebote.count() == 1
    assert anderer_ort.ausnahmen.count() == 1
    # Others' places are visible (read) but show no edit buttons.
    html = client.get(f"/orte/verwaltung/{anderer_ort.pk}/").content.decode()
    assert f"/orte/verwaltung/{anderer_ort.pk}/bearbeiten/" not in html
    html = client.get(f"/orte/verwaltung/{quartiersbuero.pk}/").content.decode()
    assert f"/orte/verwaltung/{quartiersbuero.pk}/bearbeiten/" in html
    for url in _delete_urls(kinder["eigen"]):
        assert client.post(url).status_code == 302, url
    assert quartiersbuero.stellen.count() == 0


def test_ortsleitung_may_not_create_places_nor_plan(client, ortsleitung, quartiersbuero):
    client.force_login(ortsleitung)
    assert client.get("/orte/verwaltung/neu/").status_code == 403
    assert client.get(f"/orte/verwaltung/{quartiersbuero.pk}/stufen/").status_code == 403
    assert client.post("/orte/verwaltung/kriterien/", {}).status_code == 403
    page = client.get("/orte/verwaltung/kriterien/")
    assert page.status_code == 200
    assert b'<form method="post"' not in page.content


def test_ortsleitung_form_cannot_change_stage_leadership_or_visibility(
    client, ortsleitung, quartiersbuero, planer
):
    client.force_login(ortsleitung)
    form = client.get(f"/orte/verwaltung/{quartiersbuero.pk}/bearbeiten/").context["form"]
    assert not {"stufe", "leitung", "oeffentlich"} & set(form.fields)
    response = client.post(
        f"/orte/verwaltung/{quartiersbuero.pk}/bearbeiten/",
        {
            "name": "Quartiersbüro Roden",
            "art": quartiersbuero.art,
            "gebiet": quartiersbuero.gebiet_id,
            "stufe": Stufe.ANLAUFSTELLE,
            "leitung": [planer.pk],
            "oeffentlich": "",
        },
    )
    assert response.status_code == 302
    quartiersbuero.refresh_from_db()
    assert quartiersbuero.stufe == Stufe.ORT_DER_BEGEGNUNG
    assert quartiersbuero.oeffentlich
    assert list(quartiersbuero.leitung.all()) == [ortsleitung]


def test_unknown_ids_are_404(client, planer):
    client.force_login(planer)
    for url in [
        "/orte/verwaltung/999999/",
        "/orte/verwaltung/999999/bearbeiten/",
        "/orte/verwaltung/999999/oeffnungszeiten/",
        "/orte/verwaltung/stellen/999999/bearbeiten/",
        "/orte/verwaltung/angebote/999999/bearbeiten/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        "/orte/verwaltung/stellen/999999/loeschen/",
        "/orte/verwaltung/partner/999999/loeschen/",
    ]:
        assert client.post(url).status_code == 404, url


def test_deletes_need_post(client, planer, kinder):
    client.force_login(planer)
    for url in _delete_urls(kinder["eigen"]):
        assert client.get(url).status_code == 405, url


def test_internal_fields_on_staff_pages_never_on_public_pages(
    client, planer, anderer_ort, arbeitgeber
):
    Stelle.objects.create(
        ort=anderer_ort, fachbereich="kinder_jugend", arbeitgeber=arbeitgeber, anteil="0.5"
    )
    Angebot.objects.create(ort=anderer_ort, titel="Teamsitzung intern", oeffentlich=False)
    Angebot.objects.create(ort=anderer_ort, titel="Krabbelgruppe", wochentag=0, beginn=time(9))
    public_pages = [
        "/orte/",
        f"/orte/{anderer_ort.pk}/",
        f"/orte/{anderer_ort.pk}/angebote.ics",
        f"/orte/angebote/{Angebot.objects.get(titel='Krabbelgruppe').pk}/",
    ]
    for user in (None, planer):
        if user:
            client.force_login(user)
        for url in public_pages:
            body = client.get(url).content.decode()
            assert "VERTRAULICH" not in body, url
            assert "Teamsitzung intern" not in body, url
            assert "Interne Notiz" not in body, url
            assert "Stellenanteil" not in body, url
    staff = client.get(f"/orte/verwaltung/{anderer_ort.pk}/").content.decode()
    assert "VERTRAULICH-Notiz der Kita" in staff
    assert "Teamsitzung intern" in staff


# Hand-offs (proposals, stage requests, the Sozialplanung's queue)


@pytest.fixture
def antrag(bereiter_satellit, ortsleitung):
    from begegnung import services_antraege

    return services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Bitte.")


def _uebergabe_urls(ort, antrag):
    """(URL, roles that may open it) besides the logged-out visitor and the outsider."""
    return [
        ("/orte/verwaltung/vorschlagen/", {"ortsleitung"}),
        (f"/orte/verwaltung/{ort.pk}/stufe-beantragen/", {"ortsleitung"}),
        ("/orte/verwaltung/antraege/", {"planer"}),
        (f"/orte/verwaltung/antraege/{antrag.pk}/", {"planer"}),
    ]


def test_hand_off_pages_per_role(client, users_by_role, bereiter_satellit, antrag):
    for url, erlaubt in _uebergabe_urls(bereiter_satellit, antrag):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
        assert client.post(url, {"begruendung": "x"}).status_code == 302, url
        for rolle, user in users_by_role.items():
            client.force_login(user)
            assert client.get(url).status_code == (200 if rolle in erlaubt else 403), (rolle, url)
    # Nothing was written by anybody who may not.
    assert Antrag.objects.count() == 1
    assert Ort.objects.count() == 1


@pytest.mark.parametrize(
    "rolle", ["planer", "koordination", "beratung", "berichtswesen", "outsider"]
)
def test_only_the_lead_requests_a_stage_or_proposes_a_place(
    client, request, rolle, bereiter_satellit, roden_sozialraum
):
    client.force_login(request.getfixturevalue(rolle))
    url = f"/orte/verwaltung/{bereiter_satellit.pk}/stufe-beantragen/"
    assert client.post(url, {"begruendung": "Gekapert."}).status_code == 403
    response = client.post(
        "/orte/verwaltung/vorschlagen/",
        {"name": "Gekapert", "art": "kita", "gebiet": roden_sozialraum.pk, "begruendung": "x"},
    )
    assert response.status_code == 403
    assert not Antrag.objects.exists()
    assert not Ort.objects.filter(name="Gekapert").exists()


def test_the_lead_requests_only_for_own_places(client, ortsleitung, anderer_ort, antrag):
    client.force_login(ortsleitung)
    url = f"/orte/verwaltung/{anderer_ort.pk}/stufe-beantragen/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"begruendung": "Fremd."}).status_code == 403
    # Only the Sozialplanung decides, not the lead who asked.
    detail = f"/orte/verwaltung/antraege/{antrag.pk}/"
    assert client.post(detail, {"entscheidung": "annehmen"}).status_code == 403
    assert Antrag.objects.get().ist_offen
