"""The demo data grown by a factor, for the page benchmark (bench/pages.py): ``seed_scale``.

On top of ``seed_demo``, every row of the portal's own data (organisations and their contact
persons, networks with members, meetings and measures, places with opening hours and offers,
Sorgekreise with Helfende and Hilfeanfragen, Anlaufstellen and Sprechstunden with their slots
and bookings, indicators with their values, reports with their chapters) is copied
``factor - 1`` times, so there are ``factor`` times as many. A copy keeps its original's flags
(a public place stays public, a published chapter stays published) and points at the copies of
the same round (copy 7 of a membership joins copy 7 of the network and of the organisation);
master data (areas, topics, languages, SGB books) and the staff accounts are shared. Names that
must be unique get a number. Slots come from ``generate_slots``; each copied Sprechstunde gets
a booking on every fourth of its slots. Last, one published chapter with many values: a table
of up to ``CHAPTER_COPIES`` copies of all indicators over all areas, and a time series.

Rows are written with ``bulk_create`` (no signals, no audit entries): 100x takes about a minute.
Not for production data: a benchmark database only (``bench/settings.py`` installs the command).
"""

import secrets
import uuid
from collections import defaultdict

from django.apps import apps
from django.db import models, transaction

# Copied in this order: each model only points at models before it (or at shared data).
MODELS = [
    "stammdaten.Organisation",
    "stammdaten.Ansprechperson",
    "netzwerke.Netzwerk",
    "netzwerke.Mitgliedschaft",
    "netzwerke.Treffen",
    "netzwerke.Gespraech",
    "netzwerke.Massnahme",
    "netzwerke.Meilenstein",
    "netzwerke.Statuswechsel",
    "netzwerke.Nachhaltigkeitspruefung",
    "netzwerke.PruefBewertung",
    "begegnung.Ort",
    "begegnung.StufeErreicht",
    "begegnung.Partnerschaft",
    "begegnung.Oeffnungszeit",
    "begegnung.Ausnahme",
    "begegnung.Stelle",
    "begegnung.Angebot",
    "begegnung.AngebotTermin",
    "begegnung.Treffpunkt",
    "sorgekreise.Sorgekreis",
    "sorgekreise.Teilnahme",
    "sorgekreise.Treffen",
    "sorgekreise.Helfende",
    "sorgekreise.Verfuegbarkeit",
    "sorgekreise.Hilfeanfrage",
    "sorgekreise.Vermittlung",
    "sprechstunden.Anlaufstelle",
    "sprechstunden.Sprechstunde",
    "sprechstunden.Beratende",
    "sprechstunden.Schliesszeit",
    # Slots: generate_slots; bookings: below
    "sprechstunden.Hausbesuch",
    "berichte.Indikator",
    "berichte.Messwert",
    "berichte.Monitoring",
    "berichte.Bericht",
    "berichte.Kapitel",
    "berichte.KapitelStatuswechsel",
    "berichte.Baustein",
    "berichte.Empfehlung",
]
BATCH = 2000
BOOKING_EVERY = 4  # every fourth slot of a copied Sprechstunde is booked
CHAPTER_COPIES = 10  # the large chapter's table: at most this many copies of the indicators
CHAPTER_TITLE = "Kennzahlen im Überblick"


class Copies:
    """Old pk -> new pk, per model and copy number."""

    def __init__(self):
        self.pks = defaultdict(dict)  # (label, copy) -> {old: new}
        self.labels = set()  # the models copied so far

    def new(self, model, copy: int, old):
        return self.pks[(model._meta.label, copy)].get(old)

    def has(self, model) -> bool:
        return model._meta.label in self.labels


