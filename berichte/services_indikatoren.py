"""Changes on the data side of the reports: staging an uploaded value file, importing it in one
transaction, and building value exports."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from berichte import importer
from berichte.models import ImportDatei, Importlauf, Messwert
from saarlouis_portal.tabellen import Tabelle

SIGNING_SALT = "berichte.import"
# A staged file is kept for a day at most: enough to look at the preview, not a file store.
HALTBARKEIT = datetime.timedelta(days=1)


class ImportAbgelehnt(Exception):
    def __init__(self, message: str, pruefung: importer.Pruefung | None = None):
        super().__init__(message)
        self.message = message
        self.pruefung = pruefung


# Staging between preview and confirmation


def bereitstellen(user, dateiname: str, inhalt: bytes) -> ImportDatei:
    """Keep the uploaded file server-side; the browser only ever gets a signed id."""
    ImportDatei.objects.filter(hochgeladen_am__lt=timezone.now() - HALTBARKEIT).delete()
    return ImportDatei.objects.create(
        dateiname=dateiname[:255],
        inhalt=inhalt,
        sha256=hashlib.sha256(inhalt).hexdigest(),
        hochgeladen_von=user,
    )


def token_fuer(datei: ImportDatei) -> str:
    return signing.dumps({"id": datei.pk, "u": datei.hochgeladen_von_id}, salt=SIGNING_SALT)


def datei_zum_token(token: str, user) -> ImportDatei | None:
    """The staged file of this user, or None (bad signature, expired, someone else's, gone)."""
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=HALTBARKEIT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return None
    return ImportDatei.objects.filter(pk=data.get("id"), hochgeladen_von=user).first()


def pruefe_datei(datei: ImportDatei) -> importer.Pruefung:
    return importer.pruefe(datei.dateiname, bytes(datei.inhalt))


# Import


def importiere(datei: ImportDatei, user) -> Importlauf:
    """Check the staged file again (nothing from the browser is trusted) and save all values
    or none. Values that did not change keep their earlier provenance."""
    try:
        pruefung = pruefe_datei(datei)
    except importer.DateiFehler as error:
        raise ImportAbgelehnt(error.message) from error
    if not pruefung.ok:
        raise ImportAbgelehnt(
            _("Die Datei enthält Fehler; es wurde nichts importiert."), pruefung=pruefung
        )
    try:
        with transaction.atomic():
            lauf = _speichere(pruefung, datei, user)
    except IntegrityError as error:
        # Another import wrote one of these values between our check and our insert.
        raise ImportAbgelehnt(
            _("Gleichzeitig wurden Werte importiert. Bitte prüfen Sie die Datei erneut.")
        ) from error
    return lauf


def _speichere(pruefung: importer.Pruefung, datei: ImportDatei, user) -> Importlauf:
    # Compare again inside the transaction, so the counts describe what this run did.
    importer.vergleiche_mit_bestand(pruefung)
    jetzt = timezone.now()
    lauf = Importlauf.objects.create(
        dateiname=datei.dateiname,
        sha256=datei.sha256,
        format=f"{pruefung.format}/{pruefung.form}",
        zeilen_neu=pruefung.neu,
        zeilen_geaendert=pruefung.geaendert,
        zeilen_unveraendert=pruefung.unveraendert,
        importiert_von=user,
    )
    neu = [
        Messwert(
            indikator=w.indikator,
            gebiet=w.gebiet,
            jahr=w.jahr,
            wert=w.wert,
            importlauf=lauf,
            geaendert_von=user,
        )
        for w in pruefung.werte
        if w.status == "neu"
    ]
    Messwert.objects.bulk_create(neu, batch_size=2000)
    geaendert = {
        (w.indikator.pk, w.gebiet.pk, w.jahr): w.wert
        for w in pruefung.werte
        if w.status == "geaendert"
    }
    if geaendert:
        indikatoren = {k[0] for k in geaendert}
        jahre = {k[2] for k in geaendert}
        objekte = []
        for messwert in (
            Messwert.objects.filter(indikator__in=indikatoren, jahr__in=jahre)
            .only("pk", "indikator_id", "gebiet_id", "jahr")
            .select_for_update()
        ):
            key = (messwert.indikator_id, messwert.gebiet_id, messwert.jahr)
            if key in geaendert:
                messwert.wert = geaendert[key]
                messwert.importlauf = lauf
                messwert.geaendert_von = user
                messwert.geaendert_am = jetzt  # bulk_update skips auto_now
                objekte.append(messwert)
        Messwert.objects.bulk_update(
            objekte, ["wert", "importlauf", "geaendert_von", "geaendert_am"], batch_size=2000
        )
    datei.delete()
    return lauf


# Export


def zahl(value: Decimal) -> Decimal:
    """Drop trailing zeros of the stored four decimals without exponent notation (1E+2)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def werte_fuer_export(
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
    zeilen = (
        [
            w.indikator.schluessel,
            w.indikator.name,
            w.indikator.get_einheit_display(),
            w.gebiet.schluessel,
            w.gebiet.name,
            w.jahr,
            zahl(w.wert),
        ]
        for w in werte.iterator(chunk_size=2000)
    )
    return Tabelle(titel=_("Werte (Langformat)"), kopf=KOPF_LANG, zeilen=zeilen)


def tabelle_breit(werte) -> Tabelle:
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
            r["gebiet"].name,
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
