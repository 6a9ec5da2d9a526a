"""Benchmark of the report exports (issue 7): a chapter over 50 Sozialräume x 30 indicators x 10
years; seconds for PDF, DOCX, XLSX and the HTML page, beside WeasyPrint rendering a static HTML
file of the same size in the same run (the ratio is the figure; target: our PDF within 1.5x).

    .venv/bin/python bench/berichte_export.py

1. Sets up its own database: PostgreSQL ``portal_bench_berichte_export`` (re-created through
   BENCH_ADMIN_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), or a
   temporary SQLite file if PostgreSQL is not reachable or BENCH_DB=sqlite.
2. Creates one Gemeinde with 50 Sozialräume, 30 indicators and their values for 10 years
   (15,000 values) and a chapter with one indicator table per year (30 x 50 each, printed as
   five tables of six indicator columns), a time-series chart and a sources block; publishes it
   (the snapshot is what the exports read).
3. Times each export and the public chapter page (BENCH_ROUNDS rounds, default 3, best round
   counts), and WeasyPrint on a plain HTML file with the same tables and cells, without our
   templates. Our PDF and the bare WeasyPrint runs alternate round by round (ours, bare, bare
   with PDF/UA; then the other way round), so a change in the machine's load hits both alike;
   prints min / median / max of each and of the ratio per round; nothing is asserted about time.
"""

import os
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
DB_NAME = "portal_bench_berichte_export"
SOZIALRAEUME = 50
INDIKATOREN = 30
JAHRE = list(range(2016, 2026))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
TARGET_RATIO = 1.5


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
    path = Path(tempfile.mkdtemp(prefix="bench-berichte-export-")) / "bench.sqlite3"
    return f"sqlite:///{path}"


