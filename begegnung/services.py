"""Changes and computations of the Orte der Begegnung: stage changes with their history, the
stage checklist, opening hours ("open now"), saving an offer with its single dates, and the next
dates of offers. Functions take model instances and plain values, never forms.

The computations read related rows through ``.all()`` so a caller that prefetched them (lists,
the overview) pays no query per place.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from begegnung.hsds import ablage
from begegnung.models import (
    STUFEN_REIHENFOLGE,
    Angebot,
    AngebotTermin,
    Ausnahme,
    KriteriumArt,
    Oeffnungszeit,
    Ort,
    PartnerRolle,
    StufeErreicht,
    Stufenkriterium,
    Wiederholung,
    Wochentag,
)

TRAGENDE_ROLLEN = (PartnerRolle.TRAEGER, PartnerRolle.MITTRAEGER)


def local_now() -> datetime:
    return timezone.localtime(timezone.now(), timezone.get_default_timezone())


# Stages


def next_stufe(stufe: str) -> str | None:
    index = STUFEN_REIHENFOLGE.index(stufe)
    return STUFEN_REIHENFOLGE[index + 1] if index + 1 < len(STUFEN_REIHENFOLGE) else None


def stufen_zwischen(von: str | None, bis: str) -> list[str]:
    """The stages above ``von`` up to and including ``bis`` (from the first stage when ``von``
    is None; empty when ``bis`` is not above ``von``)."""
    start = STUFEN_REIHENFOLGE.index(von) + 1 if von else 0
    return STUFEN_REIHENFOLGE[start : STUFEN_REIHENFOLGE.index(bis) + 1]


@transaction.atomic
def set_stufe(
    ort: Ort,
    stufe: str,
    erreicht_am: date | None = None,
    *,
    begruendung: str = "",
    antrag=None,
) -> Ort:
    """Set the current stage and record when it was reached (today unless a date is given),
    why it was given although its criteria were not met (``begruendung``) and on which
    request (``antrag``). Stages above the new one are dropped from the history: the place no
    longer holds them."""
    ort.stufe = stufe
    ort.save(update_fields=["stufe", "geaendert_am"])
    rang = STUFEN_REIHENFOLGE.index(stufe)
    ort.stufen.filter(stufe__in=STUFEN_REIHENFOLGE[rang + 1 :]).delete()
    eintrag, created = StufeErreicht.objects.get_or_create(
        ort=ort,
        stufe=stufe,
        defaults={
            "erreicht_am": erreicht_am or timezone.localdate(),
            "begruendung": begruendung,
            "antrag": antrag,
        },
    )
    if not created and erreicht_am and erreicht_am != eintrag.erreicht_am:
        eintrag.erreicht_am = erreicht_am
        eintrag.save(update_fields=["erreicht_am"])
    return ort


# Stage checklist


@dataclass(frozen=True)
class Pruefpunkt:
    kriterium: Stufenkriterium
    ist: Decimal
    erfuellt: bool


def is_running(angebot: Angebot, heute: date) -> bool:
    return (angebot.gueltig_ab is None or angebot.gueltig_ab <= heute) and (
        angebot.gueltig_bis is None or angebot.gueltig_bis >= heute
    )


def _hours(zeit: Oeffnungszeit) -> Decimal:
    start = datetime.combine(date.min, zeit.beginn)
    ende = datetime.combine(date.min, zeit.ende)
    return Decimal((ende - start).total_seconds()) / 3600


def compute_kennzahlen(ort: Ort, heute: date | None = None) -> dict[str, Decimal]:
    """The measured values the checklist compares with its thresholds (all zero for a place
    not saved yet: it has no hours, posts, partners or offers)."""
    if ort.pk is None:
        return {art: Decimal(0) for art in KriteriumArt.values}
    heute = heute or timezone.localdate()
    oeffnungszeiten = list(ort.oeffnungszeiten.all())
    stellen = list(ort.stellen.all())
    return {
        KriteriumArt.MIN_FACHBEREICHE: Decimal(len({s.fachbereich for s in stellen})),
        KriteriumArt.MIN_TRAEGER: Decimal(
            sum(1 for p in ort.partnerschaften.all() if p.rolle in TRAGENDE_ROLLEN)
        ),
        KriteriumArt.MIN_STELLEN: sum((s.anteil for s in stellen), Decimal(0)),
        KriteriumArt.MIN_OEFFNUNGSSTUNDEN: sum(
            (_hours(z) for z in oeffnungszeiten), Decimal(0)
        ).quantize(Decimal("0.01")),
        KriteriumArt.MIN_OEFFNUNGSTAGE: Decimal(len({z.wochentag for z in oeffnungszeiten})),
        KriteriumArt.MIN_ANGEBOTE: Decimal(
            sum(1 for a in ort.angebote.all() if is_running(a, heute))
        ),
    }


def active_kriterien() -> dict[str, list[Stufenkriterium]]:
    nach_stufe = defaultdict(list)
    for kriterium in Stufenkriterium.objects.filter(aktiv=True):
        nach_stufe[kriterium.stufe].append(kriterium)
    return nach_stufe


def build_checkliste(
    ort: Ort, kriterien: dict[str, list[Stufenkriterium]] | None = None
) -> list[Pruefpunkt]:
    """What the place has and needs for its next stage (empty at the top stage)."""
    ziel = next_stufe(ort.stufe)
    if ziel is None:
        return []
    return build_checkliste_bis(ort, ziel, von=ort.stufe, kriterien=kriterien)


def build_checkliste_bis(
    ort: Ort,
    bis: str,
    *,
    von: str | None,
    kriterien: dict[str, list[Stufenkriterium]] | None = None,
) -> list[Pruefpunkt]:
    """The criteria of every stage a place passes from ``von`` (None: a new place) to ``bis``
    with what it has: a place that skips a stage must meet that stage's criteria too."""
    stufen = stufen_zwischen(von, bis)
    if not stufen:
        return []
    kriterien = active_kriterien() if kriterien is None else kriterien
    werte = compute_kennzahlen(ort)
    return [
        Pruefpunkt(k, werte[k.art], werte[k.art] >= k.schwellwert)
        for stufe in stufen
        for k in kriterien.get(stufe, [])
    ]


