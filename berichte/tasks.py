"""Background tasks of berichte (issue 15: no request runs longer than 2 s).

- ``entwurf_export``: the PDF or Word file of a draft chapter or report. Published documents are
  rendered once and kept (``berichte.exports.inhalt``); drafts change with every import, so a
  large one would be rendered in the request each time (a chapter of 15,000 values takes
  20–30 s). Drafts of at most ``SOFORT_HOECHSTENS_WERTE[fmt]`` values still come straight back.
- ``veroeffentlichung_vorbereiten``: after a chapter is published, its files (and the report's)
  in every format and its stored pages in every language are made in the worker, so no visitor
  waits for the first PDF of a large chapter (3.7 s of CPU for 15,000 values).
- ``werte_import``: the confirmed import of a staged value file larger than
  ``IMPORT_SOFORT_HOECHSTENS_BYTES``; the file is in the database (``ImportDatei``), so a
  worker on any host can read it.

Each task runs inside ``saarlouis_portal.auftraege.services.run`` and reports its progress to
the job's page (docs/deployment.md, "Hintergrundaufträge").
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from berichte import importer, seiten, services_indikatoren
from berichte.exports import EXPORTE, Dokument, inhalt, pdf
from berichte.models import BausteinArt, Bericht, ImportDatei, Kapitel, Workflow
from berichte.snapshot import kapitel_daten
from saarlouis_portal.auftraege import services as auftraege
from saarlouis_portal.auftraege.services import AuftragFehler

# Formats whose drafts may take seconds to render; XLSX and CSV stay in the request.
HINTERGRUND_FORMATE = ("pdf", "docx")
# Drafts up to this many values come straight back. Measured on the shared test machine under
# load: a PDF of 10 values 0.7–1.4 s, 100 values 1.3–1.6 s, 200 values 1.8–2.8 s; Word of 1,500
# values 0.6 s.
SOFORT_HOECHSTENS_WERTE = {"pdf": 100, "docx": 2000}
# A value file up to this size (about 1,000 rows of CSV) is imported in the request.
IMPORT_SOFORT_HOECHSTENS_BYTES = 32 * 1024


def umfang(dokument: Dokument) -> int:
    """The number of values a document shows: what the rendering time grows with."""
    werte = 0
    for _kapitel, daten in dokument.kapitel:
        for block in daten:
            art = block["art"]
            if art == BausteinArt.TABELLE:
                werte += len(block.get("indikatoren") or []) * len(block.get("gebiete") or [])
            elif art == BausteinArt.ZEITREIHE:
                werte += len(block.get("reihen") or []) * len(block.get("jahre") or [])
            elif art == BausteinArt.KARTE:
                werte += len(block.get("gebiete") or [])
            elif art == BausteinArt.MONITORING and block.get("ergebnis"):
                ergebnis = block["ergebnis"]
                werte += len(ergebnis.get("zeilen") or []) * len(ergebnis.get("indikatoren") or [])
            else:
                # Portal figures: one value per row, or per row and site in a comparison.
                spalten = max(len(block.get("spalten") or []), 1)
                werte += len(block.get("zeilen") or []) * spalten
    return werte


def kapitel_liste(bericht, user) -> list[Kapitel]:
    """The chapters of a report that ``user`` sees, in order (as on the report page)."""
    return list(
        Kapitel.objects.for_user(user)
        .filter(bericht=bericht)
        .select_related("bericht__gebiet")
        .order_by("reihenfolge", "pk")
    )


# Draft exports


def start_entwurf_export(user, bericht: Bericht, kapitel: Kapitel | None, fmt: str):
    """Queue the file of a draft chapter (or of the whole report if ``kapitel`` is None)."""
    label = EXPORTE[fmt].label
    if kapitel is not None:
        titel = _("%(format)s des Kapitels „%(titel)s“") % {"format": label, "titel": kapitel}
        zurueck = reverse("berichte:kapitel_detail", args=[kapitel.pk])
        zurueck_text = _("Zurück zum Kapitel")
    else:
        titel = _("%(format)s des Berichts „%(titel)s“") % {"format": label, "titel": bericht}
        zurueck = reverse("berichte:bericht_detail", args=[bericht.pk])
        zurueck_text = _("Zurück zum Bericht")
    return auftraege.start(
        entwurf_export,
        art="berichte.entwurf_export",
        titel=titel,
        user=user,
        args=(bericht.pk, kapitel.pk if kapitel else None, fmt),
        einheit=_("Schritten"),
        zurueck_url=zurueck,
        zurueck_text=zurueck_text,
    )


@task()
def entwurf_export(auftrag_id: str, bericht_pk: int, kapitel_pk: int | None, fmt: str) -> None:
    auftraege.run(auftrag_id, lambda auftrag: _entwurf_export(auftrag, bericht_pk, kapitel_pk, fmt))


def _entwurf_export(auftrag, bericht_pk: int, kapitel_pk: int | None, fmt: str) -> None:
    user = auftrag.gestartet_von
    # Visibility as in the request: the person may have lost a role since.
    bericht = Bericht.objects.for_user(user).select_related("gebiet").filter(pk=bericht_pk).first()
    liste = kapitel_liste(bericht, user) if bericht else []
    if kapitel_pk is not None:
        liste = [k for k in liste if k.pk == kapitel_pk]
    if bericht is None or (kapitel_pk is not None and not liste):
        raise AuftragFehler(_("Das Kapitel oder der Bericht ist nicht mehr verfügbar."))

    # Steps: the data of each chapter, then the HTML (PDF only), then the file.
    gesamt = len(liste) + (2 if fmt == "pdf" else 1)
    auftraege.report(auftrag.pk, 0, gesamt)
    daten = []
    for nummer, kapitel in enumerate(liste, start=1):
        daten.append((kapitel, kapitel_daten(kapitel)))
        auftraege.report(auftrag.pk, nummer, gesamt)
    dokument = Dokument(bericht, daten, einzeln=kapitel_pk is not None)
    if fmt == "pdf":
        html = pdf.html(dokument)
        auftraege.report(auftrag.pk, gesamt - 1, gesamt)
        inhalt = pdf.html_zu_pdf(html)
    else:
        inhalt = EXPORTE[fmt].erzeugen(dokument)
    auftraege.finish(
        auftrag.pk,
        inhalt=inhalt,
        dateiname=f"{dokument.dateiname()}.{fmt}",
        content_type=EXPORTE[fmt].content_type,
        ergebnis=_("Die Datei „%(titel)s“ (Stand %(stand)s) ist erstellt.")
        % {"titel": dokument.titel, "stand": dokument.stand.strftime("%d.%m.%Y")},
    )


# Published files and pages


def veroeffentlichte_dokumente(bericht: Bericht) -> list[Dokument]:
    """What the public downloads of ``bericht``: the report (its published chapters) and each
    published chapter on its own."""
    liste = kapitel_liste(bericht, AnonymousUser())
    if not liste:
        return []
    daten = [(k, kapitel_daten(k)) for k in liste]
    return [Dokument(bericht, daten)] + [Dokument(bericht, [d], einzeln=True) for d in daten]


def veroeffentlichung_vorbereiten_lassen(bericht: Bericht) -> None:
    """Queue the files and pages of ``bericht`` once the caller's transaction has committed."""
    transaction.on_commit(lambda: veroeffentlichung_vorbereiten.enqueue(bericht.pk))


