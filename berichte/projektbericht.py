"""The template of the pilot report "Projektbericht Sozialraumorientierung" (issue 17).

The Landkreis Reutlingen finances social Sprechstunden at pilot sites (Pliezhausen, Lichtenstein,
…) and the Gemeinden report to their councils on the project (the Pliezhausen council report of
27.04.2023). This is the outline of such a report: the chapters with their blocks, the tables of
figures from the portal (``berichte/standortvergleich.py``, one column per site) and the texts
the editors write. ``berichte.services_projektbericht.create_projektbericht`` makes a draft
report from it, which is edited and published like every report; publishing freezes the figures.

Titles are German as stored (staff pages are German); they are translatable because the public
pages of a report show them.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from berichte.models import BausteinArt, KapitelArt

# Marks a text the editors still have to write. A chapter with this in a block's text is not
# published (``berichte.services``); the template's texts start with it.
PLATZHALTER = "[Bitte ergänzen]"


class BausteinVorlage(NamedTuple):
    art: str
    titel: str | Promise = ""
    quelle_app: str = ""  # the table of portal figures (berichte.portalzahlen.QUELLEN)
    anleitung: str = ""  # which prompt the text block starts with (services_projektbericht)


class KapitelVorlage(NamedTuple):
    titel: str | Promise
    art: str
    bausteine: tuple[BausteinVorlage, ...]


TITEL = _("Projektbericht Sozialraumorientierung %(jahr)s")

_EINORDNUNG = _("Einordnung")
_ZAHLEN = BausteinArt.PORTALZAHLEN

KAPITEL: tuple[KapitelVorlage, ...] = (
    KapitelVorlage(
        _("Ausgangslage und Auftrag"),
        KapitelArt.FREI,
        (BausteinVorlage(BausteinArt.TEXT, anleitung="auftrag"),),
    ),
    KapitelVorlage(
        _("Die Standorte im Vergleich"),
        KapitelArt.SPRECHSTUNDEN,
        (
            BausteinVorlage(_ZAHLEN, _("Kennzahlen je Standort"), "projekt_standorte"),
            BausteinVorlage(BausteinArt.TEXT, _EINORDNUNG, anleitung="standorte"),
        ),
    ),
    KapitelVorlage(
        _("Themen der Beratung"),
        KapitelArt.SPRECHSTUNDEN,
        (
            BausteinVorlage(_ZAHLEN, _("Beratungskontakte nach Thema"), "projekt_themen"),
            BausteinVorlage(BausteinArt.TEXT, _EINORDNUNG, anleitung="themen"),
        ),
    ),
    KapitelVorlage(
        _("Vermittlungen"),
        KapitelArt.SPRECHSTUNDEN,
        (
            BausteinVorlage(_ZAHLEN, _("Vermittlungen nach Organisation"), "projekt_vermittlungen"),
            BausteinVorlage(BausteinArt.TEXT, _EINORDNUNG, anleitung="vermittlungen"),
        ),
    ),
    KapitelVorlage(
        _("Hausbesuche"),
        KapitelArt.SPRECHSTUNDEN,
        (
            BausteinVorlage(_ZAHLEN, _("Hausbesuche je Standort"), "projekt_hausbesuche"),
            BausteinVorlage(BausteinArt.TEXT, _EINORDNUNG, anleitung="hausbesuche"),
        ),
    ),
    KapitelVorlage(
        _("Nachfrage und Warteliste"),
        KapitelArt.SPRECHSTUNDEN,
        (
            BausteinVorlage(_ZAHLEN, _("Nachfrage über die Warteliste"), "projekt_warteliste"),
            BausteinVorlage(BausteinArt.TEXT, _EINORDNUNG, anleitung="warteliste"),
        ),
    ),
    KapitelVorlage(
        _("Personal und Finanzierung"),
        KapitelArt.SPRECHSTUNDEN,
        (
            BausteinVorlage(
                _ZAHLEN, _("Stellenanteile nach Anstellungsträger"), "projekt_personal"
            ),
            BausteinVorlage(_ZAHLEN, _("Kosten der Standorte"), "projekt_kosten"),
            BausteinVorlage(BausteinArt.TEXT, _("Finanzierung"), anleitung="finanzierung"),
        ),
    ),
    KapitelVorlage(
        _("Empfehlungen"),
        KapitelArt.FREI,
        (BausteinVorlage(BausteinArt.EMPFEHLUNGEN, _("Empfehlungen"), anleitung="empfehlungen"),),
    ),
)
