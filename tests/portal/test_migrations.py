from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Handlungsfeld, Sozialgesetzbuch, Thema


def test_no_model_change_lacks_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when changes are missing
        pytest.fail(f"Missing migrations:\n{out.getvalue()} ({exc})")


def test_data_migrations_seed_roles_fields_of_action_topics_and_sgb_books(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Rolle.values)
    assert list(Handlungsfeld.objects.values_list("name", flat=True)) == [
        "Partizipation und Vernetzung",
        "Bildung und Erziehung",
        "Arbeitsmarkt",
        "Existenzsicherung",
        "Wohnen und Wohnumgebung",
    ]
    assert Thema.objects.count() == 7
    assert "Interreligiöser Dialog" in Thema.objects.values_list("name", flat=True)
    assert set(Sozialgesetzbuch.objects.values_list("nummer", flat=True)) == {
        "II",
        "III",
        "V",
        "VIII",
        "IX",
        "XI",
        "XII",
    }
