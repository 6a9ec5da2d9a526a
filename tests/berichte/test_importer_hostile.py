"""Hostile value files (berichte/importer/): zip bombs, absurd cell references and dimensions,
entity bombs, too many rows, columns or parts. The upload answers with a message at the file
field and stores nothing; a file staged before these checks gets a message at the preview and
in the service, never a server error. The files are built here by hand with zipfile."""

import io
import re
import time
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from berichte import importer, services_indikatoren
from berichte.models import ImportDatei, Importlauf, Messwert
from tests.berichte.test_importer import xlsx

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEETML}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{SPREADSHEETML}.worksheet+xml"/>'
    "{extra}</Types>"
)
SHARED_STRINGS_TYPE = (
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEETML}.sharedStrings+xml"/>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="Werte" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
KOPF = ["indikator", "gebiet", "jahr", "wert"]
ENTITY_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" if n > 1 else "&lol;" * 10}">' for n in range(1, 10)
    )
    + "]>"
)


def zeile(nummer: int, werte) -> str:
    zellen = "".join(
        f'<c r="{chr(65 + i)}{nummer}"><v>{w}</v></c>'
        if isinstance(w, int | float)
        else f'<c r="{chr(65 + i)}{nummer}" t="inlineStr"><is><t>{w}</t></is></c>'
        for i, w in enumerate(werte)
    )
    return f'<row r="{nummer}">{zellen}</row>'