def _unique_value(field, value, copy: int):
    """A unique field's value for copy number ``copy`` (1, 2, …)."""
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if "token" in field.name or "hash" in field.name:
        return secrets.token_hex(field.max_length // 2 or 16) if value else value
    if isinstance(value, str):
        suffix = (
            f"-{copy + 1}"
            if isinstance(field, models.SlugField) or " " not in value
            else (f" ({copy + 1})")
        )
        return value[: (field.max_length or 1000) - len(suffix)] + suffix
    return value


def _copy_rows(model, copies: Copies, factor: int) -> int:
    """``factor - 1`` copies of every row of ``model`` and of its own many-to-many links."""
    originals = list(model.objects.order_by("pk"))
    if not originals:
        return 0
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # token_hash: unique where set (a conditional constraint), a fresh one for each copy.
    unique = {f.name for f in fields if (f.unique or f.name == "token_hash") and not f.is_relation}
    created = 0
    for copy in range(1, factor):
        rows = []
        for original in originals:
            values = {}
            for f in fields:
                value = getattr(original, f.attname)
                if f.is_relation and value is not None:
                    target = f.related_model
                    if target is model:
                        value = None  # a predecessor in the same model: left out
                    elif copies.has(target):
                        value = copies.new(target, copy, value)
                    if value is None and not f.null:
                        break  # its parent was not copied: neither is this row
                elif f.name in unique:
                    value = _unique_value(f, value, copy)
                values[f.attname] = value
            else:
                rows.append((original.pk, model(**values)))
        made = model.objects.bulk_create([row for _, row in rows], batch_size=BATCH)
        copies.pks[(model._meta.label, copy)] = {
            old: new.pk for (old, _), new in zip(rows, made, strict=True)
        }
        created += len(made)
    copies.labels.add(model._meta.label)
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        if not through._meta.auto_created:
            continue  # a model of its own, copied in its turn
        source = m2m.m2m_field_name()
        target = m2m.m2m_reverse_field_name()
        target_model = m2m.related_model
        links = list(through.objects.values_list(f"{source}_id", f"{target}_id"))
        for copy in range(1, factor):
            mapped = copies.pks[(model._meta.label, copy)]
            new_links = []
            for old_source, old_target in links:
                new_target = old_target
                if copies.has(target_model):
                    new_target = copies.new(target_model, copy, old_target)
                if old_source in mapped and new_target is not None:
                    new_links.append(
                        through(**{f"{source}_id": mapped[old_source], f"{target}_id": new_target})
                    )
            through.objects.bulk_create(new_links, batch_size=BATCH, ignore_conflicts=True)
    return created


def _slots_and_bookings(copies: Copies, factor: int) -> tuple[int, int]:
    """Slots of the copied Sprechstunden (generate_slots), and bookings: the demo's bookings on
    the same slots of each copy, and a booking on every fourth slot besides."""
    from django.db.models import Min
    from django.utils import timezone

    from sprechstunden.models import BELEGEND, Buchung, Sprechstunde, Termin, new_buchungscode
    from sprechstunden.services.slots import generate_slots, materialise_past_slots

    new_ids = [
        copies.pks[("sprechstunden.Sprechstunde", copy)][old]
        for copy in range(1, factor)
        for old in copies.pks[("sprechstunden.Sprechstunde", copy)]
    ]
    # The demo's past slots (its year of consultations) from the same first day on.
    erste = Termin.objects.exclude(sprechstunde__in=new_ids).aggregate(erste=Min("beginn"))["erste"]
    for sprechstunde in Sprechstunde.objects.filter(pk__in=new_ids):
        generate_slots(sprechstunde)
        if erste is not None:
            materialise_past_slots(sprechstunde, timezone.localdate(erste), timezone.localdate())
    vorlagen = list(Buchung.objects.filter(status__in=BELEGEND).select_related("termin"))
    if not vorlagen:
        return Termin.objects.filter(sprechstunde__in=new_ids).count(), 0
    slots = defaultdict(list)  # Sprechstunde -> [(beginn, Termin pk), …]
    for pk, sprechstunde, beginn in (
        Termin.objects.filter(sprechstunde__in=new_ids)
        .order_by("beginn")
        .values_list("pk", "sprechstunde_id", "beginn")
    ):
        slots[sprechstunde].append((beginn, pk))
    fields = [f for f in Buchung._meta.concrete_fields if not f.primary_key and f.name != "termin"]
    bookings = []
    # Tens of thousands of random codes would meet one twice; the portal retries a taken code.
    codes = set(Buchung.objects.exclude(code="").values_list("code", flat=True))

    def unique_code() -> str:
        code = new_buchungscode()
        while code in codes:
            code = new_buchungscode()
        codes.add(code)
        return code

    for copy in range(1, factor):
        mapped = copies.pks[("sprechstunden.Sprechstunde", copy)]
        for old, new in mapped.items():
            mine = [v for v in vorlagen if v.termin.sprechstunde_id == old] or vorlagen[:1]
            taken = {v.termin.beginn for v in mine}
            chosen = [pk for beginn, pk in slots[new] if beginn in taken]
            chosen += [pk for n, (beginn, pk) in enumerate(slots[new]) if n % BOOKING_EVERY == 1]
            for n, termin in enumerate(dict.fromkeys(chosen)):
                vorlage = mine[n % len(mine)]
                values = {f.attname: getattr(vorlage, f.attname) for f in fields}
                values["token_hash"] = secrets.token_hex(32)
                values["code"] = unique_code() if values["code"] else ""
                bookings.append(Buchung(termin_id=termin, **{**values, "platz": 1}))
    Buchung.objects.bulk_create(bookings, batch_size=BATCH)
    return Termin.objects.filter(sprechstunde__in=new_ids).count(), len(bookings)


def _large_chapter(factor: int):
    """A published chapter of the first report with many values: a table of copies of all
    indicators over all areas, and a time series of one indicator over all areas."""
    from django.db.models import Max

    from berichte import services
    from berichte.models import (
        Baustein,
        BausteinArt,
        Bericht,
        Indikator,
        Kapitel,
        Messwert,
        Workflow,
    )
    from saarlouis_portal.stammdaten.models import Gebiet

    bericht = Bericht.objects.order_by("pk").first()
    if bericht is None:
        return None
    indikatoren = list(Indikator.objects.order_by("pk"))
    per_copy = max(1, len(indikatoren) // max(factor, 1))
    table = indikatoren[: per_copy * min(factor, CHAPTER_COPIES)]
    raeume = list(Gebiet.objects.within(bericht.gebiet).sozialraeume())
    jahr = Messwert.objects.aggregate(j=Max("jahr"))["j"]
    kapitel = Kapitel.objects.create(bericht=bericht, titel=CHAPTER_TITLE, reihenfolge=99)
    # As the demo's tables: no areas chosen, so every Sozialraum of the report's area.
    block = Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.TABELLE, titel="Alle Kennzahlen", reihenfolge=0
    )
    block.indikatoren.set(table)
    if table and jahr:
        series = Baustein.objects.create(
            kapitel=kapitel,
            art=BausteinArt.ZEITREIHE,
            titel="Entwicklung in allen Sozialräumen",
            reihenfolge=1,
            jahr_von=jahr - 5,
            jahr_bis=jahr,
        )
        series.indikatoren.set(table[:1])
        series.gebiete.set(raeume)
    services.change_status(kapitel, Workflow.PRUEFUNG, None, "Benchmark")
    services.change_status(kapitel, Workflow.VEROEFFENTLICHT, None, "Benchmark")
    return kapitel


def seed_scale(factor: int, stdout=None) -> dict[str, int]:
    """Grow the data to ``factor`` times the rows it has; returns the rows created per model."""
    if factor < 2:
        raise ValueError("factor must be 2 or more")
    created = {}
    copies = Copies()
    with transaction.atomic():
        for label in MODELS:
            model = apps.get_model(label)
            created[label] = _copy_rows(model, copies, factor)
            if label == "sprechstunden.Schliesszeit":
                slots, bookings = _slots_and_bookings(copies, factor)
                created["sprechstunden.Termin"] = slots
                created["sprechstunden.Buchung"] = bookings
        kapitel = _large_chapter(factor)
    _bump_public_caches()
    if stdout is not None:
        total = sum(created.values())
        stdout.write(f"  seed_scale {factor}x: {total} rows in {len(created)} models\n")
        if kapitel is not None:
            stdout.write(f"  large published chapter: /berichte/kapitel/{kapitel.pk}/\n")
    return created


def _bump_public_caches() -> None:
    """bulk_create sends no signals: tell the page caches that the data changed."""
    from begegnung.hsds import ablage
    from sprechstunden import public_cache

    ablage.bump()
    public_cache.bump()
