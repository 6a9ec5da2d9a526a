"""The demo places load, lead the demo Ortsleitung's places, hold one open stage request and
run twice without duplicates."""

import io

import pytest
from django.core.management import call_command

from begegnung import services
from begegnung.models import Angebot, Antrag, Ort, OrtArt, Stufe

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    orte, angebote = Ort.objects.count(), Angebot.objects.count()
    uids = set(Angebot.objects.values_list("uid", flat=True))
    call_command("seed_demo", stdout=io.StringIO())
    assert Ort.objects.count() == orte >= 10
    assert Angebot.objects.count() == angebote
    assert set(Angebot.objects.values_list("uid", flat=True)) == uids
    assert set(Ort.objects.values_list("stufe", flat=True)) == set(Stufe.values)
    assert Ort.objects.filter(art=OrtArt.RATHAUS, ortsname="Pliezhausen").exists()
    assert Ort.objects.filter(leitung__email="ortsleitung@example.org").count() >= 1
    assert not Ort.objects.filter(ist_demo=False).exists()
    for ort in Ort.objects.all():
        assert ort.stufen.filter(stufe=ort.stufe).exists(), ort
    # One open stage request of the demo Ortsleitung for the Cockpit card, not two after two
    # runs, and for a place whose checklist is met.
    [antrag] = Antrag.objects.offen()
    assert antrag.gestellt_von.email == "ortsleitung@example.org"
    assert antrag.ort.is_led_by(antrag.gestellt_von)
    assert all(p.erfuellt for p in services.build_checkliste(antrag.ort))
    assert antrag.stufe == services.next_stufe(antrag.ort.stufe)
