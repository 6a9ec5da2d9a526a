"""Which helpers suit a help request, best first, with the reasons shown to the coordinator.

Candidates are the helpers of the request's circle who offer the kind of help asked for.
Excluded (never listed): paused, left, new (not yet vetted) or anonymised helpers; helpers
without a valid extended police certificate when the kind of help needs one (e.g. childcare);
helpers without the language when the help is language mediation; helpers already proposed
for this request.

The rest are ranked by points, each with a reason the coordinator reads:

- area: same Sozialraum (30) > same Stadtteil (20) > same Gemeinde (10) > elsewhere (0),
  taking the closest of the areas the helper serves;
- availability: the weekly hours cover the request's time window (20) or overlap it (10);
  without a time window this criterion is left out;
- language: the helper speaks the requested language (15);
- vetting: active helpers (proven in earlier help) get 5 over merely vetted ones;
- load: minus 10 for every running match; at capacity minus 50 ("ausgelastet").

Ties are broken by fewer running matches, then name, then id, so the list is deterministic.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sorgekreise.models import (
    LAUFEND,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Vermittlung,
)

PUNKTE_GEBIET = {GebietArt.SOZIALRAUM: 30, GebietArt.STADTTEIL: 20, GebietArt.GEMEINDE: 10}
PUNKTE_ZEIT_GANZ = 20
PUNKTE_ZEIT_TEIL = 10
PUNKTE_SPRACHE = 15
PUNKTE_AKTIV = 5
PUNKTE_JE_LAUFENDE = -10
PUNKTE_AUSGELASTET = -50


@dataclass
class Kandidat:
    helfende: Helfende
    punkte: int = 0
    gruende: list[str] = field(default_factory=list)
    laufende: int = 0

    def sortierschluessel(self):
        return (-self.punkte, self.laufende, self.helfende.name.casefold(), self.helfende.pk)


def _ebenen(gebiet_ids: set[int]) -> dict[int, dict[str, int]]:
    """For each area: itself and its ancestors keyed by kind (Sozialraum, Stadtteil, Gemeinde).
    The area table is small and at most four levels deep: one query for all of it."""
    rows = {g["pk"]: g for g in Gebiet.objects.values("pk", "art", "eltern_id")}
    result = {}
    for pk in gebiet_ids:
        chain = {}
        node = rows.get(pk)
        while node is not None:
            chain.setdefault(node["art"], node["pk"])
            node = rows.get(node["eltern_id"])
        result[pk] = chain
    return result


def _gebiet_naehe(anfrage_kette: dict, helfer_ketten: list[dict]) -> str | None:
    """The closest level both share: Sozialraum, Stadtteil or Gemeinde (None: no common one)."""
    for art in (GebietArt.SOZIALRAUM, GebietArt.STADTTEIL, GebietArt.GEMEINDE):
        ziel = anfrage_kette.get(art)
        if ziel is None:
            continue
        for kette in helfer_ketten:
            # A helper serving the whole Stadtteil shares the Stadtteil, not the Sozialraum.
            if kette.get(art) == ziel:
                return art
    return None


def _minuten(t: datetime.time) -> int:
    return t.hour * 60 + t.minute


def _zeit_abdeckung(anfrage: Hilfeanfrage, verfuegbarkeiten) -> str | None:
    """'ganz', 'teil' or None (no overlap); the request's window is weekday and/or hours."""
    von = _minuten(anfrage.uhrzeit_von) if anfrage.uhrzeit_von else 0
    bis = _minuten(anfrage.uhrzeit_bis) if anfrage.uhrzeit_bis else 24 * 60
    best = None
    for v in verfuegbarkeiten:
        if anfrage.wochentag is not None and v.wochentag != anfrage.wochentag:
            continue
        beginn, ende = _minuten(v.beginn), _minuten(v.ende)
        if beginn <= von and ende >= bis:
            return "ganz"
        if beginn < bis and ende > von:
            best = "teil"
    return best


def hat_zeitfenster(anfrage: Hilfeanfrage) -> bool:
    return anfrage.wochentag is not None or anfrage.uhrzeit_von or anfrage.uhrzeit_bis


