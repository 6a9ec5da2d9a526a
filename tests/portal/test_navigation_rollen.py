"""Every role sees only what it may open: a crawl of each demo role's navigation finds no 403.

The crawl starts at the cockpit with the demo data, follows every link on the portal's own pages
(breadth first, at most two URLs per view so the crawl stays small) and records every answer 403.
Downloads are left out (they are links to files, checked by their own tests).
"""

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from saarlouis_portal.konten.models import User

DEMO_ROLLEN = [
    "sozialplanung@example.org",
    "netzwerk@example.org",
    "ortsleitung@example.org",
    "beratung@example.org",
    "bericht@example.org",
]
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
# Links the crawl does not follow: logging out, the Django admin (its own permission system),
# language switches, files and exports.
AUSGELASSEN = re.compile(
    r"^/(accounts/logout|admin/|sprache/|static/|media/)"
    r"|\.(pdf|docx|xlsx|csv|zip|json|ics|svg|png)(\?|$)"
    r"|/export|/datei/|/herunterladen|/download|/kalender\.ics|/feed"
)
PRO_ANSICHT = 2
HOECHSTENS = 400


def _crawl(client, start: str = "/cockpit/") -> tuple[list[tuple[str, str]], int]:
    """Answers 403 as (url, page it was linked from), and the number of pages fetched."""
    gesehen_je_ansicht: dict[str, int] = {}
    besucht: set[str] = set()
    verboten: list[tuple[str, str]] = []
    schlange = deque([(start, "start")])
    abgerufen = 0
    while schlange and abgerufen < HOECHSTENS:
        url, herkunft = schlange.popleft()
        if url in besucht:
            continue
        besucht.add(url)
        pfad = urlsplit(url).path
        try:
            match = resolve(pfad)
        except Resolver404:
            continue
        ansicht = match.view_name
        if gesehen_je_ansicht.get(ansicht, 0) >= PRO_ANSICHT:
            continue
        gesehen_je_ansicht[ansicht] = gesehen_je_ansicht.get(ansicht, 0) + 1
        response = client.get(url)
        abgerufen += 1
        if response.status_code == 403:
            verboten.append((url, herkunft))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&")).url
            if not href.startswith("/") or href.startswith("//") or AUSGELASSEN.search(href):
                continue
            if href not in besucht:
                schlange.append((href, url))
    return verboten, abgerufen


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses on a production setup
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    # The demo users have no second factor yet; the roles that need one get it, as in real life.
    for user in User.objects.filter(email__in=DEMO_ROLLEN):
        Authenticator.objects.get_or_create(
            user=user,
            type=Authenticator.Type.TOTP,
            defaults={"data": {"secret": encrypt("JBSWY3DPEHPK3PXP")}},
        )


@pytest.mark.parametrize("email", DEMO_ROLLEN)
def test_no_link_in_a_roles_navigation_answers_403(demo, client, email):
    client.force_login(User.objects.get(email=email))
    verboten, abgerufen = _crawl(client)
    assert abgerufen > 20  # the crawl really walked the staff pages
    assert verboten == [], "\n".join(f"{url} (verlinkt auf {von})" for url, von in verboten)


def test_the_crawl_reports_a_403(demo, client):
    """Control: started at a page the role may not open, the crawl reports it."""
    client.force_login(User.objects.get(email="beratung@example.org"))
    verboten, _ = _crawl(client, start=reverse("netzwerke:gespraech_list"))
    assert verboten == [(reverse("netzwerke:gespraech_list"), "start")]
