from netzwerke.models import Netzwerk


def test_coordinator_sees_own_and_public_networks_but_not_foreign_internal(
    netzwerk, fremdes_netzwerk, koordination, planer
):
    assert list(Netzwerk.objects.for_user(koordination)) == [netzwerk]
    assert set(Netzwerk.objects.for_user(planer)) == {netzwerk, fremdes_netzwerk}
    assert netzwerk.can_change(koordination)
    assert not fremdes_netzwerk.can_change(koordination)
