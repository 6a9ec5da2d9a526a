"""The public catalogues are complete: every public text translated in every language, plural
forms right, placeholders kept, the compiled files current, nothing public left unextracted."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "de"]
PLURALS = {"en": 2, "fr": 2, "tr": 2, "ar": 6, "uk": 3}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _unquote(line: str) -> str:
    return (
        line[line.index('"') + 1 : line.rindex('"')]
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr (a list), flags, msgctxt."""
    entries, entry, field = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set(), "ctx": ""}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            field, entry["ctx"] = ("ctx", None), _unquote(line)
        elif line.startswith("msgid_plural "):
            field, entry["msgid_plural"] = ("msgid_plural", None), _unquote(line)
        elif line.startswith("msgid "):
            field, entry["msgid"] = ("msgid", None), _unquote(line)
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            field = ("msgstr", index)
            entry["msgstr"][index] = _unquote(line)
        elif line.startswith("msgstr "):
            field = ("msgstr", 0)
            entry["msgstr"][0] = _unquote(line)
        elif line.startswith('"') and field:
            name, index = field
            if name == "msgstr":
                entry["msgstr"][index] += _unquote(line)
            else:
                entry[name] += _unquote(line)
    return [e for e in entries if e["msgid"]]


def _po(code: str) -> Path:
    return ROOT / "locale" / code / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_public_text_is_translated_and_none_is_fuzzy(code):
    missing = [
        e["msgid"][:60]
        for e in parse_po(_po(code))
        if "fuzzy" in e["flags"] or not all(e["msgstr"].values()) or not e["msgstr"]
    ]
    assert missing == [], f"{len(missing)} untranslated or fuzzy in {code}: {missing[:10]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_plural_forms_match_the_language(code):
    header = _po(code).read_text(encoding="utf-8")
    assert f"nplurals={PLURALS[code]};" in header
    wrong = [
        e["msgid"][:60]
        for e in parse_po(_po(code))
        if e["msgid_plural"] is not None and sorted(e["msgstr"]) != list(range(PLURALS[code]))
    ]
    assert wrong == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_are_kept(code):
    wrong = []
    for e in parse_po(_po(code)):
        source = set(PLACEHOLDER.findall(e["msgid"] + (e["msgid_plural"] or "")))
        for index, text in e["msgstr"].items():
            # A singular form may leave out the number ("one appointment"), never a name.
            found = set(PLACEHOLDER.findall(text))
            allowed_missing = {"anzahl", "count", "n", ""} if e["msgid_plural"] else set()
            if text and (found - source or source - found - allowed_missing):
                wrong.append((e["msgid"][:50], index))
    assert wrong == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalogue_is_current(code):
    mo = _po(code).with_suffix(".mo")
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for e in parse_po(_po(code)):
        if e["msgid_plural"] is not None or "fuzzy" in e["flags"] or not e["msgstr"].get(0):
            continue
        key = f"{e['ctx']}\x04{e['msgid']}" if e["ctx"] else e["msgid"]
        if catalogue._catalog.get(key) != e["msgstr"][0]:
            stale.append(e["msgid"][:60])
    assert stale == [], "run make messages (it compiles the catalogues)"


def test_the_catalogues_hold_every_public_text_of_the_code(tmp_path):
    """makemessages over the code (with the Makefile's ignore list) finds nothing new."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed: apt-get install gettext")
    makefile = (ROOT / "Makefile").read_text()
    ignore = re.search(r"^MESSAGES_IGNORE := (.*)$", makefile, re.M)[1].split()
    work = tmp_path / "tree"
    work.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in {"locale", ".git", ".venv", "node_modules", "staticfiles"}:
            continue
        (work / entry.name).symlink_to(entry)
    (work / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(_po("en"), work / "locale" / "en" / "LC_MESSAGES" / "django.po")
    # The copy, not the repository's catalogue, must be the one makemessages updates.
    (tmp_path / "isolated_settings.py").write_text(
        f"from tests.settings import *  # noqa: F403\nLOCALE_PATHS = [{str(work / 'locale')!r}]\n"
    )
    command = [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"]
    command += ["--symlinks", *(f"--ignore={pattern}" for pattern in ignore)]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "isolated_settings",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
    }
    subprocess.run(command, cwd=work, env=env, check=True, capture_output=True)
    fresh = {(e["ctx"], e["msgid"]) for e in parse_po(work / "locale/en/LC_MESSAGES/django.po")}
    known = {(e["ctx"], e["msgid"]) for e in parse_po(_po("en"))}
    assert sorted(fresh - known) == [], "run make messages and translate the new texts"
