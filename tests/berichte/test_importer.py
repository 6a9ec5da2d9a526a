"""Reading and checking value files (berichte/importer/): formats, encodings, broken files,
and errors named by row and column."""

import io
from decimal import Decimal

import pytest
from django.test import override_settings
from openpyxl import Workbook

from berichte.importer import DateiFehler, parse_zahl, pruefe
from berichte.models import Messwert


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def daten(sozialraeume, sgb2_quote, einwohner_indikator):
    return sozialraeume


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        ("12.5", Decimal("12.5")),
        ("-3", Decimal("-3")),
        ("7 %", Decimal("7")),
        (" 1 234,5 ", Decimal("1234.5")),
        (12.5, Decimal("12.5")),
        (3, Decimal("3")),
    ],
)
def test_it_reads_german_and_plain_numbers(text, expected):
    assert parse_zahl(text) == expected


@pytest.mark.parametrize("text", ["abc", "1.234", "12,5,3", "nan", "inf", "1e5", "=1+1", True])
def test_it_rejects_what_is_not_clearly_a_number(text):
    with pytest.raises(ValueError, match="Zahl|mehrdeutig"):
        parse_zahl(text)


def test_a_count_reads_a_german_thousands_point():
    assert parse_zahl("1.020", ganzzahlig=True) == Decimal("1020")


def test_it_reads_a_long_csv_with_semicolons_and_decimal_commas(daten):
    inhalt = "indikator;gebiet;jahr;wert\nsgb2_quote;Nord;2024;12,5\nsgb2_quote;SR02;2024;8\n"
    pruefung = pruefe("werte.csv", inhalt.encode())
    assert pruefung.ok, pruefung.fehler
    assert pruefung.form == "lang"
    assert [(w.gebiet.name, w.wert) for w in pruefung.werte] == [
        ("Nord", Decimal("12.5")),
        ("Ost", Decimal("8")),
    ]
    assert pruefung.neu == 2


def test_it_reads_a_csv_with_commas_and_a_bom(daten):
    inhalt = '\ufeffindikator,gebiet,jahr,wert\nsgb2_quote,Nord,2024,"12,5"\n'
    pruefung = pruefe("werte.csv", inhalt.encode("utf-8"))
    assert pruefung.ok, pruefung.fehler
    assert pruefung.werte[0].wert == Decimal("12.5")


def test_it_falls_back_to_windows_1252(daten):
    inhalt = "indikator;gebiet;jahr;wert\nsgb2_quote;Süd;2024;4,5\n".encode("cp1252")
    pruefung = pruefe("werte.csv", inhalt)
    assert pruefung.ok, pruefung.fehler
    assert pruefung.werte[0].gebiet.name == "Süd"


def test_it_says_so_when_the_encoding_is_unreadable(daten):
    # 0x81 is undefined in Windows-1252 and invalid as UTF-8.
    with pytest.raises(DateiFehler, match="Zeichenkodierung"):
        pruefe("werte.csv", b"indikator;gebiet;jahr;wert\nsgb2_quote;\x81;2024;1\n")


