"""The tables of the pilot report "Projektbericht Sozialraumorientierung" (issue 17): the
figures of the Sprechstunden per site, one column per site and one for their total.

A site (Standort) is a Gemeinde with its Anlaufstellen, as the Landkreis Reutlingen counts its
pilot sites (Pliezhausen, Lichtenstein, …): the Gemeinden of the report's area that have an
active Anlaufstelle or figures in the year. Home visits belong to no Anlaufstelle; they count in
the Gemeinde where they took place. The figures come from ``sprechstunden.stats`` only (plain
aggregates per Anlaufstelle, one query each), so a table costs the same few queries however many
sites it compares; the total column is the sum of the sites, which is the count of the whole
area. Each function returns a ``portalzahlen.Vergleich`` (an empty one without any site), which
the "Zahlen aus dem Portal" block freezes into its chapter's snapshot on publishing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from berichte.portalzahlen import Spalte, Vergleich, VergleichsZeile
from sprechstunden import stats

ANZAHL, PROZENT, EURO = "anzahl", "prozent", "euro"


class Standorte:
    """The sites of an area and how to add up rows of ``sprechstunden.stats`` per site."""

    def __init__(self, anlaufstellen: list[dict], *reihen: list[dict]):
        self.namen: dict[int, str] = {}
        self.anlaufstellen: dict[int, list[str]] = {}
        self.einwohner: dict[int, int | None] = {}
        for a in anlaufstellen:
            if a["aktiv"]:
                self._dazu(a["gemeinde_id"], a["gemeinde"], a["anlaufstelle"])
                self.einwohner[a["gemeinde_id"]] = a["einwohner"]
        for liste in reihen:
            for r in liste:
                # An inactive Anlaufstelle (or only home visits) with figures of the year.
                self._dazu(r["gemeinde_id"], r["gemeinde"], r["anlaufstelle"])
        self.ids = sorted(self.namen, key=lambda pk: (self.namen[pk], pk))

    def _dazu(self, gemeinde_id: int, gemeinde: str, anlaufstelle: str | None) -> None:
        self.namen.setdefault(gemeinde_id, gemeinde)
        namen = self.anlaufstellen.setdefault(gemeinde_id, [])
        if anlaufstelle and anlaufstelle not in namen:
            namen.append(anlaufstelle)

    def __bool__(self) -> bool:
        return bool(self.ids)

    @property
    def mit_summe(self) -> bool:
        """A total column only where there is something to add up."""
        return len(self.ids) > 1

    def spalten(self) -> list[Spalte]:
        spalten = [Spalte(self.namen[pk]) for pk in self.ids]
        if self.mit_summe:
            spalten.append(Spalte(_("Insgesamt"), summe=True))
        return spalten

    def je_standort(self, werte: dict[int, object]) -> list:
        """``werte`` by Gemeinde as a row: one value per site, then their total (None when a
        site's value is unknown)."""
        zeile = [werte.get(pk) for pk in self.ids]
        if self.mit_summe:
            zeile.append(None if None in zeile else sum(zeile))
        return zeile

    def summen(
        self, reihen: Iterable[dict], feld: str, wenn: Callable[[dict], bool] | None = None
    ) -> list:
        """``feld`` of ``reihen`` (those ``wenn`` accepts) added up per site, then the total."""
        werte: dict[int, object] = dict.fromkeys(self.ids, 0)
        for r in reihen:
            if r["gemeinde_id"] in werte and (wenn is None or wenn(r)):
                werte[r["gemeinde_id"]] += r[feld] or 0
        return self.je_standort(werte)

    def hinweise(self, *weitere: str) -> list[str]:
        standorte = "; ".join(
            f"{self.namen[pk]} ({', '.join(self.anlaufstellen[pk])})"
            if self.anlaufstellen[pk]
            else self.namen[pk]
            for pk in self.ids
        )
        return [_("Standorte und ihre Anlaufstellen: %(liste)s.") % {"liste": standorte}, *weitere]


def _zahl(werte: list, stellen: int) -> list:
    """Sums of Decimals (shares, euros) as plain rounded numbers for the snapshot."""
    return [None if w is None else round(float(w), stellen) for w in werte]


def _anteil(teil: list, ganzes: list, je: int = 100) -> list:
    return [
        None if t is None or not g else round(je * t / g, 1)
        for t, g in zip(teil, ganzes, strict=True)
    ]


def _zeile(label: str, werte: list, einheit: str = ANZAHL, stellen: int = 0) -> VergleichsZeile:
    return VergleichsZeile(label, werte, einheit, stellen)


def _leer() -> Vergleich:
    return Vergleich([], [], [])


def _hausbesuche_hinweis() -> str:
    return _(
        "Hausbesuche gehören zu keiner Anlaufstelle; sie zählen in der Gemeinde, in der sie "
        "stattfanden."
    )


def standorte(gebiet, jahr: int) -> Vergleich:
    """The sites side by side: consultations (first and follow-up, booked, walk-in, home
    visits, per 1,000 inhabitants), referrals, bookings, waiting list, staff shares, costs."""
    kontakte = stats.kontakte_je_anlaufstelle(jahr, gebiet)
    buchungen = stats.buchungen_je_anlaufstelle(jahr, gebiet)
    warteliste = stats.warteliste_je_anlaufstelle(jahr, gebiet)
    personal = stats.stellenanteile_je_anlaufstelle(jahr, gebiet)
    kosten = stats.kosten_je_anlaufstelle(jahr, gebiet)
    orte = Standorte(stats.anlaufstellen(gebiet), kontakte, buchungen, warteliste, personal, kosten)
    if not orte:
        return _leer()
    anzahl_kontakte = orte.summen(kontakte, "kontakte")
    einwohner = orte.je_standort(orte.einwohner)
    zeilen = [
        _zeile(
            _("Anlaufstellen"),
            orte.je_standort({pk: len(orte.anlaufstellen[pk]) for pk in orte.ids}),
        ),
        _zeile(_("Einwohnerinnen und Einwohner"), einwohner),
        _zeile(_("Beratungskontakte"), anzahl_kontakte),
        _zeile(_("davon Erstkontakte"), orte.summen(kontakte, "erstkontakte")),
        _zeile(_("davon Folgekontakte"), orte.summen(kontakte, "folgekontakte")),
        _zeile(_("davon mit gebuchtem Termin"), orte.summen(kontakte, "mit_termin")),
        _zeile(_("davon ohne Termin"), orte.summen(kontakte, "ohne_termin")),
        _zeile(_("davon Hausbesuche"), orte.summen(kontakte, "hausbesuche")),
        _zeile(
            _("Beratungskontakte je 1.000 Einwohner"),
            _anteil(anzahl_kontakte, einwohner, je=1000),
            stellen=1,
        ),
        _zeile(_("Weitervermittlungen"), orte.summen(kontakte, "vermittelt")),
        _zeile(_("Gebuchte Termine"), orte.summen(buchungen, "buchungen")),
        _zeile(_("davon wahrgenommen"), orte.summen(buchungen, "wahrgenommen")),
        _zeile(_("davon nicht erschienen"), orte.summen(buchungen, "nicht_erschienen")),
        _zeile(_("davon abgesagt"), orte.summen(buchungen, "abgesagt")),
        _zeile(
            _("In der Beratung vereinbarte Folgetermine"), orte.summen(buchungen, "folgetermine")
        ),
        _zeile(_("Einträge in die Warteliste"), orte.summen(warteliste, "eintraege")),
        _zeile(
            _("Stellenanteile (Summe)"),
            _zahl(orte.summen(personal, "prozent"), 1),
            PROZENT,
            stellen=1,
        ),
        _zeile(_("Kosten (Summe)"), _zahl(orte.summen(kosten, "betrag"), 2), EURO, stellen=2),
    ]
    return Vergleich(orte.spalten(), zeilen, orte.hinweise(_hausbesuche_hinweis()))


def themen(gebiet, jahr: int) -> Vergleich:
    """Consultations per topic and site, and their total."""
    reihen = stats.themen_je_anlaufstelle(jahr, gebiet)
    orte = Standorte(stats.anlaufstellen(gebiet), reihen)
    if not orte:
        return _leer()
    themen = sorted({(r["thema_reihenfolge"], r["thema"], r["thema_id"]) for r in reihen})
    zeilen = [
        _zeile(name, orte.summen(reihen, "kontakte", lambda r, pk=pk: r["thema_id"] == pk))
        for _reihenfolge, name, pk in themen
    ]
    if zeilen:
        zeilen.append(_zeile(_("Beratungskontakte insgesamt"), orte.summen(reihen, "kontakte")))
    return Vergleich(orte.spalten(), zeilen, orte.hinweise(_hausbesuche_hinweis()))


def vermittlungen(gebiet, jahr: int) -> Vergleich:
    """Referrals per organisation referred to and site, and their total."""
    reihen = stats.vermittlungen_je_anlaufstelle(jahr, gebiet)
    orte = Standorte(stats.anlaufstellen(gebiet), reihen)
    if not orte:
        return _leer()
    organisationen = sorted({(r["organisation"], r["organisation_id"]) for r in reihen})
    zeilen = [
        _zeile(
            name, orte.summen(reihen, "vermittlungen", lambda r, pk=pk: r["organisation_id"] == pk)
        )
        for name, pk in organisationen
    ]
    if zeilen:
        zeilen.append(_zeile(_("Vermittlungen insgesamt"), orte.summen(reihen, "vermittlungen")))
    return Vergleich(orte.spalten(), zeilen, orte.hinweise(_hausbesuche_hinweis()))


def hausbesuche(gebiet, jahr: int) -> Vergleich:
    """Home visits per site: first and follow-up contacts, referrals, and their topics."""
    kontakte = stats.kontakte_je_anlaufstelle(jahr, gebiet)
    themen = stats.themen_je_anlaufstelle(jahr, gebiet)
    orte = Standorte(stats.anlaufstellen(gebiet), kontakte)
    if not orte:
        return _leer()
    besuche = orte.summen(kontakte, "hausbesuche")
    erst = orte.summen(kontakte, "hausbesuche_erstkontakte")
    zeilen = [
        _zeile(_("Hausbesuche"), besuche),
        _zeile(_("davon Erstkontakte"), erst),
        _zeile(_("davon Folgekontakte"), [b - e for b, e in zip(besuche, erst, strict=True)]),
        _zeile(_("davon weitervermittelt"), orte.summen(kontakte, "hausbesuche_vermittelt")),
    ]
    anliegen = sorted(
        {(r["thema_reihenfolge"], r["thema"], r["thema_id"]) for r in themen if r["hausbesuche"]}
    )
    zeilen += [
        _zeile(
            _("Anliegen: %(thema)s") % {"thema": name},
            orte.summen(themen, "hausbesuche", lambda r, pk=pk: r["thema_id"] == pk),
        )
        for _reihenfolge, name, pk in anliegen
    ]
    return Vergleich(orte.spalten(), zeilen, orte.hinweise(_hausbesuche_hinweis()))


def warteliste(gebiet, jahr: int) -> Vergleich:
    """Waiting-list demand per site: entries of the year and what became of them."""
    reihen = stats.warteliste_je_anlaufstelle(jahr, gebiet)
    orte = Standorte(stats.anlaufstellen(gebiet), reihen)
    if not orte:
        return _leer()
    bestaetigt = orte.summen(reihen, "bestaetigt")
    gebucht = orte.summen(reihen, "gebucht")
    zeilen = [
        _zeile(_("Einträge in die Warteliste"), orte.summen(reihen, "eintraege")),
        _zeile(_("davon bestätigt (E-Mail-Adresse bestätigt oder Telefon)"), bestaetigt),
        _zeile(_("Termin über die Warteliste gebucht"), gebucht),
        _zeile(_("Angebotenen Termin nicht genutzt"), orte.summen(reihen, "verpasst")),
        _zeile(_("Abgelaufen ohne Termin"), orte.summen(reihen, "abgelaufen")),
        _zeile(_("Selbst abgemeldet"), orte.summen(reihen, "abgemeldet")),
        _zeile(_("Wartet noch"), orte.summen(reihen, "wartend")),
        _zeile(
            _("Anteil der bestätigten Einträge mit Termin"),
            _anteil(gebucht, bestaetigt),
            PROZENT,
            stellen=1,
        ),
    ]
    return Vergleich(
        orte.spalten(),
        zeilen,
        orte.hinweise(
            _("Gezählt sind die Einträge, die im Berichtsjahr angelegt wurden, mit ihrem Stand.")
        ),
    )


def personal(gebiet, jahr: int) -> Vergleich:
    """Shares of full-time posts per employer (Anstellungsträger) and site."""
    reihen = stats.stellenanteile_je_anlaufstelle(jahr, gebiet)
    orte = Standorte(stats.anlaufstellen(gebiet), reihen)
    if not orte:
        return _leer()
    traeger = sorted({(r["traeger"], r["traeger_id"]) for r in reihen})
    zeilen = [
        _zeile(
            name,
            _zahl(orte.summen(reihen, "prozent", lambda r, pk=pk: r["traeger_id"] == pk), 1),
            PROZENT,
            stellen=1,
        )
        for name, pk in traeger
    ]
    if zeilen:
        zeilen.append(
            _zeile(
                _("Stellenanteile insgesamt"),
                _zahl(orte.summen(reihen, "prozent"), 1),
                PROZENT,
                stellen=1,
            )
        )
    return Vergleich(
        orte.spalten(),
        zeilen,
        orte.hinweise(
            _("Anteile einer Vollzeitstelle: 100 Prozent entsprechen einer vollen Stelle.")
        ),
    )


def kosten(gebiet, jahr: int) -> Vergleich:
    """The cost items entered for the sites, and who bears them."""
    reihen = stats.kosten_je_anlaufstelle(jahr, gebiet)
    orte = Standorte(stats.anlaufstellen(gebiet), reihen)
    if not orte:
        return _leer()
    posten = sorted(
        {(r["bezeichnung"], r["getragen_von"] or "", r["getragen_von_id"]) for r in reihen},
        key=lambda p: (p[0], p[1], p[2] or 0),
    )
    zeilen = []
    for bezeichnung, wer, pk in posten:
        label = (
            _("%(posten)s, getragen von %(wer)s") % {"posten": bezeichnung, "wer": wer}
            if wer
            else bezeichnung
        )
        werte = orte.summen(
            reihen,
            "betrag",
            lambda r, b=bezeichnung, pk=pk: r["bezeichnung"] == b and r["getragen_von_id"] == pk,
        )
        zeilen.append(_zeile(label, _zahl(werte, 2), EURO, stellen=2))
    if zeilen:
        zeilen.append(
            _zeile(_("Kosten insgesamt"), _zahl(orte.summen(reihen, "betrag"), 2), EURO, stellen=2)
        )
    return Vergleich(
        orte.spalten(), zeilen, orte.hinweise(_("Beträge in Euro für das Berichtsjahr."))
    )
