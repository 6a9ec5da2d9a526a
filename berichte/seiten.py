"""Published pages served from a stored body (issue 15).

A published chapter never changes (``Kapitel.snapshot``), yet drawing its charts, maps and
tables took about 100 ms per request. The body of its page (everything between the page chrome
of ``base.html`` and the chapter navigation) is rendered once per language on the first request
and stored in ``GespeicherteSeite``, shared by every host through the database. The public page
of a published report is stored the same way.

The key of a stored body is a hash of everything the body shows and of the code that draws it
(templates, the berichte modules, the compiled translations), so a new publication, a new
edition, a renamed report or a new release simply make a new key; drafts are never stored.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from berichte import blocks
from berichte.exports import EXPORTE
from berichte.models import GespeicherteSeite, Workflow
from berichte.snapshot import kapitel_daten

KAPITEL_VORLAGE = "berichte/public/_kapitel_koerper.html"
BERICHT_VORLAGE = "berichte/public/_bericht_koerper.html"
# Raise to drop every stored body at the next request when nothing else would change the key.
VERSION = 1


@cache
def code_stand() -> str:
    """A hash of what draws a stored body: the berichte code, its templates (also an operator's
    overrides) and the compiled translations. Read once per process."""
    app = Path(__file__).resolve().parent
    dateien = [p for p in app.rglob("*.py") if "migrations" not in p.parts]
    for ordner in settings.TEMPLATES[0]["DIRS"]:
        dateien += (Path(ordner) / "berichte").rglob("*.html")
    for ordner in settings.LOCALE_PATHS:
        dateien += Path(ordner).rglob("*.mo")
    summe = hashlib.sha256(str(VERSION).encode())
    for datei in sorted(dateien):
        summe.update(str(datei).encode())
        summe.update(datei.read_bytes())
    return summe.hexdigest()


def _schluessel(*teile) -> str:
    text = "|".join(str(t) for t in (*teile, translation.get_language(), code_stand()))
    return hashlib.sha256(text.encode()).hexdigest()


# A body never changes under its key, so each process also keeps the most recent ones in memory
# (a few hundred kB each at most): a page asked for again needs no query for its body.
IM_SPEICHER_HOECHSTENS = 32
_im_speicher: OrderedDict[str, GespeicherteSeite] = OrderedDict()
_sperre = threading.Lock()


def _gespeichert(schluessel: str, erzeugen, **ort) -> GespeicherteSeite:
    """The stored body of ``schluessel``, rendered by ``erzeugen()`` and stored if missing."""
    with _sperre:
        seite = _im_speicher.get(schluessel)
        if seite is not None:
            _im_speicher.move_to_end(schluessel)
            return seite
    seite = _aus_der_datenbank(schluessel, erzeugen, ort)
    with _sperre:
        _im_speicher[schluessel] = seite
        while len(_im_speicher) > IM_SPEICHER_HOECHSTENS:
            _im_speicher.popitem(last=False)
    return seite


def _aus_der_datenbank(schluessel: str, erzeugen, ort: dict) -> GespeicherteSeite:
    """Two hosts rendering the same body at once both store it; the second insert is ignored."""
    seite = GespeicherteSeite.objects.filter(schluessel=schluessel).first()
    if seite is not None:
        return seite
    seite = GespeicherteSeite(
        schluessel=schluessel, sprache=translation.get_language(), html=erzeugen(), **ort
    )
    with transaction.atomic():
        GespeicherteSeite.objects.bulk_create([seite], ignore_conflicts=True)
        # The body of an older key (earlier release, renamed report) is never asked for again.
        GespeicherteSeite.objects.filter(sprache=seite.sprache, **ort).exclude(
            schluessel=schluessel
        ).delete()
    return GespeicherteSeite.objects.get(schluessel=schluessel)


def kapitel_kontext(kapitel) -> dict:
    return {
        "kapitel": kapitel,
        "bericht": kapitel.bericht,
        "bausteine": [blocks.aufbereiten(d) for d in kapitel_daten(kapitel)],
        "formate": EXPORTE,
    }


def kapitel_seite(kapitel) -> GespeicherteSeite | None:
    """The stored body of a published chapter's page in the active language; None for drafts.
    ``kapitel`` needs ``bericht__gebiet`` loaded."""
    if kapitel.status != Workflow.VEROEFFENTLICHT:
        return None
    bericht = kapitel.bericht
    schluessel = _schluessel(
        "kapitel",
        kapitel.pk,
        kapitel.titel,
        kapitel.veroeffentlicht_am.isoformat(),
        bericht.pk,
        bericht.titel,
        bericht.gebiet.name,
    )
    return _gespeichert(
        schluessel,
        lambda: render_to_string(KAPITEL_VORLAGE, kapitel_kontext(kapitel)),
        bericht=bericht,
        kapitel=kapitel,
    )


def bericht_seite(bericht, kapitel_liste) -> GespeicherteSeite | None:
    """The stored body of a published report's page listing ``kapitel_liste`` (only when all of
    them are published, i.e. as the public sees it); None otherwise."""
    if bericht.status != Workflow.VEROEFFENTLICHT or any(
        k.status != Workflow.VEROEFFENTLICHT for k in kapitel_liste
    ):
        return None
    kontext = {"bericht": bericht, "kapitel_liste": kapitel_liste, "formate": EXPORTE}
    schluessel = _schluessel(
        "bericht",
        bericht.pk,
        bericht.titel,
        bericht.jahr,
        bericht.gebiet.name,
        bericht.veroeffentlicht_am.isoformat() if bericht.veroeffentlicht_am else "",
        bericht.ist_demo,
        hashlib.sha256(bericht.einleitung.encode()).hexdigest(),
        [(k.pk, k.titel) for k in kapitel_liste],
    )
    return _gespeichert(
        schluessel,
        lambda: render_to_string(BERICHT_VORLAGE, kontext),
        bericht=bericht,
        kapitel=None,
    )


def html(seite: GespeicherteSeite) -> SafeString:
    # Rendered by our own templates with autoescaping on.
    return mark_safe(seite.html)  # noqa: S308
