"""The chapter workflow: Entwurf → In Prüfung → Veröffentlicht with who and when; publishing
freezes the chapter (snapshot) so later imports and edits never change it; the report's status
follows its chapters; a new edition copies everything as a draft."""

import io
import subprocess

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from berichte import services
from berichte.models import (
    Baustein,
    Bericht,
    Empfehlung,
    KapitelStatuswechsel,
    Messwert,
    Umsetzungsstand,
    Workflow,
)
from tests.berichte.conftest import veroeffentlichen

pytestmark = pytest.mark.django_db


def _veroeffentlichen(kapitel, user):
    # Four eyes: ``user`` gives it into review, a colleague publishes it.
    return veroeffentlichen(kapitel, user)


def test_status_changes_are_recorded_with_who_and_when(
    client, planer, berichtswesen, armut_kapitel
):
    url = reverse("berichte:kapitel_status", args=[armut_kapitel.pk])
    with time_machine.travel("2026-11-26 10:00 +01:00", tick=False):
        client.force_login(planer)
        client.post(url, {"nach": "pruefung", "bemerkung": "Bitte gegenlesen"})
    with time_machine.travel("2026-11-27 09:30 +01:00", tick=False):
        client.force_login(berichtswesen)  # the second pair of eyes, on the next working day
        response = client.post(url, {"nach": "veroeffentlicht"})
        # Read the page on the same day: the session made above lapses as real time moves on.
        page = client.get(reverse("berichte:kapitel_detail", args=[armut_kapitel.pk]))
    assert response.status_code == 302
    armut_kapitel.refresh_from_db()
    assert armut_kapitel.status == Workflow.VEROEFFENTLICHT
    assert armut_kapitel.veroeffentlicht_von == berichtswesen
    assert armut_kapitel.eingereicht_von == planer
    wechsel = list(KapitelStatuswechsel.objects.filter(kapitel=armut_kapitel))
    assert [(w.von, w.nach, w.wer) for w in wechsel] == [
        ("entwurf", "pruefung", planer),
        ("pruefung", "veroeffentlicht", berichtswesen),
    ]
    assert wechsel[0].bemerkung == "Bitte gegenlesen"
    assert "27.11.2026, 09:30 Uhr" in page.content.decode()


def test_draft_cannot_be_published_without_review(client, planer, armut_kapitel):
    client.force_login(planer)
    url = reverse("berichte:kapitel_status", args=[armut_kapitel.pk])
    response = client.post(url, {"nach": "veroeffentlicht"}, follow=True)
    assert "kein Statuswechsel möglich" in response.content.decode()
    armut_kapitel.refresh_from_db()
    assert armut_kapitel.status == Workflow.ENTWURF
    assert armut_kapitel.snapshot is None


@pytest.mark.parametrize("nach", ["", "geloescht", "<script>"])
def test_invalid_status_is_refused(client, planer, armut_kapitel, nach):
    client.force_login(planer)
    url = reverse("berichte:kapitel_status", args=[armut_kapitel.pk])
    response = client.post(url, {"nach": nach}, follow=True)
    assert response.status_code == 200
    assert "gültigen Status" in response.content.decode()
    assert not KapitelStatuswechsel.objects.exists()


def test_empty_chapter_cannot_be_published(planer, kapitel):
    services.change_status(kapitel, Workflow.PRUEFUNG, planer)
    with pytest.raises(services.BerichtFehler):
        services.change_status(kapitel, Workflow.VEROEFFENTLICHT, planer)


def test_published_chapter_cannot_go_back(planer, armut_kapitel):
    _veroeffentlichen(armut_kapitel, planer)
    with pytest.raises(services.BerichtFehler):
        services.change_status(armut_kapitel, Workflow.ENTWURF, planer)


