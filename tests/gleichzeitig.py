"""The harness of the concurrency tests (PostgreSQL only): threads that each open their own
database connection, are released together by a ``threading.Barrier`` and close their
connection at the end, as separate requests or hosts would."""

import threading
from dataclasses import dataclass, field

from django.db import connection


@dataclass
class Ausgang:
    results: list = field(default_factory=list)  # what the attempts that went through returned
    expected: list = field(default_factory=list)  # the exceptions of the kinds named expected
    other_errors: list = field(default_factory=list)  # repr() of any other exception: a finding


def release_together(
    attempt, threads: int, *, expected: tuple[type[BaseException], ...] = (), timeout: int = 60
) -> Ausgang:
    """Call ``attempt(i)`` from ``threads`` threads released at the same moment."""
    barrier = threading.Barrier(threads)
    lock = threading.Lock()
    ausgang = Ausgang()

    def run(i):
        try:
            connection.ensure_connection()  # connect before the start, not in the race
            barrier.wait(timeout=30)
            result = attempt(i)
        except expected as error:
            with lock:
                ausgang.expected.append(error)
        except Exception as error:  # anything else is a finding: keep it for the assertion
            with lock:
                ausgang.other_errors.append(repr(error))
        else:
            with lock:
                ausgang.results.append(result)
        finally:
            connection.close()

    started = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in started), "a thread hangs"
    return ausgang
