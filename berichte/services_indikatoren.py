"""Changes on the data side of the reports: staging an uploaded value file, importing it in one
transaction, and building value exports.

The import stores its values with the ORM (``bulk_create`` with ``update_conflicts``): in
bench/berichte_import.py it stays well under the target of 10 s for 50,000 values, so the
PostgreSQL ``COPY`` it used before is not needed (bench/README.md, Sozialbericht)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from berichte import importer
from berichte.models import Baustein, ImportDatei, Importlauf, Kapitel, Messwert, Workflow
from berichte.snapshot import gezeigte_werte, gleich
from saarlouis_portal.errors import DomainError
from saarlouis_portal.stammdaten.models import Gebiet
from saarlouis_portal.tabellen import Tabelle

SIGNING_SALT = "berichte.import"
# A staged file is kept for a day at most: enough to look at the preview, not a file store.
HALTBARKEIT = datetime.timedelta(days=1)
# Rows per INSERT (Django lowers it where the database takes fewer parameters).
BATCH = 2000


Fortschritt = Callable[[int, int], None]


def _still(erledigt: int, gesamt: int) -> None:
    """No one listens (an import in the request)."""


class ImportAbgelehnt(DomainError):
    def __init__(self, message: str, pruefung: importer.Pruefung | None = None):
        super().__init__(message)
        self.pruefung = pruefung


# Staging between preview and confirmation


def stage_datei(user, dateiname: str, inhalt: bytes) -> ImportDatei:
    """Keep the uploaded file server-side; the browser only ever gets a signed id."""
    ImportDatei.objects.filter(hochgeladen_am__lt=timezone.now() - HALTBARKEIT).delete()
    return ImportDatei.objects.create(
        dateiname=dateiname[:255],
        inhalt=inhalt,
        sha256=hashlib.sha256(inhalt).hexdigest(),
        hochgeladen_von=user,
    )


def token_for(datei: ImportDatei) -> str:
    return signing.dumps({"id": datei.pk, "u": datei.hochgeladen_von_id}, salt=SIGNING_SALT)


def datei_for_token(token: str, user) -> ImportDatei | None:
    """The staged file of this user, or None (bad signature, expired, someone else's, gone)."""
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=HALTBARKEIT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return None
    return ImportDatei.objects.filter(pk=data.get("id"), hochgeladen_von=user).first()


def check_datei(datei: ImportDatei) -> importer.Pruefung:
    return importer.pruefe(datei.dateiname, bytes(datei.inhalt))


# Published chapters an import leaves behind


@dataclass(frozen=True)
class BetroffenesKapitel:
    """A published chapter that shows ``anzahl`` values the import changes. The chapter itself
    stays as published (snapshot); its staff page then says that newer values exist."""

    kapitel: Kapitel
    anzahl: int


def betroffene_kapitel(pruefung: importer.Pruefung) -> list[BetroffenesKapitel]:
    """The published chapters showing values that ``pruefung`` would change, with the number
    of such values per chapter: a new or changed value counts where the chapter shows another
    figure (or a gap) for the same indicator, Gebiet and year. Only chapters with a block on
    one of the file's indicators are read (one query)."""
    neu = {
        (w.indikator.schluessel, w.gebiet.pk, w.jahr): w.wert
        for w in pruefung.werte
        if w.status != "unveraendert"
    }
    if not neu:
        return []
    indikatoren = {w.indikator.pk for w in pruefung.werte if w.status != "unveraendert"}
    bausteine = Baustein.objects.filter(
        Q(indikatoren__in=indikatoren) | Q(monitoring__indikatoren__in=indikatoren)
    ).values("kapitel_id")
    kapitel_liste = (
        Kapitel.objects.filter(status=Workflow.VEROEFFENTLICHT, pk__in=bausteine)
        .select_related("bericht")
        .order_by("-bericht__jahr", "bericht__titel", "bericht_id", "reihenfolge", "pk")
    )
    ergebnis = []
    for kapitel in kapitel_liste:
        gezeigt = gezeigte_werte(kapitel)
        anzahl = sum(
            1 for key, wert in neu.items() if key in gezeigt and not gleich(gezeigt[key].wert, wert)
        )
        if anzahl:
            ergebnis.append(BetroffenesKapitel(kapitel=kapitel, anzahl=anzahl))
    return ergebnis


# Import


def import_datei(datei: ImportDatei, user, fortschritt: Fortschritt | None = None) -> Importlauf:
    """Check the staged file again (nothing from the browser is trusted) and save all values
    or none. Values that did not change keep their earlier provenance.

    ``fortschritt(erledigt, gesamt)``, if given, hears of each step: the check, then every
    batch of saved values (a background import shows it on its page).

    The run returned carries ``betroffene_kapitel``: the published chapters that show values
    this import changed (``betroffene_kapitel()``), for the sentence after the import."""
    fortschritt = fortschritt or _still
    fortschritt(0, 1)
    try:
        pruefung = check_datei(datei)
    except importer.DateiFehler as error:
        raise ImportAbgelehnt(error.message) from error
    if not pruefung.ok:
        raise ImportAbgelehnt(
            _("Die Datei enthält Fehler; es wurde nichts importiert."), pruefung=pruefung
        )
    try:
        with transaction.atomic():
            lauf = _save(pruefung, datei, user, fortschritt)
    except IntegrityError as error:
        # An indicator or Gebiet of the file was deleted between our check and our insert.
        raise ImportAbgelehnt(
            _("Während des Imports wurden Daten geändert. Bitte prüfen Sie die Datei erneut.")
        ) from error
    return lauf


def _save(pruefung: importer.Pruefung, datei: ImportDatei, user, fortschritt) -> Importlauf:
    # Compare again inside the transaction, so the counts describe what this run did.
    importer.vergleiche_mit_bestand(pruefung)
    betroffen = betroffene_kapitel(pruefung)
    lauf = Importlauf.objects.create(
        dateiname=datei.dateiname,
        sha256=datei.sha256,
        format=f"{pruefung.format}/{pruefung.form}",
        zeilen_neu=pruefung.neu,
        zeilen_geaendert=pruefung.geaendert,
        zeilen_unveraendert=pruefung.unveraendert,
        importiert_von=user,
    )
    save_werte([w for w in pruefung.werte if w.status != "unveraendert"], lauf, user, fortschritt)
    datei.delete()
    lauf.betroffene_kapitel = betroffen
    return lauf


def save_werte(
    werte: list[importer.Wert], lauf: Importlauf, user, fortschritt: Fortschritt | None = None
) -> None:
    """Insert new values and overwrite changed ones, inside the import's transaction: one INSERT …
    ON CONFLICT DO UPDATE per batch (PostgreSQL and SQLite). A value another import stored after
    our comparison is overwritten too: the file wins, as it would a moment later. Unchanged
    values are not passed in, so they keep their earlier provenance."""
    # Batch by batch, so that no more than one batch of model instances is alive at a time
    # (the largest allowed file has 200,000 values).
    fortschritt = fortschritt or _still
    schritte = 1 + -(-len(werte) // BATCH)  # the check, then one step per batch
    fortschritt(1, schritte)
    for nummer, start in enumerate(range(0, len(werte), BATCH), start=2):
        Messwert.objects.bulk_create(
            [
                Messwert(
                    indikator_id=w.indikator.pk,
                    gebiet_id=w.gebiet.pk,
                    jahr=w.jahr,
                    wert=w.wert,
                    importlauf=lauf,
                    geaendert_von=user,
                )
                for w in werte[start : start + BATCH]
            ],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["indikator", "gebiet", "jahr"],
            update_fields=["wert", "importlauf", "geaendert_von", "geaendert_am"],
        )
        fortschritt(nummer, schritte)


# Export


def zahl(value: Decimal) -> Decimal:
    """Drop trailing zeros of the stored four decimals without exponent notation (1E+2)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def werte_for_export(
    *,
    indikatoren=None,
    kapitel: str = "",
    gebiete=None,
    jahr_von: int | None = None,
    jahr_bis: int | None = None,
):
    werte = Messwert.objects.select_related("indikator", "gebiet").order_by(
        "indikator__schluessel", "gebiet__name", "gebiet_id", "jahr"
    )
    if indikatoren:
        werte = werte.filter(indikator__in=indikatoren)
    if kapitel:
        werte = werte.filter(indikator__kapitel=kapitel)
    if gebiete is not None:
        werte = werte.filter(gebiet__in=gebiete)
    if jahr_von:
        werte = werte.filter(jahr__gte=jahr_von)
    if jahr_bis:
        werte = werte.filter(jahr__lte=jahr_bis)
    return werte


def _mehrdeutige_namen() -> set[str]:
    return set(
        Gebiet.objects.values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )


def _gebietsname(gebiet, mehrdeutig: set[str]) -> str:
    """The plain name, or "Picard (Sozialraum)" where the name alone would be ambiguous, so the
    file can be imported again as it is."""
    return importer.mit_art(gebiet) if gebiet.name in mehrdeutig else gebiet.name


KOPF_LANG = [
    "indikator",
    "indikator_name",
    "einheit",
    "gebiet_schluessel",
    "gebiet",
    "jahr",
    "wert",
]


def tabelle_lang(werte) -> Tabelle:
    mehrdeutig = _mehrdeutige_namen()
    zeilen = (
        [
            w.indikator.schluessel,
            w.indikator.name,
            w.indikator.get_einheit_display(),
            w.gebiet.schluessel,
            _gebietsname(w.gebiet, mehrdeutig),
            w.jahr,
            zahl(w.wert),
        ]
        for w in werte.iterator(chunk_size=2000)
    )
    return Tabelle(titel=_("Werte (Langformat)"), kopf=KOPF_LANG, zeilen=zeilen)


def tabelle_breit(werte) -> Tabelle:
    mehrdeutig = _mehrdeutige_namen()
    liste = list(werte)
    jahre = sorted({w.jahr for w in liste})
    reihen: dict[tuple[int, int], dict] = {}
    for w in liste:
        reihe = reihen.setdefault(
            (w.indikator_id, w.gebiet_id), {"indikator": w.indikator, "gebiet": w.gebiet}
        )
        reihe[w.jahr] = zahl(w.wert)
    zeilen = [
        [
            r["indikator"].schluessel,
            r["indikator"].name,
            r["indikator"].get_einheit_display(),
            r["gebiet"].schluessel,
            _gebietsname(r["gebiet"], mehrdeutig),
            *[r.get(j) for j in jahre],
        ]
        for r in reihen.values()
    ]
    kopf = [
        "indikator",
        "indikator_name",
        "einheit",
        "gebiet_schluessel",
        "gebiet",
        *map(str, jahre),
    ]
    return Tabelle(titel=_("Werte (Breitformat)"), kopf=kopf, zeilen=zeilen)
