"""Changes on the data side of the reports: staging an uploaded value file, importing it in one
transaction, and building value exports."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from berichte import importer
from berichte.models import ImportDatei, Importlauf, Messwert
from saarlouis_portal.errors import DomainError
from saarlouis_portal.stammdaten.models import Gebiet
from saarlouis_portal.tabellen import Tabelle

SIGNING_SALT = "berichte.import"
# A staged file is kept for a day at most: enough to look at the preview, not a file store.
HALTBARKEIT = datetime.timedelta(days=1)


class ImportAbgelehnt(DomainError):
    def __init__(self, message: str, pruefung: importer.Pruefung | None = None):
        super().__init__(message)
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
    neu = [w for w in pruefung.werte if w.status == "neu"]
    if connection.vendor == "postgresql":
        _copy_neu(neu, lauf, user, jetzt)
    else:
        Messwert.objects.bulk_create(
            [
                Messwert(
                    indikator=w.indikator,
                    gebiet=w.gebiet,
                    jahr=w.jahr,
                    wert=w.wert,
                    importlauf=lauf,
                    geaendert_von=user,
                )
                for w in neu
            ],
            batch_size=2000,
        )
    geaendert = {
        (w.indikator.pk, w.gebiet.pk, w.jahr): w.wert
        for w in pruefung.werte
        if w.status == "geaendert"
    }
    if geaendert:
        _aktualisiere(geaendert, lauf, user, jetzt)
    datei.delete()
    return lauf


def _aktualisiere(geaendert: dict, lauf: Importlauf, user, jetzt) -> None:
    """Update changed values with one prepared statement run for all rows: Django's bulk_update
    builds a CASE expression per batch and takes minutes for 50,000 rows."""
    indikatoren = {k[0] for k in geaendert}
    jahre = {k[2] for k in geaendert}
    pks = {
        (i, g, j): pk
        for pk, i, g, j in Messwert.objects.filter(indikator__in=indikatoren, jahr__in=jahre)
        .select_for_update()
        .values_list("pk", "indikator_id", "gebiet_id", "jahr")
    }
    table = connection.ops.quote_name(Messwert._meta.db_table)
    wert_feld = Messwert._meta.get_field("wert")
    zeit_feld = Messwert._meta.get_field("geaendert_am")
    zeit = zeit_feld.get_db_prep_value(jetzt, connection)
    user_pk = user.pk if user is not None else None
    params = [
        (wert_feld.get_db_prep_save(wert, connection), lauf.pk, user_pk, zeit, pks[key])
        for key, wert in geaendert.items()
    ]
    if connection.vendor == "postgresql":
        _copy_update(params)
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET wert = %s, importlauf_id = %s, geaendert_von_id = %s, "  # noqa: S608
            "geaendert_am = %s WHERE id = %s",
            params,
        )


# PostgreSQL: COPY is an order of magnitude faster than INSERT/UPDATE statements for 50,000 rows
# (bench/berichte_import.py). Same columns and values as the portable path above.


def _copy_neu(neu, lauf: Importlauf, user, jetzt) -> None:
    table = connection.ops.quote_name(Messwert._meta.db_table)
    columns = "indikator_id, gebiet_id, jahr, wert, importlauf_id, geaendert_von_id, geaendert_am"
    user_pk = user.pk if user is not None else None
    # wrap_database_errors: a unique violation (a concurrent import) becomes Django's
    # IntegrityError, which importiere() turns into a message.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for w in neu:
            copy.write_row((w.indikator.pk, w.gebiet.pk, w.jahr, w.wert, lauf.pk, user_pk, jetzt))


def _copy_update(params) -> None:
    table = connection.ops.quote_name(Messwert._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE berichte_import_neu (id bigint PRIMARY KEY, wert numeric, "
            "importlauf_id bigint, geaendert_von_id bigint, geaendert_am timestamptz) "
            "ON COMMIT DROP"
        )
        columns = "wert, importlauf_id, geaendert_von_id, geaendert_am, id"
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY berichte_import_neu ({columns}) FROM STDIN") as copy,
        ):
            for row in params:
                copy.write_row(row)
        cursor.execute(
            f"UPDATE {table} AS m SET wert = n.wert, importlauf_id = n.importlauf_id, "  # noqa: S608
            "geaendert_von_id = n.geaendert_von_id, geaendert_am = n.geaendert_am "
            "FROM berichte_import_neu AS n WHERE m.id = n.id"
        )


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
