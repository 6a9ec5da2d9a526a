"""HSDS records built from the public rows: organization, location (with address, phone,
contact, accessibility, languages and opening hours) and service (with schedules, languages,
contact and its service_at_location). Callers pass public rows only; nothing here filters.

Times are local times in Europe/Berlin (HSDS allows an offset, but a fixed offset would be
wrong for half of the year); each schedule's ``notes`` says so.
"""

from datetime import date, time

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from begegnung.hsds.schema import hsds_id
from begegnung.models import Angebot, Ort, Wiederholung, Wochentag, Zielgruppe
from saarlouis_portal.stammdaten.models import Organisation

ICAL_TAGE = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = Wochentag value
ZEIT_HINWEIS = "Ortszeit Europe/Berlin"


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def _zeit(value: time) -> str:
    return value.strftime("%H:%M:%S")


def _datum(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _kompakt(record: dict) -> dict:
    """HSDS leaves out what is unknown: drop empty values, keep lists (even empty ones)."""
    return {k: v for k, v in record.items() if v not in (None, "") or isinstance(v, list)}


def organization(org: Organisation, rollen: list[str]) -> dict:
    return _kompakt(
        {
            "id": hsds_id("organization", org.pk),
            "name": org.name,
            "alternate_name": org.kurzname,
            # Required by HSDS; the staff description of the master data is not public, so the
            # description says what the organisation does at the public places.
            "description": "; ".join(rollen) or str(org.get_art_display()),
            "website": org.website,
        }
    )


def _language(sprache, **owner) -> dict:
    owner_key = next(iter(owner))
    return {
        "id": hsds_id("language", owner_key, owner[owner_key], sprache.code),
        owner_key: owner[owner_key],
        "name": sprache.name,
        "code": sprache.code,
    }


def _location_schedules(ort: Ort, location_id: str) -> list[dict]:
    schedules = []
    for periode in ort.oeffnungszeiten.all():
        schedules.append(
            {
                "id": hsds_id("schedule", "oeffnungszeit", periode.pk),
                "location_id": location_id,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ICAL_TAGE[periode.wochentag],
                "opens_at": _zeit(periode.beginn),
                "closes_at": _zeit(periode.ende),
                "description": str(periode),
                "notes": ZEIT_HINWEIS,
            }
        )
    return schedules


def _accessibility(ort: Ort, location_id: str) -> list[dict]:
    merkmale = [
        ("stufenlos", ort.stufenloser_zugang, _("Stufenloser Zugang")),
        ("wc", ort.barrierefreies_wc, _("Barrierefreies WC")),
        ("induktionsschleife", ort.induktionsschleife, _("Induktionsschleife")),
    ]
    eintraege = [
        {
            "id": hsds_id("accessibility", ort.pk, key),
            "location_id": location_id,
            "description": text,
        }
        for key, vorhanden, text in merkmale
        if vorhanden
    ]
    if ort.barrierefreiheit_hinweise:
        eintraege.append(
            {
                "id": hsds_id("accessibility", ort.pk, "hinweise"),
                "location_id": location_id,
                "description": _("Hinweise zur Barrierefreiheit"),
                "details": ort.barrierefreiheit_hinweise,
            }
        )
    return eintraege


def location(ort: Ort, organisation: Organisation | None) -> dict:
    location_id = hsds_id("location", ort.pk)
    addresses = []
    if ort.strasse and ort.ortsname:
        addresses.append(
            {
                "id": hsds_id("address", ort.pk),
                "location_id": location_id,
                "address_1": ort.strasse,
                "city": ort.ortsname,
                # Required by HSDS, but the portal does not record the Land: left empty.
                "state_province": "",
                "postal_code": ort.plz,
                "country": "DE",
                "address_type": "physical",
            }
        )
    phones = []
    if ort.telefon:
        phones.append(
            {
                "id": hsds_id("phone", "location", ort.pk),
                "location_id": location_id,
                "number": ort.telefon,
            }
        )
    contacts = []
    if ort.email:
        contacts.append(
            {
                "id": hsds_id("contact", "location", ort.pk),
                "location_id": location_id,
                "name": ort.name,
                "email": ort.email,
                "phones": [],
            }
        )
    return _kompakt(
        {
            "id": location_id,
            "location_type": "physical",
            "url": _absolute(reverse("begegnung:ort", args=[ort.pk])),
            "organization_id": hsds_id("organization", organisation.pk) if organisation else None,
            "name": ort.name,
            "alternate_name": str(ort.get_art_display()),
            "description": ort.beschreibung,
            "latitude": float(ort.breitengrad) if ort.breitengrad is not None else None,
            "longitude": float(ort.laengengrad) if ort.laengengrad is not None else None,
            "languages": [_language(s, location_id=location_id) for s in ort.sprachen.all()],
            "addresses": addresses,
            "contacts": contacts,
            "accessibility": _accessibility(ort, location_id),
            "phones": phones,
            "schedules": _location_schedules(ort, location_id),
        }
    )


def _service_schedules(angebot: Angebot, service_id: str) -> list[dict]:
    gemeinsam = {
        "service_id": service_id,
        "notes": ZEIT_HINWEIS,
        # Every date of the place's offers as an iCalendar feed.
        "schedule_link": _absolute(reverse("begegnung:ort_feed", args=[angebot.ort_id])),
    }
    if angebot.wiederholung == Wiederholung.EINZELTERMINE:
        return [
            gemeinsam
            | {
                "id": hsds_id("schedule", "angebottermin", termin.pk),
                "valid_from": termin.datum.isoformat(),
                "valid_to": termin.datum.isoformat(),
                "dtstart": termin.datum.isoformat(),
                "opens_at": _zeit(termin.beginn),
                "closes_at": _zeit(termin.ende),
                "description": f"{termin.datum:%d.%m.%Y} {termin.beginn:%H:%M}–{termin.ende:%H:%M}",
            }
            for termin in angebot.termine.all()
        ]
    if angebot.wochentag is None:
        return []
    tag = ICAL_TAGE[angebot.wochentag]
    schedule = gemeinsam | {
        "id": hsds_id("schedule", "angebot", angebot.pk),
        "wkst": "MO",
        "valid_from": _datum(angebot.gueltig_ab),
        "valid_to": _datum(angebot.gueltig_bis),
        "opens_at": _zeit(angebot.beginn) if angebot.beginn else None,
        "closes_at": _zeit(angebot.ende) if angebot.ende else None,
    }
    wochentag = Wochentag(angebot.wochentag).label
    if angebot.wiederholung == Wiederholung.MONATLICH:
        schedule["freq"] = "MONTHLY"
        # "2MO" is the second Monday, "-1FR" the last Friday of the month (RFC 5545).
        schedule["byday"] = f"{angebot.woche_im_monat}{tag}" if angebot.woche_im_monat else tag
        if angebot.woche_im_monat == -1:
            text = _("Monatlich am letzten %(tag)s") % {"tag": wochentag}
        elif angebot.woche_im_monat:
            text = _("Monatlich am %(n)s. %(tag)s") % {
                "n": angebot.woche_im_monat,
                "tag": wochentag,
            }
        else:
            text = _("Monatlich, %(tag)s") % {"tag": wochentag}
    else:
        schedule["freq"] = "WEEKLY"
        schedule["byday"] = tag
        text = _("Wöchentlich, %(tag)s") % {"tag": wochentag}
    if angebot.beginn and angebot.ende:
        text += f" {angebot.beginn:%H:%M}–{angebot.ende:%H:%M}"
    schedule["description"] = text
    return [_kompakt(schedule)]


def service(angebot: Angebot, ort: Ort, organisation: Organisation | None, heute: date) -> dict:
    service_id = hsds_id("service", angebot.pk)
    contacts = []
    if angebot.kontakt_name or angebot.kontakt_email or angebot.kontakt_telefon:
        contact_id = hsds_id("contact", "service", angebot.pk)
        phones = []
        if angebot.kontakt_telefon:
            phones.append(
                {
                    "id": hsds_id("phone", "service", angebot.pk),
                    "service_id": service_id,
                    "contact_id": contact_id,
                    "number": angebot.kontakt_telefon,
                }
            )
        contacts.append(
            _kompakt(
                {
                    "id": contact_id,
                    "service_id": service_id,
                    "name": angebot.kontakt_name,
                    "email": angebot.kontakt_email,
                    "phones": phones,
                }
            )
        )
    beendet = angebot.gueltig_bis is not None and angebot.gueltig_bis < heute
    if angebot.anmeldung_noetig:
        anmeldung = angebot.anmeldung_wie or _("Anmeldung nötig.")
    else:
        anmeldung = _("Ohne Anmeldung.")
    themen = ", ".join(thema.name for thema in angebot.themen.all())
    return _kompakt(
        {
            "id": service_id,
            "organization_id": hsds_id("organization", organisation.pk) if organisation else None,
            "name": angebot.titel,
            "alternate_name": themen,
            "description": angebot.beschreibung,
            "url": _absolute(reverse("begegnung:angebot", args=[angebot.pk])),
            "email": angebot.kontakt_email,
            "status": "inactive" if beendet else "active",
            "application_process": anmeldung,
            "fees_description": _("Kostenlos") if angebot.kostenlos else angebot.kosten,
            "eligibility_description": (
                str(angebot.get_zielgruppe_display())
                if angebot.zielgruppe != Zielgruppe.ALLE
                else ""
            ),
            "last_modified": angebot.geaendert_am.isoformat(),
            "phones": [],
            "schedules": _service_schedules(angebot, service_id),
            "service_at_locations": [_service_at_location(angebot, ort)],
            "languages": [_language(s, service_id=service_id) for s in angebot.sprachen.all()],
            "contacts": contacts,
        }
    )


def _service_at_location(angebot: Angebot, ort: Ort) -> dict:
    return {
        "id": hsds_id("service_at_location", angebot.pk),
        "service_id": hsds_id("service", angebot.pk),
        "location_id": hsds_id("location", ort.pk),
    }
