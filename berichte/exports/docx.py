"""Word (.docx) via python-docx: chapters as "Heading 1", blocks as "Heading 2", tables as Word
tables (header row repeated on each page), charts as PNG images with their text alternative and
data table, Markdown text as paragraphs, headings and lists."""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from berichte import blocks, charts, formate
from berichte.exports.tabellen import tabellen, vergleich
from berichte.models import BausteinArt, Workflow

_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_AUSZEICHNUNG = re.compile(r"(\*\*|__|`)")


def _inline(text: str) -> str:
    text = _LINK.sub(r"\1 (\2)", text)
    text = _AUSZEICHNUNG.sub("", text)
    return re.sub(r"(?<!\w)[*_](\S[^*_]*?)[*_](?!\w)", r"\1", text)


def markdown_absaetze(doc, text: str) -> None:
    """Markdown as Word paragraphs: headings, bullet and numbered lists, plain paragraphs."""
    absatz: list[str] = []

    def flush():
        if absatz:
            doc.add_paragraph(_inline(" ".join(absatz)))
            absatz.clear()

    for zeile in (text or "").splitlines():
        roh = zeile.strip()
        if not roh:
            flush()
            continue
        if m := re.match(r"^(#{1,6})\s+(.*)$", roh):
            flush()
            doc.add_heading(_inline(m.group(2)), level=3)
        elif m := re.match(r"^[-*+]\s+(.*)$", roh):
            flush()
            doc.add_paragraph(_inline(m.group(1)), style="List Bullet")
        elif m := re.match(r"^\d+[.)]\s+(.*)$", roh):
            flush()
            doc.add_paragraph(_inline(m.group(1)), style="List Number")
        else:
            absatz.append(roh)
    flush()


def _wiederholte_kopfzeile(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _zelle(wert) -> str:
    if isinstance(wert, float):
        return formate.zahl(wert, 2 if abs(wert) < 10 and wert != int(wert) else 1)
    if isinstance(wert, int) and not isinstance(wert, bool):
        return formate.zahl(wert, 0)
    return "–" if wert is None else str(wert)


def _tabelle(doc, tabelle, stellen: list[int] | None = None) -> None:
    kopf = list(tabelle.kopf)
    zeilen = list(tabelle.zeilen)
    breite = len(kopf)
    # All rows at once and the flat cell list: adding rows one by one is twice as slow.
    table = doc.add_table(rows=len(zeilen) + 1, cols=breite)
    table.style = "Table Grid"
    zellen = table._cells
    for zelle, text in zip(zellen[:breite], kopf, strict=False):
        zelle.text = str(text)
        for run in zelle.paragraphs[0].runs:
            run.bold = True
    _wiederholte_kopfzeile(table.rows[0])
    for r, zeile in enumerate(zeilen, start=1):
        for n, wert in enumerate(zeile[:breite]):
            zelle = zellen[r * breite + n]
            if stellen and n > 0 and isinstance(wert, int | float) and n - 1 < len(stellen):
                zelle.text = formate.zahl(wert, stellen[n - 1])
            else:
                zelle.text = _zelle(wert)
    for hinweis in tabelle.hinweise:
        p = doc.add_paragraph(str(hinweis))
        p.runs[0].font.size = Pt(8)


def _baustein(doc, daten: dict) -> None:
    art = daten["art"]
    if daten.get("titel") or art != BausteinArt.TEXT:
        doc.add_heading(daten.get("titel") or daten["art_label"], level=2)
    if daten.get("text"):
        markdown_absaetze(doc, daten["text"])
    if art == BausteinArt.TEXT:
        return
    if art == BausteinArt.ZEITREIHE and daten["reihen"]:
        doc.add_picture(io.BytesIO(charts.png(daten)), width=Cm(16))
        doc.add_paragraph(charts.alternativtext(daten)).runs[0].font.size = Pt(8)
    if art == BausteinArt.KARTE and daten.get("indikator"):
        doc.add_paragraph(
            _("Die Karte steht in der PDF- und Web-Fassung; hier die Werte je Sozialraum.")
        )
    if art == BausteinArt.EMPFEHLUNGEN:
        for e in daten["empfehlungen"]:
            doc.add_paragraph(f"{e['art_label']}: {e['text']}", style="List Number")
            angaben = [
                f"{_('Zuständig')}: {e['zustaendig']}" if e["zustaendig"] else "",
                f"{_('Zu erledigen bis')}: {formate.datum(e['faellig_am'])}"
                if e["faellig_am"]
                else "",
                f"{_('Umsetzungsstand')}: {e['umsetzungsstand_label']}",
            ]
            doc.add_paragraph(" · ".join(a for a in angaben if a))
        return
    if art == BausteinArt.QUELLEN:
        for quelle in daten["quellen"]:
            doc.add_paragraph(quelle, style="List Bullet")
        return
    if art == BausteinArt.PORTALZAHLEN and daten.get("spalten"):
        # A comparison of sites: as many columns per table as the printed pages (and the PDF).
        teile = blocks.vergleich_teile(daten)
        for n, teil in enumerate(teile, start=1):
            tabelle = vergleich({**daten, **teil}, als_text=True)
            if n < len(teile):
                tabelle.hinweise = []  # said once, below the last part
            _tabelle(doc, tabelle)
        return
    stellen = None
    if art == BausteinArt.TABELLE:
        stellen = [i["nachkommastellen"] for i in daten["indikatoren"]]
    elif art == BausteinArt.ZEITREIHE:
        stellen = [r["nachkommastellen"] for r in daten["reihen"]]
    elif art == BausteinArt.KARTE and daten.get("indikator"):
        stellen = [daten["indikator"]["nachkommastellen"]]
    for tabelle in tabellen(daten):
        _tabelle(doc, tabelle, stellen)


def erzeugen(dokument) -> bytes:
    doc = Document()
    doc.core_properties.title = dokument.titel
    doc.core_properties.language = "de-DE"
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    bericht = dokument.bericht
    doc.add_paragraph(bericht.gebiet.name)
    doc.add_heading(bericht.titel, level=0)
    if dokument.einzeln:
        doc.add_paragraph(f"{_('Kapitel')}: {dokument.titel}")
    doc.add_paragraph(
        f"{_('Berichtsjahr')} {bericht.jahr} · {_('Stand')}: {formate.datum(dokument.stand)}"
    )
    if dokument.enthaelt_entwurf:
        doc.add_paragraph(_("Entwurf – nicht veröffentlicht")).runs[0].bold = True
    doc.add_heading(_("Inhalt"), level=1)
    for n, (kapitel, _daten) in enumerate(dokument.kapitel, start=1):
        doc.add_paragraph(f"{n}. {kapitel.titel}")
    if not dokument.einzeln and bericht.einleitung:
        doc.add_page_break()
        doc.add_heading(_("Einleitung"), level=1)
        markdown_absaetze(doc, bericht.einleitung)
    for n, (kapitel, bausteine) in enumerate(dokument.kapitel, start=1):
        doc.add_page_break()
        doc.add_heading(f"{n}. {kapitel.titel}", level=1)
        if kapitel.status != Workflow.VEROEFFENTLICHT:
            doc.add_paragraph(_("Entwurf – Inhalte können sich noch ändern.")).runs[0].bold = True
        for daten in bausteine:
            _baustein(doc, daten)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
