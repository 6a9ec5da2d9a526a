"""Named users, one per role, plus an outsider: use them by name, never by position."""

import datetime as dt
import os

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.models import Group

from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import MFA_REQUIRED, Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt

PASSWORD = "Richtig-Langes-Passwort-2026"


def pytest_configure(config):
    """TEST_CLOCK_OFFSET_DAYS=365 (or -365) runs the whole suite with the clock moved, ticking.

    No test may depend on today's date; `make test-clock` proves it a year ahead and a year back.
    Tests that travel themselves still do so (time-machine nests)."""
    offset = os.environ.get("TEST_CLOCK_OFFSET_DAYS", "").strip()
    if offset:
        destination = dt.datetime.now(dt.UTC) + dt.timedelta(days=int(offset))
        time_machine.travel(destination, tick=True).start()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache. The database cache is rolled back with each test;
    Redis (set in the second CI run) would carry them into the next test."""
    yield
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        cache.clear()


@pytest.fixture(autouse=True)
def _german_after_each_test():
    """A request to /tr/... leaves Turkish active in the test's thread (Django resets it only at
    the next request), so a later reverse() or message would come out Turkish."""
    yield
    from django.utils import translation

    translation.activate("de")


def make_user(email: str, rolle: Rolle | None = None, *, mfa: bool | None = None, **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    if rolle:
        user.groups.add(Group.objects.get(name=rolle.value))
    # Roles that must use a second factor get one, as they would in real life.
    if mfa if mfa is not None else (rolle in MFA_REQUIRED or extra.get("is_superuser")):
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt("JBSWY3DPEHPK3PXP")}
        )
    return user


@pytest.fixture
def planer(db):
    return make_user("planer@example.org", Rolle.SOZIALPLANUNG, first_name="Paula")


@pytest.fixture
def koordination(db):
    return make_user("koordination@example.org", Rolle.NETZWERKKOORDINATION)


@pytest.fixture
def ortsleitung(db):
    return make_user("ortsleitung@example.org", Rolle.ORTSLEITUNG)


@pytest.fixture
def beratung(db):
    return make_user("beratung@example.org", Rolle.BERATUNG)


@pytest.fixture
def berichtswesen(db):
    return make_user("bericht@example.org", Rolle.BERICHTSWESEN)


@pytest.fixture
def outsider(db):
    """Logged in, but without any portal role."""
    return make_user("outsider@example.org")


@pytest.fixture
def administrator(db):
    return make_user("admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def users_by_role(planer, koordination, ortsleitung, beratung, berichtswesen, outsider):
    return {
        "planer": planer,
        "koordination": koordination,
        "ortsleitung": ortsleitung,
        "beratung": beratung,
        "berichtswesen": berichtswesen,
        "outsider": outsider,
    }


# Master data shared by many modules


@pytest.fixture
def saarlouis(db):
    kreis = Gebiet.objects.create(name="Landkreis Saarlouis", art=GebietArt.LANDKREIS)
    return Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE, eltern=kreis)


@pytest.fixture
def roden(saarlouis):
    return Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=saarlouis)


@pytest.fixture
def roden_nord(roden):
    return Gebiet.objects.create(
        name="Roden Nord", art=GebietArt.SOZIALRAUM, eltern=roden, einwohnerzahl=3400
    )


@pytest.fixture
def traeger(db):
    return Organisation.objects.create(name="Sozialbüro Saarlouis", art=OrganisationArt.TRAEGER)
