"""Creating the pilot report "Projektbericht Sozialraumorientierung" (issue 17) from its template
(``berichte/projektbericht.py``): a draft report for a Landkreis or a Gemeinde and a year, with
its chapters, the tables of portal figures per site and the texts to write.

The report is then edited and published with the normal workflow: the tables show live figures
while a chapter is a draft and are frozen into its snapshot on publishing. Texts still starting
with ``PLATZHALTER`` keep their chapter from being published.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from berichte.models import Baustein, Bericht, Kapitel
from berichte.projektbericht import KAPITEL, PLATZHALTER, TITEL
from berichte.services import BerichtFehler
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

# A report compares the sites of a Landkreis, or reports on the one of a Gemeinde.
GEBIETSARTEN = (GebietArt.LANDKREIS, GebietArt.GEMEINDE)


def _anleitungen() -> dict[str, str]:
    """What each text of the template asks the editors to write (German, as staff pages)."""
    return {
        "auftrag": _(
            "Beschreiben Sie den Auftrag: den Beschluss, die Pilotstandorte, die beteiligten "
            "Träger (zum Beispiel Jugendamt und Diakoniestation) und wer das Projekt "
            "finanziert. Dann die Grundidee: niedrigschwellige Sprechstunden, Prävention vor "
            "Intervention, aufsuchende Hilfe, Vernetzung der sozialen Akteure. Zuletzt die "
            "Ziele und was seit dem Start geschehen ist."
        ),
        "standorte": _(
            "Ordnen Sie die Zahlen ein: Wie werden die Sprechstunden an den Standorten "
            "angenommen, wie viele Menschen kommen zum ersten Mal, wie viele wieder? Was "
            "erklärt Unterschiede zwischen den Standorten (Größe, Öffnungszeiten, Start des "
            "Angebots)?"
        ),
        "themen": _(
            "Welche Themen überwiegen, und was folgt daraus für Angebote und Partner vor Ort?"
        ),
        "vermittlungen": _(
            "An welche Stellen wurde weitervermittelt, und wie funktioniert die Zusammenarbeit "
            "im Netzwerk? Wo fehlen Ansprechpartner?"
        ),
        "hausbesuche": _(
            "Wen erreicht die aufsuchende Hilfe, die sonst nicht gekommen wäre? Mit welchen "
            "Partnern (zum Beispiel dem Integrationsmanagement) finden die Besuche statt?"
        ),
        "warteliste": _(
            "Reicht das Angebot? Die Warteliste zeigt, wie oft Sprechstunden voll waren und "
            "wie viele Menschen über sie doch einen Termin bekamen."
        ),
        "finanzierung": _(
            "Wer finanziert welche Stellenanteile und Kosten (zum Beispiel der Landkreis die "
            "Beratung, die Gemeinde die Koordination), und wie sieht es für das nächste Jahr "
            "aus?"
        ),
        "empfehlungen": _(
            "Legen Sie unten die Empfehlungen an den Gemeinderat an, mit Zuständigkeit und "
            "Termin, und ersetzen Sie diesen Text durch eine kurze Einleitung (oder löschen Sie "
            "ihn)."
        ),
    }


def titel_fuer(jahr: int) -> str:
    return str(TITEL) % {"jahr": jahr}


@transaction.atomic
def create_projektbericht(gebiet: Gebiet, jahr: int, *, titel: str = "") -> Bericht:
    """A draft report "Projektbericht Sozialraumorientierung" about ``gebiet`` (a Landkreis or a
    Gemeinde) for ``jahr``, with every chapter and block of the template; ``titel`` replaces the
    default title. Raises ``BerichtFehler`` for another kind of area."""
    if gebiet.art not in GEBIETSARTEN:
        raise BerichtFehler(
            _("Ein Projektbericht berichtet über einen Landkreis oder eine Gemeinde."),
            field="gebiet",
        )
    anleitungen = _anleitungen()
    bericht = Bericht.objects.create(titel=titel or titel_fuer(jahr), gebiet=gebiet, jahr=jahr)
    for n, vorlage in enumerate(KAPITEL):
        kapitel = Kapitel.objects.create(
            bericht=bericht, titel=str(vorlage.titel), art=vorlage.art, reihenfolge=n
        )
        for m, b in enumerate(vorlage.bausteine):
            # One by one, so the audit trail records each block as when an editor adds it.
            Baustein.objects.create(
                kapitel=kapitel,
                art=b.art,
                reihenfolge=m,
                titel=str(b.titel),
                quelle_app=b.quelle_app,
                text=f"{PLATZHALTER} {anleitungen[b.anleitung]}" if b.anleitung else "",
            )
    return bericht
