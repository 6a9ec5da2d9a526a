"""Jobs that one host at a time should run, when cron starts them on several hosts (issue 15).

Most jobs claim their rows (``SELECT ... FOR UPDATE SKIP LOCKED`` or a conditional UPDATE) and
may run on every host at once. A job that works on a whole set at once, such as the retention
purge, takes a PostgreSQL advisory lock instead: a second run that finds it taken does nothing.
"""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def allein(name: str) -> Iterator[bool]:
    """Yield True if this run holds the lock ``name``, False if another run holds it.

    A session lock (``pg_try_advisory_lock``), released at the end, or by PostgreSQL when the
    connection drops with a crashed run. It needs a direct connection to PostgreSQL (or a pooler
    in session mode). SQLite serves one host only and serialises writers: always True there."""
    if connection.vendor != "postgresql":
        yield True
        return
    schluessel = zlib.crc32(f"saarlouis-portal:{name}".encode())  # the same in every process
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [schluessel])
        (erhalten,) = cursor.fetchone()
    try:
        yield erhalten
    finally:
        if erhalten:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [schluessel])
