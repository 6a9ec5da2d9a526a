"""What the PostgreSQL settings do on a real connection (skipped on SQLite)."""

import pytest
from django.db import connection

from sprechstunden.models import Termin

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def _prepared(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return cursor.fetchone()[0]


def test_a_statement_run_often_is_prepared_on_the_server(postgresql):
    for pk in range(1, 8):
        Termin.objects.filter(pk=pk, kapazitaet__gte=2).exists()
    # The parameters travel separately ($1, $2), so every run is the same statement.
    assert _prepared('"sprechstunden_termin"."kapazitaet" >= $') == 1


def test_a_statement_run_once_is_not_prepared(postgresql):
    Termin.objects.filter(kapazitaet__lte=7).exists()
    assert _prepared('"sprechstunden_termin"."kapazitaet" <= $') == 0
