"""bench/seed.py (``seed_scale``, issue 15): the demo data grown by a factor for the page
benchmark. Called as a function: the ``bench`` app that installs the command is in
bench/settings.py only, not in the test settings."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from begegnung.models import Angebot, Ort
from bench.seed import CHAPTER_TITLE, seed_scale
from berichte.models import Kapitel, Messwert
from netzwerke.models import Mitgliedschaft, Netzwerk
from saarlouis_portal.stammdaten.models import Organisation
from sorgekreise.models import Helfende, Hilfeanfrage, Sorgekreis
from sprechstunden.models import Buchung, Sprechstunde, Termin

pytestmark = pytest.mark.django_db

GROWN = [
    Organisation,
    Netzwerk,
    Mitgliedschaft,
    Ort,
    Angebot,
    Sorgekreis,
    Helfende,
    Hilfeanfrage,
    Sprechstunde,
    Messwert,
]


def public_pages():
    netzwerk = Netzwerk.objects.public().order_by("pk").first()
    kapitel = Kapitel.objects.public().order_by("pk").first()
    return [
        "/",
        "/orte/",
        "/orte/karte/",
        "/netzwerke/",
        f"/netzwerke/{netzwerk.pk}/",
        "/sorgekreise/",
        "/sprechstunden/",
        "/berichte/",
        f"/berichte/kapitel/{kapitel.pk}/",
    ]


def queries_per_page(client, paths) -> dict[str, int]:
    counted = {}
    for path in paths:
        client.get(path)  # the first request also fills the process's own caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counted[path] = len(queries)
    return counted


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_it_multiplies_the_rows_and_publishes_a_large_chapter(demo):
    before = {model: model.objects.count() for model in GROWN}
    public = Ort.objects.public().count()
    slots, bookings = Termin.objects.count(), Buchung.objects.count()

    seed_scale(3)

    assert {model: model.objects.count() for model in GROWN} == {
        model: 3 * n for model, n in before.items()
    }
    assert Ort.objects.public().count() == 3 * public
    assert Termin.objects.count() == 3 * slots
    assert Buchung.objects.count() > 3 * bookings
    kapitel = Kapitel.objects.public().get(titel=CHAPTER_TITLE)
    assert kapitel.bausteine.get(art="tabelle").indikatoren.count() > 10


def test_public_pages_answer_with_flat_query_counts(demo, client):
    paths = public_pages()
    small = queries_per_page(client, paths)

    seed_scale(3)

    assert queries_per_page(client, paths) == small