def with_kennzahlen(queryset):
    """Prefetch what ``compute_kennzahlen`` reads, so lists compute the checklist without N+1."""
    return queryset.prefetch_related(
        "oeffnungszeiten", "stellen", "partnerschaften", Prefetch("angebote", Angebot.objects.all())
    )


# Opening hours


def zeiten_on(ort: Ort, tag: date) -> tuple[list[tuple[time, time]], list[Ausnahme]]:
    """The periods the place is open on ``tag`` and the exceptions that decided it. An exception
    on a date replaces the regular hours of that date."""
    ausnahmen = [a for a in ort.ausnahmen.all() if a.datum == tag]
    if ausnahmen:
        perioden = [(a.beginn, a.ende) for a in ausnahmen if not a.geschlossen]
        return sorted(perioden), ausnahmen
    perioden = [
        (z.beginn, z.ende) for z in ort.oeffnungszeiten.all() if z.wochentag == tag.weekday()
    ]
    return sorted(perioden), []


def is_open(ort: Ort, zeitpunkt: datetime | None = None) -> bool:
    zeitpunkt = timezone.localtime(zeitpunkt or timezone.now(), timezone.get_default_timezone())
    perioden, _ausnahmen = zeiten_on(ort, zeitpunkt.date())
    uhrzeit = zeitpunkt.time()
    return any(beginn <= uhrzeit < ende for beginn, ende in perioden)


