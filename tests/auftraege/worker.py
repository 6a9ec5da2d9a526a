"""The task worker in a test: the real database backend, one pass of ``manage.py db_worker``."""

import io
import signal
from unittest import mock

from django.core.management import call_command

_SIGNALE = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


def worker_step(max_tasks: int | None = None) -> None:
    """Run the queued tasks and return (``--batch``); the worker's signal handlers are put back
    afterwards, so Ctrl+C still stops pytest."""
    vorher = {s: signal.getsignal(s) for s in _SIGNALE}
    args = ["--batch", "--no-startup-delay", "--no-reload"]
    if max_tasks:
        args += ["--max-tasks", str(max_tasks)]
    try:
        # The worker closes "old" connections between tasks. Inside a test that is the connection
        # holding the test's transaction (PostgreSQL; SQLite in memory never closes), so it keeps
        # it open, as Django's test client does for requests (it disconnects the same function).
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", *args, verbosity=0, stdout=io.StringIO())
    finally:
        for s, handler in vorher.items():
            signal.signal(s, handler)
