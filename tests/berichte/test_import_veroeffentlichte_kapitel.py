"""An import that changes values published chapters show (issue 16): the preview names those
chapters with the number of changed values each, in the request and before a background
import; the sentence after the import names them again; and the chapters stay frozen: their
pages and files keep the published figures."""

from decimal import Decimal

import pytest
from django.urls import reverse

from berichte import importer, seiten, services, services_indikatoren, tasks
from berichte.models import (
    Baustein,
    BausteinArt,
    Bericht,
    GespeicherteSeite,
    Importlauf,
    Kapitel,
    Messwert,
    Workflow,
)
from saarlouis_portal.auftraege.models import Auftrag, Status
from tests.auftraege.worker import worker_step
from tests.berichte.test_import_views import KOPF, hochladen

# Nord 2026 (table, chart: 12,5 → 19,9), Süd 2021 (chart only: 12,0 → 17,7), West 2019 (shown
# nowhere), Ost 2026 (13,5: unchanged).
DATEI = (
    KOPF + "sgb2_quote;Nord;2026;19,9\nsgb2_quote;Süd;2021;17,7\n"
    "sgb2_quote;West;2019;5\nsgb2_quote;Ost;2026;13,5\n"
)


def veroeffentlichen(kapitel, einreicher, freigeber):
    kapitel = services.change_status(kapitel, Workflow.PRUEFUNG, einreicher)
    return services.change_status(kapitel, Workflow.VEROEFFENTLICHT, freigeber)


@pytest.fixture(autouse=True)
def _leerer_speicher():
    seiten._im_speicher.clear()
    yield
    seiten._im_speicher.clear()


@pytest.fixture
def veroeffentlicht(armut_kapitel, planer, berichtswesen):
    return veroeffentlichen(armut_kapitel, planer, berichtswesen)


@pytest.fixture
def zweites(veroeffentlicht, saarlouis_stadt, sgb2_quote, planer, berichtswesen):
    """Another report's published chapter whose table shows 2026 of every Sozialraum."""
    bericht = Bericht.objects.create(titel="Armutsbericht 2026", gebiet=saarlouis_stadt, jahr=2026)
    kapitel = Kapitel.objects.create(bericht=bericht, titel="Kinderarmut")
    tabelle = Baustein.objects.create(kapitel=kapitel, art=BausteinArt.TABELLE)
    tabelle.indikatoren.set([sgb2_quote])
    return veroeffentlichen(kapitel, planer, berichtswesen)


def vorschau(client, inhalt: str = DATEI):
    response = hochladen(client, inhalt.encode())
    assert response.status_code == 302, response.content.decode()[:500]
    url = response["Location"]
    return url, url.rstrip("/").split("/")[-1]


# The service


def test_it_counts_the_changed_values_each_published_chapter_shows(zweites, veroeffentlicht):
    pruefung = importer.pruefe("w.csv", DATEI.encode())
    assert pruefung.ok
    betroffen = services_indikatoren.betroffene_kapitel(pruefung)
    # Newest report first, then by title.
    assert [(b.kapitel, b.anzahl) for b in betroffen] == [(zweites, 1), (veroeffentlicht, 2)]


def test_drafts_and_values_shown_nowhere_do_not_count(armut_kapitel, sozialraeume):
    pruefung = importer.pruefe("w.csv", DATEI.encode())
    assert services_indikatoren.betroffene_kapitel(pruefung) == []


def test_unchanged_values_do_not_count(veroeffentlicht):
    pruefung = importer.pruefe("w.csv", (KOPF + "sgb2_quote;Nord;2026;12,5\n").encode())
    assert services_indikatoren.betroffene_kapitel(pruefung) == []


def test_a_value_where_the_chapter_shows_a_gap_counts(
    armut_kapitel, planer, berichtswesen, sozialraeume
):
    Messwert.objects.filter(gebiet=sozialraeume["Ost"], jahr=2026).delete()
    kapitel = veroeffentlichen(armut_kapitel, planer, berichtswesen)
    pruefung = importer.pruefe("w.csv", (KOPF + "sgb2_quote;Ost;2026;13,5\n").encode())
    assert [(b.kapitel, b.anzahl) for b in services_indikatoren.betroffene_kapitel(pruefung)] == [
        (kapitel, 1)
    ]


# The preview and the import in the request