def setup_django(url: str) -> None:
    os.environ.update(
        {
            # bench.settings: the portal's settings without the static-file manifest.
            "DJANGO_SETTINGS_MODULE": "bench.settings",
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
    call_command("createcachetable", verbosity=0)


def seed():
    from berichte import services
    from berichte.models import (
        Baustein,
        BausteinArt,
        Bericht,
        Einheit,
        Indikator,
        Kapitel,
        Messwert,
        Workflow,
    )
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    gemeinde = Gebiet.objects.create(name="Benchstadt", art=GebietArt.GEMEINDE)
    raeume = Gebiet.objects.bulk_create(
        Gebiet(name=f"Sozialraum {i:02d}", art=GebietArt.SOZIALRAUM, eltern=gemeinde)
        for i in range(SOZIALRAEUME)
    )
    raeume = list(Gebiet.objects.filter(art=GebietArt.SOZIALRAUM).order_by("name"))
    indikatoren = Indikator.objects.bulk_create(
        Indikator(
            schluessel=f"indikator_{n:02d}",
            name=f"Indikator {n:02d}",
            einheit=Einheit.PROZENT if n % 2 else Einheit.ANZAHL,
            quelle=f"Quelle {n % 5}",
        )
        for n in range(INDIKATOREN)
    )
    indikatoren = list(Indikator.objects.order_by("name"))
    Messwert.objects.bulk_create(
        Messwert(indikator=ind, gebiet=g, jahr=j, wert=round((i * 7 + n * 3 + j) % 97 + 0.5, 1))
        for n, ind in enumerate(indikatoren)
        for i, g in enumerate(raeume)
        for j in JAHRE
    )
    bericht = Bericht.objects.create(titel="Benchbericht", gebiet=gemeinde, jahr=JAHRE[-1])
    kapitel = Kapitel.objects.create(bericht=bericht, titel="Alle Kennzahlen")
    for r, jahr in enumerate(JAHRE):
        b = Baustein.objects.create(
            kapitel=kapitel, art=BausteinArt.TABELLE, titel=f"Kennzahlen {jahr}", jahr=jahr,
            reihenfolge=r,
        )  # fmt: skip
        b.indikatoren.set(indikatoren)
    chart = Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.ZEITREIHE, titel="Entwicklung", reihenfolge=20,
        jahr_von=JAHRE[0], jahr_bis=JAHRE[-1],
    )  # fmt: skip
    chart.indikatoren.set(indikatoren[:1])
    chart.gebiete.set(raeume[:5])
    Baustein.objects.create(kapitel=kapitel, art=BausteinArt.QUELLEN, reihenfolge=21)
    start = time.perf_counter()
    services.change_status(kapitel, Workflow.PRUEFUNG, None)
    kapitel = services.change_status(kapitel, Workflow.VEROEFFENTLICHT, None)
    say(f"Veröffentlichen (Snapshot von {len(indikatoren) * len(raeume) * len(JAHRE)} Werten): "
        f"{time.perf_counter() - start:.2f} s")  # fmt: skip
    return kapitel


def bare_html() -> str:
    """The same tables and cells as the chapter's PDF, as plain HTML with minimal CSS."""
    from berichte.blocks import SPALTEN_JE_TABELLE

    teile = []
    for jahr in JAHRE:
        teile.append(f"<h2>Kennzahlen {jahr}</h2>")
        for start in range(0, INDIKATOREN, SPALTEN_JE_TABELLE):
            spalten = range(start, min(start + SPALTEN_JE_TABELLE, INDIKATOREN))
            kopf = "".join(f"<th>Indikator {n:02d} (%)</th>" for n in spalten)
            zeilen = "".join(
                f"<tr><th>Sozialraum {i:02d}</th>"
                + "".join(f"<td>{(i * 7 + n * 3 + jahr) % 97},5</td>" for n in spalten)
                + "</tr>"
                for i in range(SOZIALRAEUME)
            )
            teile.append(
                f"<table><caption>Kennzahlen {jahr}</caption><thead><tr><th>Gebiet</th>{kopf}"
                f"</tr></thead><tbody>{zeilen}</tbody></table>"
            )
    css = (
        "@page{size:A4;margin:20mm}html{font-family:'Liberation Sans';font-size:10pt}"
        "table{border-collapse:collapse;width:100%;font-size:8.5pt}"
        "th,td{border-bottom:.5pt solid #999;padding:1mm}thead{display:table-header-group}"
    )
    kopf = f"<meta charset='utf-8'><title>Bare</title><style>{css}</style>"
    return f"<!DOCTYPE html><html lang='de'><head>{kopf}</head><body>{''.join(teile)}</body></html>"


def timed(function):
    start = time.perf_counter()
    ergebnis = function()
    return time.perf_counter() - start, ergebnis


def spread(values) -> str:
    ordered = sorted(values)
    return f"{ordered[0]:.2f} / {statistics.median(ordered):.2f} / {ordered[-1]:.2f}"


def alternating(runs: dict, rounds=ROUNDS) -> dict:
    """name -> (seconds per round, last result): the functions take turns in every round, in
    reversed order every other round, so that none always runs right after another."""
    namen = list(runs)
    zeiten = {name: [] for name in namen}
    ergebnisse = {}
    for runde in range(rounds):
        for name in namen if runde % 2 == 0 else namen[::-1]:
            sekunden, ergebnisse[name] = timed(runs[name])
            zeiten[name].append(sekunden)
    return {name: (zeiten[name], ergebnisse[name]) for name in namen}


def best(function, rounds=ROUNDS):
    zeiten, ergebnis = [], None
    for _round in range(rounds):
        start = time.perf_counter()
        ergebnis = function()
        zeiten.append(time.perf_counter() - start)
    return min(zeiten), ergebnis


def main() -> int:
    url = database_url()
    say(f"Datenbank: {url.split('://')[0]}")
    setup_django(url)
    kapitel = seed()

    from django.test import Client
    from weasyprint import HTML

    from berichte.exports import EXPORTE, Dokument
    from berichte.exports.pdf import html as pdf_html
    from berichte.snapshot import kapitel_daten

    def dokument():
        return Dokument(kapitel.bericht, [(kapitel, kapitel_daten(kapitel))], einzeln=True)

    ergebnisse = {}
    for fmt in ("docx", "xlsx", "csv"):
        sekunden, inhalt = best(lambda fmt=fmt: EXPORTE[fmt].erzeugen(dokument()))
        ergebnisse[fmt] = sekunden
        say(f"{fmt.upper():<5} {sekunden:7.2f} s  {len(inhalt) / 1e6:6.2f} MB")

    client = Client()
    sekunden, response = best(
        lambda: client.get(f"/berichte/kapitel/{kapitel.pk}/", HTTP_HOST="127.0.0.1")
    )
    assert response.status_code == 200, response.status_code
    say(f"HTML  {sekunden:7.2f} s  {len(response.content) / 1e6:6.2f} MB  (öffentliche Seite)")

    sekunden_html, text = best(lambda: pdf_html(dokument()))
    say(f"      davon Vorlage (HTML des PDF): {sekunden_html:.2f} s")
    roh = bare_html()
    runden = alternating(
        {
            "pdf": lambda: EXPORTE["pdf"].erzeugen(dokument()),
            "bare": lambda: HTML(string=roh).write_pdf(),
            "bare_ua": lambda: HTML(string=roh).write_pdf(pdf_variant="pdf/ua-1"),
        }
    )
    (pdf, inhalt), (bare, roh_pdf), (bare_ua, _pdf) = (
        runden["pdf"],
        runden["bare"],
        runden["bare_ua"],
    )
    say(f"{ROUNDS} Runden im Wechsel, min / Median / max:")
    say(f"PDF   {spread(pdf)} s  {len(inhalt) / 1e6:6.2f} MB")
    say(f"Bare WeasyPrint (gleiche Tabellen, ohne PDF/UA): {spread(bare)} s  "
        f"{len(roh_pdf) / 1e6:.2f} MB")  # fmt: skip
    say(f"Bare WeasyPrint mit pdf/ua-1:                   {spread(bare_ua)} s")
    ratios = [ours / plain for ours, plain in zip(pdf, bare, strict=True)]
    ratios_ua = [ours / plain for ours, plain in zip(pdf, bare_ua, strict=True)]
    ratio = statistics.median(ratios)
    verdict = "OK" if ratio <= TARGET_RATIO else "ZIEL VERFEHLT"
    say(
        f"Verhältnis unser PDF / bare WeasyPrint je Runde: {spread(ratios)} (Median "
        f"{ratio:.2f}, Ziel ≤ {TARGET_RATIO}) [{verdict}]; gegenüber bare mit pdf/ua-1: "
        f"{spread(ratios_ua)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
