import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from saarlouis_portal.konten.access import get_changeable_or_403, get_visible_or_404
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation


@pytest.fixture
def gebiet(db):
    return Gebiet.objects.create(name="Gniebel", art=GebietArt.GEMEINDE)


def test_outsiders_do_not_see_objects(outsider, gebiet):
    with pytest.raises(Http404):
        get_visible_or_404(Gebiet.objects, outsider, pk=gebiet.pk)


def test_staff_see_but_only_planning_changes_areas(planer, beratung, gebiet):
    assert get_visible_or_404(Gebiet.objects, beratung, pk=gebiet.pk) == gebiet
    with pytest.raises(PermissionDenied):
        get_changeable_or_403(Gebiet.objects, beratung, pk=gebiet.pk)
    assert get_changeable_or_403(Gebiet.objects, planer, pk=gebiet.pk) == gebiet


def test_inactive_users_have_no_role(planer):
    planer.is_active = False
    assert not planer.has_rolle(*planer.rollen)
    assert Organisation.objects.for_user(planer).exists() is False


def test_anonymous_users_see_nothing(gebiet):
    from django.contrib.auth.models import AnonymousUser

    assert not Gebiet.objects.for_user(AnonymousUser()).exists()
