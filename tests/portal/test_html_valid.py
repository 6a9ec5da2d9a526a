"""The public pages are valid HTML in every language: the Nu HTML Checker (npm vnu-jar, run by
Java) reports no error on the demo data's pages. CI installs Java; elsewhere the test skips
with the command that installs it."""

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from begegnung.models import Ort
from berichte.models import Kapitel
from netzwerke.models import Netzwerk
from sorgekreise.models import Sorgekreis
from sprechstunden.models import Sprechstunde, Termin

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
STATIC_PAGES = [
    "/",
    "/sprechstunden/",
    "/sprechstunden/hausbesuch/",
    "/orte/",
    "/orte/karte/",
    "/netzwerke/",
    "/netzwerke/massnahmen/",
    "/sorgekreise/",
    "/sorgekreise/hilfe/",
    "/sorgekreise/mithelfen/",
    "/berichte/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/gebaerdensprache/",
]


def _java() -> str | None:
    return shutil.which("java")


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses to run on a production setup
    call_command("seed_demo", stdout=io.StringIO())


def _data_pages() -> list[str]:
    sprechstunde = Sprechstunde.objects.public().first()
    termin = Termin.objects.bookable().filter(sprechstunde=sprechstunde).first()
    kapitel = Kapitel.objects.public().first()
    return [
        f"/sprechstunden/{sprechstunde.pk}/",
        f"/sprechstunden/termin/{termin.pk}/buchen/",
        f"/orte/{Ort.objects.public().first().pk}/",
        f"/netzwerke/{Netzwerk.objects.public().first().pk}/",
        f"/sorgekreise/{Sorgekreis.objects.public().first().pk}/",
        f"/berichte/{kapitel.bericht_id}/",
        f"/berichte/kapitel/{kapitel.pk}/",
    ]


def test_public_pages_are_valid_html_in_every_language(client, demo, tmp_path):
    if not (_java() and VNU.exists()):
        reason = (
            "Nu HTML Checker needs Java and npm's vnu-jar: apt-get install default-jre-headless"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    files = []
    for code in LANGUAGES:
        prefix = "" if code == "de" else f"/{code}"
        for path in STATIC_PAGES + _data_pages():
            response = client.get(prefix + path)
            assert response.status_code == 200, prefix + path
            direction = "rtl" if code == "ar" else "ltr"
            assert f'<html lang="{code}" dir="{direction}">' in response.content.decode(), path
            name = f"{code}{path}".strip("/").replace("/", "_") or code
            target = tmp_path / f"{name}.html"
            target.write_bytes(response.content)
            files.append(str(target))
    result = subprocess.run(
        [
            _java(),
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors[:40])
