"""Exports of a chapter or a whole report: PDF, Word, Excel and CSV.

Every export reads a ``Dokument``: the report and, per chapter, the block dicts that
``berichte.snapshot.kapitel_daten`` returns (the snapshot once published). So the downloads show
exactly what the pages show, and a published chapter never changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.core.cache import cache
from django.utils import timezone
from django.utils.text import slugify

from berichte.models import Workflow


@dataclass
class Dokument:
    bericht: object
    kapitel: list  # [(Kapitel, [block dict, …]), …]
    einzeln: bool = False

    @property
    def titel(self) -> str:
        if self.einzeln and self.kapitel:
            return self.kapitel[0][0].titel
        return self.bericht.titel

    @property
    def enthaelt_entwurf(self) -> bool:
        return any(k.status != Workflow.VEROEFFENTLICHT for k, _daten in self.kapitel)

    @property
    def stand(self) -> date:
        """Published documents carry the date of their latest publication (so the same file
        comes out every time); drafts carry today."""
        if self.kapitel and not self.enthaelt_entwurf:
            return max(timezone.localdate(k.veroeffentlicht_am) for k, _daten in self.kapitel)
        return timezone.localdate()

    def cache_schluessel(self, fmt: str) -> str | None:
        """A key that changes whenever the document could: None for drafts (never cached)."""
        if not self.kapitel or self.enthaelt_entwurf:
            return None
        teile = [
            fmt,
            str(self.einzeln),
            str(self.bericht.pk),
            self.bericht.geaendert_am.isoformat(),
        ]
        teile += [f"{k.pk}:{k.veroeffentlicht_am.isoformat()}" for k, _daten in self.kapitel]
        return "berichte-export:v1:" + hashlib.sha256("|".join(teile).encode()).hexdigest()

    def dateiname(self) -> str:
        name = slugify(self.titel) or "bericht"
        if self.einzeln:
            name = f"{slugify(self.bericht.titel)}-{name}"
        return name[:80]


# Published documents never change (snapshot), and a large PDF takes long to render: keep them.
CACHE_SEKUNDEN = 7 * 24 * 3600


def inhalt(dokument: Dokument, fmt: str) -> bytes:
    """The export's bytes, from the cache for published documents."""
    schluessel = dokument.cache_schluessel(fmt)
    if schluessel:
        gespeichert = cache.get(schluessel)
        if gespeichert is not None:
            return gespeichert
    erzeugt = EXPORTE[fmt].erzeugen(dokument)
    if schluessel:
        cache.set(schluessel, erzeugt, CACHE_SEKUNDEN)
    return erzeugt


class Export(NamedTuple):
    label: str
    content_type: str
    erzeugen: Callable[[Dokument], bytes]


def _pdf(dokument):
    from berichte.exports.pdf import erzeugen

    return erzeugen(dokument)


def _docx(dokument):
    from berichte.exports.docx import erzeugen

    return erzeugen(dokument)


def _xlsx(dokument):
    from berichte.exports.xlsx import erzeugen

    return erzeugen(dokument)


def _csv(dokument):
    from berichte.exports.csv import erzeugen

    return erzeugen(dokument)


EXPORTE = {
    "pdf": Export("PDF", "application/pdf", _pdf),
    "docx": Export(
        "Word (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
    "xlsx": Export(
        "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx
    ),
    "csv": Export("CSV (Langformat)", "text/csv; charset=utf-8", _csv),
}
