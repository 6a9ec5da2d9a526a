from sorgekreise.models import Helfende, Hilfeanfrage


def test_fixtures_build(anfrage, helfende, anderer_kreis, ortsleitung, planer, beratung):
    assert list(Hilfeanfrage.objects.for_user(ortsleitung)) == [anfrage]
    assert list(Helfende.objects.for_user(ortsleitung)) == [helfende]
    assert not Hilfeanfrage.objects.for_user(beratung).exists()
    assert anfrage.can_change(planer)
    assert anfrage.can_change(ortsleitung)
    assert not anfrage.can_change(beratung)