# A download that finds its large file missing (storage emptied, a new key) queues the work at
# most once in this many seconds per report, however often it is asked for meanwhile.
NACHBAU_SPERRE_SEKUNDEN = 300


def nachbauen_lassen(bericht: Bericht) -> None:
    if cache.add(f"berichte:nachbau:{bericht.pk}", 1, NACHBAU_SPERRE_SEKUNDEN):
        veroeffentlichung_vorbereiten_lassen(bericht)


@task()
def veroeffentlichung_vorbereiten(bericht_pk: int) -> None:
    """Make what a visitor of a published report may ask for. Safe to run twice or on two hosts
    at once: a file or page already stored is read, not made again."""
    bericht = Bericht.objects.select_related("gebiet").filter(pk=bericht_pk).first()
    if bericht is None:
        return
    dokumente = veroeffentlichte_dokumente(bericht)
    # The files carry no language in their key: they are made in the portal's own language.
    with translation.override(settings.LANGUAGE_CODE):
        for dokument in dokumente:
            for fmt in EXPORTE:
                inhalt(dokument, fmt)
    liste = dokumente[0].kapitel if dokumente else []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for kapitel, _daten in liste:
                seiten.kapitel_seite(kapitel)
            if bericht.status == Workflow.VEROEFFENTLICHT:
                seiten.bericht_seite(bericht, [k for k, _daten in liste])


