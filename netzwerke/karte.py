"""The network map: which organisations sit in which networks, drawn server-side as SVG.

A bipartite layout: networks in the left column, organisations in the right one, a line per
current membership. Organisations are ordered by the mean position of their networks (the
barycentre heuristic), which keeps most lines short and untangled; ties break by name, so the
same data always gives the same picture. The page shows the same data as a table for screen
readers and for people who prefer a table.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from netzwerke.models import MitgliedRolle, Mitgliedschaft

ZEILE = 30  # px per row
OBEN = 40
BREITE = 960
NETZ_X = 330  # right edge of the network labels / start of the lines
ORG_X = 630  # start of the organisation labels / end of the lines
MAX_ZEICHEN = 42


@dataclass
class Knoten:
    pk: int
    name: str
    y: float = 0.0
    kanten: list = field(default_factory=list)


@dataclass
class Kante:
    netzwerk: Knoten
    organisation: Knoten
    koordination: bool


@dataclass
class Karte:
    netzwerke: list[Knoten]
    organisationen: list[Knoten]
    kanten: list[Kante]

    @property
    def hoehe(self) -> int:
        return OBEN + max(len(self.netzwerke), len(self.organisationen), 1) * ZEILE + 10

    def tabelle(self) -> list[tuple[Knoten, list[tuple[Knoten, bool]]]]:
        """Per network its organisations (with the coordination flag), in map order."""
        return [(n, [(k.organisation, k.koordination) for k in n.kanten]) for n in self.netzwerke]


def aktuelle_mitgliedschaften(stichtag=None):
    stichtag = stichtag or timezone.localdate()
    return Mitgliedschaft.objects.filter(Q(bis__isnull=True) | Q(bis__gte=stichtag)).filter(
        Q(seit__isnull=True) | Q(seit__lte=stichtag)
    )


def build(netzwerke_queryset, stichtag=None) -> Karte:
    """Lay out the networks of ``netzwerke_queryset`` with their current members (2 queries)."""
    mitglieder = aktuelle_mitgliedschaften(stichtag).select_related("organisation")
    netzwerke = list(
        netzwerke_queryset.order_by("name").prefetch_related(
            Prefetch("mitglieder", queryset=mitglieder, to_attr="aktuelle_mitglieder")
        )
    )
    netz_knoten = [Knoten(n.pk, n.name) for n in netzwerke]
    orgs: dict[int, Knoten] = {}
    kanten = []
    for index, (netz, knoten) in enumerate(zip(netzwerke, netz_knoten, strict=True)):
        knoten.y = index
        for m in netz.aktuelle_mitglieder:
            org = orgs.setdefault(m.organisation_id, Knoten(m.organisation_id, m.organisation.name))
            kante = Kante(knoten, org, m.rolle == MitgliedRolle.KOORDINATION)
            org.kanten.append(kante)
            knoten.kanten.append(kante)
            kanten.append(kante)
    # Barycentre: mean row of the organisation's networks.
    org_knoten = sorted(
        orgs.values(),
        key=lambda o: (sum(k.netzwerk.y for k in o.kanten) / len(o.kanten), o.name, o.pk),
    )
    _place(netz_knoten, len(org_knoten))
    _place(org_knoten, len(netz_knoten))
    for knoten in netz_knoten:
        knoten.kanten.sort(key=lambda k: (k.organisation.y, k.organisation.name))
    return Karte(netz_knoten, org_knoten, kanten)


def _place(knoten: list[Knoten], other: int | None = None) -> None:
    """Rows from the top; the shorter column is centred against the longer one."""
    offset = 0.0
    if other is not None and other > len(knoten):
        offset = (other - len(knoten)) / 2
    for index, k in enumerate(knoten):
        k.y = OBEN + (index + offset) * ZEILE + ZEILE / 2


def _kurz(name: str) -> str:
    return name if len(name) <= MAX_ZEICHEN else name[: MAX_ZEICHEN - 1] + "…"


def svg(karte: Karte, titel: str, beschreibung: str) -> SafeString:
    """The picture as inline SVG. Labels are escaped; it is an image for assistive technology
    (the table next to it carries the data), so it has a title and a description."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="portal-netzkarte" role="img" '
        f'viewBox="0 0 {BREITE} {karte.hoehe}" aria-labelledby="karte-titel karte-beschreibung">',
        f'<title id="karte-titel">{escape(titel)}</title>',
        f'<desc id="karte-beschreibung">{escape(beschreibung)}</desc>',
        f'<text x="{NETZ_X}" y="20" text-anchor="end" class="portal-netzkarte__kopf">'
        "Netzwerke</text>",
        f'<text x="{ORG_X}" y="20" class="portal-netzkarte__kopf">Organisationen</text>',
    ]
    for kante in karte.kanten:
        klasse = "portal-netzkarte__linie"
        if kante.koordination:
            klasse += " portal-netzkarte__linie--koordination"
        out.append(
            f'<line x1="{NETZ_X + 8}" y1="{kante.netzwerk.y:.1f}" x2="{ORG_X - 8}" '
            f'y2="{kante.organisation.y:.1f}" class="{klasse}"/>'
        )
    for knoten in karte.netzwerke:
        out.append(
            f'<circle cx="{NETZ_X + 8}" cy="{knoten.y:.1f}" r="5" '
            'class="portal-netzkarte__punkt portal-netzkarte__punkt--netzwerk"/>'
            f'<text x="{NETZ_X - 2}" y="{knoten.y + 5:.1f}" text-anchor="end">'
            f"{escape(_kurz(knoten.name))}</text>"
        )
    for knoten in karte.organisationen:
        out.append(
            f'<circle cx="{ORG_X - 8}" cy="{knoten.y:.1f}" r="5" class="portal-netzkarte__punkt"/>'
            f'<text x="{ORG_X + 2}" y="{knoten.y + 5:.1f}">{escape(_kurz(knoten.name))}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every label escaped above