def test_report_status_follows_its_chapters(planer, berichtswesen, armut_kapitel):
    bericht = armut_kapitel.bericht
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    bericht.refresh_from_db()
    assert bericht.status == Workflow.PRUEFUNG
    services.change_status(armut_kapitel, Workflow.VEROEFFENTLICHT, berichtswesen)
    bericht.refresh_from_db()
    assert bericht.status == Workflow.VEROEFFENTLICHT
    assert bericht.veroeffentlicht_am is not None


def test_published_chapter_never_changes(
    client, planer, armut_kapitel, sgb2_quote, sozialraeume, tmp_path
):
    _veroeffentlichen(armut_kapitel, planer)
    # Later: a new import changes the value, the indicator is renamed, a recommendation edited.
    Messwert.objects.filter(gebiet=sozialraeume["Nord"], jahr=2026).update(wert=99.9)
    sgb2_quote.quelle = "Neue Quelle"
    sgb2_quote.save()
    Empfehlung.objects.update(text="Geänderter Text")

    page = client.get(reverse("berichte:kapitel", args=[armut_kapitel.pk])).content.decode()
    assert "12,5" in page
    assert "99,9" not in page
    assert "Neue Quelle" not in page
    assert "Sozialberatung im Quartier ausbauen" in page

    pdf = client.get(reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "pdf"]))
    datei = tmp_path / "k.pdf"
    datei.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(datei), "-"], capture_output=True, text=True).stdout
    assert "12,5" in text
    assert "99,9" not in text

    xlsx = client.get(reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    werte = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert werte["Nord"] == 12.5

    csv_text = client.get(
        reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "csv"])
    ).content.decode("utf-8-sig")
    assert "99,9" not in csv_text


def test_draft_shows_live_values(client, planer, armut_kapitel, sozialraeume):
    Messwert.objects.filter(gebiet=sozialraeume["Nord"], jahr=2026).update(wert=99.9)
    client.force_login(planer)
    page = client.get(reverse("berichte:kapitel_detail", args=[armut_kapitel.pk])).content.decode()
    assert "99,9" in page