def test_berichtswesen_sees_the_frozen_chapters_in_the_preview(
    client, berichtswesen, veroeffentlicht, zweites
):
    client.force_login(berichtswesen)
    url, _token = vorschau(client)
    html = client.get(url).content.decode()
    assert "Der Import ändert Werte, die veröffentlichte Kapitel zeigen" in html
    assert "Veröffentlichte Kapitel bleiben eingefroren" in html
    kapitel_url = reverse("berichte:kapitel_detail", args=[veroeffentlicht.pk])
    assert (
        f'<a class="kern-link" href="{kapitel_url}">„Armut“</a> (Sozialbericht 2026): '
        "2 geänderte Werte"
    ) in html
    assert "(Armutsbericht 2026): 1 geänderter Wert" in html
    assert "im Hintergrund importiert" not in html  # a small file is saved in the request


def test_a_preview_that_touches_no_published_chapter_warns_of_nothing(
    client, berichtswesen, armut_kapitel
):
    client.force_login(berichtswesen)
    url, _token = vorschau(client)
    html = client.get(url).content.decode()
    assert "Die Datei ist fehlerfrei." in html
    assert "veröffentlichte Kapitel" not in html


def test_the_sentence_after_the_import_names_the_chapters(client, berichtswesen, veroeffentlicht):
    client.force_login(berichtswesen)
    _url, token = vorschau(client)
    response = client.post(reverse("berichte:import_bestaetigen", args=[token]), follow=True)
    html = response.content.decode()
    assert "„werte.csv“ wurde importiert: 1 neue, 2 geänderte, 1 unveränderte Werte." in html
    assert (
        "Veröffentlichte Kapitel bleiben unverändert; neuere Werte gibt es jetzt für: "
        "„Armut“ (Sozialbericht 2026; geänderte Werte: 2)."
    ) in html
    assert Importlauf.objects.get().importiert_von == berichtswesen


def test_many_chapters_are_counted_rather_than_named(veroeffentlicht, monkeypatch):
    # A job's result holds 500 characters: beyond a few chapters only their number.
    monkeypatch.setattr(tasks, "KAPITEL_IM_ERGEBNIS", 0)
    lauf = Importlauf(dateiname="w.csv")
    lauf.betroffene_kapitel = [services_indikatoren.BetroffenesKapitel(veroeffentlicht, 2)]
    text = tasks.ergebnis_text(lauf)
    assert "neuere Werte gibt es jetzt für:  und 1 weitere Kapitel." in text
    assert "Sozialbericht 2026" not in text


# A large file: the warning before, the chapters on the job's page after


def test_a_background_import_warns_before_and_names_the_chapters_after(
    client, berichtswesen, veroeffentlicht, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks, "IMPORT_SOFORT_HOECHSTENS_BYTES", 0)
    client.force_login(berichtswesen)
    url, token = vorschau(client)
    html = client.get(url).content.decode()
    assert "(Sozialbericht 2026): 2 geänderte Werte" in html
    assert "wird nach der Bestätigung im Hintergrund importiert" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("berichte:import_bestaetigen", args=[token]))
    auftrag = Auftrag.objects.get(art="berichte.werte_import")
    assert response["Location"] == auftrag.get_absolute_url()
    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FERTIG
    assert "„Armut“ (Sozialbericht 2026; geänderte Werte: 2)" in auftrag.ergebnis
    seite = client.get(auftrag.get_absolute_url()).content.decode()
    assert "Veröffentlichte Kapitel bleiben unverändert" in seite


# Frozen


def test_published_chapters_keep_their_figures_after_the_import(
    client, berichtswesen, veroeffentlicht
):
    oeffentlich = reverse("berichte:kapitel", args=[veroeffentlicht.pk])
    vorher = client.get(oeffentlich).content.decode()
    assert "12,5" in vorher
    assert "19,9" not in vorher

    client.force_login(berichtswesen)
    _url, token = vorschau(client)
    client.post(reverse("berichte:import_bestaetigen", args=[token]))
    assert Messwert.objects.get(gebiet__name="Nord", jahr=2026).wert == Decimal("19.9")

    client.logout()
    assert "19,9" not in client.get(oeffentlich).content.decode()
    # Not a stale stored page either: drawn again from the snapshot, the figures stay.
    GespeicherteSeite.objects.all().delete()
    seiten._im_speicher.clear()
    nachher = client.get(oeffentlich).content.decode()
    assert "12,5" in nachher
    assert "19,9" not in nachher
    assert "17,7" not in nachher
    datei = client.get(reverse("berichte:kapitel_download", args=[veroeffentlicht.pk, "csv"]))
    inhalt = datei.content.decode("utf-8-sig")
    assert "12,5" in inhalt
    assert "19,9" not in inhalt
    veroeffentlicht.refresh_from_db()
    assert veroeffentlicht.status == Workflow.VEROEFFENTLICHT
