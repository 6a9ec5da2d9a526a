"""Shared fixtures of the Berichte tests (indicators and reports); add new shared fixtures at
the end of the section they belong to."""

import pytest

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

# --- Areas and indicators --------------------------------------------------------------------


@pytest.fixture
def saarlouis_stadt(db):
    return Gebiet.objects.create(
        name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE, einwohnerzahl=34000
    )


# --- Reports ---------------------------------------------------------------------------------
