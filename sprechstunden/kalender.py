"""The counsellor's own calendar: the slots they take, as a feed their calendar program
subscribes to (address with a secret token, ``saarlouis_portal.konten.kalender``).

A feed is readable by whoever has its address, so it carries nothing about the people who
booked: per slot only time, place, form, whether it is booked or free, and the topics of its
bookings. The bookings are read with their slot and topic only; names, phone numbers and e-mail
addresses are not even loaded. Staff strings, German.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from saarlouis_portal.ical import uid_host, vtimezone
from saarlouis_portal.konten.kalender import Feed
from saarlouis_portal.konten.roles import Rolle
from sprechstunden.models import BELEGEND, Buchung, Termin

PRODID = "-//Sozialplanungs-Portal//Sprechstunden-Kalender//DE"
# Which slots the feed holds: the last weeks (for looking back) and every slot ahead that
# exists (slots are made for each Sprechstunde's booking window, so this is bounded).
ZURUECK = timedelta(days=28)
VORAUS = timedelta(days=366)

FEED = Feed(
    url_name="sprechstunden:kalender_feed",
    titel=gettext_lazy("Meine Sprechstunden-Termine"),
    beschreibung=gettext_lazy(
        "Die Termine Ihrer Sprechstunden mit Zeit, Ort, „gebucht“ oder „frei“ und dem Thema – "
        "ohne Namen und Kontaktdaten."
    ),
    fuer=lambda user: user.has_rolle(Rolle.BERATUNG),
    reihenfolge=10,
)


def termine_fuer(user, now: datetime):
    """The slots ``user`` takes in the feed's window, each with its active bookings' topics
    (``aktive``) and whether a closure covers it: two queries however many slots."""
    buchungen = (
        Buchung.objects.filter(status__in=BELEGEND)
        .select_related("thema")
        .only("termin", "platz", "folgetermin", "thema")  # the topic with its languages
        .order_by("platz")
    )
    return (
        Termin.objects.of_counsellor(user)
        .filter(beginn__gte=now - ZURUECK, beginn__lt=now + VORAUS)
        .select_related("sprechstunde__anlaufstelle")
        .with_geschlossen()
        .prefetch_related(Prefetch("buchungen", queryset=buchungen, to_attr="aktive"))
        .order_by("beginn", "pk")
    )


def _belegung(termin: Termin) -> str:
    if termin.abgesagt:
        return _("abgesagt")
    if termin.geschlossen:
        return _("geschlossen")
    belegt = len(termin.aktive)
    if termin.kapazitaet == 1:
        return _("gebucht") if belegt else _("frei")
    if belegt >= termin.kapazitaet:
        return _("gebucht (%(belegt)d von %(plaetze)d)") % {
            "belegt": belegt,
            "plaetze": termin.kapazitaet,
        }
    if belegt == 0:
        return _("frei")
    return _("%(belegt)d von %(plaetze)d gebucht") % {
        "belegt": belegt,
        "plaetze": termin.kapazitaet,
    }


def _event(termin: Termin, stamp: datetime) -> Event:
    sprechstunde = termin.sprechstunde
    anlaufstelle = sprechstunde.anlaufstelle
    event = Event()
    event.add("uid", f"sprechstunden-termin-{termin.pk}@{uid_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(termin.beginn))
    event.add("dtend", timezone.localtime(termin.ende))
    event.add("summary", f"{sprechstunde.titel}: {_belegung(termin)}")
    event.add("location", f"{anlaufstelle.name}, {anlaufstelle.adresse}")
    lines = [_("Form: %(modus)s") % {"modus": sprechstunde.get_modus_display()}]
    themen = sorted({b.thema.name for b in termin.aktive})
    if themen and not termin.abgesagt:
        lines.append(_("Thema: %(themen)s") % {"themen": ", ".join(themen)})
    folge = sum(1 for b in termin.aktive if b.folgetermin)
    if folge and not termin.abgesagt:
        lines.append(_("Folgetermin"))
    if termin.abgesagt and termin.absagegrund:
        lines.append(_("Abgesagt: %(grund)s") % {"grund": termin.absagegrund})
    event.add("description", "\n".join(lines))
    event.add("url", settings.PORTAL_BASE_URL + reverse("sprechstunden:termin", args=[termin.pk]))
    event.add("status", "CANCELLED" if termin.abgesagt or termin.geschlossen else "CONFIRMED")
    return event


def ics_feed(user, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", str(FEED.titel))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(vtimezone(settings.TIME_ZONE))
    for termin in termine_fuer(user, now):
        calendar.add_component(_event(termin, now))
    return calendar.to_ical()
