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

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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
        """A key that changes whenever the document could: None for drafts (never stored)."""
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

    def ablage_pfad(self, fmt: str) -> str | None:
        """Where the published file lies in the storage: one folder per report, the name made of
        what it holds (report or chapter) and the key. None for drafts."""
        schluessel = self.cache_schluessel(fmt)
        if schluessel is None:
            return None
        was = f"kapitel-{self.kapitel[0][0].pk}" if self.einzeln else "bericht"
        return f"{ABLAGE}/{self.bericht.pk}/{was}-{schluessel.rsplit(':', 1)[1]}.{fmt}"

    def dateiname(self) -> str:
        name = slugify(self.titel) or "bericht"
        if self.einzeln:
            name = f"{slugify(self.bericht.titel)}-{name}"
        return name[:80]


# Published files never change (snapshot) and a large PDF takes seconds to render: they are kept
# in the storage (default_storage: a shared volume or S3, so every host finds them) under a path
# made of their key. Not in the cache, which may drop them any time and is per host without Redis.
ABLAGE = "berichte/exporte"


def abgelegt(dokument: Dokument, fmt: str) -> bytes | None:
    """The published file's bytes if it is in the storage already; None otherwise (drafts)."""
    pfad = dokument.ablage_pfad(fmt)
    if pfad:
        try:
            with default_storage.open(pfad, "rb") as datei:
                return datei.read()
        except FileNotFoundError:
            pass
    return None


def inhalt(dokument: Dokument, fmt: str) -> bytes:
    """The export's bytes, read from the storage for published documents (made once)."""
    vorhanden = abgelegt(dokument, fmt)
    if vorhanden is not None:
        return vorhanden
    pfad = dokument.ablage_pfad(fmt)
    erzeugt = EXPORTE[fmt].erzeugen(dokument)
    if pfad:
        _ablegen(pfad, erzeugt)
    return erzeugt


def _ablegen(pfad: str, erzeugt: bytes) -> None:
    if not default_storage.exists(pfad):
        # Two hosts making the same file at once: the storage keeps the second under another
        # name, which nobody reads and the next clean-up below removes.
        default_storage.save(pfad, ContentFile(erzeugt))
    # Files of earlier keys of the same report or chapter and format are never asked for again
    # (a chapter published since, a renamed report).
    ordner, name = pfad.rsplit("/", 1)
    was, endung = name.rsplit("-", 1)[0], name.rsplit(".", 1)[1]
    for andere in default_storage.listdir(ordner)[1]:
        if andere != name and andere.rsplit("-", 1)[0] == was and andere.endswith(f".{endung}"):
            default_storage.delete(f"{ordner}/{andere}")


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
