"""Changes to reports, chapters, blocks and recommendations that span several rows: the
workflow with its snapshot, ordering, and new editions.

Workflow of a chapter: Entwurf → In Prüfung → Veröffentlicht (and back from Prüfung to Entwurf).
A published chapter is frozen (snapshot) and cannot be changed or withdrawn; a new edition of the
report starts from a copy. Four eyes (``saarlouis_portal.vier_augen``): whoever gave the chapter
into review (``eingereicht_von``) does not publish it, unless the installation switched the rule
off.

Status of a report follows its chapters: *veröffentlicht* as soon as at least one chapter is
published (the public then sees the report with its published chapters only), *in Prüfung*
while a chapter is in review and none is published, otherwise *Entwurf*.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from berichte import tasks
from berichte.models import (
    Baustein,
    Bericht,
    Empfehlung,
    Kapitel,
    KapitelStatuswechsel,
    Workflow,
)
from berichte.projektbericht import PLATZHALTER
from berichte.snapshot import einfrieren
from saarlouis_portal import vier_augen
from saarlouis_portal.errors import DomainError

ERLAUBTE_WECHSEL = {
    Workflow.ENTWURF: {Workflow.PRUEFUNG},
    Workflow.PRUEFUNG: {Workflow.ENTWURF, Workflow.VEROEFFENTLICHT},
    Workflow.VEROEFFENTLICHT: set(),
}


class BerichtFehler(DomainError):
    """A change to a report or chapter that its workflow does not allow."""


class VierAugenFehler(BerichtFehler):
    """The person who gave the chapter into review tried to publish it."""

    message = _l(
        "Sie haben dieses Kapitel selbst zur Prüfung gegeben. Veröffentlichen muss es eine "
        "andere Person (Vier-Augen-Prinzip); bitten Sie eine Kollegin oder einen Kollegen aus "
        "Berichtswesen oder Sozialplanung darum."
    )


def next_reihenfolge(queryset) -> int:
    hoechste = queryset.aggregate(m=Max("reihenfolge"))["m"]
    return 0 if hoechste is None else hoechste + 1


def change_status(kapitel: Kapitel, nach: str, user, bemerkung: str = "") -> Kapitel:
    """Move the chapter to ``nach``; raises ``BerichtFehler`` (``VierAugenFehler`` when the
    person who gave it into review tries to publish it)."""
    if nach == Workflow.VEROEFFENTLICHT:
        # Before the transaction: a switch of the setting stays recorded even if refused below.
        vier_augen.einstellung_protokollieren()
    kapitel = _change_status(kapitel, nach, user, bemerkung)
    if nach == Workflow.VEROEFFENTLICHT:
        # The worker makes the files and pages now, not the first visitor (issue 15).
        tasks.veroeffentlichung_vorbereiten_lassen(kapitel.bericht)
    return kapitel


@transaction.atomic
def _change_status(kapitel: Kapitel, nach: str, user, bemerkung: str) -> Kapitel:
    kapitel = Kapitel.objects.select_for_update().select_related("bericht").get(pk=kapitel.pk)
    von = kapitel.status
    if nach not in ERLAUBTE_WECHSEL.get(von, set()):
        raise BerichtFehler(
            _("Von „%(von)s“ nach „%(nach)s“ ist kein Statuswechsel möglich.")
            % {"von": Workflow(von).label, "nach": Workflow(nach).label}
        )
    if nach == Workflow.PRUEFUNG:
        kapitel.eingereicht_von = user
        kapitel.eingereicht_am = timezone.now()
    elif nach == Workflow.ENTWURF:
        kapitel.eingereicht_von = None
        kapitel.eingereicht_am = None
    elif nach == Workflow.VEROEFFENTLICHT:
        if vier_augen.gleiche_person(kapitel.eingereicht_von_id, user):
            raise VierAugenFehler()
        if not kapitel.bausteine.exists():
            raise BerichtFehler(_("Ein Kapitel ohne Bausteine kann nicht veröffentlicht werden."))
        if kapitel.bausteine.filter(text__contains=PLATZHALTER).exists():
            raise BerichtFehler(
                _(
                    "Das Kapitel enthält noch einen Text der Vorlage, der mit „%(platzhalter)s“ "
                    "beginnt. Bitte schreiben Sie ihn, bevor das Kapitel veröffentlicht wird."
                )
                % {"platzhalter": PLATZHALTER}
            )
        kapitel.snapshot = einfrieren(kapitel)
        kapitel.veroeffentlicht_am = timezone.now()
        kapitel.veroeffentlicht_von = user
    kapitel.status = nach
    kapitel.save()
    KapitelStatuswechsel.objects.create(
        kapitel=kapitel, von=von, nach=nach, bemerkung=bemerkung[:500], wer=user
    )
    update_bericht_status(kapitel.bericht, user)
    return kapitel


def update_bericht_status(bericht: Bericht, user=None) -> Bericht:
    stati = set(bericht.kapitel.values_list("status", flat=True))
    if Workflow.VEROEFFENTLICHT in stati:
        status = Workflow.VEROEFFENTLICHT
    elif Workflow.PRUEFUNG in stati:
        status = Workflow.PRUEFUNG
    else:
        status = Workflow.ENTWURF
    if status != bericht.status:
        bericht.status = status
        if status == Workflow.VEROEFFENTLICHT and bericht.veroeffentlicht_am is None:
            bericht.veroeffentlicht_am = timezone.now()
            bericht.veroeffentlicht_von = user
        bericht.save(update_fields=["status", "veroeffentlicht_am", "veroeffentlicht_von"])
    return bericht


@transaction.atomic
def move(obj, geschwister, richtung: str) -> bool:
    """Move ``obj`` one place up ("hoch") or down ("runter") among ``geschwister`` (a queryset
    including ``obj``). Numbers are made consecutive first, so equal numbers cannot stall a move."""
    reihe = list(geschwister.select_for_update().order_by("reihenfolge", "pk"))
    positionen = [o.pk for o in reihe]
    if obj.pk not in positionen:
        return False
    i = positionen.index(obj.pk)
    j = i - 1 if richtung == "hoch" else i + 1
    if j < 0 or j >= len(reihe):
        return False
    reihe[i], reihe[j] = reihe[j], reihe[i]
    for n, o in enumerate(reihe):
        if o.reihenfolge != n:
            o.reihenfolge = n
            o.save(update_fields=["reihenfolge"])
    return True


def create_kapitel(bericht: Bericht, kapitel: Kapitel) -> Kapitel:
    kapitel.bericht = bericht
    kapitel.reihenfolge = next_reihenfolge(bericht.kapitel.all())
    kapitel.save()
    return kapitel


@transaction.atomic
def remove_kapitel(kapitel: Kapitel, user=None) -> None:
    """Remove a chapter that is not published (the view checks ``can_change``)."""
    if kapitel.status == Workflow.VEROEFFENTLICHT:
        raise BerichtFehler(_("Ein veröffentlichtes Kapitel kann nicht entfernt werden."))
    bericht = kapitel.bericht
    kapitel.delete()
    update_bericht_status(bericht, user)


# Blocks link indicators and areas; these are set after the block is saved.
BAUSTEIN_LISTEN = ("indikatoren", "gebiete")


@transaction.atomic
def create_baustein(kapitel: Kapitel, art: str, daten: dict) -> Baustein:
    """A block of kind ``art`` at the end of ``kapitel``. ``daten``: the block's fields by name
    (the cleaned data of its form), ``indikatoren`` and ``gebiete`` as lists or querysets."""
    felder = {name: wert for name, wert in daten.items() if name not in BAUSTEIN_LISTEN}
    baustein = Baustein.objects.create(
        kapitel=kapitel,
        art=art,
        reihenfolge=next_reihenfolge(kapitel.bausteine.all()),
        **felder,
    )
    for name in BAUSTEIN_LISTEN:
        if name in daten:
            getattr(baustein, name).set(daten[name])
    return baustein


def create_empfehlung(baustein: Baustein, empfehlung: Empfehlung) -> Empfehlung:
    empfehlung.baustein = baustein
    empfehlung.reihenfolge = next_reihenfolge(baustein.empfehlungen.all())
    empfehlung.save()
    return empfehlung


def _ausgabe_titel(titel: str, alt: int, neu: int) -> str:
    if str(alt) in titel:
        return titel.replace(str(alt), str(neu))
    return _("%(titel)s (Ausgabe %(jahr)s)") % {"titel": titel, "jahr": neu}


@transaction.atomic
def create_ausgabe(bericht: Bericht, user, jahr: int | None = None) -> Bericht:
    """A draft copy of ``bericht`` for ``jahr`` (default: the next year): chapters, blocks with
    their indicators and areas (explicit years moved by the same distance), recommendations with
    ``vorgaenger`` set, so the new edition can report what became of them."""
    jahr = jahr or bericht.jahr + 1
    abstand = jahr - bericht.jahr
    neu = Bericht.objects.create(
        titel=re.sub(r"\s+", " ", _ausgabe_titel(bericht.titel, bericht.jahr, jahr))[:200],
        gebiet=bericht.gebiet,
        jahr=jahr,
        einleitung=bericht.einleitung,
        vorgaenger=bericht,
        ist_demo=bericht.ist_demo,
    )
    for kapitel in bericht.kapitel.prefetch_related(
        "bausteine__indikatoren", "bausteine__gebiete", "bausteine__empfehlungen"
    ):
        kopie = Kapitel.objects.create(
            bericht=neu, titel=kapitel.titel, art=kapitel.art, reihenfolge=kapitel.reihenfolge
        )
        for baustein in kapitel.bausteine.all():
            b = Baustein.objects.create(
                kapitel=kopie,
                art=baustein.art,
                reihenfolge=baustein.reihenfolge,
                titel=baustein.titel,
                text=baustein.text,
                jahr=baustein.jahr + abstand if baustein.jahr else None,
                jahr_von=baustein.jahr_von + abstand if baustein.jahr_von else None,
                jahr_bis=baustein.jahr_bis + abstand if baustein.jahr_bis else None,
                monitoring=baustein.monitoring,
                quelle_app=baustein.quelle_app,
            )
            b.indikatoren.set(baustein.indikatoren.all())
            b.gebiete.set(baustein.gebiete.all())
            Empfehlung.objects.bulk_create(
                Empfehlung(
                    baustein=b,
                    art=e.art,
                    text=e.text,
                    zustaendig=e.zustaendig,
                    faellig_am=e.faellig_am,
                    umsetzungsstand=e.umsetzungsstand,
                    reihenfolge=e.reihenfolge,
                    vorgaenger=e,
                )
                for e in baustein.empfehlungen.all()
            )
    return neu