def open_filter(zeitpunkt: datetime | None = None) -> Q:
    """The same rule as ``is_open`` as a database condition on ``Ort``."""
    zeitpunkt = timezone.localtime(zeitpunkt or timezone.now(), timezone.get_default_timezone())
    tag, uhrzeit = zeitpunkt.date(), zeitpunkt.time()
    mit_ausnahme = Ausnahme.objects.filter(datum=tag).values("ort_id")
    regulaer = Oeffnungszeit.objects.filter(
        wochentag=tag.weekday(), beginn__lte=uhrzeit, ende__gt=uhrzeit
    ).values("ort_id")
    abweichend = Ausnahme.objects.filter(
        datum=tag, geschlossen=False, beginn__lte=uhrzeit, ende__gt=uhrzeit
    ).values("ort_id")
    return (Q(pk__in=regulaer) & ~Q(pk__in=mit_ausnahme)) | Q(pk__in=abweichend)


def build_wochenplan(ort: Ort) -> list[tuple[int, str, list[Oeffnungszeit]]]:
    """Monday to Sunday with their periods (empty list: closed)."""
    nach_tag = defaultdict(list)
    for zeit in ort.oeffnungszeiten.all():
        nach_tag[zeit.wochentag].append(zeit)
    return [(tag.value, tag.label, nach_tag.get(tag.value, [])) for tag in Wochentag]


def check_perioden(perioden: list[tuple[int, time, time]]) -> list[str]:
    """Messages for periods that end before they start or overlap another on the same day.
    ``perioden`` are (weekday, start, end); used by the opening-hours formset."""
    fehler = []
    nach_tag = defaultdict(list)
    for tag, beginn, ende in perioden:
        if ende <= beginn:
            fehler.append(
                _("Eine Öffnungszeit endet vor ihrem Beginn (%(von)s–%(bis)s).")
                % {"von": f"{beginn:%H:%M}", "bis": f"{ende:%H:%M}"}
            )
            continue
        nach_tag[tag].append((beginn, ende))
    for tag, liste in sorted(nach_tag.items()):
        liste.sort()
        for (b1, e1), (b2, e2) in zip(liste, liste[1:], strict=False):
            if b2 < e1:
                fehler.append(
                    _("Am %(tag)s überschneiden sich %(a)s und %(b)s.")
                    % {
                        "tag": Wochentag(tag).label,
                        "a": f"{b1:%H:%M}–{e1:%H:%M}",
                        "b": f"{b2:%H:%M}–{e2:%H:%M}",
                    }
                )
    return fehler


@transaction.atomic
def save_oeffnungszeiten(ort: Ort, perioden: list[tuple[int, time, time]]) -> None:
    """Replace the regular opening hours of a place (the form validated them)."""
    ort.oeffnungszeiten.all().delete()
    Oeffnungszeit.objects.bulk_create(
        Oeffnungszeit(ort=ort, wochentag=tag, beginn=beginn, ende=ende)
        for tag, beginn, ende in sorted(perioden)
    )
    Ort.objects.filter(pk=ort.pk).update(geaendert_am=timezone.now())
    # bulk_create and update send no signals: the stored HSDS export must learn of the change.
    ablage.changed()


# Offers


_WOCHENTAGE = [weekday(i) for i in range(7)]


def build_rrule(angebot: Angebot, ab: date | None = None):
    """The dateutil rrule of a recurring offer from ``ab`` on (default: its first day), or
    None (single dates, incomplete data). Starting at ``ab`` keeps the iteration short."""
    if angebot.wiederholung == Wiederholung.EINZELTERMINE or angebot.wochentag is None:
        return None
    if angebot.beginn is None:
        return None
    erster_tag = max(d for d in (angebot.gueltig_ab, ab, date(2000, 1, 1)) if d is not None)
    start = datetime.combine(erster_tag, angebot.beginn)
    ende = datetime.combine(angebot.gueltig_bis, time.max) if angebot.gueltig_bis else None
    tag = _WOCHENTAGE[angebot.wochentag]
    if angebot.wiederholung == Wiederholung.MONATLICH:
        woche = angebot.woche_im_monat or 1
        return rrule(MONTHLY, dtstart=start, until=ende, byweekday=tag(woche))
    return rrule(WEEKLY, dtstart=start, until=ende, byweekday=tag)


