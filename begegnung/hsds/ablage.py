"""The HSDS export built once per data change and served from Django's file storage.

Building the export reads every public place and offer: 1.8 s of CPU for the JSON of 1,100
places, 3.6 s for both files, far too much for each download. So the JSON and the zip are
built together, once, into ``default_storage`` (the media directory, or a shared bucket once
several hosts serve the portal), and every request after that reads the stored file and
answers conditional requests (``If-None-Match``, ``If-Modified-Since``) with 304.

When a new build is due, in the shared cache (Redis or the database), so every worker agrees:

- ``STAND_KEY`` holds the *data version*, a random token. Every change the export shows sets
  a new one once its transaction has committed (``transaction.on_commit``): saving or deleting
  a place, its hours, partners, staff posts, an offer or its dates, an organisation, a language
  or a topic, and changing the languages or topics of a place or offer (signals, connected in
  ``BegegnungConfig.ready``). Services that write rows without signals (``bulk_create``) call
  ``changed()`` themselves. The local date is part of the version too: an offer whose end date
  has passed reads differently the next day.
- Per language the cache holds which files belong to which version (``_meta_key``);
  ``aktuelle_datei`` names the current file, the view answers with it (or with 304). A request
  that finds them current serves them. If they are outdated, one worker builds anew (``add`` of
  a lock) while the others keep serving the previous files; only the very first request of a
  language, with nothing stored yet, waits for the build of another worker.

The storage keeps the current and the previous files of each language; older ones are deleted
when a new build is stored.
"""

import hashlib
import json
import secrets
import time
from contextlib import suppress
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.http import quote_etag

from begegnung.hsds.export import export_json
from begegnung.hsds.tabular import export_zip

STAND_KEY = "begegnung:opendata:stand"
ORDNER = "opendata/hsds"
# The longest a build may hold the lock; the others serve the previous files meanwhile.
BAU_SEKUNDEN = 120
# How long the first request of a language waits for another worker's build before it builds.
WARTE_SEKUNDEN = 30

FORMATE = {
    "json": "application/json",
    "zip": "application/zip",
}


def bump() -> None:
    """A new data version: the stored files are rebuilt at the next request."""
    cache.set(STAND_KEY, secrets.token_hex(8), None)


def changed(**kwargs) -> None:
    """Something the export shows has changed: a new version once the transaction commits."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed announces each change before and after it; the latter counts
    transaction.on_commit(bump)


def _meta_key(sprache: str) -> str:
    return f"begegnung:opendata:dateien:{sprache}"


def _aktueller_stand(gespeichert: str | None) -> str:
    stand = gespeichert
    if stand is None:
        stand = secrets.token_hex(8)
        if not cache.add(STAND_KEY, stand, None):
            stand = cache.get(STAND_KEY, stand)
    return f"{stand}:{timezone.localdate().isoformat()}"


def _build(sprache: str, stand: str, vorher: dict | None) -> dict:
    """Build both files in ``sprache``, store them, and record them under ``stand``."""
    with translation.override(sprache):
        data = export_json()
        inhalte = {
            "json": json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode(),
            "zip": export_zip(data),
        }
    meta = {"stand": stand, "erstellt": int(time.time()), "vorher": []}
    for endung, inhalt in inhalte.items():
        digest = hashlib.sha256(inhalt).hexdigest()
        name = default_storage.save(
            f"{ORDNER}/{sprache}/{digest[:20]}.{endung}", ContentFile(inhalt)
        )
        meta[endung] = {"name": name, "etag": quote_etag(digest[:32]), "groesse": len(inhalt)}
    if vorher:
        # Keep the previous files: a worker may be sending them right now.
        aktuell = {meta[e]["name"] for e in FORMATE}
        meta["vorher"] = [vorher[e]["name"] for e in FORMATE if vorher[e]["name"] not in aktuell]
        for name in vorher.get("vorher", []):
            if name not in aktuell:
                with suppress(OSError):
                    default_storage.delete(name)
    cache.set(_meta_key(sprache), meta, None)
    return meta


def _dateien(sprache: str) -> dict:
    """The stored files of the current version, built if needed (see the module docstring)."""
    key = _meta_key(sprache)
    found = cache.get_many([STAND_KEY, key])
    stand = _aktueller_stand(found.get(STAND_KEY))
    meta = found.get(key)
    if meta and meta["stand"] == stand:
        return meta
    lock = f"{key}:bau"
    if cache.add(lock, 1, BAU_SEKUNDEN):
        try:
            return _build(sprache, stand, meta)
        finally:
            cache.delete(lock)
    if meta:
        return meta  # another worker builds the new version; this one is a moment old
    ende = time.monotonic() + WARTE_SEKUNDEN
    while time.monotonic() < ende:
        time.sleep(0.25)
        meta = cache.get(key)
        if meta:
            return meta
    return _build(sprache, stand, None)


@dataclass(frozen=True)
class Datei:
    """One stored file of the export: where it is, its ETag and when it was built (epoch)."""

    name: str
    etag: str
    erstellt: int
    sprache: str
    endung: str

    @property
    def content_type(self) -> str:
        return FORMATE[self.endung]


def _lesen(name: str) -> bytes:
    with default_storage.open(name, "rb") as f:
        return f.read()


def lesen(datei: Datei) -> tuple[Datei, bytes]:
    """The file's bytes. If the file is gone (a cleaned media directory), both files are built
    again and the new one is returned with its bytes."""
    try:
        return datei, _lesen(datei.name)
    except OSError:
        cache.delete(_meta_key(datei.sprache))
        neu = aktuelle_datei(datei.endung, datei.sprache)
        return neu, _lesen(neu.name)


def aktuelle_datei(endung: str, sprache: str | None = None) -> Datei:
    """The stored file (``json`` or ``zip``) of the current data version in ``sprache`` (the
    active language), built first if needed."""
    sprache = sprache or translation.get_language() or "de"
    meta = _dateien(sprache)
    return Datei(
        name=meta[endung]["name"],
        etag=meta[endung]["etag"],
        erstellt=meta["erstellt"],
        sprache=sprache,
        endung=endung,
    )


def connect_signals() -> None:
    from begegnung import models
    from saarlouis_portal.stammdaten.models import Organisation, Sprache, Thema

    for model in (
        models.Ort,
        models.Oeffnungszeit,
        models.Partnerschaft,
        models.Stelle,
        models.Angebot,
        models.AngebotTermin,
        Organisation,
        Sprache,
        Thema,
    ):
        uid = f"begegnung_opendata_{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}_delete")
    for through in (
        models.Ort.sprachen.through,
        models.Angebot.themen.through,
        models.Angebot.sprachen.through,
    ):
        m2m_changed.connect(
            changed, sender=through, dispatch_uid=f"begegnung_opendata_m2m_{through.__name__}"
        )
