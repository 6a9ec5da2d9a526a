"""The demo Sorgekreise load at several demo places, are marked as demo, run twice without
duplicates and give the coordinators something to match."""

import io

import pytest
from django.core.management import call_command

from sorgekreise import matching
from sorgekreise.models import (
    AnfrageStatus,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Sorgekreis,
    Vermittlung,
)

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Sorgekreis.objects.count(),
        Helfende.objects.count(),
        Hilfeanfrage.objects.count(),
        Vermittlung.objects.count(),
    )


def test_seed_demo_is_idempotent_and_marked(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == first
    assert "Sorgekreise: 4 Sorgekreise" in out.getvalue()
    assert first == (4, 7, 6, 3)
    assert Sorgekreis.objects.values("ort").distinct().count() >= 3
    assert not Sorgekreis.objects.filter(ist_demo=False).exists()
    assert not Helfende.objects.filter(ist_demo=False).exists()
    assert not Hilfeanfrage.objects.filter(ist_demo=False).exists()
    assert all(
        name.startswith("Demo: ") for name in Helfende.objects.values_list("name", flat=True)
    )
    assert Sorgekreis.objects.filter(koordination__email="ortsleitung@example.org").count() >= 2
    assert set(Hilfeanfrage.objects.values_list("status", flat=True)) == set(AnfrageStatus.values)
    assert set(Helfende.objects.values_list("status", flat=True)) >= {
        HelfendeStatus.NEU,
        HelfendeStatus.AKTIV,
        HelfendeStatus.PAUSIERT,
    }


def test_an_open_demo_request_has_ranked_helpers(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    anfrage = Hilfeanfrage.objects.get(name="Demo: Frau A.")
    assert anfrage.status == AnfrageStatus.OFFEN
    kandidaten = matching.passende_helfende(anfrage)
    assert [k.helfende.name for k in kandidaten][:1] == ["Demo: Hanna Helfer"]
    # The paused helper who also shops there is never offered.
    assert "Demo: Peter Paus" not in [k.helfende.name for k in kandidaten]
