"""Demo offers at the demo places: weekly, monthly (a first and a last weekday) and single
dates (called by ``begegnung/demo.py``). Running it again updates the offers by place and
title, so they keep their UID (and their place in subscribers' calendars)."""

from datetime import date, timedelta

from begegnung.demo_orte import DI, DO, MI, T
from begegnung.models import Angebot, AngebotTermin, Ort, Wiederholung, Zielgruppe
from saarlouis_portal.stammdaten.models import Sprache, Thema

# place, title, topics (slugs), audience, languages, recurrence, weekday, week of month, from,
# to, registration (how) or "", cost or "", contact name
ANGEBOTE = [
    (
        "Mehrgenerationenhaus Saarlouis",
        "Sprachcafé",
        ["sprachfoerderung", "interkulturelle-oeffnung"],
        Zielgruppe.ZUGEWANDERTE,
        ["de", "ar", "tr"],
        Wiederholung.WOECHENTLICH,
        DI,
        None,
        T(15),
        T(17),
        "",
        "",
        "Frau Beispiel",
    ),
    (
        "Mehrgenerationenhaus Saarlouis",
        "Bewerbungswerkstatt",
        ["arbeitsmarktintegration"],
        Zielgruppe.ERWACHSENE,
        ["de"],
        Wiederholung.WOECHENTLICH,
        DO,
        None,
        T(9, 30),
        T(11, 30),
        "Telefonisch unter 06831 000000 oder vor Ort.",
        "",
        "Herr Muster",
    ),
    (
        "Mehrgenerationenhaus Saarlouis",
        "Erzählcafé der Generationen",
        ["interreligioeser-dialog"],
        Zielgruppe.SENIOREN,
        ["de", "fr"],
        Wiederholung.MONATLICH,
        MI,
        1,
        T(14, 30),
        T(16, 30),
        "",
        "2 Euro für Kaffee und Kuchen",
        "",
    ),
    (
        "Quartiersbüro Fraulautern",
        "Offenes Elterncafé",
        ["bildung-erziehung"],
        Zielgruppe.FAMILIEN,
        ["de", "tr"],
        Wiederholung.WOECHENTLICH,
        DO,
        None,
        T(10),
        T(12),
        "",
        "",
        "Quartiersmanagement",
    ),
    (
        "Quartiersbüro Fraulautern",
        "Wohnungssprechstunde",
        ["wohnraum"],
        Zielgruppe.ALLE,
        ["de", "ru"],
        Wiederholung.MONATLICH,
        DI,
        -1,
        T(14),
        T(16),
        "Bitte vorher im Quartiersbüro anmelden.",
        "",
        "",
    ),
    (
        "Pfarrheim Beaumarais",
        "Nachbarschaftsfest",
        ["interreligioeser-dialog", "interkulturelle-oeffnung"],
        Zielgruppe.ALLE,
        ["de"],
        Wiederholung.EINZELTERMINE,
        None,
        None,
        None,
        None,
        "",
        "",
        "",
    ),
    (
        "Kita Roden",
        "Eltern-Kind-Gruppe",
        ["bildung-erziehung", "sprachfoerderung"],
        Zielgruppe.FAMILIEN,
        ["de", "ar", "uk"],
        Wiederholung.WOECHENTLICH,
        MI,
        None,
        T(15),
        T(16, 30),
        "",
        "",
        "Kita-Leitung",
    ),
    (
        "Jugendtreff Picard",
        "Hausaufgabenhilfe",
        ["bildung-erziehung"],
        Zielgruppe.JUGENDLICHE,
        ["de", "en"],
        Wiederholung.WOECHENTLICH,
        MI,
        None,
        T(14),
        T(16),
        "",
        "",
        "",
    ),
    (
        "Rathaus Pliezhausen",
        "Soziale Sprechstunde",
        ["arbeitsmarktintegration", "wohnraum"],
        Zielgruppe.ALLE,
        ["de", "en", "tr"],
        Wiederholung.WOECHENTLICH,
        DI,
        None,
        T(9),
        T(12),
        "Online über die Sprechstunden-Buchung oder telefonisch.",
        "",
        "",
    ),
]


def seed_angebote(orte: dict[str, Ort], heute: date) -> None:
    sprachen = {s.code: s for s in Sprache.objects.all()}
    themen = {t.slug: t for t in Thema.objects.all()}
    for (
        ort_name,
        titel,
        slugs,
        zielgruppe,
        codes,
        wiederholung,
        tag,
        woche,
        beginn,
        ende,
        anmeldung,
        kosten,
        kontakt,
    ) in ANGEBOTE:
        angebot, _created = Angebot.objects.update_or_create(
            ort=orte[ort_name],
            titel=titel,
            defaults={
                "beschreibung": f"{titel}: offen, freundlich, im Stadtteil. (Demodaten)",
                "zielgruppe": zielgruppe,
                "wiederholung": wiederholung,
                "wochentag": tag,
                "woche_im_monat": woche,
                "beginn": beginn,
                "ende": ende,
                "gueltig_ab": heute - timedelta(days=60),
                "kostenlos": not kosten,
                "kosten": kosten,
                "anmeldung_noetig": bool(anmeldung),
                "anmeldung_wie": anmeldung,
                "kontakt_name": kontakt,
                "ist_demo": True,
            },
        )
        angebot.themen.set([themen[s] for s in slugs if s in themen])
        angebot.sprachen.set([sprachen[c] for c in codes if c in sprachen])
        if wiederholung == Wiederholung.EINZELTERMINE:
            angebot.termine.all().delete()
            AngebotTermin.objects.bulk_create(
                AngebotTermin(
                    angebot=angebot, datum=heute + timedelta(days=d), beginn=T(15), ende=T(19)
                )
                for d in (10, 45)
            )
