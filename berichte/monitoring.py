"""Social monitoring per Sozialraum after the Berlin "Monitoring Soziale Stadtentwicklung" and
Hamburg RISE method.

1. The Sozialräume inside ``monitoring.gebiet``; those below ``mindest_einwohner`` (or with an
   unknown population) are flagged ``zu_klein`` and take no part in the standardisation, so one
   tiny area cannot skew everybody's z-values.
2. Each indicator is z-standardised across the remaining Sozialräume for the year with the
   *population* standard deviation (divide by n, as both cities do: the Sozialräume are the whole
   population, not a sample). The sign is flipped for "niedriger_besser", so a higher z-value is
   always the more favourable one; "neutral" indicators keep their sign.
3. Status index: the mean of a Sozialraum's z-values, re-standardised across the Sozialräume (as
   Berlin does), so the thresholds are in standard deviations of the index. A Sozialraum missing
   a value gets no index (and a hint) instead of a mean over fewer indicators.
4. Dynamics: the change of each indicator over ``dynamik_jahre`` years, z-standardised and
   direction-adjusted the same way, averaged and re-standardised; above ``+schwelle_dynamik``
   positive, below ``-schwelle_dynamik`` negative, otherwise stable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from berichte.models import Indikator, Messwert, Monitoring, Richtung
from saarlouis_portal.stammdaten.models import Gebiet

STATUS_KLASSEN = ("hoch", "mittel", "niedrig", "sehr_niedrig")
DYNAMIK_KLASSEN = ("positiv", "stabil", "negativ")
STATUS_LABEL = {
    "hoch": "hoch",
    "mittel": "mittel",
    "niedrig": "niedrig",
    "sehr_niedrig": "sehr niedrig",
}
DYNAMIK_LABEL = {"positiv": "positiv", "stabil": "stabil", "negativ": "negativ"}


@dataclass
class MonitoringZeile:
    gebiet: Gebiet
    einwohner: int | None
    zu_klein: bool
    z_werte: dict[str, float | None]  # indicator key -> direction-adjusted z-value
    status_index: float | None
    status_klasse: str | None  # "hoch", "mittel", "niedrig", "sehr_niedrig"
    dynamik_index: float | None
    dynamik_klasse: str | None  # "positiv", "stabil", "negativ"
    gesamt: str | None  # e.g. "niedrig / negativ"
    # The raw values of the year (indicator key -> value), for tables next to the z-values.
    werte: dict[str, float | None] = field(default_factory=dict)
    # The dynamics per indicator: direction-adjusted z-value of the change, and the change.
    dynamik_z_werte: dict[str, float | None] = field(default_factory=dict)
    veraenderungen: dict[str, float | None] = field(default_factory=dict)


@dataclass
class MonitoringErgebnis:
    monitoring: Monitoring
    jahr: int
    indikatoren: list[Indikator]
    zeilen: list[MonitoringZeile]
    methode: str  # German plain text: method, thresholds, years, minimum population
    hinweise: list[str]  # e.g. missing values


def _pstdev(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def standardise(values: dict[int, float]) -> dict[int, float] | None:
    """z-values with the population standard deviation; None if they cannot be formed (fewer
    than two values or no spread at all)."""
    if len(values) < 2:
        return None
    mean = sum(values.values()) / len(values)
    sd = _pstdev(list(values.values()))
    if sd == 0:
        return None
    return {key: (value - mean) / sd for key, value in values.items()}


def status_klasse(index: float, monitoring: Monitoring) -> str:
    if index > float(monitoring.schwelle_hoch):
        return "hoch"
    if index >= float(monitoring.schwelle_niedrig):
        return "mittel"
    if index >= float(monitoring.schwelle_sehr_niedrig):
        return "niedrig"
    return "sehr_niedrig"


def dynamik_klasse(index: float, monitoring: Monitoring) -> str:
    schwelle = float(monitoring.schwelle_dynamik)
    if index > schwelle:
        return "positiv"
    if index < -schwelle:
        return "negativ"
    return "stabil"


def vorzeichen_zahl(value: Decimal | float) -> str:
    # German decimal comma and a real minus sign, as in the result table.
    return f"{float(value):+.2f}".replace(".", ",").replace("-", "\u2212")


def methode_text(monitoring: Monitoring, jahr: int) -> str:
    basisjahr = jahr - monitoring.dynamik_jahre
    return _(
        "Verglichen werden die Sozialräume in %(gebiet)s im Jahr %(jahr)s. Sozialräume mit "
        "weniger als %(mindest)s Einwohnerinnen und Einwohnern (oder ohne bekannte Einwohnerzahl) "
        "werden markiert und nicht eingestuft. Jeder Indikator wird über die übrigen Sozialräume "
        "z-standardisiert (Mittelwert 0, Populations-Standardabweichung 1, d. h. geteilt durch "
        "die Anzahl n). Bei Indikatoren, bei denen niedrigere Werte günstiger sind, wird das "
        "Vorzeichen umgekehrt, sodass ein höherer z-Wert immer günstiger ist; Indikatoren ohne "
        "Wertung behalten ihr Vorzeichen. Der Statusindex ist der Mittelwert der z-Werte eines "
        "Sozialraums, erneut über alle Sozialräume standardisiert; fehlt ein Wert, erhält der "
        "Sozialraum keinen Index. Klassen des Statusindex (in Standardabweichungen): hoch über "
        "%(hoch)s; mittel von %(niedrig)s bis %(hoch)s; niedrig von %(sehr_niedrig)s bis unter "
        "%(niedrig)s; sehr niedrig unter %(sehr_niedrig)s. Der Dynamikindex beruht auf der "
        "Veränderung jedes Indikators von %(basisjahr)s bis %(jahr)s (%(dynamik_jahre)s Jahre), "
        "ebenso z-standardisiert, richtungsbereinigt, gemittelt und erneut standardisiert: "
        "positiv über %(dynamik)s, negativ unter \u2212%(dynamik_betrag)s, sonst stabil."
    ) % {
        "gebiet": monitoring.gebiet.name,
        "jahr": jahr,
        "mindest": monitoring.mindest_einwohner,
        "hoch": vorzeichen_zahl(monitoring.schwelle_hoch),
        "niedrig": vorzeichen_zahl(monitoring.schwelle_niedrig),
        "sehr_niedrig": vorzeichen_zahl(monitoring.schwelle_sehr_niedrig),
        "basisjahr": basisjahr,
        "dynamik_jahre": monitoring.dynamik_jahre,
        "dynamik": vorzeichen_zahl(monitoring.schwelle_dynamik),
        "dynamik_betrag": f"{float(monitoring.schwelle_dynamik):.2f}".replace(".", ","),
    }


def _richtung_faktor(indikator: Indikator) -> int:
    return -1 if indikator.richtung == Richtung.NIEDRIGER_BESSER else 1


def _mittel_standardisiert(
    z_je_indikator: dict[str, dict[int, float] | None], schluessel: list[str], pks: list[int]
) -> dict[int, float]:
    """Mean of the z-values of each area that has all of them, then re-standardised."""
    mittel = {}
    for pk in pks:
        werte = [(z_je_indikator[s] or {}).get(pk) for s in schluessel]
        if schluessel and all(w is not None for w in werte):
            mittel[pk] = sum(werte) / len(werte)
    if len(mittel) >= 2 and _pstdev(list(mittel.values())) > 0:
        return standardise(mittel)
    # No spread (or a single area): everybody sits exactly on the mean.
    return dict.fromkeys(mittel, 0.0)


def berechne(monitoring: Monitoring, jahr: int | None = None) -> MonitoringErgebnis:
    jahr = jahr or monitoring.jahr
    basisjahr = jahr - monitoring.dynamik_jahre
    indikatoren = list(monitoring.indikatoren.order_by("kapitel", "name"))
    schluessel = [i.schluessel for i in indikatoren]
    gebiete = list(Gebiet.objects.within(monitoring.gebiet).sozialraeume().order_by("name", "pk"))
    hinweise: list[str] = []

    werte: dict[tuple[int, int, int], float] = {}
    for indikator_id, gebiet_id, wert_jahr, wert in Messwert.objects.filter(
        indikator__in=indikatoren, gebiet__in=gebiete, jahr__in=(jahr, basisjahr)
    ).values_list("indikator_id", "gebiet_id", "jahr", "wert"):
        werte[(indikator_id, gebiet_id, wert_jahr)] = float(wert)

    def ist_zu_klein(gebiet: Gebiet) -> bool:
        return gebiet.einwohnerzahl is None or gebiet.einwohnerzahl < monitoring.mindest_einwohner

    einbezogen = [g.pk for g in gebiete if not ist_zu_klein(g)]
    namen = {g.pk: g.name for g in gebiete}

    status_z: dict[str, dict[int, float] | None] = {}
    dynamik_z: dict[str, dict[int, float] | None] = {}
    veraenderungen: dict[str, dict[int, float]] = {}
    for indikator in indikatoren:
        faktor = _richtung_faktor(indikator)
        aktuell = {
            pk: werte[(indikator.pk, pk, jahr)]
            for pk in einbezogen
            if (indikator.pk, pk, jahr) in werte
        }
        z = standardise(aktuell)
        if z is None and len(aktuell) >= 2:
            hinweise.append(
                _("„%(name)s“ hat %(jahr)s in allen Sozialräumen denselben Wert (z-Wert 0).")
                % {"name": indikator.name, "jahr": jahr}
            )
            z = dict.fromkeys(aktuell, 0.0)
        status_z[indikator.schluessel] = (
            {pk: faktor * v for pk, v in z.items()} if z is not None else None
        )
        for pk in einbezogen:
            if pk not in aktuell:
                hinweise.append(
                    _("Für „%(gebiet)s“ fehlt der Wert von „%(name)s“ für %(jahr)s.")
                    % {"gebiet": namen[pk], "name": indikator.name, "jahr": jahr}
                )
        veraenderung = {
            pk: aktuell[pk] - werte[(indikator.pk, pk, basisjahr)]
            for pk in aktuell
            if (indikator.pk, pk, basisjahr) in werte
        }
        veraenderungen[indikator.schluessel] = veraenderung
        dz = standardise(veraenderung)
        if dz is None and len(veraenderung) >= 2:
            dz = dict.fromkeys(veraenderung, 0.0)
        dynamik_z[indikator.schluessel] = (
            {pk: faktor * v for pk, v in dz.items()} if dz is not None else None
        )
        fehlend_basis = [namen[pk] for pk in aktuell if pk not in veraenderung]
        if fehlend_basis:
            hinweise.append(
                _("Für die Dynamik fehlt der Wert von „%(name)s“ für %(jahr)s in: %(gebiete)s.")
                % {"name": indikator.name, "jahr": basisjahr, "gebiete": ", ".join(fehlend_basis)}
            )
    if len(einbezogen) < 2:
        hinweise.append(
            _("Zu wenige Sozialräume mit ausreichender Einwohnerzahl für einen Vergleich.")
        )

    status_index = _mittel_standardisiert(status_z, schluessel, einbezogen)
    dynamik_index = _mittel_standardisiert(dynamik_z, schluessel, einbezogen)

    zeilen = []
    for gebiet in gebiete:
        klein = ist_zu_klein(gebiet)
        s_index = None if klein else status_index.get(gebiet.pk)
        d_index = None if klein else dynamik_index.get(gebiet.pk)
        s_klasse = status_klasse(s_index, monitoring) if s_index is not None else None
        d_klasse = dynamik_klasse(d_index, monitoring) if d_index is not None else None
        gesamt = None
        if s_klasse and d_klasse:
            gesamt = f"{STATUS_LABEL[s_klasse]} / {DYNAMIK_LABEL[d_klasse]}"
        zeilen.append(
            MonitoringZeile(
                gebiet=gebiet,
                einwohner=gebiet.einwohnerzahl,
                zu_klein=klein,
                z_werte={
                    s: None if klein else (status_z[s] or {}).get(gebiet.pk) for s in schluessel
                },
                status_index=s_index,
                status_klasse=s_klasse,
                dynamik_index=d_index,
                dynamik_klasse=d_klasse,
                gesamt=gesamt,
                werte={i.schluessel: werte.get((i.pk, gebiet.pk, jahr)) for i in indikatoren},
                dynamik_z_werte={
                    s: None if klein else (dynamik_z[s] or {}).get(gebiet.pk) for s in schluessel
                },
                veraenderungen={
                    i.schluessel: veraenderungen[i.schluessel].get(gebiet.pk) for i in indikatoren
                },
            )
        )
    if not indikatoren:
        hinweise.append(_("Das Monitoring hat noch keine Indikatoren."))
    return MonitoringErgebnis(
        monitoring=monitoring,
        jahr=jahr,
        indikatoren=indikatoren,
        zeilen=zeilen,
        methode=methode_text(monitoring, jahr),
        hinweise=hinweise,
    )


def als_dict(ergebnis: MonitoringErgebnis) -> dict:
    """JSON-serialisable form (for the chapter snapshot)."""
    monitoring = ergebnis.monitoring
    return {
        "monitoring": {
            "pk": monitoring.pk,
            "name": monitoring.name,
            "gebiet": monitoring.gebiet.name,
            "dynamik_jahre": monitoring.dynamik_jahre,
            "mindest_einwohner": monitoring.mindest_einwohner,
            "schwelle_hoch": float(monitoring.schwelle_hoch),
            "schwelle_niedrig": float(monitoring.schwelle_niedrig),
            "schwelle_sehr_niedrig": float(monitoring.schwelle_sehr_niedrig),
            "schwelle_dynamik": float(monitoring.schwelle_dynamik),
        },
        "jahr": ergebnis.jahr,
        "indikatoren": [
            {
                "schluessel": i.schluessel,
                "name": i.name,
                "einheit": i.einheit,
                "einheit_label": str(i.get_einheit_display()),
                "nachkommastellen": i.nachkommastellen,
                "richtung": i.richtung,
                "quelle": i.quelle,
            }
            for i in ergebnis.indikatoren
        ],
        "zeilen": [
            {
                "gebiet": {
                    "pk": z.gebiet.pk,
                    "name": z.gebiet.name,
                    "schluessel": z.gebiet.schluessel,
                },
                "einwohner": z.einwohner,
                "zu_klein": z.zu_klein,
                "z_werte": z.z_werte,
                "werte": z.werte,
                "status_index": z.status_index,
                "status_klasse": z.status_klasse,
                "dynamik_index": z.dynamik_index,
                "dynamik_klasse": z.dynamik_klasse,
                "gesamt": z.gesamt,
            }
            for z in ergebnis.zeilen
        ],
        "methode": ergebnis.methode,
        "hinweise": list(ergebnis.hinweise),
    }
