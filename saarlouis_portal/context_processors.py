from django.conf import settings

from saarlouis_portal.bereiche import BEREICHE


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_CONTACT_EMAIL": settings.PORTAL_CONTACT_EMAIL,
        "BEREICHE": BEREICHE,
    }
