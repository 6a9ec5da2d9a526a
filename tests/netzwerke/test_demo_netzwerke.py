"""Demo data of the networks: the seven topics on city and district level, the two alliances,
idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from netzwerke.models import Gespraech, Mitgliedschaft, Netzwerk, NetzwerkArt, Treffen
from saarlouis_portal.stammdaten.models import GebietArt, Thema

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_networks_of_the_concept_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Netzwerk.objects.count(),
        Mitgliedschaft.objects.count(),
        Treffen.objects.count(),
        Gespraech.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        Netzwerk.objects.count(),
        Mitgliedschaft.objects.count(),
        Treffen.objects.count(),
        Gespraech.objects.count(),
    )
    stadt = Netzwerk.objects.filter(gebiet__art=GebietArt.GEMEINDE, art=NetzwerkArt.NETZWERK)
    for thema in Thema.objects.all():
        assert stadt.filter(themen=thema).exists(), thema
    assert Netzwerk.objects.filter(gebiet__art=GebietArt.STADTTEIL).count() >= 2
    assert set(
        Netzwerk.objects.filter(art=NetzwerkArt.BUENDNIS).values_list("name", flat=True)
    ) == {"Lokales Bündnis für Familie Saarlouis", "Faire Stadt Saarlouis"}
    koordiniert = Netzwerk.objects.filter(koordination__email="netzwerk@example.org")
    assert koordiniert.count() >= 2
    assert Netzwerk.objects.filter(oeffentlich=False).exists()
    assert all(n.ist_demo for n in Netzwerk.objects.all())