def passende_helfende(
    anfrage: Hilfeanfrage, *, stichtag: datetime.date | None = None
) -> list[Kandidat]:
    """The ranked candidates for ``anfrage`` (empty list: nobody suits)."""
    stichtag = stichtag or timezone.localdate()
    art = anfrage.art
    qs = (
        Helfende.objects.vermittelbar()
        .filter(sorgekreise=anfrage.sorgekreis_id, faehigkeiten=art)
        .exclude(
            pk__in=Vermittlung.objects.filter(anfrage=anfrage, status__in=LAUFEND).values(
                "helfende"
            )
        )
        .annotate(
            anzahl_laufend=Count(
                "vermittlungen",
                filter=Q(vermittlungen__status__in=LAUFEND),
                distinct=True,
            )
        )
        .prefetch_related("gebiete", "verfuegbarkeiten", "sprachen")
    )
    if art.braucht_fuehrungszeugnis:
        qs = qs.filter(fuehrungszeugnis_gueltig_bis__gte=stichtag)
    if anfrage.sprache_id and art.braucht_sprache:
        qs = qs.filter(sprachen=anfrage.sprache_id)
    helfende = list(qs.distinct())

    gebiet_ids = {anfrage.gebiet_id} | {g.pk for h in helfende for g in h.gebiete.all()}
    ketten = _ebenen(gebiet_ids)
    anfrage_kette = ketten[anfrage.gebiet_id]
    zeitfenster = hat_zeitfenster(anfrage)

    kandidaten = []
    for h in helfende:
        k = Kandidat(helfende=h, laufende=h.anzahl_laufend)
        k.gruende.append(_("bietet „%(art)s“ an") % {"art": art.name})
        if art.braucht_fuehrungszeugnis:
            k.gruende.append(
                _("Führungszeugnis gültig bis %(datum)s")
                % {"datum": h.fuehrungszeugnis_gueltig_bis.strftime("%d.%m.%Y")}
            )

        naehe = _gebiet_naehe(anfrage_kette, [ketten[g.pk] for g in h.gebiete.all()])
        if naehe is None:
            k.gruende.append(_("hilft nicht in dieser Gemeinde"))
        else:
            k.punkte += PUNKTE_GEBIET[naehe]
            k.gruende.append(
                {
                    GebietArt.SOZIALRAUM: _("im selben Sozialraum"),
                    GebietArt.STADTTEIL: _("im selben Stadtteil"),
                    GebietArt.GEMEINDE: _("in derselben Gemeinde"),
                }[naehe]
            )

        if zeitfenster:
            abdeckung = _zeit_abdeckung(anfrage, h.verfuegbarkeiten.all())
            if abdeckung == "ganz":
                k.punkte += PUNKTE_ZEIT_GANZ
                k.gruende.append(_("ist zur gewünschten Zeit verfügbar"))
            elif abdeckung == "teil":
                k.punkte += PUNKTE_ZEIT_TEIL
                k.gruende.append(_("ist zur gewünschten Zeit teilweise verfügbar"))
            else:
                k.gruende.append(_("hat für die gewünschte Zeit nichts eingetragen"))

        if anfrage.sprache_id:
            if any(s.pk == anfrage.sprache_id for s in h.sprachen.all()):
                k.punkte += PUNKTE_SPRACHE
                k.gruende.append(_("spricht %(sprache)s") % {"sprache": anfrage.sprache.name})
            else:
                k.gruende.append(_("spricht kein %(sprache)s") % {"sprache": anfrage.sprache.name})

        if h.status == HelfendeStatus.AKTIV:
            k.punkte += PUNKTE_AKTIV
            k.gruende.append(_("aktiv"))
        else:
            k.gruende.append(_("geprüft"))

        if k.laufende >= h.max_vermittlungen:
            k.punkte += PUNKTE_AUSGELASTET
            k.gruende.append(_("ausgelastet (%(n)s laufende Vermittlungen)") % {"n": k.laufende})
        elif k.laufende:
            k.punkte += PUNKTE_JE_LAUFENDE * k.laufende
            k.gruende.append(_("%(n)s laufende Vermittlung(en)") % {"n": k.laufende})
        else:
            k.gruende.append(_("derzeit keine laufende Vermittlung"))
        kandidaten.append(k)

    kandidaten.sort(key=Kandidat.sortierschluessel)
    return kandidaten


def ist_vorschlagbar(anfrage: Hilfeanfrage, helfende: Helfende) -> bool:
    """Server-side guard for a proposal: the helper must be among the candidates."""
    return any(k.helfende.pk == helfende.pk for k in passende_helfende(anfrage))