@pytest.mark.parametrize("inhalt", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_gets_a_clear_message(daten, inhalt):
    with pytest.raises(DateiFehler, match="leer"):
        pruefe("werte.csv", inhalt)


def test_a_header_without_rows_has_no_values(daten):
    pruefung = pruefe("werte.csv", b"indikator;gebiet;jahr;wert\n")
    assert not pruefung.ok
    assert "keine Werte" in str(pruefung.fehler[0])


def test_missing_columns_are_named(daten):
    pruefung = pruefe("werte.csv", b"indikator;ort;wert\nsgb2_quote;Nord;1\n")
    assert not pruefung.ok
    assert "„gebiet“" in pruefung.fehler[0].text
    assert "„jahr“" in pruefung.fehler[0].text


def test_a_file_that_is_not_xlsx_is_refused(daten):
    with pytest.raises(DateiFehler, match="keine gültige Excel-Datei"):
        pruefe("werte.xlsx", b"indikator;gebiet\n")


def test_other_file_types_are_refused(daten):
    with pytest.raises(DateiFehler, match="CSV- oder XLSX"):
        pruefe("werte.pdf", b"%PDF-1.7")


def test_errors_name_row_and_column_in_csv(daten):
    inhalt = (
        "indikator;gebiet;jahr;wert\n"
        "sgb2_quote;Nord;2024;12,5\n"  # row 2: fine
        "unbekannt;Nord;2024;1\n"  # row 3: unknown indicator
        "sgb2_quote;Atlantis;2024;1\n"  # row 4: unknown Gebiet
        "sgb2_quote;Ost;20x4;1\n"  # row 5: not a year
        "sgb2_quote;Süd;2024;viel\n"  # row 6: not a number
        "sgb2_quote;West;2024;101\n"  # row 7: rate above 100
        "sgb2_quote;SR01;2024;3\n"  # row 8: duplicate of row 2 (Nord by key)
        "sgb2_quote;West;1800;3\n"  # row 9: year out of range
        "einwohner;West;2024;-5\n"  # row 10: negative count
    )
    pruefung = pruefe("werte.csv", inhalt.encode())
    fehler = {(f.zeile, f.spalte): f.text for f in pruefung.fehler}
    assert "Unbekannter Indikator" in fehler[(3, "„indikator“")]
    assert "Unbekanntes Gebiet „Atlantis“" in fehler[(4, "„gebiet“")]
    assert "keine Jahreszahl" in fehler[(5, "„jahr“")]
    assert "keine Zahl" in fehler[(6, "„wert“")]
    assert "zwischen 0 und 100" in fehler[(7, "„wert“")]
    assert "Zeile 2" in fehler[(8, "„wert“")]
    assert "zwischen 1950" in fehler[(9, "„jahr“")]
    assert "negativ" in fehler[(10, "„wert“")]
    assert not pruefung.ok


def test_errors_name_column_letters_in_xlsx(daten):
    inhalt = xlsx(
        [
            ["indikator", "gebiet", "jahr", "wert"],
            ["sgb2_quote", "Nord", 2024, 12.5],
            ["sgb2_quote", "Ost", 2024, "zwölf"],
            ["sgb2_quote", "Nirgendwo", 2024, 3],
        ]
    )
    pruefung = pruefe("werte.xlsx", inhalt)
    assert [(f.zeile, f.spalte) for f in pruefung.fehler] == [(3, "D"), (4, "B")]
    assert str(pruefung.fehler[0]).startswith("Zeile 3, Spalte D:")


def test_it_reads_the_wide_format_and_skips_empty_cells(daten):
    inhalt = xlsx(
        [
            ["indikator", "gebiet", "2022", 2023, "2024"],
            ["sgb2_quote", "Nord", 10, None, "11,5"],
            ["einwohner", "SR02", 1000, 1010, 1020],
        ]
    )
    pruefung = pruefe("breit.xlsx", inhalt)
    assert pruefung.ok, pruefung.fehler
    assert pruefung.form == "breit"
    assert len(pruefung.werte) == 5
    nord = [(w.jahr, w.wert) for w in pruefung.werte if w.gebiet.name == "Nord"]
    assert nord == [(2022, Decimal("10")), (2024, Decimal("11.5"))]


def test_wide_format_errors_name_the_year_column(daten):
    inhalt = b"indikator;gebiet;2023;2024\nsgb2_quote;Nord;5;150\n"
    pruefung = pruefe("breit.csv", inhalt)
    assert [(f.zeile, f.spalte) for f in pruefung.fehler] == [(2, "„2024“")]


def test_promille_allows_up_to_1000(daten, sgb2_quote):
    sgb2_quote.einheit = "promille"
    sgb2_quote.save()
    ok = pruefe("w.csv", b"indikator;gebiet;jahr;wert\nsgb2_quote;Nord;2024;999\n")
    assert ok.ok
    zu_hoch = pruefe("w.csv", b"indikator;gebiet;jahr;wert\nsgb2_quote;Nord;2024;1001\n")
    assert "Promille" in zu_hoch.fehler[0].text


def test_ambiguous_area_names_need_the_key(daten, saarlouis_stadt):
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    stadtteil = Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=saarlouis_stadt)
    Gebiet.objects.create(name="Nord", art=GebietArt.SOZIALRAUM, eltern=stadtteil)
    pruefung = pruefe("w.csv", b"indikator;gebiet;jahr;wert\nsgb2_quote;Nord;2024;3\n")
    assert "mehrfach" in pruefung.fehler[0].text
    # Name and kind are not enough either: both are Sozialräume called Nord.
    mit_art = pruefe("w.csv", b"indikator;gebiet;jahr;wert\nsgb2_quote;Nord (Sozialraum);2024;3\n")
    assert "mehrfach" in mit_art.fehler[0].text
    mit_schluessel = pruefe(
        "w.csv", b"indikator;gebiet;gebiet_schluessel;jahr;wert\nsgb2_quote;Nord;SR01;2024;3\n"
    )
    assert mit_schluessel.ok
    assert mit_schluessel.werte[0].gebiet.schluessel == "SR01"


