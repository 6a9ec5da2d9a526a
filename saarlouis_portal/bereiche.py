"""The public sections of the portal, in the order of the start page and the navigation."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Bereich:
    key: str
    titel: Promise
    url_name: str
    kurz: Promise
    beschreibung: Promise


BEREICHE = [
    Bereich(
        "netzwerke",
        _("Netzwerke"),
        "netzwerke:index",
        _("Wer arbeitet woran zusammen?"),
        _(
            "Thematische Netzwerke und Bündnisse in Stadt, Stadtteilen und Sozialräumen, ihre "
            "Mitglieder, Treffen und Maßnahmen – jede Maßnahme mit Nachhaltigkeitsprüfung."
        ),
    ),
    Bereich(
        "begegnung",
        _("Orte der Begegnung"),
        "begegnung:index",
        _("Wo finde ich Anschluss und Hilfe in meiner Nähe?"),
        _(
            "Kitas, Schulen, Quartiersbüros, Mehrgenerationenhäuser und Pfarrzentren im "
            "Stadtteil – mit Öffnungszeiten, Angeboten und Barrierefreiheit."
        ),
    ),
    Bereich(
        "sorgekreise",
        _("Sorgekreise"),
        "sorgekreise:index",
        _("Hilfe bekommen oder selbst helfen"),
        _(
            "Sorgende Gemeinschaften an den Orten der Begegnung: Nachbarschaftshilfe, "
            "Einkaufshilfen, Lotsen und Paten. Fragen Sie Hilfe an oder bieten Sie Hilfe an."
        ),
    ),
    Bereich(
        "sprechstunden",
        _("Sprechstunden"),
        "sprechstunden:index",
        _("Soziale Beratung ohne Hürden"),
        _(
            "Sprechstunden der Sozialarbeit im Rathaus – zu Geldsorgen, Kindern, Arbeit und "
            "Wohnen. Buchen Sie einen Termin ohne Konto, vormittags oder nachmittags."
        ),
    ),
    Bereich(
        "berichte",
        _("Sozialbericht"),
        "berichte:index",
        _("Zahlen und Empfehlungen für die Stadt"),
        _(
            "Der Sozialbericht mit Kapiteln zu Demografie, Armut sowie Migration und "
            "Zuwanderung – zum Lesen und Herunterladen."
        ),
    ),
]

BEREICHE_NACH_KEY = {b.key: b for b in BEREICHE}
