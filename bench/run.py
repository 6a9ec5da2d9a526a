"""Benchmark of the Sprechstunden (issue 3), run by ``make bench``.

1. (Re)creates the PostgreSQL database ``portal_bench``, migrates it and seeds 20 Sprechstunden
   that can be booked a year ahead; times ``sprechstunden.services.slots.generate_slots`` for all
   of them.
2. Serves the portal with gunicorn (2 workers, the project's gunicorn.conf.py) on a free port
   of 127.0.0.1, with DEBUG off and the rate limits lifted.
3. Puts 20 concurrent clients on three endpoints in turn: a bare Django "hello" view, the public
   slot list ``/sprechstunden/`` and the booking POST ``/sprechstunden/termin/<id>/buchen/``;
   prints requests/s, p50/p99 latency and the ratio to the hello view.
4. Counts double bookings afterwards. Missed throughput targets are reported, not failed (this
   is a measurement); a double booking, a server error or a broken run fails the target.

Only the Python standard library and the project's own dependencies; all traffic goes to
127.0.0.1. Knobs (environment): BENCH_CLIENTS (20), BENCH_SECONDS per endpoint and round (8),
BENCH_ROUNDS (2), BENCH_ADMIN_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres),
BENCH_CACHE (``redis`` when one answers, as production with several workers should run;
``database`` for the database cache), REDIS_URL (the Redis server, redis://127.0.0.1:6379),
BENCH_REDIS_DB (13: the database number used on it, whatever REDIS_URL names),
BENCH_KEY_PREFIX (``bench``: only keys under it are ever deleted), BENCH_COMPARE (the
folder of a second copy of the portal, e.g. the code before a change: served by a second
gunicorn against the same database, the two take turns round by round).
"""

import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

ADMIN_URL = os.environ.get(
    "BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = "portal_bench"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
WARMUP_SECONDS = 1.5
WORKERS = 2
SCHEDULES = 20
# A small share of the booking POSTs aims at a few "hot" slots, so that people really compete
# for the same seats while the benchmark runs; the rest spread over the whole year.
HOT_SLOTS = 8
HOT_SHARE = 0.05
# Then a burst: all clients POST to one slot at the same moment, for this many slots.
BURST_SLOTS = 6
# While the list is measured once more, this many of the clients book instead.
BACKGROUND_BOOKERS = 2

TARGETS = {"list": 0.30, "booking": 0.10}  # share of the hello view's throughput
GENERATE_SLOTS_TARGET = 2.0  # seconds for all 20 schedules over a year
# A second copy of the portal to compare with (BENCH_COMPARE): it gets its own gunicorn, its own
# Redis database (the two may keep different things under the same key) and takes turns with
# this one in every round, so that a change in the machine's load hits both alike.
COMPARE_DIR = os.environ.get("BENCH_COMPARE", "")
# Redis: a database number few others use, and a key prefix of the benchmarks' own
# (bench/settings.py): clearing deletes only the keys under that prefix, never a whole database
# (no FLUSHDB), so a portal or another benchmark sharing the Redis server loses nothing.
BENCH_REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "13"))
COMPARE_REDIS_DB = int(os.environ.get("BENCH_COMPARE_REDIS_DB", str(BENCH_REDIS_DB + 1)))
KEY_PREFIX = os.environ.get("BENCH_KEY_PREFIX", "bench")
GENERATE_ROUNDS = 3  # compared runs of generate_slots, alternating


def say(message: str) -> None:
    print(message, flush=True)


# 1. Database, seed data, slot generation


def bench_database_url(name: str = DB_NAME) -> str:
    admin = urlsplit(ADMIN_URL)
    return admin._replace(path="/" + name).geturl()


def recreate_database(name: str = DB_NAME) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BENCH_REDIS_URL = "redis://127.0.0.1:6379"


def redis_database(url: str, number: int) -> str:
    """``url`` with the database ``number``: the benchmarks never use the database a
    REDIS_URL of the environment names, as a portal may live there."""
    return urlsplit(url)._replace(path=f"/{number}").geturl()


def redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def cache_environment() -> dict:
    """The shared cache: Redis, as the deployment guide recommends for a portal under load
    (REDIS_URL, or the one every development and CI machine runs at 127.0.0.1:6379), unless
    BENCH_CACHE=database asks for the database cache or no Redis answers."""
    choice = os.environ.get("BENCH_CACHE", "redis")
    if choice not in ("redis", "database"):
        raise SystemExit(f"BENCH_CACHE must be 'redis' or 'database', not {choice!r}")
    url = redis_database(os.environ.get("REDIS_URL") or BENCH_REDIS_URL, BENCH_REDIS_DB)
    if choice == "redis" and redis_answers(url):
        return {"REDIS_URL": url}
    if choice == "redis":
        say(f"No Redis answers at {url}: measuring with the database cache instead.")
    return {"REDIS_URL": ""}


def server_environment(port: int, db_name: str = DB_NAME) -> dict:
    """What gunicorn (and the migrations in this process) run with: production settings,
    DEBUG off, mails queued in the outbox as in production (and sent to memory by the worker
    step afterwards), rate limits lifted."""
    lifted = "1000000/s"  # counted as in production, but never reached
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "EMAIL_QUEUE": "true",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": bench_database_url(db_name),
        "RATE_LIMIT_BOOKING": lifted,
        "RATE_LIMIT_BOOKING_LINK": lifted,
        "RATE_LIMIT_HOME_VISIT": lifted,
        "LOG_LEVEL": "WARNING",
        "BENCH_KEY_PREFIX": KEY_PREFIX,
        **cache_environment(),
    }


def migrate() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    from django.core.cache import cache

    # Rate-limit counters and cached pages of an earlier run: the portal's Redis cache deletes
    # only the keys under its prefix (saarlouis_portal/cache.py), here BENCH_KEY_PREFIX.
    cache.clear()


def seed() -> list:
    """20 Sprechstunden at 5 places, bookable 365 days ahead, in the Pliezhausen style."""
    from django.utils import timezone

    from saarlouis_portal.konten.models import User
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation
    from saarlouis_portal.stammdaten.models import OrganisationArt as Art
    from sprechstunden.models import (
        Anlaufstelle,
        Beratende,
        Beratungsthema,
        Schliesszeit,
        Sprache,
        Sprechstunde,
    )

    kreis = Gebiet.objects.create(name="Landkreis Reutlingen", art=GebietArt.LANDKREIS)
    gemeinde = Gebiet.objects.create(name="Pliezhausen", art=GebietArt.GEMEINDE, eltern=kreis)
    traeger = [
        Organisation.objects.create(name="Kreisjugendamt Reutlingen", art=Art.BEHOERDE),
        Organisation.objects.create(name="Diakoniestation Pliezhausen", art=Art.TRAEGER),
        Organisation.objects.create(name="Integrationsmanagement", art=Art.BEHOERDE),
    ]
    beratende = [
        User.objects.create_user(email=f"beratung{i}@example.org", first_name=f"Beraterin {i}")
        for i in range(10)
    ]
    orte = ["Rathaus Pliezhausen", "Gniebel", "Dörnach", "Rübgarten", "Familienzentrum"]
    anlaufstellen = [
        Anlaufstelle.objects.create(
            name=name,
            gebiet=gemeinde,
            strasse=f"Am Rathausplatz {i + 1}",
            plz="72124",
            ort="Pliezhausen",
            raum=f"Raum {i + 1}",
            stufenlos=i % 2 == 0,
            telefon="07127 9760",
        )
        for i, name in enumerate(orte)
    ]
    themen = list(Beratungsthema.objects.all())
    sprachen = list(Sprache.objects.all())
    weekday_sets = [[0, 1, 2, 3, 4], [0, 2, 4], [1, 3], [0, 1, 2, 3], [2]]
    today = date.today()
    sprechstunden = []
    for i in range(SCHEDULES):
        morning = i % 2 == 0
        sprechstunde = Sprechstunde.objects.create(
            anlaufstelle=anlaufstellen[i % len(anlaufstellen)],
            titel=f"{'Vormittags' if morning else 'Nachmittags'}sprechstunde {i + 1}",
            beschreibung="Offene Sozialberatung: Geld, Kinder, Arbeit, Wohnen.",
            wochentage=weekday_sets[i % len(weekday_sets)],
            beginn=clock(9) if morning else clock(14),
            ende=clock(12) if morning else clock(17, 30),
            slot_minuten=(30, 20, 45)[i % 3],
            puffer_minuten=(0, 5, 10)[i % 3],
            kapazitaet=1 + i % 3,
            vorlauf_stunden=2,
            buchbar_tage=365,
            gueltig_ab=today,
        )
        sprechstunde.themen.set(themen[: 3 + i % (len(themen) - 2)])
        sprechstunde.sprachen.set(sprachen[: 1 + i % 3])
        for k in range(1 + i % 2):
            Beratende.objects.create(
                sprechstunde=sprechstunde,
                user=beratende[(i + k) % len(beratende)],
                traeger=traeger[(i + k) % len(traeger)],
            )
        sprechstunden.append(sprechstunde)
    local = timezone.get_current_timezone()
    for anlaufstelle in anlaufstellen:  # the holidays of the coming year, per place
        for month, day, days in [(12, 24, 3), (12, 31, 2), (5, 1, 1), (10, 3, 1)]:
            year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
            beginn = datetime(year, month, day, tzinfo=local)
            Schliesszeit.objects.create(
                anlaufstelle=anlaufstelle,
                beginn=beginn,
                ende=beginn + timedelta(days=days),
                grund="Feiertag",
            )
    return sprechstunden


