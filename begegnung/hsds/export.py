"""The public directory as HSDS data: which rows leave (public places, their public offers, the
organisations working there) and the JSON form of the export.

Only public data leaves. Internal notes, the people who lead a place, staffing shares and
staff-only fields are never read here.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from begegnung.hsds import records
from begegnung.hsds.schema import HSDS_VERSION, OPENAPI_URL
from begegnung.models import (
    Angebot,
    AngebotTermin,
    Oeffnungszeit,
    Ort,
    PartnerRolle,
    Partnerschaft,
    Stelle,
)
from saarlouis_portal.stammdaten.models import Organisation


def _orte():
    """Public places with everything the export needs, in a fixed number of queries."""
    return (
        Ort.objects.public()
        .order_by("pk")
        .prefetch_related(
            "sprachen",
            Prefetch("oeffnungszeiten", queryset=Oeffnungszeit.objects.order_by("wochentag")),
            Prefetch(
                "partnerschaften",
                queryset=Partnerschaft.objects.select_related("organisation").order_by(
                    "rolle", "organisation__name"
                ),
            ),
            Prefetch(
                "angebote",
                queryset=Angebot.objects.filter(oeffentlich=True)
                .order_by("pk")
                .prefetch_related(
                    "sprachen",
                    "themen",
                    Prefetch("termine", queryset=AngebotTermin.objects.order_by("datum")),
                ),
            ),
        )
    )


def _organisationen(orte: list[Ort]) -> dict[int, Organisation]:
    """Partner institutions and employers at public places, by pk."""
    ort_ids = [ort.pk for ort in orte]
    ids = set(
        Partnerschaft.objects.filter(ort_id__in=ort_ids).values_list("organisation_id", flat=True)
    )
    ids |= set(Stelle.objects.filter(ort_id__in=ort_ids).values_list("arbeitgeber_id", flat=True))
    return {org.pk: org for org in Organisation.objects.filter(pk__in=ids).order_by("pk")}


def _traeger(ort: Ort) -> Organisation | None:
    """The organisation responsible for a place: its carrier, else a co-carrier."""
    for rolle in (PartnerRolle.TRAEGER, PartnerRolle.MITTRAEGER):
        for partnerschaft in ort.partnerschaften.all():
            if partnerschaft.rolle == rolle:
                return partnerschaft.organisation
    return None


def export_data() -> dict:
    """organizations, services, locations and service_at_locations of the public directory."""
    heute = timezone.localdate()
    orte = list(_orte())
    organisationen = _organisationen(orte)
    rollen = defaultdict(list)
    for ort in orte:
        for partnerschaft in ort.partnerschaften.all():
            rollen[partnerschaft.organisation_id].append(
                f"{partnerschaft.get_rolle_display()}: {ort.name}"
            )
    ort_ids = [ort.pk for ort in orte]
    for arbeitgeber_id, ort_name in (
        Stelle.objects.filter(ort_id__in=ort_ids)
        .order_by("ort__name")
        .values_list("arbeitgeber_id", "ort__name")
        .distinct()
    ):
        rollen[arbeitgeber_id].append(_("Anstellungsträger: %(ort)s") % {"ort": ort_name})

    locations, services, service_at_locations = [], [], []
    for ort in orte:
        organisation = _traeger(ort)
        locations.append(records.location(ort, organisation))
        for angebot in ort.angebote.all():
            service = records.service(angebot, ort, organisation, heute)
            services.append(service)
            service_at_locations.extend(service["service_at_locations"])
    return {
        "organizations": [
            records.organization(org, list(dict.fromkeys(rollen[org.pk])))
            for org in organisationen.values()
        ],
        "services": services,
        "locations": locations,
        "service_at_locations": service_at_locations,
    }


def export_json() -> dict:
    """The JSON form: the HSDS base object (version, OpenAPI) plus the four collections; each
    item is a full HSDS object (organization, service, location, service_at_location)."""
    return {
        "version": HSDS_VERSION,
        "openapi_url": OPENAPI_URL,
        "publisher": settings.PORTAL_NAME,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        **export_data(),
    }