def next_termine(angebot: Angebot, ab: datetime | None = None, anzahl: int = 3):
    """The next ``anzahl`` dates as (start, end) aware datetimes in Europe/Berlin. Single dates
    are read through ``angebot.termine.all()`` (prefetch them in lists)."""
    ab = timezone.localtime(ab or timezone.now(), timezone.get_default_timezone())
    naiv = ab.replace(tzinfo=None)
    ergebnis = []
    if angebot.wiederholung == Wiederholung.EINZELTERMINE:
        for termin in angebot.termine.all():
            start = datetime.combine(termin.datum, termin.beginn)
            if start >= naiv:
                ende = datetime.combine(termin.datum, termin.ende)
                ergebnis.append((start, ende))
        ergebnis.sort()
        ergebnis = ergebnis[:anzahl]
    else:
        r = build_rrule(angebot, ab.date())
        if r is None:
            return []
        start = r.after(naiv - timedelta(seconds=1), inc=True)
        while start is not None and len(ergebnis) < anzahl:
            ende = datetime.combine(start.date(), angebot.ende) if angebot.ende else None
            ergebnis.append((start, ende))
            start = r.after(start)
    zone = timezone.get_default_timezone()
    return [(s.replace(tzinfo=zone), e.replace(tzinfo=zone) if e else None) for s, e in ergebnis]


@transaction.atomic
def save_angebot(angebot: Angebot, daten: dict, termine: list[tuple[date, time, time]]) -> Angebot:
    """Save an offer (new or changed, ``angebot.ort`` set) with the validated values of its
    fields, its topics and languages, and replace its single dates by ``termine``
    (date, start, end)."""
    viele = {}
    for name, wert in daten.items():
        feld = Angebot._meta.get_field(name)
        if feld.many_to_many:
            viele[name] = wert
        else:
            setattr(angebot, name, wert)
    angebot.save()
    for name, werte in viele.items():
        getattr(angebot, name).set(werte)
    angebot.termine.all().delete()
    AngebotTermin.objects.bulk_create(
        AngebotTermin(angebot=angebot, datum=datum, beginn=beginn, ende=ende)
        for datum, beginn, ende in termine
    )
    return angebot


def describe_zeitplan(angebot: Angebot) -> str:
    """A short German description of the schedule, e.g. "jeden Dienstag, 15:00–17:00 Uhr"."""
    zeit = ""
    if angebot.beginn:
        zeit = f"{angebot.beginn:%H:%M}"
        if angebot.ende:
            zeit += f"–{angebot.ende:%H:%M}"
        zeit = _("%(zeit)s Uhr") % {"zeit": zeit}
    if angebot.wiederholung == Wiederholung.EINZELTERMINE:
        return str(_("an einzelnen Terminen"))
    if angebot.wochentag is None:
        return zeit
    tag = Wochentag(angebot.wochentag).label
    if angebot.wiederholung == Wiederholung.MONATLICH:
        ordinal = {
            1: _("ersten"),
            2: _("zweiten"),
            3: _("dritten"),
            4: _("vierten"),
            -1: _("letzten"),
        }.get(angebot.woche_im_monat or 1)
        text = _("jeden %(ordinal)s %(tag)s im Monat") % {"ordinal": ordinal, "tag": tag}
    else:
        text = _("jeden %(tag)s") % {"tag": tag}
    return f"{text}, {zeit}" if zeit else str(text)


@transaction.atomic
def save_rows(changed: list, deleted: list = ()) -> None:
    """Several rows of one list saved together (the stage history of a place, the stage
    criteria): all or none. The rows come from a formset's ``save(commit=False)``."""
    for obj in deleted:
        obj.delete()
    for obj in changed:
        obj.save()
