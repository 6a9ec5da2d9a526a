"""Benchmark of the value import of the reports (issue 7): 50,000 rows, target under 10 s.

    .venv/bin/python bench/berichte_import.py

1. Sets up its own database: PostgreSQL ``portal_bench_berichte`` (re-created through
   BENCH_ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), or a
   temporary SQLite file if PostgreSQL is not reachable or BENCH_DB=sqlite.
2. Creates one Gemeinde with 500 Sozialräume and 10 indicators.
3. Generates a long-format CSV (semicolons, German decimal commas) and an XLSX with the same
   50,000 values (500 Sozialräume x 10 indicators x 10 years).
4. Times, for each file, the upload check (``importer.vorpruefe``: for XLSX the archive and its
   XML), the preview check (``importer.pruefe``) and the confirmed import
   (``services_indikatoren.import_datei``, which checks the file again and saves in one
   transaction): the CSV into an empty table (50,000 new values), then the XLSX with every value
   changed (50,000 updates). Prints seconds; a missed target is reported, not failed.
5. Peak memory: before all that, a forked process runs upload check, preview and import of the
   largest file the limits allow, an XLSX of BERICHTE_IMPORT_MAX_ZEILEN (100,000) rows in the
   seven columns of the portal's own value export, and prints its peak resident set size
   (``ru_maxrss``) beside the size at the fork. Target: under 300 MB.
6. On PostgreSQL, the saving step alone in two variants, alternating round by round
   (BENCH_RUNDEN rounds, default 5; the order of the variants flips each round): the ORM
   (``services_indikatoren.save_werte``, ``bulk_create`` with ``update_conflicts``) and the
   ``COPY`` the service used before (kept below as the reference). Each saves 50,000 new values
   into an empty table and then overwrites all 50,000, each in its own transaction, commit
   included. Prints min / median / max seconds per variant.
"""

import csv
import gc
import io
import itertools
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

ADMIN_URL = os.environ.get(
    "BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = "portal_bench_berichte"
SOZIALRAEUME = 500
INDIKATOREN = 10
JAHRE = range(2015, 2025)
TARGET_SECONDS = 10.0
TARGET_PEAK_MB = 300
RUNDEN = int(os.environ.get("BENCH_RUNDEN", "5"))


def say(message: str) -> None:
    print(message, flush=True)


def database_url() -> str:
    if os.environ.get("BENCH_DB", "postgres") != "sqlite":
        try:
            import psycopg

            with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            return urlsplit(ADMIN_URL)._replace(path="/" + DB_NAME).geturl()
        except Exception as error:  # noqa: BLE001 - any failure means: measure on SQLite
            say(f"PostgreSQL nicht erreichbar ({error.__class__.__name__}); nehme SQLite.")
    path = Path(tempfile.mkdtemp(prefix="bench-berichte-")) / "bench.sqlite3"
    return f"sqlite:///{path}"


def setup_django(url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "saarlouis_portal.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": url,
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SECURE_SSL_REDIRECT": "false",
            "PORTAL_BASE_URL": "http://127.0.0.1",
        }
    )
    os.environ.pop("REDIS_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def seed():
    from berichte.models import Einheit, Indikator
    from saarlouis_portal.konten.models import User
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    gemeinde = Gebiet.objects.create(name="Benchstadt", art=GebietArt.GEMEINDE)
    Gebiet.objects.bulk_create(
        Gebiet(
            name=f"Sozialraum {i:03d}",
            schluessel=f"SR{i:03d}",
            art=GebietArt.SOZIALRAUM,
            eltern=gemeinde,
            einwohnerzahl=1000 + i,
        )
        for i in range(SOZIALRAEUME)
    )
    Indikator.objects.bulk_create(
        Indikator(
            schluessel=f"indikator_{n}",
            name=f"Indikator {n}",
            einheit=Einheit.PROZENT if n % 2 else Einheit.ANZAHL,
            zaehler="Z",
            nenner="N",
            quelle="Bench",
        )
        for n in range(INDIKATOREN)
    )
    return User.objects.create_user(email="bench@example.org")


def zeilen(offset: float):
    for n in range(INDIKATOREN):
        for i in range(SOZIALRAEUME):
            for jahr in JAHRE:
                wert = round((i * 7 + n * 3 + jahr) % 97 + offset, 1)
                yield f"indikator_{n}", f"Sozialraum {i:03d}", jahr, wert


def csv_datei(offset: float) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["indikator", "gebiet", "jahr", "wert"])
    for indikator, gebiet, jahr, wert in zeilen(offset):
        writer.writerow([indikator, gebiet, jahr, str(wert).replace(".", ",")])
    return buffer.getvalue().encode("utf-8")