def blatt(zeilen: str, *, vorspann: str = "", dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'{vorspann}<worksheet xmlns="{MAIN}">{dim}<sheetData>{zeilen}</sheetData></worksheet>'


def gueltige_zeilen(*daten) -> str:
    return zeile(1, KOPF) + "".join(zeile(n, werte) for n, werte in enumerate(daten, start=2))


def mappe(sheet_xml: str, *, weitere: dict | None = None, ohne=(), extra_types="") -> bytes:
    """A minimal XLSX: content types, relationships, workbook and one sheet, plus ``weitere``
    parts (name -> bytes or text) and without the parts named in ``ohne``."""
    teile = {
        "[Content_Types].xml": CONTENT_TYPES.format(extra=extra_types),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet_xml,
        **(weitere or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archiv:
        for name, inhalt in teile.items():
            if name not in ohne:
                archiv.writestr(name, inhalt)
    return buffer.getvalue()


def bombe(*, entpackt_mb: int) -> bytes:
    """A valid workbook whose sheet is followed by a member of zeros, written in 1 MB pieces so
    that neither the test nor zipfile ever holds the unpacked size."""
    buffer = io.BytesIO(mappe(blatt(gueltige_zeilen(["sgb2_quote", "Nord", 2024, 3]))))
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archiv,
        archiv.open("xl/media/nullen.bin", "w", force_zip64=True) as ziel,
    ):
        nullen = bytes(MB)
        for _ in range(entpackt_mb):
            ziel.write(nullen)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def zip_bombe() -> bytes:
    """200 MB of zeros in well under 1 MB, built once for the module."""
    return bombe(entpackt_mb=200)


@pytest.fixture
def daten(sozialraeume, sgb2_quote, einwohner_indikator):
    return sozialraeume


def hochladen(client, inhalt: bytes, name="werte.xlsx"):
    return client.post(reverse("berichte:import"), {"datei": SimpleUploadedFile(name, inhalt)})


def feldfehler(response) -> str:
    """The message shown at the file field (its error block in the page)."""
    html = response.content.decode()
    treffer = re.search(r'<div class="kern-error" id="id_datei_error">(.*?)</div>', html, re.S)
    assert treffer, "no error at the file field"
    return unescape(re.sub(r"<[^>]+>", " ", treffer[1]))


def assert_refused_at_upload(client, planer, inhalt: bytes, meldung: str, name="werte.xlsx"):
    client.force_login(planer)
    vorher = (ImportDatei.objects.count(), Messwert.objects.count(), Importlauf.objects.count())
    response = hochladen(client, inhalt, name)
    assert response.status_code == 200
    assert meldung in feldfehler(response)
    assert meldung in response.context["form"].errors["datei"][0]
    nachher = (ImportDatei.objects.count(), Messwert.objects.count(), Importlauf.objects.count())
    assert nachher == vorher


# The upload refuses the file and stores nothing


def test_a_cell_reference_far_outside_the_sheet_is_refused(client, planer, daten):
    zeilen = zeile(1, KOPF) + '<row r="2"><c r="ZZZZZZZZZZZZZ2"><v>1</v></c></row>'
    inhalt = mappe(blatt(zeilen))
    assert_refused_at_upload(client, planer, inhalt, "ungültige Zellangabe („ZZZZZZZZZZZZZ2“)")


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(client, planer, daten, zip_bombe):
    assert len(zip_bombe) < MB
    start = time.perf_counter()
    assert_refused_at_upload(client, planer, zip_bombe, "entpackt größer als 100 MB")
    assert time.perf_counter() - start < 5


def test_a_part_packed_more_than_a_hundredfold_is_refused(client, planer, daten):
    assert_refused_at_upload(
        client, planer, bombe(entpackt_mb=2), "ungewöhnlich stark gepackt (mehr als 100 : 1)"
    )


def test_a_file_that_is_no_zip_archive_is_refused(client, planer, daten):
    assert_refused_at_upload(
        client, planer, b"indikator;gebiet;jahr;wert\n", "keine gültige Excel-Datei"
    )


def test_a_cell_at_the_far_corner_of_the_sheet_is_refused(client, planer, daten):
    zeilen = zeile(1, KOPF) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    inhalt = mappe(blatt(zeilen, dimension="A1:XFD1048576"))
    assert_refused_at_upload(client, planer, inhalt, "mehr als 1.000 Spalten")


def test_a_row_of_cells_without_references_is_refused(client, planer, daten):
    zeilen = zeile(1, KOPF) + "<row>" + "<c><v>1</v></c>" * 1001 + "</row>"
    assert_refused_at_upload(client, planer, mappe(blatt(zeilen)), "mehr als 1.000 Spalten")


def test_a_row_number_beyond_excel_is_refused(client, planer, daten):
    zeilen = zeile(1, KOPF) + '<row r="99999999999"><c><v>1</v></c></row>'
    assert_refused_at_upload(
        client, planer, mappe(blatt(zeilen)), "ungültige Zellangabe („99999999999“)"
    )


@override_settings(BERICHTE_IMPORT_MAX_ZEILEN=3)
def test_too_many_rows_are_refused(client, planer, daten):
    zeilen = gueltige_zeilen(*[["sgb2_quote", "Nord", 2000 + n, 1] for n in range(4)])
    assert_refused_at_upload(client, planer, mappe(blatt(zeilen)), "mehr als 3 Zeilen")


@override_settings(BERICHTE_IMPORT_MAX_ZEILEN=3)
def test_more_cells_than_openpyxl_should_parse_are_refused(client, planer, daten):
    # Ten cells per allowed row: 30 here, counting the header and cells right of it.
    zeilen = gueltige_zeilen(*[["sgb2_quote", "Nord", 2020 + n, 1, *range(8)] for n in range(3)])
    assert_refused_at_upload(client, planer, mappe(blatt(zeilen)), "mehr als 30 Zellen")


@override_settings(BERICHTE_IMPORT_MAX_ZEILEN=3)
def test_too_many_rows_of_a_csv_are_refused_at_the_upload_too(client, planer, daten):
    inhalt = ("indikator;gebiet;jahr;wert\n" + "sgb2_quote;Nord;2024;1\n" * 4).encode()
    assert_refused_at_upload(client, planer, inhalt, "mehr als 3 Zeilen", name="werte.csv")


def test_a_csv_line_with_thousands_of_fields_is_refused(client, planer, daten):
    inhalt = ("indikator;gebiet;jahr;wert\n" + ";" * 5000 + "\n").encode()
    assert_refused_at_upload(client, planer, inhalt, "mehr als 1.000 Spalten", name="werte.csv")


def test_an_entity_bomb_in_the_sheet_is_refused(client, planer, daten):
    zeilen = zeile(1, KOPF) + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    inhalt = mappe(blatt(zeilen, vorspann=ENTITY_BOMB))
    assert_refused_at_upload(client, planer, inhalt, "Dokumenttyp-Definition")


def test_an_entity_bomb_in_the_shared_strings_is_refused(client, planer, daten):
    texte = ENTITY_BOMB + f'<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
    inhalt = mappe(
        blatt(gueltige_zeilen(["sgb2_quote", "Nord", 2024, 3])),
        weitere={"xl/sharedStrings.xml": texte},
        extra_types=SHARED_STRINGS_TYPE,
    )
    assert_refused_at_upload(client, planer, inhalt, "Dokumenttyp-Definition")


def test_an_entity_bomb_in_a_part_read_whole_is_not_expanded(daten):
    # openpyxl reads the workbook part with lxml, which leaves entities unresolved.
    arbeitsmappe = ENTITY_BOMB + WORKBOOK.split("?>", 1)[1].replace('"Werte"', '"&lol9;"')
    inhalt = mappe(
        blatt(gueltige_zeilen(["sgb2_quote", "Nord", 2024, 3])),
        weitere={"xl/workbook.xml": arbeitsmappe},
    )
    start = time.perf_counter()
    assert importer.pruefe("werte.xlsx", inhalt).ok
    assert time.perf_counter() - start < 5


def test_a_missing_workbook_part_is_refused(client, planer, daten):
    inhalt = mappe(blatt(gueltige_zeilen()), ohne=["xl/workbook.xml"])
    assert_refused_at_upload(client, planer, inhalt, "keine gültige Excel-Datei")


def test_an_archive_of_too_many_parts_is_refused(client, planer, daten):
    weitere = {f"xl/media/bild{n}.png": b"x" for n in range(500)}
    inhalt = mappe(blatt(gueltige_zeilen()), weitere=weitere)
    assert_refused_at_upload(client, planer, inhalt, "mehr als 500 Teilen")


def test_a_large_part_that_openpyxl_reads_whole_is_refused(client, planer, daten):
    # Styles are read as one XML tree; 6 MB of varied attributes pack about tenfold.
    stile = "".join(f'<xf numFmtId="{n % 997}" fontId="{n % 13}"/>' for n in range(180_000))
    stile = f'<styleSheet xmlns="{MAIN}"><cellXfs>{stile}</cellXfs></styleSheet>'
    inhalt = mappe(blatt(gueltige_zeilen()), weitere={"xl/styles.xml": stile})
    assert_refused_at_upload(client, planer, inhalt, "größer als 5 MB")


def test_a_cell_of_absurd_length_is_refused(client, planer, daten):
    zeilen = zeile(1, KOPF) + zeile(2, ["x" * 40_000])
    assert_refused_at_upload(client, planer, mappe(blatt(zeilen)), "ungewöhnlich umfangreiche")


def test_masses_of_other_elements_are_refused(client, planer, daten):
    spalten = "".join(f'<col min="{n}" max="{n}" width="9"/>' for n in range(1, 20_002))
    sheet = blatt(zeile(1, KOPF)).replace("<sheetData>", f"<cols>{spalten}</cols><sheetData>")
    assert_refused_at_upload(client, planer, mappe(sheet), "ungewöhnlich umfangreiche")


def test_a_sheet_at_unusual_part_names_is_found_and_checked(client, planer, daten):
    # The workbook and its sheet where the package's content types and relationships put them,
    # not where Excel usually does: the check must follow them as openpyxl does.
    typen = CONTENT_TYPES.format(extra="").replace("/xl/workbook.xml", "/daten/mappe.xml")
    rels = WORKBOOK_RELS.replace("worksheets/sheet1.xml", "/daten/blaetter/werte.xml")
    sauber = blatt(gueltige_zeilen(["sgb2_quote", "Nord", 2024, 3]))
    boese = blatt(zeile(1, KOPF), vorspann=ENTITY_BOMB)

    def paket(sheet_xml):
        return mappe(
            "",
            ohne=["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"],
            weitere={
                "[Content_Types].xml": typen,
                "daten/mappe.xml": WORKBOOK,
                "daten/_rels/mappe.xml.rels": rels,
                "daten/blaetter/werte.xml": sheet_xml,
            },
        )

    pruefung = importer.pruefe("werte.xlsx", paket(sauber))
    assert pruefung.ok, pruefung.fehler
    assert [w.gebiet.name for w in pruefung.werte] == ["Nord"]
    assert_refused_at_upload(client, planer, paket(boese), "Dokumenttyp-Definition")


def test_of_two_relationships_with_one_id_the_later_is_checked(client, planer, daten):
    # openpyxl reads the later one, so that is the sheet the check must look at.
    zweite = (
        '<Relationship Id="rId1" Target="worksheets/sheet2.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    )
    inhalt = mappe(
        blatt(gueltige_zeilen(["sgb2_quote", "Nord", 2024, 3])),
        weitere={
            "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.replace("</Relationships>", zweite),
            "xl/worksheets/sheet2.xml": blatt(zeile(1, KOPF), vorspann=ENTITY_BOMB),
        },
    )
    assert_refused_at_upload(client, planer, inhalt, "Dokumenttyp-Definition")


# What a real file may do


def test_a_dimension_claiming_the_whole_sheet_is_ignored(client, planer, daten):
    zeilen = gueltige_zeilen(["sgb2_quote", "Nord", 2024, 12.5], ["sgb2_quote", "Ost", 2024, 8])
    inhalt = mappe(blatt(zeilen, dimension="A1:XFD1048576"))
    start = time.perf_counter()
    pruefung = importer.pruefe("werte.xlsx", inhalt)
    assert time.perf_counter() - start < 5
    assert pruefung.ok, pruefung.fehler
    assert [(w.zeile, w.gebiet.name) for w in pruefung.werte] == [(2, "Nord"), (3, "Ost")]
    client.force_login(planer)
    vorschau = hochladen(client, inhalt)
    assert vorschau.status_code == 302
    html = client.get(vorschau["Location"]).content.decode()
    assert "Die Datei ist fehlerfrei." in html


def test_rows_with_gaps_keep_their_numbers_and_styled_empty_cells_are_skipped(daten):
    zeilen = (
        zeile(1, KOPF)
        + '<row r="2"><c r="E2" s="1"/></row>'
        + zeile(7, ["sgb2_quote", "Ost", 2024, "zwölf"])
    )
    pruefung = importer.pruefe("werte.xlsx", mappe(blatt(zeilen)))
    assert [(f.zeile, f.spalte) for f in pruefung.fehler] == [(7, "D")]


def test_shared_strings_and_a_second_sheet_are_read_as_before(daten):
    inhalt = xlsx([KOPF, ["sgb2_quote", "Nord", 2024, 3], ["einwohner", "SR02", 2024, 1020]])
    pruefung = importer.pruefe("werte.xlsx", inhalt)
    assert pruefung.ok, pruefung.fehler
    assert len(pruefung.werte) == 2


# A file staged before these checks existed: the preview and the service say what is wrong


def test_a_staged_hostile_file_gets_a_message_at_the_preview(client, planer, daten, zip_bombe):
    datei = ImportDatei.objects.create(
        dateiname="alt.xlsx", inhalt=zip_bombe, sha256="0", hochgeladen_von=planer
    )
    client.force_login(planer)
    token = services_indikatoren.token_for(datei)
    response = client.get(reverse("berichte:import_vorschau", args=[token]))
    assert response.status_code == 200
    assert "entpackt größer als 100 MB" in response.content.decode()
    response = client.post(reverse("berichte:import_bestaetigen", args=[token]), follow=True)
    assert response.status_code == 200
    assert "entpackt größer als 100 MB" in response.content.decode()
    assert Messwert.objects.count() == 0
    assert Importlauf.objects.count() == 0


def test_the_service_refuses_a_hostile_file_with_its_message(planer, daten):
    zeilen = zeile(1, KOPF) + '<row r="2"><c r="ZZZZZZZZZZZZZ2"><v>1</v></c></row>'
    datei = ImportDatei.objects.create(
        dateiname="alt.xlsx", inhalt=mappe(blatt(zeilen)), sha256="0", hochgeladen_von=planer
    )
    with pytest.raises(services_indikatoren.ImportAbgelehnt, match="ungültige Zellangabe"):
        services_indikatoren.import_datei(datei, planer)
    assert Messwert.objects.count() == 0
    assert Importlauf.objects.count() == 0


def test_what_only_openpyxl_finds_is_a_file_error_too(daten):
    # A shared string index that points nowhere passes the structure check.
    zeilen = zeile(1, KOPF) + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>'
    inhalt = mappe(
        blatt(zeilen),
        weitere={"xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>a</t></si></sst>'},
        extra_types=SHARED_STRINGS_TYPE,
    )
    importer.vorpruefe("werte.xlsx", inhalt)
    with pytest.raises(importer.DateiFehler, match="keine gültige Excel-Datei"):
        importer.pruefe("werte.xlsx", inhalt)


# Bounds on what one check holds in memory


@override_settings(BERICHTE_IMPORT_MAX_ZEILEN=3)
def test_a_wide_file_with_more_values_than_allowed_is_refused(daten):
    # At most twice as many values as rows: 6 here.
    inhalt = (
        "indikator;gebiet;2021;2022;2023\n"
        "sgb2_quote;Nord;1;2;3\nsgb2_quote;Ost;1;2;3\nsgb2_quote;Süd;1;2;3\n"
    )
    with pytest.raises(importer.DateiFehler, match="mehr als 6 Werte"):
        importer.pruefe("breit.csv", inhalt.encode())


@override_settings(BERICHTE_IMPORT_MAX_ZEILEN=3)
def test_more_cells_than_allowed_are_refused(daten):
    # Ten cells per allowed row: 30 here.
    kopf = ";".join(["indikator", "gebiet", "jahr", "wert"] + [f"x{n}" for n in range(7)])
    inhalt = kopf + "\n" + "sgb2_quote;Nord;2024;1\n" * 3
    with pytest.raises(importer.DateiFehler, match="mehr als 30 Zellen"):
        importer.pruefe("w.csv", inhalt.encode())


def test_the_check_stops_after_ten_thousand_errors(daten):
    inhalt = "indikator;gebiet;jahr;wert\n" + "unbekannt;Nord;2024;1\n" * 10_050
    pruefung = importer.pruefe("w.csv", inhalt.encode())
    assert len(pruefung.fehler) == 10_000
    assert "Nach 10.000 Fehlern wurde die Prüfung in Zeile 10002 abgebrochen." in (
        pruefung.hinweise
    )
