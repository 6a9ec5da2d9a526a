"""Every public page and the heaviest staff pages at 1x and at scale (issue 15), run by
``make bench-pages``.

1. (Re)creates the PostgreSQL database ``portal_bench_pages``, migrates it and loads
   ``seed_demo``; keeps a copy as a template, so each scale starts from the same demo data.
2. Serves the portal with gunicorn (2 workers x 2 threads, the project's gunicorn.conf.py,
   DEBUG off, Redis as the shared cache) and, beside it, a second gunicorn without any
   middleware (bench/settings_bare.py) for the ceiling: a bare Django hello view.
3. Per page: queries per request (counted in this process with Django's test client against
   the same database), response bytes, the gunicorn workers' CPU time per request (from
   /proc/<pid>/stat), requests/s and their ratio to the portal's ``/hello/`` (full middleware)
   and to the bare hello view. Pages with a cache (the Sprechstunden list and detail, the PDF
   export) are measured cold (the header X-Bench-Nonce gives each request an empty cache key
   space, bench/nonce.py) and warm. Staff pages with an administrator's session made here.
4. Then ``seed_scale --factor N`` for each of BENCH_FACTORS on a fresh copy of the demo data and
   the same again; prints 1x and each factor side by side with the factor between them.
5. BENCH_INSTANCES=2: a second gunicorn of the portal on another port, sharing PostgreSQL and
   Redis; a few pages with all clients on one instance and split over both.

Rounds: BENCH_ROUNDS (3), each in a rotated page order, the hello views at the start and end
of every round; the ratios are per round (page / hello of the same round), printed as
min / median / max. Knobs (environment): BENCH_SECONDS per page and round (2), BENCH_ROUNDS (3),
BENCH_FACTORS (100; e.g. 10,100), BENCH_CLIENTS (8), BENCH_INSTANCES (1), BENCH_PAGES (only
pages whose label contains one of these comma-separated words), BENCH_PAGES_DB
(portal_bench_pages), and those of bench/run.py
(BENCH_ADMIN_DATABASE_URL, REDIS_URL, BENCH_REDIS_DB, BENCH_KEY_PREFIX, BENCH_CACHE).
A measurement, never pass/fail on time; a page that does not answer 200 is reported.
"""

import os
import secrets
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
# Two workers with two threads each serve four requests at once: eight clients keep them busy
# without the load generator taking the CPU the server needs (set before bench.run reads it).
os.environ.setdefault("BENCH_CLIENTS", "8")

from bench import run  # noqa: E402

DB_NAME = os.environ.get("BENCH_PAGES_DB", "portal_bench_pages")
TEMPLATE_DB = f"{DB_NAME}_demo"
SECONDS = float(os.environ.get("BENCH_SECONDS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
FACTORS = [int(f) for f in os.environ.get("BENCH_FACTORS", "100").split(",") if f.strip()]
INSTANCES = int(os.environ.get("BENCH_INSTANCES", "1"))
ONLY = [w.strip() for w in os.environ.get("BENCH_PAGES", "").split(",") if w.strip()]
WARMUP_SECONDS = 0.5
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
say = run.say


@dataclass
class Page:
    label: str
    path: str
    staff: bool = False
    cold: bool = False  # measured with an empty cache (X-Bench-Nonce)
    # A large published file not made yet answers 503 at once and asks the task worker for it.
    expect: int = 200


@dataclass
class Figures:
    """One page at one scale."""

    status: str = ""
    queries: int | None = None
    size: int = 0
    rates: list = field(default_factory=list)  # requests/s per round
    cpu_ms: list = field(default_factory=list)  # server CPU ms per request, per round
    hello_ratios: list = field(default_factory=list)  # % of the round's hello view
    bare_ratios: list = field(default_factory=list)  # % of the round's bare hello view
    statuses: dict = field(default_factory=dict)


# 1. Database and data


def template_from_demo() -> None:
    """The demo data as a template database: each scale starts from a copy of it."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(run.ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{TEMPLATE_DB}" TEMPLATE "{DB_NAME}"')


def database_from_template() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(run.ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}" TEMPLATE "{TEMPLATE_DB}"')


def drop_template() -> None:
    import psycopg

    with psycopg.connect(run.ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)')


def seed_demo() -> None:
    from django.core.management import call_command

    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


def staff_user():
    """The demo administrator, with the second factor the portal requires of staff."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    from saarlouis_portal.konten.models import User

    user = User.objects.get(email="admin@example.org")
    Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt("JBSWY3DPEHPK3PXP")}},
    )
    return user