# Value import


def start_import(user, datei: ImportDatei, zurueck_url: str):
    """Queue the import of a staged file. What the upload form checks (type, size, the file as
    a whole; about a second for the largest file) is checked again here, so a file unusable as
    a whole is refused at once (``ImportAbgelehnt``) instead of on the job's page."""
    try:
        importer.vorpruefe(datei.dateiname, bytes(datei.inhalt))
    except importer.DateiFehler as error:
        raise services_indikatoren.ImportAbgelehnt(error.message) from error
    return auftraege.start(
        werte_import,
        art="berichte.werte_import",
        titel=_("Import von „%(datei)s“") % {"datei": datei.dateiname},
        user=user,
        args=(datei.pk,),
        einheit=_("Schritten"),
        zurueck_url=zurueck_url,
        zurueck_text=_("Zurück zur Vorschau"),
    )


@task()
def werte_import(auftrag_id: str, datei_pk: int) -> None:
    auftraege.run(auftrag_id, lambda auftrag: _werte_import(auftrag, datei_pk))


def _werte_import(auftrag, datei_pk: int) -> None:
    user = auftrag.gestartet_von
    datei = ImportDatei.objects.filter(pk=datei_pk, hochgeladen_von=user).first()
    if datei is None:
        raise AuftragFehler(
            _(
                "Die hochgeladene Datei ist nicht mehr vorhanden (schon importiert oder älter "
                "als einen Tag). Bitte laden Sie sie erneut hoch."
            )
        )
    lauf = services_indikatoren.import_datei(
        datei, user, lambda erledigt, gesamt: auftraege.report(auftrag.pk, erledigt, gesamt)
    )
    auftraege.finish(
        auftrag.pk,
        ergebnis=ergebnis_text(lauf),
        weiter_url=reverse("berichte:import"),
        weiter_text=_("Zu den Importen"),
    )


def ergebnis_text(lauf) -> str:
    """The sentence after an import, in the request or on the job's page; when the import
    changed values that published chapters show, a second sentence names those chapters."""
    text = _(
        "„%(datei)s“ wurde importiert: %(neu)s neue, %(geaendert)s geänderte, "
        "%(gleich)s unveränderte Werte."
    ) % {
        "datei": lauf.dateiname,
        "neu": lauf.zeilen_neu,
        "geaendert": lauf.zeilen_geaendert,
        "gleich": lauf.zeilen_unveraendert,
    }
    betroffen = getattr(lauf, "betroffene_kapitel", None)
    if betroffen:
        text += " " + _(
            "Veröffentlichte Kapitel bleiben unverändert; neuere Werte gibt es jetzt für: "
            "%(kapitel)s. Eine neue Ausgabe des Berichts übernimmt sie."
        ) % {"kapitel": kapitel_aufzaehlung(betroffen)}
    return text


# Chapters named in the sentence after an import (a job's result holds 500 characters).
KAPITEL_IM_ERGEBNIS = 3


def kapitel_aufzaehlung(betroffen) -> str:
    """„Armut“ (Sozialbericht 2026; geänderte Werte: 3), … for the sentence after an import;
    beyond ``KAPITEL_IM_ERGEBNIS`` chapters only their number (the preview lists them all)."""
    text = ", ".join(
        _("„%(kapitel)s“ (%(bericht)s; geänderte Werte: %(anzahl)s)")
        % {
            "kapitel": b.kapitel.titel[:80],
            "bericht": b.kapitel.bericht.titel[:80],
            "anzahl": b.anzahl,
        }
        for b in betroffen[:KAPITEL_IM_ERGEBNIS]
    )
    if len(betroffen) > KAPITEL_IM_ERGEBNIS:
        text += " " + _("und %(anzahl)s weitere Kapitel") % {
            "anzahl": len(betroffen) - KAPITEL_IM_ERGEBNIS
        }
    return text
