"""Benchmark of the value import of the reports (issue 7): 50,000 rows, target under 10 s.

    .venv/bin/python bench/berichte_import.py

1. Sets up its own database: PostgreSQL ``portal_bench_berichte`` (re-created through
   BENCH_ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), or a
   temporary SQLite file if PostgreSQL is not reachable or BENCH_DB=sqlite.
2. Creates one Gemeinde with 500 Sozialräume and 10 indicators.
3. Generates a long-format CSV (semicolons, German decimal commas) and an XLSX with the same
   50,000 values (500 Sozialräume x 10 indicators x 10 years).
4. Times, for each file, the preview check (``importer.pruefe``) and the confirmed import
   (``services_indikatoren.importiere``, which checks the file again and saves in one
   transaction): the CSV into an empty table (50,000 new values), then the XLSX with every value
   changed (50,000 updates). Prints seconds; a missed target is reported, not failed.
"""

import csv
import io
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

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


def messen(name: str, inhalt: bytes, user) -> float:
    from berichte import importer, services_indikatoren

    start = time.perf_counter()
    pruefung = importer.pruefe(name, inhalt)
    vorschau = time.perf_counter() - start
    if not pruefung.ok:
        raise SystemExit(f"{name}: unerwartete Fehler: {pruefung.fehler[:3]}")
    datei = services_indikatoren.bereitstellen(user, name, inhalt)
    start, cpu = time.perf_counter(), time.process_time()
    lauf = services_indikatoren.importiere(datei, user)
    import_s = time.perf_counter() - start
    # CPU seconds of this process: on a busy machine the wall clock says more about the
    # neighbours than about the import (the database's own work is not included).
    import_cpu = time.process_time() - cpu
    total = vorschau + import_s
    verdict = "OK" if import_s < TARGET_SECONDS else "ZIEL VERFEHLT"
    say(
        f"{name:<14} {len(inhalt) / 1e6:6.1f} MB  Vorschau {vorschau:6.2f} s  "
        f"Import (erneute Prüfung + Speichern) {import_s:6.2f} s (CPU {import_cpu:5.2f} s)  "
        f"zusammen {total:6.2f} s  neu {lauf.zeilen_neu}, geändert {lauf.zeilen_geaendert}  "
        f"[{verdict}]"
    )
    return import_s


def main() -> int:
    say(f"Last des Rechners (1/5/15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    url = database_url()
    say(f"Datenbank: {url.split('://')[0]}")
    setup_django(url)
    user = seed()
    rows = SOZIALRAEUME * INDIKATOREN * len(JAHRE)
    say(f"{rows} Werte je Datei; Ziel: Import unter {TARGET_SECONDS:.0f} s")
    messen("werte.csv", csv_datei(0.0), user)
    messen("werte.xlsx", xlsx_datei(0.5), user)
    from berichte.models import Messwert

    assert Messwert.objects.count() == rows
    return 0


if __name__ == "__main__":
    sys.exit(main())