def pages() -> list[Page]:
    """The public pages and the heaviest staff pages, with the ids of the seeded data."""
    from berichte.models import Bericht, Kapitel
    from netzwerke.models import Netzwerk
    from sprechstunden.models import Sprechstunde, Termin

    netzwerk = Netzwerk.objects.public().order_by("pk").first()
    sprechstunde = Sprechstunde.objects.order_by("pk").first()
    termin = Termin.objects.bookable().order_by("beginn").first()
    kapitel = Kapitel.objects.public().order_by("pk").first()
    # The large chapter seed_scale publishes (many indicators and areas), when there is one.
    gross = Kapitel.objects.public().filter(titel__startswith="Kennzahlen im Überblick").first()
    bericht = Bericht.objects.order_by("pk").first()
    listed = [
        Page("home / cold", "/", cold=True),
        Page("home / warm", "/"),
        Page("/orte/ cold", "/orte/", cold=True),
        Page("/orte/ warm", "/orte/"),
        Page("/orte/karte/ cold", "/orte/karte/", cold=True),
        Page("/orte/karte/ warm", "/orte/karte/"),
        Page("/orte/export/hsds.json cold", "/orte/export/hsds.json", cold=True),
        Page("/orte/export/hsds.json warm", "/orte/export/hsds.json"),
        Page("/orte/export/hsds.zip", "/orte/export/hsds.zip"),
        Page("/netzwerke/ cold", "/netzwerke/", cold=True),
        Page("/netzwerke/ warm", "/netzwerke/"),
        Page("network /netzwerke/<id>/ cold", f"/netzwerke/{netzwerk.pk}/", cold=True),
        Page("network /netzwerke/<id>/ warm", f"/netzwerke/{netzwerk.pk}/"),
        Page("/netzwerke/massnahmen/ cold", "/netzwerke/massnahmen/", cold=True),
        Page("/netzwerke/massnahmen/ warm", "/netzwerke/massnahmen/"),
        Page("/sorgekreise/ cold", "/sorgekreise/", cold=True),
        Page("/sorgekreise/ warm", "/sorgekreise/"),
        Page("/sprechstunden/ cold", "/sprechstunden/", cold=True),
        Page("/sprechstunden/ warm", "/sprechstunden/"),
        Page(
            "Sprechstunde /sprechstunden/<id>/ cold",
            f"/sprechstunden/{sprechstunde.pk}/",
            cold=True,
        ),
        Page("Sprechstunde /sprechstunden/<id>/ warm", f"/sprechstunden/{sprechstunde.pk}/"),
        Page("booking form", f"/sprechstunden/termin/{termin.pk}/buchen/"),
        Page("/berichte/ cold", "/berichte/", cold=True),
        Page("/berichte/ warm", "/berichte/"),
        Page("chapter /berichte/kapitel/<id>/ cold", f"/berichte/kapitel/{kapitel.pk}/", cold=True),
        Page("chapter /berichte/kapitel/<id>/ warm", f"/berichte/kapitel/{kapitel.pk}/"),
        Page("chapter PDF cold", f"/berichte/kapitel/{kapitel.pk}/download.pdf", cold=True),
        Page("chapter PDF warm", f"/berichte/kapitel/{kapitel.pk}/download.pdf"),
    ]
    if gross is not None:
        listed += [
            Page("large chapter cold", f"/berichte/kapitel/{gross.pk}/", cold=True),
            Page("large chapter warm", f"/berichte/kapitel/{gross.pk}/"),
            Page(
                "large chapter PDF cold",
                f"/berichte/kapitel/{gross.pk}/download.pdf",
                cold=True,
                expect=503,
            ),
            Page("large chapter PDF warm", f"/berichte/kapitel/{gross.pk}/download.pdf"),
        ]
    listed += [
        Page("/leichte-sprache/ cold", "/leichte-sprache/", cold=True),
        Page("/leichte-sprache/ warm", "/leichte-sprache/"),
        Page("/barrierefreiheit/", "/barrierefreiheit/"),
        Page("English /en/orte/ cold", "/en/orte/", cold=True),
        Page("English /en/orte/ warm", "/en/orte/"),
        Page("English /en/sprechstunden/ cold", "/en/sprechstunden/", cold=True),
        # Staff: the lists and overviews that grow with the data.
        Page("staff /cockpit/", "/cockpit/", staff=True),
        Page("staff /orte/verwaltung/", "/orte/verwaltung/", staff=True),
        Page("staff /orte/verwaltung/uebersicht/", "/orte/verwaltung/uebersicht/", staff=True),
        Page("staff /netzwerke/verwaltung/", "/netzwerke/verwaltung/", staff=True),
        Page(
            "staff /netzwerke/verwaltung/massnahmen/",
            "/netzwerke/verwaltung/massnahmen/",
            staff=True,
        ),
        Page("staff /sorgekreise/verwaltung/", "/sorgekreise/verwaltung/", staff=True),
        Page(
            "staff /sorgekreise/verwaltung/helfende/",
            "/sorgekreise/verwaltung/helfende/",
            staff=True,
        ),
        Page("staff /sprechstunden/verwaltung/", "/sprechstunden/verwaltung/", staff=True),
        Page(
            "staff Sprechstunde",
            f"/sprechstunden/verwaltung/sprechstunden/{sprechstunde.pk}/",
            staff=True,
        ),
        Page("staff Tagesliste", "/sprechstunden/verwaltung/tagesliste/", staff=True),
        Page(
            "staff indicator list",
            "/berichte/verwaltung/indikatoren/",
            staff=True,
        ),
        Page("staff report editing", f"/berichte/verwaltung/berichte/{bericht.pk}/", staff=True),
        Page("staff /stammdaten/organisationen/", "/stammdaten/organisationen/", staff=True),
    ]
    return [p for p in listed if not ONLY or any(w in p.label for w in ONLY)]


