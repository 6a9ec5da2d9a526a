"""Outages under load (issue 13), run by ``make bench-faults``.

1. Starts a redis-server of its own on a spare port (keeping nothing on disk), (re)creates the
   PostgreSQL database ``portal_bench_faults`` and seeds it as ``bench/run.py`` does.
2. Serves the portal with gunicorn, 4 workers, DEBUG off, Redis as the shared cache.
3. Drives a bounded, steady load: clients in turn fetch the start page, the Sprechstunden list,
   the directory of places and POST a booking, each pausing a little between requests.
4. Meanwhile: Redis is stopped for a while and started again; then PostgreSQL is restarted
   (``pg_ctlcluster --skip-systemctl-redirect 15 main restart``, as root or postgres).
5. Prints, per phase, the answers by status, the count of 500s and 503s, and the seconds until
   every answer was good again after each event. Target: 0 × 500 (503 with Retry-After is the
   calm answer while the database is away). Exit status 1 when a 500 or a broken connection
   was seen.

Knobs (environment): FAULTS_CLIENTS (8), FAULTS_PAUSE seconds between a client's requests
(0.05), FAULTS_REDIS_DOWN seconds (9), FAULTS_PHASE seconds of load before and after each event
(6), FAULTS_PG_RESTART (the command above; empty skips the database restart),
BENCH_ADMIN_DATABASE_URL as in bench/run.py.
"""

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import run  # noqa: E402

CLIENTS = int(os.environ.get("FAULTS_CLIENTS", "8"))
PAUSE = float(os.environ.get("FAULTS_PAUSE", "0.05"))
REDIS_DOWN = float(os.environ.get("FAULTS_REDIS_DOWN", "9"))
PHASE = float(os.environ.get("FAULTS_PHASE", "6"))
PG_RESTART = os.environ.get(
    "FAULTS_PG_RESTART", "pg_ctlcluster --skip-systemctl-redirect 15 main restart"
)
PAGES = ["/", "/sprechstunden/", "/orte/"]

say = run.say


class Redis:
    """A redis-server of the benchmark's own: stopped and started again on the same port."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise SystemExit("redis-server is missing: apt-get install redis-server")
        self.port = run.free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not run.redis_answers(self.url):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Load:
    """CLIENTS threads, each in turn: three public pages and a booking POST."""

    def __init__(self, port: int):
        run.CLIENTS = CLIENTS
        self.booking = run.BookingLoad(port)
        self.port = port
        self.answers = []  # (monotonic time, request, status)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.work, args=(i,)) for i in range(CLIENTS)]

    def work(self, index: int) -> None:
        client = run.Client(self.port)
        step = index
        while not self.stopping.is_set():
            kind = step % (len(PAGES) + 1)
            step += 1
            try:
                if kind < len(PAGES):
                    status = client.request("GET", PAGES[kind])[0]
                    label = f"GET {PAGES[kind]}"
                else:
                    answer = self.booking(client, index)
                    status = int(str(answer)[:3])
                    label = "POST booking"
            except Exception as error:  # a broken connection counts as a failure
                status, label = f"error {type(error).__name__}", "any"
                client.close()
                client = run.Client(self.port)
            with self.lock:
                self.answers.append((time.monotonic(), label, status))
            time.sleep(PAUSE)
        client.close()

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def between(self, start: float, end: float) -> list:
        with self.lock:
            return [a for a in self.answers if start <= a[0] < end]


def good(status) -> bool:
    return isinstance(status, int) and status < 500


def report(name: str, answers: list, event_end: float | None) -> tuple[int, int]:
    statuses = Counter(str(status) for _, _, status in answers)
    errors = sum(n for s, n in statuses.items() if s == "500" or s.startswith("error"))
    unavailable = statuses.get("503", 0)
    recovery = ""
    if event_end is not None:
        bad = [t for t, _, status in answers if not good(status) or status == 503]
        last_bad = max(bad, default=None)
        seconds = max(0.0, last_bad - event_end) if last_bad else 0.0
        recovery = f"; all good again {seconds:.1f} s after the event ended"
    say(
        f"{name:44} {len(answers):5} answers: "
        + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        + f" | 500 or broken: {errors}, 503: {unavailable}{recovery}"
    )
    return errors, unavailable


def main() -> int:
    redis = Redis()
    redis.start()
    try:
        return measure(redis)
    finally:
        redis.stop()


def measure(redis: Redis) -> int:
    began = time.perf_counter()
    run.DB_NAME = "portal_bench_faults"
    run.WORKERS = 4
    port = run.free_port()
    os.environ["REDIS_URL"] = redis.url
    env = run.server_environment(port)
    env["REDIS_URL"] = redis.url
    os.environ.update(env)
    say(f"Database {run.DB_NAME}: drop, create, migrate, seed …")
    run.recreate_database()
    run.migrate()
    run.time_generate_slots(run.seed())
    from django.db import connections

    connections.close_all()

    failures = 0
    phases = []
    with tempfile.TemporaryDirectory(prefix="portal-faults-") as tmp:
        log = Path(tmp) / "gunicorn.log"
        say(f"gunicorn: {run.WORKERS} workers on 127.0.0.1:{port}, Redis at {redis.url} …")
        server = run.start_server(port, env, log)
        load = None
        try:
            load = Load(port)
            say(f"Load: {CLIENTS} clients, {PAUSE * 1000:.0f} ms pause between requests …")
            load.start()
            t0 = time.monotonic()
            time.sleep(PHASE)
            phases.append(("before any outage", t0, time.monotonic(), None))

            t1 = time.monotonic()
            redis.stop()
            say(f"Redis stopped for {REDIS_DOWN:.0f} s …")
            time.sleep(REDIS_DOWN)
            redis.start()
            t2 = time.monotonic()
            phases.append((f"Redis down ({REDIS_DOWN:.0f} s)", t1, t2, None))
            time.sleep(PHASE)
            t3 = time.monotonic()
            phases.append(("after Redis is back", t2, t3, t2))

            if PG_RESTART:
                say(f"PostgreSQL restart: {PG_RESTART} …")
                started = time.monotonic()
                done = subprocess.run(shlex.split(PG_RESTART), capture_output=True, text=True)
                t4 = time.monotonic()
                if done.returncode:
                    say(f"The restart command failed ({done.returncode}): {done.stderr.strip()}")
                    failures += 1
                phases.append((f"PostgreSQL restarting ({t4 - started:.1f} s)", started, t4, None))
                time.sleep(PHASE)
                phases.append(("after PostgreSQL is back", t4, time.monotonic(), t4))
        finally:
            if load is not None:
                load.stop()
            server.stop()
            kept_log = Path(tempfile.gettempdir()) / "portal-faults-gunicorn.log"
            shutil.copyfile(log, kept_log)

    say("")
    total_errors = 0
    for name, start, end, event_end in phases:
        errors, _ = report(name, load.between(start, end), event_end)
        total_errors += errors
    say("")
    verdict = "met" if total_errors == 0 else "MISSED"
    say(f"Target 0 × 500 (or broken connection) through both outages: {total_errors} ({verdict})")
    if total_errors:
        say(f"The gunicorn log (tracebacks of the 500s) is kept in {kept_log}")
    say(f"Whole benchmark: {time.perf_counter() - began:.0f} s")
    return 1 if total_errors or failures else 0


if __name__ == "__main__":
    sys.exit(main())
