from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from saarlouis_portal.konten.models import User
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation


def run(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_it_loads_both_municipalities_and_one_login_per_role(db, settings):
    settings.DEBUG = True
    output = run()
    saarlouis = Gebiet.objects.get(name="Kreisstadt Saarlouis")
    stadtteile = set(
        saarlouis.kinder.filter(art=GebietArt.STADTTEIL).values_list("name", flat=True)
    )
    assert stadtteile == {
        "Innenstadt",
        "Beaumarais",
        "Fraulautern",
        "Lisdorf",
        "Neuforweiler",
        "Picard",
        "Roden",
        "Steinrausch",
    }
    for stadtteil in saarlouis.kinder.filter(art=GebietArt.STADTTEIL):
        assert stadtteil.kinder.filter(art=GebietArt.SOZIALRAUM).exists(), stadtteil
    pliezhausen = Gebiet.objects.get(name="Gemeinde Pliezhausen")
    assert pliezhausen.eltern.name == "Landkreis Reutlingen"
    assert set(pliezhausen.kinder.values_list("name", flat=True)) == {
        "Pliezhausen",
        "Dörnach",
        "Gniebel",
        "Rübgarten",
    }
    assert Organisation.objects.filter(name="Jugendamt Reutlingen").exists()
    assert Organisation.objects.filter(name="Diakoniestation Metzingen").exists()
    assert not Gebiet.objects.filter(einwohnerzahl__isnull=False, ist_demo=False).exists()
    for email in [
        "sozialplanung@example.org",
        "netzwerk@example.org",
        "ortsleitung@example.org",
        "beratung@example.org",
        "bericht@example.org",
        "admin@example.org",
    ]:
        assert email in output
        assert User.objects.get(email=email).check_password("Demo-Portal-2026")


def test_running_it_twice_changes_nothing(db, settings):
    settings.DEBUG = True
    run()
    counts = (Gebiet.objects.count(), Organisation.objects.count(), User.objects.count())
    run()
    assert (Gebiet.objects.count(), Organisation.objects.count(), User.objects.count()) == counts


def test_dry_run_saves_nothing(db, settings):
    settings.DEBUG = True
    assert "Probelauf" in run(dry_run=True)
    assert not Gebiet.objects.exists()


def test_it_refuses_to_create_known_passwords_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run()
    assert not User.objects.exists()


def test_it_loads_the_pliezhausen_sprechstunden_with_slots(db, settings):
    from sprechstunden.models import Sprechstunde, Termin

    settings.DEBUG = True
    run()
    pliezhausen = Sprechstunde.objects.filter(anlaufstelle__name="Büro im Rathaus Pliezhausen")
    titles = set(pliezhausen.values_list("titel", flat=True))
    assert titles == {"Soziale Sprechstunde am Vormittag", "Soziale Sprechstunde am Nachmittag"}
    employers = set(
        Sprechstunde.objects.values_list("beratende_zuordnungen__traeger__name", flat=True)
    )
    assert employers == {"Jugendamt Reutlingen", "Diakoniestation Metzingen"}
    assert Termin.objects.bookable().count() > 5
    run()
    assert pliezhausen.count() == 2
    # The second pilot site of the Landkreis (tests/sprechstunden/test_demo.py)
    assert Sprechstunde.objects.count() == 3