def time_generate_slots(sprechstunden) -> tuple[float, float, int]:
    from sprechstunden.models import Termin
    from sprechstunden.services.slots import generate_slots

    started = time.perf_counter()
    for sprechstunde in sprechstunden:
        generate_slots(sprechstunde)
    first = time.perf_counter() - started
    started = time.perf_counter()
    for sprechstunde in sprechstunden:
        generate_slots(sprechstunde)
    again = time.perf_counter() - started
    return first, again, Termin.objects.count()


def generate_slots_in(tree: Path, env: dict) -> tuple[float, float, int]:
    """``time_generate_slots`` run by the copy of the portal in ``tree``, in a process of its
    own, on the seeded schedules after their slots have been deleted."""
    from django.db import connection, connections

    from sprechstunden.models import Termin

    # One statement: the ORM's delete() would load every slot for the audit log's signals.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Termin._meta.db_table)}")
    connections.close_all()
    output = subprocess.run(
        [sys.executable, str(tree / "bench" / "run.py"), "--generate-slots"],
        cwd=tree,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    if Path(figures["tree"]) != tree:
        raise RuntimeError(f"{tree}: its run.py imported the portal from {figures['tree']}")
    return figures["first"], figures["again"], figures["slots"]


def generate_slots_command() -> None:
    """``run.py --generate-slots``: time this copy's generate_slots on the seeded database."""
    import django

    django.setup()
    import sprechstunden
    from sprechstunden.models import Sprechstunde

    first, again, slots = time_generate_slots(list(Sprechstunde.objects.order_by("pk")))
    tree = str(Path(sprechstunden.__file__).resolve().parent.parent)
    print(json.dumps({"first": first, "again": again, "slots": slots, "tree": tree}))


def spread(values) -> str:
    """min / median / max, as the figures of single rounds vary with the machine's load."""
    if not values:
        return "-"
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


# 2. The server


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful stop of our own master
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def start_server(port: int, env: dict, log: Path, tree: Path = BASE_DIR) -> Server:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(tree / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        # Recycling a worker every ~1000 requests (the production setting) would restart
        # Django several times a second under this load and measure start-up instead.
        "--max-requests",
        "0",
        "--access-logfile",
        "/dev/null",
    ]
    handle = log.open("wb")
    process = subprocess.Popen(
        command,
        cwd=tree,
        env={**os.environ, **env},
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{server.log_tail()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/hello/")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{server.log_tail()}")


# 3. The clients


class Client:
    """One keep-alive connection, reopened when the server has closed it."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionError, http.client.BadStatusLine):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
                continue
            if response.will_close:
                self.conn.close()
                self.conn = None
            return response.status, response.headers, data
        raise AssertionError("unreachable")

    def connect(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.conn.connect()

    def close(self):
        if self.conn is not None:
            self.conn.close()


class FormParser(HTMLParser):
    """The POST forms of a page with their fields (inputs, selects with options, textareas)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.current = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag in ("input", "textarea") and attrs.get("name"):
            kind = (attrs.get("type") or ("textarea" if tag == "textarea" else "text")).lower()
            self.current["fields"].append(
                {"name": attrs["name"], "type": kind, "value": attrs.get("value") or "", **attrs}
            )
        elif tag == "select" and attrs.get("name"):
            self.select = {"name": attrs["name"], "type": "select", "options": [], **attrs}
            self.current["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def booking_fields(html: str) -> list[dict]:
    """The fields of the booking form: the POST form that carries a CSRF token and a topic."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        names = {f["name"] for f in form["fields"]}
        if "csrfmiddlewaretoken" in names and any(f["type"] == "select" for f in form["fields"]):
            return form["fields"]
    raise RuntimeError("no booking form with a CSRF token and a topic select found")


def booking_body(fields: list[dict], email: str, thema_id: int) -> bytes:
    """Fill what a person must fill: a topic, an e-mail address, the consent. Hidden fields
    keep their values; everything else stays empty (the honeypot above all)."""
    data = {}
    for f in fields:
        name, kind = f["name"], f["type"]
        if kind == "hidden":
            data[name] = f["value"]
        elif kind == "select" and ("thema" in name or "required" in f):
            data[name] = str(thema_id)
        elif kind == "email" or name == "email":
            data[name] = email
        elif kind == "checkbox" and ("einwilligung" in name or "required" in f):
            data[name] = f["value"] or "on"
    return urlencode(data).encode()


def cookie_header(headers) -> str:
    cookies = []
    for value in headers.get_all("Set-Cookie") or []:
        cookies.append(value.split(";", 1)[0])
    return "; ".join(cookies)


@dataclass
class Result:
    latencies: list = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    errors: list = field(default_factory=list)
    client_cpu: float = 0.0  # CPU seconds the load generator itself used

    def add(self, other: "Result") -> None:
        self.latencies += other.latencies
        self.statuses.update(other.statuses)
        self.seconds += other.seconds
        self.errors += other.errors
        self.client_cpu += other.client_cpu

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def load(port: int, seconds: float, make_request) -> Result:
    """CLIENTS threads, released together, each sending requests back to back for ``seconds``.

    ``make_request(client, index)`` returns the response status, or None for a request that
    is only background load and not measured.
    """
    barrier = threading.Barrier(CLIENTS + 1)
    results = [Result() for _ in range(CLIENTS)]
    box = {}

    def work(index):
        client, result = Client(port), results[index]
        try:
            barrier.wait()
            deadline = box["deadline"]
            while (started := time.perf_counter()) < deadline:
                try:
                    status = make_request(client, index)
                except Exception as error:  # a failed request is a finding, not a crash
                    result.errors.append(repr(error))
                    status = "error"
                if status is None:
                    continue
                result.latencies.append(time.perf_counter() - started)
                result.statuses[status] += 1
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    box["deadline"] = time.perf_counter() + seconds
    started, cpu = time.perf_counter(), time.process_time()
    barrier.wait()
    for thread in threads:
        thread.join()
    total = Result()
    for result in results:
        total.add(result)
    total.seconds = time.perf_counter() - started
    total.client_cpu = time.process_time() - cpu
    return total


class BookingLoad:
    """Each client fetches one booking form (for its CSRF cookie and token and the field
    names), then books slot after slot with a fresh e-mail address each time."""

    def __init__(self, port: int):
        from sprechstunden.models import Sprechstunde, Termin

        thema = {
            sprechstunde.pk: sprechstunde.themen.all()[0].pk
            for sprechstunde in Sprechstunde.objects.prefetch_related("themen")
        }
        bookable = Termin.objects.bookable().order_by("beginn")
        self.slots = [(pk, thema[sid]) for pk, sid in bookable.values_list("pk", "sprechstunde_id")]
        if len(self.slots) < HOT_SLOTS + BURST_SLOTS:
            raise RuntimeError("too few bookable slots after seeding")
        self.capacity = dict(bookable.values_list("pk", "kapazitaet"))
        # Hot slots: the first bookable ones (next week, as people would pick); the burst
        # slots come right after them and are left to the burst.
        self.hot = self.slots[:HOT_SLOTS]
        self.burst_slots = self.slots[HOT_SLOTS : HOT_SLOTS + BURST_SLOTS]
        self.spread = self.slots[HOT_SLOTS + BURST_SLOTS :]
        self.port = port
        self.sessions = [self.open_session(i) for i in range(CLIENTS)]
        self.counter = Counter()
        self.run = secrets.token_hex(4)  # fresh addresses even against a database kept

    def open_session(self, index: int) -> dict:
        client = Client(self.port)
        try:
            slot, _ = random.choice(self.spread)
            path = f"/sprechstunden/termin/{slot}/buchen/"
            status, headers, body = client.request("GET", path)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}")
            return {
                "fields": booking_fields(body.decode()),
                "cookie": cookie_header(headers),
                "rng": random.Random(index),
            }
        finally:
            client.close()

    def __call__(self, client: Client, index: int):
        rng = self.sessions[index]["rng"]
        slot, thema = rng.choice(self.hot) if rng.random() < HOT_SHARE else rng.choice(self.spread)
        return self.post(client, index, slot, thema)

    def post(self, client: Client, index: int, slot: int, thema: int):
        session = self.sessions[index]
        self.counter[index] += 1
        email = f"bench-{self.run}-{index}-{self.counter[index]}@example.org"
        status, headers, body = client.request(
            "POST",
            f"/sprechstunden/termin/{slot}/buchen/",
            body=booking_body(session["fields"], email, thema),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": session["cookie"],
            },
        )
        if status == 302:
            # Booked: on to the done page. Taken meanwhile: back to the slot choice.
            location = headers.get("Location", "")
            return "302 booked" if "/fertig/" in location else "302 slot taken"
        if status == 200:
            # The form again: the slot cannot be booked (any more) or the form was refused.
            text = body.decode(errors="replace")
            return "200 not bookable" if re.search(r"nicht \(mehr\)", text) else "200 form"
        return status

    def burst(self) -> list[tuple[int, int, Counter]]:
        """All clients POST to the same slot at the same moment, slot after slot.

        Returns (slot, capacity, responses) per slot.
        """
        outcome = []
        lock = threading.Lock()
        for slot, thema in self.burst_slots:
            barrier = threading.Barrier(CLIENTS)
            responses = Counter()

            def work(index, slot=slot, thema=thema, barrier=barrier, responses=responses):
                client = Client(self.port)
                try:
                    client.connect()
                    barrier.wait(timeout=30)
                    response = self.post(client, index, slot, thema)
                except Exception as error:
                    response = f"error {error!r}"
                finally:
                    client.close()
                with lock:
                    responses[response] += 1

            threads = [threading.Thread(target=work, args=(i,)) for i in range(CLIENTS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            outcome.append((slot, self.capacity[slot], responses))
        return outcome


def get(path: str):
    def request(client: Client, index: int):
        return client.request("GET", path)[0]

    return request


class ListWhileBooking:
    """The slot list under the same load, while a few other clients keep booking: every
    booking makes the cached list stale, so this shows what the cache is worth in real use."""

    def __init__(self, booking: BookingLoad):
        self.booking = booking
        self.list = get("/sprechstunden/")
        self.background = Counter()

    def __call__(self, client: Client, index: int):
        if index < BACKGROUND_BOOKERS:
            self.background[self.booking(client, index)] += 1
            return None
        return self.list(client, index)


# 4. Double bookings


def double_bookings() -> tuple[int, int, int]:
    from django.db import connections
    from django.db.models import Count, F

    from sprechstunden.models import BELEGEND, Buchung, Termin

    connections.close_all()  # a fresh connection after the long pause
    over_capacity = Termin.objects.with_belegt().filter(belegt__gt=F("kapazitaet")).count()
    duplicate_seats = (
        Buchung.objects.filter(status__in=BELEGEND)
        .values("termin", "platz")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return over_capacity, duplicate_seats, Buchung.objects.filter(status__in=BELEGEND).count()


# 5. The outbox worker


def drain_outbox() -> tuple[int, float]:
    """What the bookings left for ``send_queued_mail``: rendered (HTML, text, .ics) and sent
    to memory, as the worker does outside any request."""
    from saarlouis_portal.postausgang import outbox

    started = time.perf_counter()
    counts = outbox.send_queued()
    return counts["gesendet"], time.perf_counter() - started


# Main


@dataclass
class Variant:
    """One copy of the portal under load: this one, or the one BENCH_COMPARE names."""

    name: str
    tree: Path
    env: dict
    server: Server | None = None
    endpoints: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    rounds: dict = field(default_factory=dict)  # endpoint -> requests per second of each round
    server_log: str = ""


def variants(env: dict) -> list[Variant]:
    main = Variant("this copy", BASE_DIR, env)
    if not COMPARE_DIR:
        return [main]
    tree = Path(COMPARE_DIR).resolve()
    if not (tree / "bench" / "run.py").exists():
        raise SystemExit(f"BENCH_COMPARE={COMPARE_DIR}: no bench/run.py there")
    port = free_port()
    other = {**env, "PORTAL_BASE_URL": f"http://127.0.0.1:{port}"}
    if env.get("REDIS_URL"):
        other["REDIS_URL"] = redis_database(env["REDIS_URL"], COMPARE_REDIS_DB)
    other["BENCH_PORT"] = str(port)
    return [main, Variant(f"compared: {tree}", tree, other)]


def clear_redis(url: str, prefixes=(KEY_PREFIX, "portal")) -> int:
    """The compared copy's keys, deleted as migrate() deletes this one's: only those under the
    benchmark's prefix (and "portal", the prefix of a compared copy older than
    BENCH_KEY_PREFIX, in its own database COMPARE_REDIS_DB); SCAN and DEL, never FLUSHDB."""
    import redis

    client = redis.Redis.from_url(url)
    deleted = 0
    for prefix in prefixes:
        batch = []
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 500:
                deleted += client.delete(*batch)
                batch = []
        if batch:
            deleted += client.delete(*batch)
    return deleted


def report_generate_slots(runs: dict) -> None:
    for name, figures in runs.items():
        firsts = [f for f, _, _ in figures]
        agains = [a for _, a, _ in figures]
        slots = figures[-1][2]
        met = "met" if statistics.median(firsts) < GENERATE_SLOTS_TARGET else "MISSED"
        say(
            f"generate_slots ({name}), {SCHEDULES} schedules over one year, {slots} slots, "
            f"{len(figures)} runs: first run min/median/max {spread(firsts)} s (target "
            f"< {GENERATE_SLOTS_TARGET:.0f} s: {met}); idempotent second run {spread(agains)} s"
        )


def report_load(variant: Variant) -> None:
    hello = variant.results["hello"].rate
    say("")
    say(f"{variant.name}:")
    say(
        f"{'endpoint':42} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'client':>7}"
        "  req/s per round min / median / max; ratio per round min / median / max; responses"
    )
    for key, (label, _) in variant.endpoints.items():
        result = variant.results[key]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(result.statuses.items(), key=str))
        rates, hellos = variant.rounds[key], variant.rounds["hello"]
        ratios = [100 * rate / base for rate, base in zip(rates, hellos, strict=True)]
        say(
            f"{label:42} {result.rate:8.1f} {result.percentile(50):8.1f} "
            f"{result.percentile(99):8.1f} {result.rate / hello:7.1%} "
            f"{result.client_cpu / result.seconds:7.0%}  {spread(variant.rounds[key])}; "
            f"{spread(ratios)} %; {statuses}"
        )
    background = variant.endpoints["list_busy"][1].background
    say(
        f"(meanwhile the {BACKGROUND_BOOKERS} booking clients: "
        + ", ".join(f"{r}: {n}" for r, n in sorted(background.items(), key=str))
        + ")"
    )
    for key, target in TARGETS.items():
        ratio = variant.results[key].rate / hello
        verdict = "met" if ratio >= target else "MISSED"
        say(
            f"Target {variant.endpoints[key][0]}: >= {target:.0%} of hello: {ratio:.1%} ({verdict})"
        )


def server_errors(variant: Variant) -> dict:
    errors = {
        key: sum(n for s, n in r.statuses.items() if s == "error" or str(s).startswith("5"))
        for key, r in variant.results.items()
    }
    errors["list_busy"] += sum(
        n
        for r, n in variant.endpoints["list_busy"][1].background.items()
        if r == "error" or str(r).startswith("5")
    )
    return errors


def main() -> int:
    began = time.perf_counter()
    port = free_port()
    env = server_environment(port)
    os.environ.update(env)
    compared = variants(env)

    say(f"Database {DB_NAME}: drop, create, migrate …")
    recreate_database()
    migrate()
    for variant in compared[1:]:
        if variant.env.get("REDIS_URL"):
            clear_redis(variant.env["REDIS_URL"])
    say(f"Seeding {SCHEDULES} Sprechstunden bookable 365 days ahead …")
    sprechstunden = seed()
    if len(compared) == 1:
        slot_runs = {"this copy": [time_generate_slots(sprechstunden)]}
    else:
        say(f"generate_slots: {GENERATE_ROUNDS} rounds, the copies taking turns …")
        slot_runs = {variant.name: [] for variant in compared}
        for number in range(GENERATE_ROUNDS):
            for variant in compared if number % 2 == 0 else compared[::-1]:
                slot_runs[variant.name].append(generate_slots_in(variant.tree, variant.env))
    report_generate_slots(slot_runs)

    from django.conf import settings
    from django.db import connections

    connections.close_all()
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        try:
            for index, variant in enumerate(compared):
                variant_port = int(variant.env.get("BENCH_PORT", port))
                say(
                    f"gunicorn ({variant.name}): {WORKERS} workers on 127.0.0.1:{variant_port}, "
                    f"DEBUG off, cache {cache} (BENCH_CACHE=database or redis) …"
                )
                log = Path(tmp) / f"gunicorn-{index}.log"
                variant.server = start_server(variant_port, variant.env, log, variant.tree)
                booking = BookingLoad(variant_port)
                variant.endpoints = {
                    "hello": ("GET /hello/", get("/hello/")),
                    "list": ("GET /sprechstunden/", get("/sprechstunden/")),
                    "booking": ("POST /sprechstunden/termin/<id>/buchen/", booking),
                    "list_busy": (
                        f"GET /sprechstunden/, {BACKGROUND_BOOKERS} clients booking",
                        ListWhileBooking(booking),
                    ),
                }
                variant.results = {key: Result() for key in variant.endpoints}
                variant.rounds = {key: [] for key in variant.endpoints}
            say(
                f"Load: {CLIENTS} concurrent clients, {ROUNDS} rounds of {SECONDS:.0f} s per "
                f"endpoint (after {WARMUP_SECONDS:.1f} s warm-up each)"
                + (", the copies taking turns on each endpoint" if len(compared) > 1 else "")
                + " …"
            )
            for variant in compared:
                for _, request in variant.endpoints.values():
                    load(variant.server.port, WARMUP_SECONDS, request)
            for number in range(ROUNDS):
                # A B, then B A: neither copy always runs right after the other.
                order = compared if number % 2 == 0 else compared[::-1]
                for key in compared[0].endpoints:
                    for variant in order:
                        result = load(variant.server.port, SECONDS, variant.endpoints[key][1])
                        variant.results[key].add(result)
                        variant.rounds[key].append(result.rate)
            say(f"Burst: {CLIENTS} simultaneous booking POSTs at one slot, {BURST_SLOTS} times …")
            bursts = compared[0].endpoints["booking"][1].burst()
            for variant in compared:
                variant.server_log = variant.server.log_tail(40)
        finally:
            for variant in compared:
                if variant.server is not None:
                    variant.server.stop()
    over_capacity, duplicate_seats, active = double_bookings()
    mails, mail_seconds = drain_outbox()

    for variant in compared:
        report_load(variant)
    say(
        "ratio: throughput relative to the hello view of the same copy; client: CPU the load "
        f"generator itself used (share of one core; the machine has {os.cpu_count()})"
    )
    say("")
    burst_overbooked = 0
    for slot, capacity, responses in bursts:
        booked = responses.get("302 booked", 0)
        burst_overbooked += booked > capacity
        say(
            f"Burst at slot {slot} (capacity {capacity}): "
            + ", ".join(f"{r}: {n}" for r, n in sorted(responses.items(), key=str))
        )
    say(
        f"Double bookings after the run: {over_capacity} slots over capacity, {duplicate_seats} "
        f"seats held twice ({active} active bookings)"
    )
    say(
        f"Outbox worker afterwards: {mails} booking mails rendered (HTML, text, .ics) and sent to "
        f"memory in {mail_seconds:.2f} s ({mails / mail_seconds if mail_seconds else 0:.0f}/s)"
    )

    failed = False
    if over_capacity or duplicate_seats or burst_overbooked:
        say("FAILED: double bookings")
        failed = True
    for variant in compared:
        errors = server_errors(variant)
        if variant is compared[0]:
            errors["burst"] = sum(
                n
                for _, _, responses in bursts
                for r, n in responses.items()
                if not str(r).startswith(("302", "200"))
            )
        if any(errors.values()):
            say(f"FAILED ({variant.name}): server errors or broken requests {errors}")
            for result in variant.results.values():
                for error in result.errors[:3]:
                    say(f"  {error}")
            say(f"Last lines of the gunicorn log:\n{variant.server_log}")
            failed = True
    say(f"Whole benchmark: {time.perf_counter() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--generate-slots"]:
        generate_slots_command()
        sys.exit(0)
    sys.exit(main())
