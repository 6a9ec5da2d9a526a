"""Upload, preview and confirmation of a value import: all or nothing, re-imports update and keep
provenance, and the confirmation trusts nothing from the browser."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from berichte.models import ImportDatei, Importlauf, Messwert
from berichte.services_indikatoren import token_for
from saarlouis_portal.konten.roles import Rolle
from tests.berichte.test_importer import xlsx
from tests.conftest import make_user

KOPF = "indikator;gebiet;jahr;wert\n"


@pytest.fixture
def daten(sozialraeume, sgb2_quote, einwohner_indikator):
    return sozialraeume


def hochladen(client, inhalt: bytes, name="werte.csv"):
    return client.post(reverse("berichte:import"), {"datei": SimpleUploadedFile(name, inhalt)})


def test_upload_preview_confirm_saves_all_values_with_provenance(client, planer, daten):
    client.force_login(planer)
    response = hochladen(
        client, (KOPF + "sgb2_quote;Nord;2024;12,5\neinwohner;SR02;2024;1.020\n").encode()
    )
    assert response.status_code == 302
    vorschau = response["Location"]
    # Nothing is saved by looking at the preview.
    html = client.get(vorschau).content.decode()
    assert "Die Datei ist fehlerfrei." in html
    assert "2 neue Werte" in html
    assert Messwert.objects.count() == 0

    token = vorschau.rstrip("/").split("/")[-1]
    response = client.post(reverse("berichte:import_bestaetigen", args=[token]))
    assert response.status_code == 302
    lauf = Importlauf.objects.get()
    assert (lauf.dateiname, lauf.importiert_von, lauf.zeilen_neu) == ("werte.csv", planer, 2)
    assert lauf.format == "csv/lang"
    nord = Messwert.objects.get(gebiet=daten["Nord"])
    assert nord.wert == Decimal("12.5")
    assert (nord.importlauf, nord.geaendert_von) == (lauf, planer)
    assert Messwert.objects.get(gebiet=daten["Ost"]).wert == Decimal("1020")
    # The staged file is gone; confirming twice does nothing.
    assert not ImportDatei.objects.exists()
    response = client.post(reverse("berichte:import_bestaetigen", args=[token]), follow=True)
    assert "nicht mehr vorhanden" in response.content.decode()
    assert Importlauf.objects.count() == 1


def test_one_bad_row_saves_nothing(client, planer, daten):
    client.force_login(planer)
    inhalt = KOPF + "sgb2_quote;Nord;2024;12,5\nsgb2_quote;Ost;2024;abc\n"
    vorschau = hochladen(client, inhalt.encode())["Location"]
    response = client.get(vorschau)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 Fehler" in html
    assert "„wert“" in html
    assert "„abc“ ist keine Zahl." in html
    assert "Import bestätigen" not in html
    token = vorschau.rstrip("/").split("/")[-1]
    client.post(reverse("berichte:import_bestaetigen", args=[token]))
    assert Messwert.objects.count() == 0
    assert Importlauf.objects.count() == 0


def test_a_reimport_updates_values_and_keeps_who_changed_what(client, planer, daten, sgb2_quote):
    andere = make_user("andere@example.org", Rolle.SOZIALPLANUNG)
    alt = Messwert.objects.create(
        indikator=sgb2_quote, gebiet=daten["Nord"], jahr=2024, wert=10, geaendert_von=andere
    )
    gleich = Messwert.objects.create(
        indikator=sgb2_quote, gebiet=daten["Ost"], jahr=2024, wert=7, geaendert_von=andere
    )
    client.force_login(planer)
    inhalt = xlsx(
        [
            ["indikator", "gebiet", "jahr", "wert"],
            ["sgb2_quote", "Nord", 2024, 11],
            ["sgb2_quote", "Ost", 2024, 7],
            ["sgb2_quote", "Süd", 2024, 6],
        ]
    )
    vorschau = hochladen(client, inhalt, "neu.xlsx")["Location"]
    html = client.get(vorschau).content.decode()
    assert "1 neue Werte, 1 geänderte Werte, 1 unveränderte Werte." in html
    token = vorschau.rstrip("/").split("/")[-1]
    client.post(reverse("berichte:import_bestaetigen", args=[token]))
    lauf = Importlauf.objects.get()
    assert (lauf.zeilen_neu, lauf.zeilen_geaendert, lauf.zeilen_unveraendert) == (1, 1, 1)
    alt.refresh_from_db()
    gleich.refresh_from_db()
    assert alt.wert == Decimal("11")
    assert alt.importlauf == lauf
    assert alt.geaendert_von == planer
    # An unchanged value keeps its earlier provenance.
    assert gleich.importlauf is None
    assert gleich.geaendert_von == andere
    assert Messwert.objects.count() == 3


def test_the_preview_names_rows_and_columns(client, planer, daten):
    client.force_login(planer)
    inhalt = xlsx([["indikator", "gebiet", "jahr", "wert"], ["sgb2_quote", "Mars", 2024, 1]])
    html = client.get(hochladen(client, inhalt, "f.xlsx")["Location"]).content.decode()
    assert "Unbekanntes Gebiet „Mars“" in html
    assert '<td class="kern-table__cell">B</td>' in html


def test_an_unreadable_file_gets_a_message_not_an_error(client, planer, daten):
    client.force_login(planer)
    response = hochladen(client, b"kein zip", "f.xlsx")
    assert response.status_code == 200
    assert "keine gültige Excel-Datei" in response.content.decode()
    assert not ImportDatei.objects.exists()


def test_the_upload_form_rejects_bad_files(client, planer, daten):
    client.force_login(planer)
    response = hochladen(client, b"x", "bild.png")
    assert response.status_code == 200
    assert "CSV- oder XLSX-Datei" in response.content.decode()
    response = client.post(reverse("berichte:import"), {})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    response = hochladen(client, b"", "leer.csv")
    assert "leer" in response.content.decode()
    assert not ImportDatei.objects.exists()


def test_a_tampered_or_foreign_token_finds_nothing(client, planer, daten):
    client.force_login(planer)
    vorschau = hochladen(client, (KOPF + "sgb2_quote;Nord;2024;1\n").encode())["Location"]
    token = vorschau.rstrip("/").split("/")[-1]
    # A changed id in the signed value breaks the signature.
    response = client.get(reverse("berichte:import_vorschau", args=[token[:-2] + "xx"]))
    assert response.status_code == 302
    # Another Sozialplanung account cannot use somebody else's staged file.
    zweite = make_user("zweite@example.org", Rolle.SOZIALPLANUNG)
    client.force_login(zweite)
    response = client.post(reverse("berichte:import_bestaetigen", args=[token]))
    assert response.status_code == 302
    assert Messwert.objects.count() == 0
    assert ImportDatei.objects.count() == 1


def test_the_confirmation_checks_the_file_again(client, planer, daten, sgb2_quote):
    client.force_login(planer)
    vorschau = hochladen(client, (KOPF + "sgb2_quote;Nord;2024;50\n").encode())["Location"]
    token = vorschau.rstrip("/").split("/")[-1]
    # Between preview and confirmation the indicator's key is renamed: the file is stale now.
    sgb2_quote.schluessel = "sgb2"
    sgb2_quote.save()
    response = client.post(reverse("berichte:import_bestaetigen", args=[token]), follow=True)
    assert "enthält Fehler" in response.content.decode()
    assert Messwert.objects.count() == 0


def test_only_a_signed_token_of_the_uploader_finds_the_staged_file(db, planer, berichtswesen):
    from django.core import signing

    from berichte.services_indikatoren import datei_for_token

    datei = ImportDatei.objects.create(
        dateiname="a.csv", inhalt=b"x", sha256="0", hochgeladen_von=planer
    )
    assert datei_for_token(token_for(datei), planer) == datei
    assert datei_for_token(token_for(datei), berichtswesen) is None
    unsigniert = signing.dumps({"id": datei.pk, "u": planer.pk}, salt="anderes")
    assert datei_for_token(unsigniert, planer) is None
    assert datei_for_token("kein-token", planer) is None


def test_a_value_another_import_stored_meanwhile_is_overwritten(planer, berichtswesen, daten):
    from berichte import importer, services_indikatoren

    pruefung = importer.pruefe("w.csv", (KOPF + "sgb2_quote;Nord;2024;12,5\n").encode())
    assert [w.status for w in pruefung.werte] == ["neu"]
    # Between our comparison and our insert, another import stores the same value.
    anderer = Importlauf.objects.create(dateiname="a.csv", sha256="0", format="csv/lang")
    wert = pruefung.werte[0]
    Messwert.objects.create(
        indikator=wert.indikator, gebiet=wert.gebiet, jahr=2024, wert=3, importlauf=anderer,
        geaendert_von=berichtswesen,
    )  # fmt: skip
    lauf = Importlauf.objects.create(dateiname="w.csv", sha256="0", format="csv/lang")
    services_indikatoren.save_werte(pruefung.werte, lauf, planer)
    gespeichert = Messwert.objects.get()
    assert (gespeichert.wert, gespeichert.importlauf, gespeichert.geaendert_von) == (
        Decimal("12.5"),
        lauf,
        planer,
    )