# 2. Queries and bytes, counted in this process


def count_queries(page_list, user) -> dict[str, tuple[int, int, int]]:
    """label -> (status, queries, bytes) of one request, as gunicorn would answer it: a cold
    page with its own empty cache key space, a warm one after a first request filled it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # A page that fails is a finding for the report, not the end of the benchmark.
    anonymous, staff = Client(raise_request_exception=False), Client(raise_request_exception=False)
    staff.force_login(user)
    counted = {}
    for page in page_list:
        client = staff if page.staff else anonymous
        headers = {"X-Bench-Nonce": secrets.token_hex(8)} if page.cold else {}
        if not page.cold:
            client.get(page.path)  # fills the caches a warm request finds
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path, headers=headers)
            # A streamed response queries while it is read.
            body = b"".join(response.streaming_content) if response.streaming else response.content
        counted[page.label] = (response.status_code, len(queries), len(body))
    return counted


def session_cookie(user) -> str:
    """A session of ``user`` for the load clients: made here, stored where gunicorn finds it."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# 3. Load


def worker_pids(servers) -> list[int]:
    pids = []
    for server in servers:
        master = server.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        pids += [int(pid) for pid in children]
    return pids


def cpu_ticks(pids) -> int:
    """utime + stime of the processes, in clock ticks (fields 14 and 15 of /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            continue  # a worker that was replaced meanwhile
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total


def requester(path: str, ports: list[int], cookie: str = "", cold: bool = False):
    """GET ``path``; the clients are spread over ``ports`` (index modulo the number of ports)."""
    extra = {}

    def request(client, index):
        port = ports[index % len(ports)]
        if port != client.port:
            client = extra.setdefault(index, run.Client(port))
        headers = {"Cookie": cookie} if cookie else {}
        if cold:
            headers["X-Bench-Nonce"] = secrets.token_hex(8)
        return client.request("GET", path, headers=headers)[0]

    def close():
        for client in extra.values():
            client.close()
        extra.clear()

    request.close = close
    return request


def measure(servers, path, cookie="", cold=False, seconds=None) -> tuple[run.Result, float]:
    """Requests/s and server CPU ms per request of ``path`` on ``servers`` (clients split)."""
    ports = [s.port for s in servers]
    make_request = requester(path, ports, cookie, cold)
    pids = worker_pids(servers)
    before = cpu_ticks(pids)
    try:
        result = run.load(ports[0], seconds or SECONDS, make_request)
    finally:
        make_request.close()
    ticks = cpu_ticks(pids) - before
    cpu_ms = ticks * 1000 / CLOCK_TICKS / result.count if result.count else float("nan")
    return result, cpu_ms


def load_pages(main, bare, page_list, cookie) -> tuple[dict, dict]:
    """ROUNDS rounds, each in a rotated page order with the hello views at its start and end."""
    figures = {page.label: Figures() for page in page_list}
    hellos = {"hello": Figures(), "bare hello": Figures()}
    for page in page_list:  # warm-up: imports, templates, connections, warm caches
        measure([main], page.path, cookie if page.staff else "", page.cold, WARMUP_SECONDS)
    measure([main], "/hello/", seconds=WARMUP_SECONDS)
    measure([bare], "/hello/", seconds=WARMUP_SECONDS)
    for number in range(ROUNDS):
        shift = number * len(page_list) // max(ROUNDS, 1)
        order = page_list[shift:] + page_list[:shift]
        hello, bare_hello = [], []
        for label, server, rates in (("hello", main, hello), ("bare hello", bare, bare_hello)):
            result, cpu_ms = measure([server], "/hello/")
            rates.append(result.rate)
            hellos[label].cpu_ms.append(cpu_ms)
        rows = []
        for page in order:
            result, cpu_ms = measure([main], page.path, cookie if page.staff else "", page.cold)
            rows.append((page, result, cpu_ms))
        for label, server, rates in (("hello", main, hello), ("bare hello", bare, bare_hello)):
            result, cpu_ms = measure([server], "/hello/")
            rates.append(result.rate)
            hellos[label].cpu_ms.append(cpu_ms)
        hello_rate, bare_rate = statistics.mean(hello), statistics.mean(bare_hello)
        hellos["hello"].rates.append(hello_rate)
        hellos["bare hello"].rates.append(bare_rate)
        hellos["hello"].bare_ratios.append(100 * hello_rate / bare_rate)
        for page, result, cpu_ms in rows:
            f = figures[page.label]
            f.rates.append(result.rate)
            f.cpu_ms.append(cpu_ms)
            f.hello_ratios.append(100 * result.rate / hello_rate)
            f.bare_ratios.append(100 * result.rate / bare_rate)
            for status, n in result.statuses.items():
                f.statuses[status] = f.statuses.get(status, 0) + n
        say(f"  round {number + 1}/{ROUNDS}: hello {hello_rate:.0f}/s, bare {bare_rate:.0f}/s")
    return figures, hellos


def two_instances(first, second, cookie) -> list[tuple[str, list, list, list, list]]:
    """A few pages on one instance and on both (clients split), alternating round by round."""
    chosen = [
        ("hello", "/hello/", ""),
        ("home / warm", "/", ""),
        ("/orte/ warm", "/orte/", ""),
        ("/sprechstunden/ warm", "/sprechstunden/", ""),
        ("staff /orte/verwaltung/uebersicht/", "/orte/verwaltung/uebersicht/", cookie),
    ]
    rows = []
    for label, path, page_cookie in chosen:
        # The second instance's workers import, connect and fill their caches first.
        measure([first, second], path, page_cookie, seconds=WARMUP_SECONDS)
        one, both, cpu_one, cpu_both = [], [], [], []
        for number in range(ROUNDS):
            setups = [([first], one, cpu_one), ([first, second], both, cpu_both)]
            for servers, rates, cpus in setups if number % 2 == 0 else setups[::-1]:
                result, cpu_ms = measure(servers, path, page_cookie)
                rates.append(result.rate)
                cpus.append(cpu_ms)
        rows.append((label, one, both, cpu_one, cpu_both))
    return rows


# 4. Report


def median(values):
    values = [v for v in values if v == v]  # without NaN
    return statistics.median(values) if values else float("nan")


def report_scale(factor, figures, hellos, counted, load_average, expected):
    say("")
    say(f"{factor}x (load average before: {load_average}):")
    say(
        f"{'page':42} {'status':>6} {'queries':>7} {'KB':>8} {'CPU ms':>7} {'req/s':>7}  "
        "req/s min / median / max; % of hello min / median / max; % of bare hello (median)"
    )
    for label, f in {**hellos, **figures}.items():
        status, queries, size = counted.get(label, (200, "", 0))
        answers = set(f.statuses) - {expected.get(label, 200)}
        shown = str(status) if not answers else f"{status}!"
        hello_part = run.spread(f.hello_ratios) if f.hello_ratios else "-"
        bare = f"{median(f.bare_ratios):.1f}" if f.bare_ratios else "-"
        say(
            f"{label:42} {shown:>6} {queries!s:>7} {size / 1024:8.1f} {median(f.cpu_ms):7.1f} "
            f"{median(f.rates):7.1f}  {run.spread(f.rates)}; {hello_part}; {bare}"
        )
        if answers:
            say(f"{'':42} answers under load: {dict(sorted(f.statuses.items(), key=str))}")


def report_side_by_side(results):
    """1x and each factor side by side: queries, CPU ms per request, % of hello, and the
    factor between the scale and 1x."""
    factors = list(results)
    base = factors[0]
    say("")
    say("Side by side (median of the rounds; x: the scale's figure / the 1x figure)")
    head = f"{'page':42}"
    for factor in factors:
        head += f" | {factor}x: {'q':>4} {'CPU ms':>7} {'% hello':>7}"
        if factor != base:
            head += f" {'x q':>5} {'x CPU':>6}"
    say(head)
    labels = []
    for factor in factors:
        labels += [label for label in results[factor][0] if label not in labels]
    for label in labels:
        line = f"{label:42}"
        base_row = results[base][0].get(label)
        for factor in factors:
            figures, counted = results[factor]
            f = figures.get(label)
            if f is None:
                line += f" | {'':>{len(str(factor)) + 2}} {'-':>4} {'-':>7} {'-':>7}"
                if factor != base:
                    line += f" {'':>5} {'':>6}"
                continue
            queries = counted.get(label, (0, 0, 0))[1]
            ratio = f"{median(f.hello_ratios):7.1f}" if f.hello_ratios else f"{'-':>7}"
            line += f" | {'':>{len(str(factor)) + 2}} {queries:>4} {median(f.cpu_ms):7.1f} {ratio}"
            if factor != base:
                if base_row is None:
                    line += f" {'':>5} {'':>6}"
                else:
                    base_q = results[base][1].get(label, (0, 0, 0))[1]
                    q = f"{queries / base_q:5.1f}" if base_q else f"{'':>5}"
                    line += f" {q} {median(f.cpu_ms) / median(base_row.cpu_ms):6.1f}"
        say(line)


def report_two(rows):
    say("")
    say(
        "One instance and two (BENCH_INSTANCES=2: two gunicorns sharing PostgreSQL and Redis, "
        "clients split), req/s min / median / max; server CPU ms per request (median)"
    )
    say(f"{'page':42} {'one':>8} {'both':>8} {'both/one':>9}  one; both")
    for label, one, both, cpu_one, cpu_both in rows:
        say(
            f"{label:42} {median(one):8.1f} {median(both):8.1f} "
            f"{median(both) / median(one):9.2f}  {run.spread(one)}; {run.spread(both)}; "
            f"CPU ms {median(cpu_one):.1f} / {median(cpu_both):.1f}"
        )


# Main


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def seed_scale(factor: int) -> float:
    from bench.seed import seed_scale as grow

    started = time.perf_counter()
    grow(factor, stdout=sys.stdout)
    return time.perf_counter() - started


def run_queued_tasks() -> float:
    """What the task worker does in production after publishing: the files and pages of the
    published reports (a large PDF still missing answers 503 and queues this work)."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(
        "db_worker",
        batch=True,
        no_startup_delay=True,
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    return time.perf_counter() - started