def xlsx_datei(offset: float) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Werte")
    sheet.append(["indikator", "gebiet", "jahr", "wert"])
    for row in zeilen(offset):
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def groesste_xlsx() -> bytes:
    """The largest file the limits allow: as many rows as allowed (10 indicators x 500
    Sozialräume x 20 years at the default 100,000), in the columns of our own long export."""
    from django.conf import settings
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Werte")
    sheet.append(
        ["indikator", "indikator_name", "einheit", "gebiet_schluessel", "gebiet", "jahr", "wert"]
    )
    jahre = range(2005, 2005 + settings.BERICHTE_IMPORT_MAX_ZEILEN // (INDIKATOREN * SOZIALRAEUME))
    for n in range(INDIKATOREN):
        for i in range(SOZIALRAEUME):
            for jahr in jahre:
                wert = round((i * 7 + n * 3 + jahr) % 97 + 0.5, 1)
                einheit = "Prozent" if n % 2 else "Anzahl"
                sheet.append(
                    [
                        f"indikator_{n}",
                        f"Indikator {n}",
                        einheit,
                        f"SR{i:03d}",
                        f"Sozialraum {i:03d}",
                        jahr,
                        wert,
                    ]
                )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        zeile = next(z for z in status if z.startswith("VmRSS:"))
    return int(zeile.split()[1]) / 1024


def spitzenspeicher(user) -> None:
    """Upload check, preview and import of the largest allowed file in a forked process, as a
    gunicorn worker runs them; prints the process's peak resident memory."""
    from django.db import connections

    from berichte import importer, services_indikatoren
    from berichte.models import Importlauf, Messwert

    name = "groesste.xlsx"
    inhalt = groesste_xlsx()
    connections.close_all()
    gc.collect()
    lesen, schreiben = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(lesen)
        code = 1
        try:
            basis = rss_mb()
            zeiten = [time.perf_counter()]
            importer.vorpruefe(name, inhalt)
            datei = services_indikatoren.stage_datei(user, name, inhalt)
            zeiten.append(time.perf_counter())
            pruefung = services_indikatoren.check_datei(datei)
            if not pruefung.ok:
                raise SystemExit(f"{name}: unerwartete Fehler: {pruefung.fehler[:3]}")
            zeiten.append(time.perf_counter())
            lauf = services_indikatoren.import_datei(datei, user)
            zeiten.append(time.perf_counter())
            hochladen, vorschau, import_s = (b - a for a, b in itertools.pairwise(zeiten))
            # Linux reports ru_maxrss in KiB.
            spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            antwort = f"{basis} {spitze} {hochladen} {vorschau} {import_s} {lauf.zeilen_neu}"
            os.write(schreiben, antwort.encode())
            code = 0
        finally:
            os._exit(code)
    os.close(schreiben)
    antwort = os.read(lesen, 200).decode()
    _pid, status = os.waitpid(pid, 0)
    if status or not antwort:
        raise SystemExit("Speichermessung fehlgeschlagen.")
    *zahlen, neu = antwort.split()
    basis, spitze, hochladen, vorschau, import_s = map(float, zahlen)
    verdict = "OK" if spitze < TARGET_PEAK_MB else "ZIEL VERFEHLT"
    say(
        f"{name:<14} {len(inhalt) / 1e6:6.1f} MB  {neu} Werte (7 Spalten)  Hochladen "
        f"{hochladen:5.2f} s  Vorschau {vorschau:6.2f} s  Import {import_s:6.2f} s  "
        f"Spitzenspeicher des Prozesses {spitze:4.0f} MB (beim Start {basis:4.0f} MB; "
        f"Ziel unter {TARGET_PEAK_MB} MB)  [{verdict}]"
    )
    # The timed runs below start from an empty table.
    Messwert.objects.all().delete()
    Importlauf.objects.all().delete()


def messen(name: str, inhalt: bytes, user) -> float:
    from berichte import importer, services_indikatoren

    start = time.perf_counter()
    importer.vorpruefe(name, inhalt)
    hochladen = time.perf_counter() - start
    start = time.perf_counter()
    pruefung = importer.pruefe(name, inhalt)
    vorschau = time.perf_counter() - start
    if not pruefung.ok:
        raise SystemExit(f"{name}: unerwartete Fehler: {pruefung.fehler[:3]}")
    datei = services_indikatoren.stage_datei(user, name, inhalt)
    start, cpu = time.perf_counter(), time.process_time()
    lauf = services_indikatoren.import_datei(datei, user)
    import_s = time.perf_counter() - start
    # CPU seconds of this process: on a busy machine the wall clock says more about the
    # neighbours than about the import (the database's own work is not included).
    import_cpu = time.process_time() - cpu
    total = hochladen + vorschau + import_s
    verdict = "OK" if import_s < TARGET_SECONDS else "ZIEL VERFEHLT"
    say(
        f"{name:<14} {len(inhalt) / 1e6:6.1f} MB  Hochladen {hochladen:5.2f} s  "
        f"Vorschau {vorschau:6.2f} s  "
        f"Import (erneute Prüfung + Speichern) {import_s:6.2f} s (CPU {import_cpu:5.2f} s)  "
        f"zusammen {total:6.2f} s  neu {lauf.zeilen_neu}, geändert {lauf.zeilen_geaendert}  "
        f"[{verdict}]"
    )
    return import_s


# The saving step the service used before (COPY into the table, and COPY into a temporary table
# with one UPDATE … FROM for changed values), kept as the reference for the comparison.


def copy_speichern(werte, lauf, user) -> None:
    from django.db import connection
    from django.utils import timezone

    from berichte.models import Messwert

    jetzt = timezone.now()
    user_pk = user.pk if user is not None else None
    table = connection.ops.quote_name(Messwert._meta.db_table)
    neu = [w for w in werte if w.status == "neu"]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} (indikator_id, gebiet_id, jahr, wert, importlauf_id, "
            "geaendert_von_id, geaendert_am) FROM STDIN"
        ) as copy,
    ):
        for w in neu:
            copy.write_row((w.indikator.pk, w.gebiet.pk, w.jahr, w.wert, lauf.pk, user_pk, jetzt))
    geaendert = {
        (w.indikator.pk, w.gebiet.pk, w.jahr): w.wert for w in werte if w.status == "geaendert"
    }
    if not geaendert:
        return
    pks = {
        (i, g, j): pk
        for pk, i, g, j in Messwert.objects.filter(
            indikator__in={k[0] for k in geaendert}, jahr__in={k[2] for k in geaendert}
        )
        .select_for_update()
        .values_list("pk", "indikator_id", "gebiet_id", "jahr")
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE berichte_import_neu (id bigint PRIMARY KEY, wert numeric, "
            "importlauf_id bigint, geaendert_von_id bigint, geaendert_am timestamptz) "
            "ON COMMIT DROP"
        )
        with cursor.cursor.copy(
            "COPY berichte_import_neu (wert, importlauf_id, geaendert_von_id, geaendert_am, id) "
            "FROM STDIN"
        ) as copy:
            for key, wert in geaendert.items():
                copy.write_row((wert, lauf.pk, user_pk, jetzt, pks[key]))
        cursor.execute(
            f"UPDATE {table} AS m SET wert = n.wert, importlauf_id = n.importlauf_id, "  # noqa: S608
            "geaendert_von_id = n.geaendert_von_id, geaendert_am = n.geaendert_am "
            "FROM berichte_import_neu AS n WHERE m.id = n.id"
        )


def orm_speichern(werte, lauf, user) -> None:
    from berichte import services_indikatoren

    services_indikatoren.save_werte(werte, lauf, user)


def vergleichen(user) -> None:
    """The saving step alone, ORM against COPY, alternating round by round."""
    from django.db import connection, transaction

    from berichte import importer
    from berichte.models import Importlauf, Messwert

    if connection.vendor != "postgresql":
        say("Vergleich ORM / COPY: nur auf PostgreSQL.")
        return
    erste = importer.pruefe("werte.csv", csv_datei(0.0)).werte
    zweite = importer.pruefe("werte.csv", csv_datei(0.5)).werte
    varianten = {"ORM": orm_speichern, "COPY": copy_speichern}
    zeiten = {(v, fall): [] for v in varianten for fall in ("neu", "geändert")}

    def speichern(variante, werte, status, fall):
        for w in werte:
            w.status = status
        lauf = Importlauf.objects.create(dateiname="bench", sha256="0", format="csv/lang")
        start = time.perf_counter()
        with transaction.atomic():
            varianten[variante](werte, lauf, user)
        zeiten[(variante, fall)].append(time.perf_counter() - start)

    reihenfolge = list(varianten)
    for runde in range(RUNDEN):
        for variante in reihenfolge if runde % 2 == 0 else reversed(reihenfolge):
            Messwert.objects.all().delete()
            Importlauf.objects.all().delete()
            speichern(variante, erste, "neu", "neu")
            speichern(variante, zweite, "geaendert", "geändert")
            assert Messwert.objects.filter(importlauf__isnull=False).count() == len(zweite)
    Messwert.objects.all().delete()
    Importlauf.objects.all().delete()
    say(f"Speichern allein, {len(erste)} Werte, {RUNDEN} Runden abwechselnd (min / median / max):")
    for (variante, fall), werte in zeiten.items():
        say(
            f"  {variante:<5} {fall:<9} {min(werte):6.2f} / {statistics.median(werte):6.2f} / "
            f"{max(werte):6.2f} s"
        )


def main() -> int:
    say(f"Last des Rechners (1/5/15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    url = database_url()
    say(f"Datenbank: {url.split('://')[0]}")
    setup_django(url)
    user = seed()
    spitzenspeicher(user)
    rows = SOZIALRAEUME * INDIKATOREN * len(JAHRE)
    say(f"{rows} Werte je Datei; Ziel: Import unter {TARGET_SECONDS:.0f} s")
    messen("werte.csv", csv_datei(0.0), user)
    messen("werte.xlsx", xlsx_datei(0.5), user)
    from berichte.models import Messwert

    assert Messwert.objects.count() == rows
    vergleichen(user)
    return 0


if __name__ == "__main__":
    sys.exit(main())
