"""Excel: one sheet per table of the document, with units and sources below each table."""

from berichte.exports.tabellen import tabellen
from saarlouis_portal.tabellen import Tabelle, xlsx_bytes


def erzeugen(dokument) -> bytes:
    blaetter = []
    for kapitel, bausteine in dokument.kapitel:
        for daten in bausteine:
            for tabelle in tabellen(daten):
                titel = f"{kapitel.titel} – {tabelle.titel}" if tabelle.titel else kapitel.titel
                blaetter.append(Tabelle(titel, tabelle.kopf, tabelle.zeilen, tabelle.hinweise))
    if not blaetter:
        blaetter.append(
            Tabelle(dokument.titel, ["Hinweis"], [["Dieses Dokument enthält keine Tabellen."]])
        )
    return xlsx_bytes(blaetter)
