"""A staff member's own feed of network meetings: every meeting of the networks they may see
(``Treffen.objects.for_user``: for Sozialplanung all, for others the public ones and those they
coordinate), behind the secret address of their account (``saarlouis_portal.konten.kalender``).
The events are those of the public feeds (``netzwerke.kalender``): no minutes. Staff strings,
German."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerke.kalender import ics_kalender
from netzwerke.models import Treffen
from saarlouis_portal.konten.access import is_staff_member
from saarlouis_portal.konten.kalender import Feed

# The last year and everything ahead, as in a network's public feed.
ZURUECK = timedelta(days=365)

FEED = Feed(
    url_name="netzwerke:kalender_feed",
    titel=_("Treffen meiner Netzwerke"),
    beschreibung=_(
        "Die Treffen aller Netzwerke, die Sie im Portal sehen dürfen, auch der internen: Zeit, "
        "Ort und Tagesordnung, keine Protokolle."
    ),
    fuer=is_staff_member,
    reihenfolge=20,
)


def treffen_fuer(user, now: datetime):
    return (
        Treffen.objects.for_user(user)
        .filter(beginn__gte=now - ZURUECK)
        .select_related("netzwerk")
        .mit_treffpunkt()
        .order_by("beginn", "pk")
    )


def ics_feed(user, now: datetime | None = None) -> bytes:
    return ics_kalender(str(FEED.titel), treffen_fuer(user, now or timezone.now()))
