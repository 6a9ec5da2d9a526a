"""Demo networks of the Saarlouis concept: the seven topic networks from the bilateral talks on
city level (some also on district level), the two alliances, members from the demo
organisations, a few meetings and talks. The coordinator demo account (netzwerk@example.org)
coordinates some of them; one district network is internal to show what a coordinator cannot
see. The follow-up of a meeting (issue 17) in the city's language network: the coming meeting's
invitations went out and some members replied, the past one has per-person attendance and
approved minutes that were sent, and the tasks agreed there (one done, one overdue, one open).
The rows are written directly (no mail leaves a demo run); dates are relative to today.
Idempotent: a second run updates the same rows."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from netzwerke.models import (
    Antwort,
    Aufgabe,
    AufgabeStatus,
    Einladung,
    Gespraech,
    MitgliedRolle,
    Mitgliedschaft,
    Netzwerk,
    NetzwerkArt,
    NetzwerkStatus,
    ProtokollVersand,
    Treffen,
)
from netzwerke.services import empfaenger
from netzwerke.services_treffen import fingerabdruck
from saarlouis_portal.konten.models import User
from saarlouis_portal.stammdaten.models import (
    Ansprechperson,
    Gebiet,
    Handlungsfeld,
    Organisation,
    Thema,
)

KOORDINATION = "netzwerk@example.org"
PLANUNG = "sozialplanung@example.org"

# name, kind, Gebiet, topics (slugs), Handlungsfelder (slugs), coordinators, public, status,
# members [(organisation, role)], description
NETZWERKE = [
    (
        "Netzwerk Sprachförderung Saarlouis",
        NetzwerkArt.NETZWERK,
        "Kreisstadt Saarlouis",
        ["sprachfoerderung"],
        ["bildung-erziehung", "partizipation-vernetzung"],
        [KOORDINATION],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Mehrgenerationenhaus Saarlouis", MitgliedRolle.KOORDINATION),
            ("Kita Roden", MitgliedRolle.MITGLIED),
            ("Kita Steinrausch", MitgliedRolle.MITGLIED),
            ("Grundschule Lisdorf", MitgliedRolle.MITGLIED),
            ("Jobcenter Landkreis Saarlouis", MitgliedRolle.GAST),
        ],
        "Sprachkurse, Sprachcafés und Lesepatenschaften in der ganzen Stadt abstimmen: "
        "**wer bietet was, für wen, wo?**",
    ),
    (
        "Netzwerk Bildung und Erziehung Saarlouis",
        NetzwerkArt.NETZWERK,
        "Kreisstadt Saarlouis",
        ["bildung-erziehung"],
        ["bildung-erziehung"],
        [KOORDINATION],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Kita Roden", MitgliedRolle.MITGLIED),
            ("Grundschule Lisdorf", MitgliedRolle.KOORDINATION),
            ("Gemeinschaftsschule Saarlouis-Roden", MitgliedRolle.MITGLIED),
            ("Mehrgenerationenhaus Saarlouis", MitgliedRolle.MITGLIED),
        ],
        "Übergänge Kita – Grundschule – weiterführende Schule gemeinsam gestalten.",
    ),
    (
        "Netzwerk Bereitstellung von Wohnraum",
        NetzwerkArt.NETZWERK,
        "Kreisstadt Saarlouis",
        ["wohnraum"],
        ["wohnen-wohnumgebung", "existenzsicherung"],
        [PLANUNG],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Sozialbüro Saarlouis", MitgliedRolle.KOORDINATION),
            ("Jobcenter Landkreis Saarlouis", MitgliedRolle.MITGLIED),
            ("Stabsstelle Sozialplanung Saarlouis", MitgliedRolle.MITGLIED),
        ],
        "Bezahlbarer Wohnraum und Hilfe bei drohendem Wohnungsverlust.",
    ),
    (
        "Netzwerk Arbeitsmarktintegration Saarlouis",
        NetzwerkArt.NETZWERK,
        "Kreisstadt Saarlouis",
        ["arbeitsmarktintegration"],
        ["arbeitsmarkt", "existenzsicherung"],
        [PLANUNG],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Agentur für Arbeit Saarlouis", MitgliedRolle.KOORDINATION),
            ("Jobcenter Landkreis Saarlouis", MitgliedRolle.MITGLIED),
            ("Quartiersbüro Fraulautern", MitgliedRolle.MITGLIED),
        ],
        "Wege in Ausbildung und Arbeit, besonders für Zugewanderte und Alleinerziehende.",
    ),
    (
        "Netzwerk Gleichstellung Saarlouis",
        NetzwerkArt.NETZWERK,
        "Kreisstadt Saarlouis",
        ["gleichstellung"],
        ["partizipation-vernetzung"],
        [PLANUNG],
        True,
        NetzwerkStatus.RUHEND,
        [("Stabsstelle Sozialplanung Saarlouis", MitgliedRolle.KOORDINATION)],
        "Ruht zurzeit; soll mit dem Lokalen Bündnis für Familie neu aufgestellt werden.",
    ),
    (
        "Runder Tisch Interreligiöser Dialog",
        NetzwerkArt.NETZWERK,
        "Kreisstadt Saarlouis",
        ["interreligioeser-dialog"],
        ["partizipation-vernetzung"],
        [PLANUNG],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Katholische Pfarrei Saarlouis", MitgliedRolle.KOORDINATION),
            ("Evangelische Kirchengemeinde Saarlouis", MitgliedRolle.MITGLIED),
        ],
        "Kirchen und Religionsgemeinschaften der Stadt im Gespräch.",
    ),
    (
        "Netzwerk Interkulturelle Öffnung Saarlouis",
        NetzwerkArt.NETZWERK,
        "Kreisstadt Saarlouis",
        ["interkulturelle-oeffnung"],
        ["partizipation-vernetzung"],
        [PLANUNG],
        True,
        NetzwerkStatus.GRUENDUNG,
        [
            ("Stabsstelle Sozialplanung Saarlouis", MitgliedRolle.KOORDINATION),
            ("Mehrgenerationenhaus Saarlouis", MitgliedRolle.MITGLIED),
        ],
        "Verwaltung und Einrichtungen öffnen sich für Menschen aus aller Welt.",
    ),
    # District level
    (
        "Netzwerk Sprachförderung Roden",
        NetzwerkArt.NETZWERK,
        "Roden",
        ["sprachfoerderung", "bildung-erziehung"],
        ["bildung-erziehung"],
        [KOORDINATION],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Kita Roden", MitgliedRolle.KOORDINATION),
            ("Gemeinschaftsschule Saarlouis-Roden", MitgliedRolle.MITGLIED),
            ("Katholische Pfarrei Saarlouis", MitgliedRolle.GAST),
        ],
        "Sprachförderung vor Ort in Roden: Kita, Schule und Pfarrei.",
    ),
    (
        "Netzwerk Arbeit und Wohnen Fraulautern",
        NetzwerkArt.NETZWERK,
        "Fraulautern",
        ["arbeitsmarktintegration", "wohnraum"],
        ["arbeitsmarkt", "wohnen-wohnumgebung"],
        [PLANUNG],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Quartiersbüro Fraulautern", MitgliedRolle.KOORDINATION),
            ("Jobcenter Landkreis Saarlouis", MitgliedRolle.MITGLIED),
            ("Sozialbüro Saarlouis", MitgliedRolle.MITGLIED),
        ],
        "Im Fördergebiet „Sozialer Zusammenhalt“: Arbeit und Wohnen zusammen denken.",
    ),
    (
        "Netzwerk Interkulturelle Öffnung Steinrausch",
        NetzwerkArt.NETZWERK,
        "Steinrausch",
        ["interkulturelle-oeffnung"],
        ["partizipation-vernetzung"],
        [PLANUNG],
        False,
        NetzwerkStatus.GRUENDUNG,
        [("Kita Steinrausch", MitgliedRolle.MITGLIED)],
        "Internes Netzwerk in Gründung (nur Sozialplanung).",
    ),
    # The two alliances of the concept
    (
        "Lokales Bündnis für Familie Saarlouis",
        NetzwerkArt.BUENDNIS,
        "Kreisstadt Saarlouis",
        ["bildung-erziehung", "gleichstellung"],
        ["bildung-erziehung", "partizipation-vernetzung", "existenzsicherung"],
        [PLANUNG],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Lokales Bündnis für Familie Saarlouis", MitgliedRolle.KOORDINATION),
            ("Mehrgenerationenhaus Saarlouis", MitgliedRolle.MITGLIED),
            ("Kita Roden", MitgliedRolle.MITGLIED),
            ("Sozialbüro Saarlouis", MitgliedRolle.MITGLIED),
            ("Evangelische Kirchengemeinde Saarlouis", MitgliedRolle.MITGLIED),
        ],
        "Familienfreundlichkeit in Saarlouis: Betreuung, Beratung, Freizeit.",
    ),
    (
        "Faire Stadt Saarlouis",
        NetzwerkArt.BUENDNIS,
        "Kreisstadt Saarlouis",
        ["interkulturelle-oeffnung"],
        ["partizipation-vernetzung", "existenzsicherung"],
        [PLANUNG],
        True,
        NetzwerkStatus.AKTIV,
        [
            ("Steuerungsgruppe Faire Stadt Saarlouis", MitgliedRolle.KOORDINATION),
            ("Katholische Pfarrei Saarlouis", MitgliedRolle.MITGLIED),
            ("Evangelische Kirchengemeinde Saarlouis", MitgliedRolle.MITGLIED),
            ("Stabsstelle Sozialplanung Saarlouis", MitgliedRolle.MITGLIED),
        ],
        "Fairtrade-Stadt: fairer Handel, faire Beschaffung, Bildung für nachhaltige Entwicklung.",
    ),
]

# network, title, days from today, start hour, place, minutes public
TREFFEN = [
    (
        "Netzwerk Sprachförderung Saarlouis",
        "Netzwerktreffen Sprachförderung",
        14,
        17,
        "Mehrgenerationenhaus Saarlouis, Großer Saal",
        False,
    ),
    (
        "Netzwerk Sprachförderung Saarlouis",
        "Auftakt Sprachcafés",
        -30,
        16,
        "Rathaus Saarlouis, Sitzungssaal",
        True,
    ),
    (
        "Netzwerk Sprachförderung Roden",
        "Sprachförderung in Roden",
        21,
        15,
        "Kita Roden",
        False,
    ),
    (
        "Lokales Bündnis für Familie Saarlouis",
        "Bündnisversammlung",
        28,
        18,
        "Rathaus Saarlouis, Sitzungssaal",
        False,
    ),
    (
        "Faire Stadt Saarlouis",
        "Steuerungsgruppe Faire Stadt",
        -14,
        18,
        "Weltladen Saarlouis",
        False,
    ),
]

# organisation, date, Gebiet, topics
GESPRAECHE = [
    ("Kita Roden", date(2026, 3, 3), "Roden", ["sprachfoerderung", "bildung-erziehung"]),
    ("Gemeinschaftsschule Saarlouis-Roden", date(2026, 3, 10), "Roden", ["sprachfoerderung"]),
    ("Katholische Pfarrei Saarlouis", date(2026, 3, 17), "Roden", ["sprachfoerderung", "wohnraum"]),
    ("Quartiersbüro Fraulautern", date(2026, 4, 7), "Fraulautern", ["gleichstellung", "wohnraum"]),
    ("Jobcenter Landkreis Saarlouis", date(2026, 4, 14), "Fraulautern", ["gleichstellung"]),
    ("Sozialbüro Saarlouis", date(2026, 4, 21), "Fraulautern", ["gleichstellung", "wohnraum"]),
    ("Kita Steinrausch", date(2026, 5, 5), "Steinrausch", ["sprachfoerderung"]),
    (
        "Mehrgenerationenhaus Saarlouis",
        date(2026, 5, 12),
        "Innenstadt",
        ["interreligioeser-dialog"],
    ),
    (
        "Evangelische Kirchengemeinde Saarlouis",
        date(2026, 5, 19),
        "Kreisstadt Saarlouis",
        ["interreligioeser-dialog", "interkulturelle-oeffnung"],
    ),
]


# Invented contact persons (example.org) of member organisations, so invitations have
# recipients in the demo.
ANSPRECHPERSONEN = [
    ("Mehrgenerationenhaus Saarlouis", "Mira", "Beispiel", "Leitung"),
    ("Kita Roden", "Tom", "Muster", "Kita-Leitung"),
    ("Grundschule Lisdorf", "Eva", "Probe", "Schulsozialarbeit"),
    ("Katholische Pfarrei Saarlouis", "Jan", "Demo", "Gemeindereferent"),
    ("Kita Steinrausch", "Lea", "Beispiel", "Kita-Leitung"),
]


def _ansprechpersonen():
    for org_name, vorname, nachname, funktion in ANSPRECHPERSONEN:
        org = Organisation.objects.filter(name=org_name).first()
        if org:
            Ansprechperson.objects.update_or_create(
                organisation=org,
                vorname=vorname,
                nachname=nachname,
                defaults={
                    "funktion": funktion,
                    "email": f"{vorname.lower()}.{nachname.lower()}@example.org",
                },
            )


def _user(email):
    return User.objects.filter(email=email).first()


def _netzwerke(orgs, gebiete):
    themen = {t.slug: t for t in Thema.objects.all()}
    felder = {h.slug: h for h in Handlungsfeld.objects.all()}
    result = {}
    for (
        name,
        art,
        gebiet,
        themen_slugs,
        feld_slugs,
        koordination,
        oeffentlich,
        status,
        mitglieder,
        beschreibung,
    ) in NETZWERKE:
        netz, _created = Netzwerk.objects.update_or_create(
            name=name,
            defaults={
                "art": art,
                "gebiet": gebiete[gebiet],
                "beschreibung": beschreibung,
                "status": status,
                "oeffentlich": oeffentlich,
                "ist_demo": True,
            },
        )
        netz.themen.set([themen[s] for s in themen_slugs])
        netz.handlungsfelder.set([felder[s] for s in feld_slugs])
        netz.koordination.set([u for u in map(_user, koordination) if u])
        for org_name, rolle in mitglieder:
            org = orgs.get(org_name)
            if org is None:
                continue
            mitglied, _created = Mitgliedschaft.objects.update_or_create(
                netzwerk=netz, organisation=org, defaults={"rolle": rolle, "seit": date(2023, 3, 1)}
            )
            mitglied.ansprechpersonen.set(org.ansprechpersonen.all())
        result[name] = netz
    return result


def _treffen(netze):
    tz = timezone.get_default_timezone()
    heute = timezone.localdate()
    for netz_name, titel, tage, stunde, ort, protokoll_oeffentlich in TREFFEN:
        tag = heute + timedelta(days=tage)
        beginn = datetime.combine(tag, time(stunde, 0), tzinfo=tz)
        vergangen = tage < 0
        treffen, _created = Treffen.objects.update_or_create(
            netzwerk=netze[netz_name],
            titel=titel,
            defaults={
                "beginn": beginn,
                "ende": beginn + timedelta(hours=2),
                "ort": ort,
                "tagesordnung": "1. Begrüßung und Protokoll\n2. Berichte aus den Einrichtungen\n"
                "3. Maßnahmen und nächste Schritte\n4. Verschiedenes",
                "protokoll": (
                    "## Ergebnisse\n\n- Angebote werden in einer gemeinsamen Übersicht "
                    "gesammelt.\n- Nächstes Treffen in drei Monaten."
                    if vergangen
                    else ""
                ),
                "protokoll_oeffentlich": protokoll_oeffentlich,
            },
        )
        if vergangen:
            treffen.anwesende.set(
                Organisation.objects.filter(mitgliedschaften__netzwerk=treffen.netzwerk)
            )


# The follow-up of the city's language network (issue 17): its coming and its past meeting.
NACHBEREITUNG_NETZWERK = "Netzwerk Sprachförderung Saarlouis"
KOMMENDES_TREFFEN = "Netzwerktreffen Sprachförderung"
VERGANGENES_TREFFEN = "Auftakt Sprachcafés"

# Contact person (e-mail) -> answer to the coming meeting; who is missing has not answered.
ANTWORTEN_KOMMEND = {
    "mira.beispiel@example.org": Antwort.ZUSAGE,
    "tom.muster@example.org": Antwort.ABSAGE,
    "eva.probe@example.org": Antwort.VIELLEICHT,
}
# Contact person -> (answer, attended) at the past meeting.
ANTWORTEN_VERGANGEN = {
    "mira.beispiel@example.org": (Antwort.ZUSAGE, True),
    "tom.muster@example.org": (Antwort.ZUSAGE, True),
    "eva.probe@example.org": (Antwort.ABSAGE, False),
    "lea.beispiel@example.org": (Antwort.ZUSAGE, False),
}

# Tasks agreed at the past meeting: title, responsible person (e-mail) or organisation, due in
# days from today, done.
AUFGABEN = [
    (
        "Übersicht aller Sprachkurse an die Mitglieder schicken",
        "mira.beispiel@example.org",
        -10,
        True,
    ),
    ("Raum für das Sprachcafé in Roden anfragen", "tom.muster@example.org", -5, False),
    ("Flyer in Leichter Sprache entwerfen", "Grundschule Lisdorf", 12, False),
]


def _einladungen(treffen, antworten: dict, versendet_am):
    """The invitations of ``treffen`` to the members' contact persons, as if sent at
    ``versendet_am``, with the answers given a day later (and who attended)."""
    Treffen.objects.filter(pk=treffen.pk).update(einladung_versendet_am=versendet_am)
    einladungen = []
    for person in empfaenger(treffen):
        antwort, anwesend = antworten.get(person.email, (Antwort.OFFEN, False))
        einladung, _created = Einladung.objects.update_or_create(
            treffen=treffen,
            person=person,
            defaults={
                "antwort": antwort,
                "beantwortet_am": (
                    versendet_am + timedelta(days=1) if antwort != Antwort.OFFEN else None
                ),
                "versendet_am": versendet_am,
                "anwesend": anwesend,
            },
        )
        einladungen.append(einladung)
    return einladungen


def _nachbereitung(netze):
    """Replies, attendance, minutes sent and tasks of the city's language network."""
    netz = netze.get(NACHBEREITUNG_NETZWERK)
    kommend = Treffen.objects.filter(netzwerk=netz, titel=KOMMENDES_TREFFEN).first()
    vergangen = Treffen.objects.filter(netzwerk=netz, titel=VERGANGENES_TREFFEN).first()
    if kommend is None or vergangen is None:
        return
    koordination = _user(KOORDINATION) or _user(PLANUNG)
    jetzt = timezone.now()
    _einladungen(
        kommend,
        {email: (antwort, False) for email, antwort in ANTWORTEN_KOMMEND.items()},
        jetzt - timedelta(days=3),
    )

    einladungen = _einladungen(
        vergangen, ANTWORTEN_VERGANGEN, vergangen.beginn - timedelta(days=14)
    )
    # Attendance as the meeting page records it: the organisations of those who attended, and
    # the members without an invited person, ticked directly.
    eingeladen = {e.person.organisation_id for e in einladungen}
    vergangen.anwesende.set(
        {e.person.organisation_id for e in einladungen if e.anwesend}
        | set(
            Mitgliedschaft.objects.filter(netzwerk=netz)
            .exclude(organisation__in=eingeladen)
            .values_list("organisation", flat=True)
        )
    )
    versand = ProtokollVersand.objects.filter(treffen=vergangen).first()
    werte = {
        "versendet_am": vergangen.ende + timedelta(days=2),
        "versendet_von": koordination,
        "empfaenger": len(einladungen),
        "fingerabdruck": fingerabdruck(vergangen.protokoll),
    }
    if versand is None:
        ProtokollVersand.objects.create(treffen=vergangen, **werte)
    else:
        ProtokollVersand.objects.filter(pk=versand.pk).update(**werte)

    heute = timezone.localdate()
    tz = timezone.get_default_timezone()
    for titel, wer, tage, erledigt in AUFGABEN:
        faellig = heute + timedelta(days=tage)
        person = Ansprechperson.objects.filter(email=wer).first() if "@" in wer else None
        Aufgabe.objects.update_or_create(
            netzwerk=netz,
            titel=titel,
            defaults={
                "treffen": vergangen,
                "person": person,
                "organisation": (
                    Organisation.objects.filter(name=wer).first() if person is None else None
                ),
                "faellig_am": faellig,
                "status": AufgabeStatus.ERLEDIGT if erledigt else AufgabeStatus.OFFEN,
                "erledigt_am": (
                    datetime.combine(faellig - timedelta(days=2), time(10), tzinfo=tz)
                    if erledigt
                    else None
                ),
                "erledigt_von": koordination if erledigt else None,
                # Due ones were reminded on their day, so no demo run mails them again.
                "erinnert_am": (
                    datetime.combine(faellig, time(7), tzinfo=tz)
                    if tage <= 0 and not erledigt
                    else None
                ),
                "erstellt_von": koordination,
            },
        )


