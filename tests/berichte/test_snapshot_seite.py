"""A published chapter's page (and a published report's page) comes from a stored body: rendered
once per language, served as a row read, answering conditional requests with 304 (issue 15)."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from berichte import seiten, services
from berichte.models import Baustein, BausteinArt, GespeicherteSeite, Kapitel
from tests.berichte.conftest import veroeffentlichen as zwei_personen_veroeffentlichen


@pytest.fixture(autouse=True)
def _leerer_speicher():
    """Each process keeps recent bodies in memory; tests start without them."""
    seiten._im_speicher.clear()
    yield
    seiten._im_speicher.clear()


def veroeffentlichen(kapitel, user):
    # Four eyes: ``user`` gives it into review, a colleague publishes it.
    return zwei_personen_veroeffentlichen(kapitel, user)


@pytest.fixture
def veroeffentlicht(armut_kapitel, planer):
    return veroeffentlichen(armut_kapitel, planer)


def seite(client, kapitel, **headers):
    return client.get(reverse("berichte:kapitel", args=[kapitel.pk]), headers=headers)


def test_it_stores_the_body_on_the_first_request_and_serves_it_from_there(
    client, veroeffentlicht, django_assert_max_num_queries
):
    erste = seite(client, veroeffentlicht)
    assert erste.status_code == 200
    gespeichert = GespeicherteSeite.objects.get(kapitel=veroeffentlicht)
    assert gespeichert.sprache == "de"
    assert "SGB-II-Quote je Sozialraum" in gespeichert.html
    # The chart is part of the stored body (an inline SVG data URI), nothing to draw later.
    assert "data:image/svg+xml;base64," in gespeichert.html
    # Later values do not matter: the body shows the snapshot, and it is not drawn again.
    Baustein.objects.filter(kapitel=veroeffentlicht).update(titel="Geändert")
    seiten._im_speicher.clear()
    with django_assert_max_num_queries(3):
        zweite = seite(client, veroeffentlicht)
    assert zweite.content == erste.content
    assert GespeicherteSeite.objects.count() == 1


def test_a_body_asked_for_again_in_the_same_process_needs_one_query(
    client, veroeffentlicht, django_assert_num_queries
):
    seite(client, veroeffentlicht)
    with django_assert_num_queries(1):
        assert seite(client, veroeffentlicht).status_code == 200


def test_each_language_has_its_own_body(client, veroeffentlicht):
    seite(client, veroeffentlicht)
    englisch = client.get(f"/en/berichte/kapitel/{veroeffentlicht.pk}/")
    assert englisch.status_code == 200
    assert set(GespeicherteSeite.objects.values_list("sprache", flat=True)) == {"de", "en"}
    assert f'href="/en/berichte/kapitel/{veroeffentlicht.pk}/download.pdf"' in (
        GespeicherteSeite.objects.get(sprache="en").html
    )


def test_drafts_are_never_stored(client, planer, armut_kapitel):
    client.force_login(planer)
    assert seite(client, armut_kapitel).status_code == 200
    assert not GespeicherteSeite.objects.exists()


def test_it_answers_a_conditional_request_with_304(client, veroeffentlicht):
    erste = seite(client, veroeffentlicht)
    assert erste["ETag"]
    assert erste["Last-Modified"]
    assert "no-cache" in erste["Cache-Control"]
    nochmal = seite(client, veroeffentlicht, if_none_match=erste["ETag"])
    assert nochmal.status_code == 304
    assert nochmal.content == b""
    seit = seite(client, veroeffentlicht, if_modified_since=erste["Last-Modified"])
    assert seit.status_code == 304


def test_the_etag_changes_when_the_next_chapter_is_published(
    client, planer, veroeffentlicht, bericht
):
    etag = seite(client, veroeffentlicht)["ETag"]
    naechstes = Kapitel.objects.create(bericht=bericht, titel="Bildung", reihenfolge=5)
    Baustein.objects.create(kapitel=naechstes, art=BausteinArt.TEXT, text="Text")
    veroeffentlichen(naechstes, planer)
    antwort = seite(client, veroeffentlicht, if_none_match=etag)
    assert antwort.status_code == 200
    assert "Nächstes Kapitel: Bildung" in antwort.content.decode()
    assert antwort["ETag"] != etag


def test_signed_in_pages_carry_no_validators(client, planer, veroeffentlicht):
    client.force_login(planer)
    antwort = seite(client, veroeffentlicht)
    assert antwort.status_code == 200
    assert "ETag" not in antwort
    assert GespeicherteSeite.objects.filter(kapitel=veroeffentlicht).exists()


def test_a_renamed_report_gets_a_new_body_and_the_old_one_goes(client, veroeffentlicht, bericht):
    seite(client, veroeffentlicht)
    alt = GespeicherteSeite.objects.get(kapitel=veroeffentlicht).schluessel
    bericht.refresh_from_db()
    bericht.titel = "Sozialbericht 2026 (korrigiert)"
    bericht.save()
    assert "Sozialbericht 2026 (korrigiert)" in seite(client, veroeffentlicht).content.decode()
    assert list(GespeicherteSeite.objects.values_list("schluessel", flat=True)) != [alt]
    assert GespeicherteSeite.objects.filter(kapitel=veroeffentlicht).count() == 1


def test_a_new_edition_does_not_show_the_stored_body(client, planer, veroeffentlicht, bericht):
    seite(client, veroeffentlicht)
    neu = services.create_ausgabe(bericht, planer)
    kopie = neu.kapitel.get()
    client.force_login(planer)
    antwort = seite(client, kopie)
    assert "Entwurf: nur für Mitarbeitende sichtbar" in antwort.content.decode()
    assert not GespeicherteSeite.objects.filter(kapitel=kopie).exists()


def test_the_published_report_page_is_stored_for_the_public(client, veroeffentlicht, bericht):
    url = reverse("berichte:bericht", args=[bericht.pk])
    erste = client.get(url)
    assert erste.status_code == 200
    assert GespeicherteSeite.objects.filter(bericht=bericht, kapitel=None).count() == 1
    assert client.get(url, headers={"if-none-match": erste["ETag"]}).status_code == 304


def test_the_report_page_with_drafts_is_not_stored(client, planer, veroeffentlicht, bericht):
    Kapitel.objects.create(bericht=bericht, titel="Entwurf", reihenfolge=9)
    client.force_login(planer)
    assert client.get(reverse("berichte:bericht", args=[bericht.pk])).status_code == 200
    assert not GespeicherteSeite.objects.filter(kapitel=None).exists()


def test_a_published_pdf_is_made_once_and_then_read_from_the_storage(client, veroeffentlicht):
    url = reverse("berichte:kapitel_download", args=[veroeffentlicht.pk, "pdf"])
    erste = client.get(url)
    assert erste.content.startswith(b"%PDF")
    ordner = f"berichte/exporte/{veroeffentlicht.bericht_id}"
    dateien = default_storage.listdir(ordner)[1]
    assert len(dateien) == 1
    assert dateien[0].startswith(f"kapitel-{veroeffentlicht.pk}-")
    # Proof that it is read, not made again: the stored file is what comes back.
    with default_storage.open(f"{ordner}/{dateien[0]}", "wb") as datei:
        datei.write(b"%PDF gespeichert")
    assert client.get(url).content == b"%PDF gespeichert"
