"""CSV in long format: one figure per row (German decimal comma, semicolons, UTF-8 with BOM)."""

from berichte.exports.tabellen import LANG_KOPF, lang
from saarlouis_portal.tabellen import Tabelle, csv_response


def erzeugen(dokument) -> bytes:
    return csv_response(
        dokument.dateiname(), Tabelle(dokument.titel, LANG_KOPF, lang(dokument))
    ).content