def test_formula_looking_cells_are_rejected_not_evaluated(daten):
    inhalt = 'indikator;gebiet;jahr;wert\nsgb2_quote;=HYPERLINK("http://x","y");2024;3\n'
    pruefung = pruefe("w.csv", inhalt.encode())
    assert "Formel" in pruefung.fehler[0].text


def test_unknown_extra_columns_are_ignored_with_a_hint(daten):
    inhalt = b"indikator;einheit;gebiet;jahr;wert\nsgb2_quote;Prozent;Nord;2024;3\n"
    pruefung = pruefe("w.csv", inhalt)
    assert pruefung.ok
    assert "einheit" in pruefung.hinweise[0]


def test_it_compares_with_stored_values(daten, sgb2_quote):
    Messwert.objects.create(indikator=sgb2_quote, gebiet=daten["Nord"], jahr=2024, wert=3)
    Messwert.objects.create(indikator=sgb2_quote, gebiet=daten["Ost"], jahr=2024, wert=4)
    inhalt = (
        b"indikator;gebiet;jahr;wert\n"
        b"sgb2_quote;Nord;2024;3,0\nsgb2_quote;Ost;2024;5\nsgb2_quote;West;2024;1\n"
    )
    pruefung = pruefe("w.csv", inhalt)
    assert (pruefung.neu, pruefung.geaendert, pruefung.unveraendert) == (1, 1, 1)


@override_settings(BERICHTE_IMPORT_MAX_ZEILEN=3)
def test_the_row_limit_is_enforced(daten):
    zeilen = "".join(f"sgb2_quote;Nord;{2000 + i};1\n" for i in range(4))
    with pytest.raises(DateiFehler, match="mehr als 3 Zeilen"):
        pruefe("w.csv", ("indikator;gebiet;jahr;wert\n" + zeilen).encode())


@override_settings(BERICHTE_IMPORT_MAX_MB=1)
def test_the_size_limit_is_enforced(daten):
    with pytest.raises(DateiFehler, match="größer als 1 MB"):
        pruefe("w.csv", b"indikator;gebiet;jahr;wert\n" + b"x" * (1024 * 1024 + 1))


def test_fifty_thousand_rows_are_checked(db, saarlouis_stadt, sgb2_quote):
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    Gebiet.objects.bulk_create(
        Gebiet(name=f"SR {i:04d}", art=GebietArt.SOZIALRAUM, eltern=saarlouis_stadt)
        for i in range(1000)
    )
    lines = ["indikator;gebiet;jahr;wert"]
    lines += [
        f"sgb2_quote;SR {i:04d};{1980 + j};{(i + j) % 100},5"
        for i in range(1000)
        for j in range(50)
    ]
    pruefung = pruefe("gross.csv", "\n".join(lines).encode())
    assert pruefung.ok, pruefung.fehler[:3]
    assert len(pruefung.werte) == 50_000


def test_the_kind_tells_a_sozialraum_from_its_stadtteil(daten, saarlouis_stadt):
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    andere = Gebiet.objects.create(name="Dillingen", art=GebietArt.GEMEINDE)
    Gebiet.objects.create(name="Ost", art=GebietArt.STADTTEIL, eltern=andere)
    inhalt = "indikator;gebiet;jahr;wert\nsgb2_quote;Ost (Sozialraum);2024;3\n"
    pruefung = pruefe("w.csv", inhalt.encode())
    assert pruefung.ok, pruefung.fehler
    assert pruefung.werte[0].gebiet == daten["Ost"]
    ohne = pruefe("w.csv", b"indikator;gebiet;jahr;wert\nsgb2_quote;Ost;2024;3\n")
    assert "z. B. „Ost (" in ohne.fehler[0].text