def _gespraeche(orgs, gebiete, netze):
    themen = {t.slug: t for t in Thema.objects.all()}
    fuehrend = _user(KOORDINATION) or _user(PLANUNG)
    for org_name, datum, gebiet, slugs in GESPRAECHE:
        if org_name not in orgs:
            continue
        gespraech, _created = Gespraech.objects.update_or_create(
            organisation=orgs[org_name],
            datum=datum,
            gebiet=gebiete[gebiet],
            defaults={
                "notiz": "Erhebungsgespräch (Demodaten).",
                "gefuehrt_von": fuehrend,
                "netzwerk": netze["Netzwerk Sprachförderung Roden"] if gebiet == "Roden" else None,
            },
        )
        gespraech.themen.set([themen[s] for s in slugs])


def seed_netzwerke() -> dict[str, Netzwerk] | None:
    """Networks, members, meetings and talks (without the measures); None without the demo
    master data."""
    saarlouis = Gebiet.objects.filter(
        name="Kreisstadt Saarlouis", eltern__name="Landkreis Saarlouis"
    ).first()
    if saarlouis is None:
        return None
    # A Stadtteil and its only Sozialraum may share a name: the Stadtteil wins.
    gebiete = {g.name: g for g in list(Gebiet.objects.within(saarlouis).by_level())[::-1]}
    _ansprechpersonen()
    orgs = {o.name: o for o in Organisation.objects.all()}
    netze = _netzwerke(orgs, gebiete)
    _treffen(netze)
    _nachbereitung(netze)
    _gespraeche(orgs, gebiete, netze)
    return netze


def seed(stdout):
    if seed_netzwerke() is None:
        stdout.write("  Netzwerke: übersprungen (Stammdaten fehlen)")
        return []
    stdout.write(
        f"  Netzwerke: {Netzwerk.objects.filter(ist_demo=True).count()} Netzwerke und Bündnisse, "
        f"{Mitgliedschaft.objects.filter(netzwerk__ist_demo=True).count()} Mitgliedschaften"
    )
    from netzwerke.demo_massnahmen import seed_massnahmen

    return seed_massnahmen(stdout) or []