def serve(env, tmp, name, settings="bench.settings") -> run.Server:
    port = run.free_port()
    server_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": settings,
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
    }
    return run.start_server(port, server_env, Path(tmp) / f"gunicorn-{name}.log")


def main() -> int:
    # Stopped with SIGTERM, the run still stops its gunicorns and drops its template (finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.perf_counter()
    env = run.server_environment(run.free_port(), DB_NAME)
    env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"  # testserver: the in-process test client
    env["GUNICORN_THREADS"] = "2"
    # The HSDS export stores its files in MEDIA_ROOT: a directory of the run's own.
    media = tempfile.TemporaryDirectory(prefix="portal-bench-pages-media-")
    env["MEDIA_ROOT"] = media.name
    os.environ.update(env)
    say(f"Database {DB_NAME}: drop, create, migrate, seed_demo … (load average {load_average()})")
    run.recreate_database(DB_NAME)
    run.migrate()
    seed_demo()
    staff_user()
    template_from_demo()

    from django.core.cache import cache
    from django.db import connections

    results = {}
    two = None
    failed = False
    try:
        for factor in [1, *FACTORS]:
            if factor != 1:
                database_from_template()
                say(f"seed_scale --factor {factor} …")
                say(f"  seeded in {seed_scale(factor):.0f} s")
            say(f"  task worker: queued work done in {run_queued_tasks():.0f} s")
            cache.clear()  # the benchmark's keys only (BENCH_KEY_PREFIX)
            user = staff_user()
            page_list = pages()
            counted = count_queries(page_list, user)
            cookie = session_cookie(user)
            connections.close_all()
            with tempfile.TemporaryDirectory(prefix="portal-bench-pages-") as tmp:
                servers = []
                try:
                    servers.append(serve(env, tmp, "main"))
                    servers.append(serve(env, tmp, "bare", "bench.settings_bare"))
                    average = load_average()
                    say(
                        f"{factor}x: {len(page_list)} pages, {ROUNDS} rounds of {SECONDS:g} s "
                        f"per page, {run.CLIENTS} clients, gunicorn {run.WORKERS} workers x 2 "
                        f"threads (load average {average}) …"
                    )
                    figures, hellos = load_pages(servers[0], servers[1], page_list, cookie)
                    if INSTANCES > 1 and factor == ([1, *FACTORS])[-1]:
                        servers.append(serve(env, tmp, "second"))
                        say("Two instances …")
                        two = two_instances(servers[0], servers[2], cookie)
                finally:
                    for server in servers:
                        server.stop()
            expected = {page.label: page.expect for page in page_list}
            report_scale(factor, figures, hellos, counted, average, expected)
            results[factor] = ({**hellos, **figures}, counted)
            failed |= any(
                status != expected.get(label, 200) for label, (status, _, _) in counted.items()
            )
            failed |= any(
                "error" in f.statuses or set(f.statuses) - {expected.get(label, 200)}
                for label, f in figures.items()
            )
    finally:
        connections.close_all()
        drop_template()
        media.cleanup()
    report_side_by_side(results)
    if two:
        report_two(two)
    say(
        "CPU ms: the gunicorn workers' CPU time per request (/proc/<pid>/stat); % hello: "
        "throughput relative to /hello/ with the full middleware in the same round; % of bare: "
        "relative to a hello view without middleware; cold: every request with an empty cache"
    )
    say(
        f"Load average at the end: {load_average()}; whole benchmark: "
        f"{time.perf_counter() - began:.0f} s"
    )
    if failed:
        say("FAILED: a page did not answer as expected (see status above)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
