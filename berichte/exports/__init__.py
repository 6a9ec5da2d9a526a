"""Exports of a chapter or a whole report: PDF, Word, Excel and CSV.

Every export reads a ``Dokument``: the report and, per chapter, the block dicts that
``berichte.snapshot.kapitel_daten`` returns (the snapshot once published). So the downloads show
exactly what the pages show, and a published chapter never changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

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

    def dateiname(self) -> str:
        name = slugify(self.titel) or "bericht"
        if self.einzeln:
            name = f"{slugify(self.bericht.titel)}-{name}"
        return name[:80]


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
