"""Finding the parts of an XLSX package that openpyxl streams, from the package's own description
(ECMA-376 Part 2, Open Packaging Conventions, and Part 1, SpreadsheetML), before openpyxl opens
the file.

- ``[Content_Types].xml`` names the workbook part (an ``Override`` with a workbook content type)
  and the shared strings (an ``Override`` with the shared strings type).
- The workbook's relationships (``xl/_rels/workbook.xml.rels`` beside ``xl/workbook.xml``) map
  the ``r:id`` of each ``<sheet>`` in the workbook to its part; a target is relative to the
  folder of the workbook unless it starts with "/".

The pre-check must look at exactly the parts openpyxl will stream, so where the standard leaves
room the rules follow openpyxl 3.1's reader: the workbook content types are tried in its order
(XLTM, XLTX, XLSM, XLSX, the first ``Override`` of each), a ``Default`` with a workbook type
means ``xl/workbook.xml``, the first ``Override`` of the shared strings type counts, part names
lose their first character (the leading "/"), every element inside the last ``<sheets>`` and
inside the relationships counts whatever its name, a later relationship with the same id wins,
and a sheet without a relationship id is skipped.

The four parts read here are small (the caller checks their size before) and parsed with lxml
without resolving entities, as openpyxl parses them: a DTD in them is harmless.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK_TYPES = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
WORKBOOK_DEFAULT = "xl/workbook.xml"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class Blatt:
    teil: str  # the part's name in the archive
    typ: str  # the relationship type (worksheet, chartsheet ...)


@dataclass
class Paket:
    arbeitsmappe: str
    blaetter: list[Blatt]  # in the workbook's order
    texte: str | None  # the shared strings part, if any


def _xml(daten: bytes):
    # One parser per call: lxml parsers must not be shared between threads.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(daten, parser=parser)


def _elemente(element) -> list:
    """The child elements (comments and processing instructions skipped)."""
    return [kind for kind in element if isinstance(kind.tag, str)]


def _kinder(element, name: str) -> list:
    """The child elements with this local name."""
    return [kind for kind in _elemente(element) if etree.QName(kind).localname == name]


def rels_pfad(teil: str) -> str:
    """Where the relationships of a part are kept: ``a/b.xml`` -> ``a/_rels/b.xml.rels``."""
    ordner, name = posixpath.split(teil)
    return posixpath.join(ordner, "_rels", f"{name}.rels")


def _beziehungen(daten: bytes, pfad: str) -> dict[str, Blatt]:
    """Relationship id -> target part; internal targets resolved against the source's folder."""
    quelle = posixpath.split(posixpath.dirname(pfad))[0]
    beziehungen = {}
    # Every child counts, whatever its name, and a later id wins, as openpyxl reads them.
    for rel in _elemente(_xml(daten)):
        ziel = rel.get("Target")
        if rel.get("TargetMode") != "External":
            ziel = (
                ziel[1:]
                if ziel.startswith("/")
                else posixpath.normpath(posixpath.join(quelle, ziel))
            )
        beziehungen[rel.get("Id")] = Blatt(teil=ziel, typ=rel.get("Type") or "")
    return beziehungen


def _teil_mit_typ(overrides: list, typ: str) -> str | None:
    return next((o.get("PartName") for o in overrides if o.get("ContentType") == typ), None)


def paket(lies: Callable[[str], bytes]) -> Paket:
    """The workbook, its sheets and the shared strings. ``lies(name)`` returns a part's bytes
    (after checking its size); a missing part or broken XML raises KeyError, SyntaxError and
    the like, which the caller reports as an invalid file."""
    typen = _xml(lies(CONTENT_TYPES))
    overrides = _kinder(typen, "Override")
    for typ in WORKBOOK_TYPES:
        teil = _teil_mit_typ(overrides, typ)
        if teil is not None:
            arbeitsmappe = teil[1:]
            break
    else:
        defaults = {d.get("ContentType") for d in _kinder(typen, "Default")}
        if not defaults & set(WORKBOOK_TYPES):
            raise KeyError("no workbook part")
        arbeitsmappe = WORKBOOK_DEFAULT
    texte = _teil_mit_typ(overrides, SHARED_STRINGS)

    mappe = _xml(lies(arbeitsmappe))
    listen = _kinder(mappe, "sheets")
    # The last <sheets> counts, and every element in it (openpyxl does not check the name).
    ids = [
        blatt.get(f"{{{REL_NS}}}id", blatt.get("id"))
        for blatt in (_elemente(listen[-1]) if listen else [])
    ]
    ids = [i for i in ids if i]
    beziehungen = {}
    if ids:
        pfad = rels_pfad(arbeitsmappe)
        beziehungen = _beziehungen(lies(pfad), pfad)
    return Paket(
        arbeitsmappe=arbeitsmappe,
        blaetter=[beziehungen[i] for i in ids],
        texte=texte[1:] if texte is not None else None,
    )