def test_published_chapter_refuses_edits(client, planer, armut_kapitel):
    _veroeffentlichen(armut_kapitel, planer)
    client.force_login(planer)
    baustein = armut_kapitel.bausteine.first()
    empfehlung = Empfehlung.objects.get()
    urls = [
        reverse("berichte:kapitel_update", args=[armut_kapitel.pk]),
        reverse("berichte:baustein_create", args=[armut_kapitel.pk]) + "?art=text",
        reverse("berichte:baustein_update", args=[baustein.pk]),
        reverse("berichte:baustein_delete", args=[baustein.pk]),
        reverse("berichte:empfehlung_update", args=[empfehlung.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"titel": "x", "text": "x"}).status_code == 403, url
    for url in [
        reverse("berichte:baustein_verschieben", args=[baustein.pk]),
        reverse("berichte:empfehlung_delete", args=[empfehlung.pk]),
    ]:
        assert client.post(url, {"richtung": "runter"}).status_code == 403
    assert Baustein.objects.filter(pk=baustein.pk).exists()


def test_new_edition_copies_everything_as_draft(client, planer, armut_kapitel):
    _veroeffentlichen(armut_kapitel, planer)
    alt = Empfehlung.objects.get()
    alt.umsetzungsstand = Umsetzungsstand.IN_UMSETZUNG
    alt.save()
    client.force_login(planer)
    bericht = armut_kapitel.bericht
    response = client.post(
        reverse("berichte:bericht_neue_ausgabe", args=[bericht.pk]), {"jahr": "2028"}
    )
    neu = Bericht.objects.exclude(pk=bericht.pk).get()
    assert response["Location"] == reverse("berichte:bericht_detail", args=[neu.pk])
    assert neu.titel == "Sozialbericht 2028"
    assert neu.jahr == 2028
    assert neu.status == Workflow.ENTWURF
    assert neu.vorgaenger == bericht
    kopie = neu.kapitel.get()
    assert kopie.status == Workflow.ENTWURF
    assert kopie.snapshot is None
    assert kopie.bausteine.count() == armut_kapitel.bausteine.count()
    diagramm = kopie.bausteine.get(art="zeitreihe")
    assert (diagramm.jahr_von, diagramm.jahr_bis) == (2023, 2028)  # moved by two years
    assert diagramm.gebiete.count() == 2
    neue_empfehlung = Empfehlung.objects.get(baustein__kapitel=kopie)
    assert neue_empfehlung.vorgaenger == alt
    page = client.get(reverse("berichte:kapitel_detail", args=[kopie.pk])).content.decode()
    assert "im „Sozialbericht 2026“: In Umsetzung" in page


@pytest.mark.parametrize("jahr", ["", "abc", "1800", "99999"])
def test_new_edition_needs_a_valid_year(client, planer, bericht, jahr):
    client.force_login(planer)
    response = client.post(
        reverse("berichte:bericht_neue_ausgabe", args=[bericht.pk]), {"jahr": jahr}, follow=True
    )
    assert "gültiges Berichtsjahr" in response.content.decode()
    assert Bericht.objects.count() == 1


def test_chapters_move_up_and_down(client, planer, bericht):
    from berichte.models import Kapitel

    a, b, c = (Kapitel.objects.create(bericht=bericht, titel=t, reihenfolge=0) for t in "ABC")
    client.force_login(planer)
    client.post(reverse("berichte:kapitel_verschieben", args=[c.pk]), {"richtung": "hoch"})
    assert list(bericht.kapitel.values_list("titel", flat=True)) == ["A", "C", "B"]
    client.post(reverse("berichte:kapitel_verschieben", args=[a.pk]), {"richtung": "hoch"})
    assert list(bericht.kapitel.values_list("titel", flat=True)) == ["A", "C", "B"]
    client.post(reverse("berichte:kapitel_verschieben", args=[a.pk]), {"richtung": "runter"})
    assert list(bericht.kapitel.values_list("titel", flat=True)) == ["C", "A", "B"]
    response = client.post(
        reverse("berichte:kapitel_verschieben", args=[a.pk]), {"richtung": "seitwärts"}
    )
    assert response.status_code == 302
    assert list(bericht.kapitel.values_list("titel", flat=True)) == ["C", "A", "B"]


@pytest.mark.parametrize(
    ("bemerkung", "fehler"),
    [("<script>alert(1)</script>", "ohne HTML-Auszeichnungen"), ("x" * 501, "höchstens 500")],
)
def test_bad_remark_is_refused_with_its_reason(client, planer, armut_kapitel, bemerkung, fehler):
    client.force_login(planer)
    url = reverse("berichte:kapitel_status", args=[armut_kapitel.pk])
    response = client.post(url, {"nach": "pruefung", "bemerkung": bemerkung}, follow=True)
    html = response.content.decode()
    assert "Bemerkung:" in html
    assert fehler in html
    armut_kapitel.refresh_from_db()
    assert armut_kapitel.status == Workflow.ENTWURF


def test_draft_chapter_can_be_removed(client, planer, armut_kapitel):
    client.force_login(planer)
    bericht = armut_kapitel.bericht
    url = reverse("berichte:kapitel_delete", args=[armut_kapitel.pk])
    assert "nicht rückgängig" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("berichte:bericht_detail", args=[bericht.pk])
    assert not bericht.kapitel.exists()
    assert not Baustein.objects.exists()


def test_published_chapter_cannot_be_removed(
    client, planer, berichtswesen, beratung, armut_kapitel
):
    client.force_login(beratung)
    url = reverse("berichte:kapitel_delete", args=[armut_kapitel.pk])
    assert client.post(url).status_code == 403
    _veroeffentlichen(armut_kapitel, planer)
    client.force_login(berichtswesen)
    assert client.post(url).status_code == 403
    armut_kapitel.refresh_from_db()
    with pytest.raises(services.BerichtFehler):
        services.remove_kapitel(armut_kapitel)
    assert armut_kapitel.bausteine.exists()
