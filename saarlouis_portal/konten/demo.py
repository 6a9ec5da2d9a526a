"""Demo staff accounts, one per role, for a first local start (`make run`)."""

from django.contrib.auth.models import Group

from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle

DEMO_PASSWORT = "Demo-Portal-2026"

DEMO_KONTEN = [
    # e-mail, first name, last name, role (None: administrator)
    ("admin@example.org", "Ada", "Admin", None),
    ("sozialplanung@example.org", "Sam", "Planer", Rolle.SOZIALPLANUNG),
    ("netzwerk@example.org", "Nika", "Netz", Rolle.NETZWERKKOORDINATION),
    ("ortsleitung@example.org", "Olli", "Ort", Rolle.ORTSLEITUNG),
    ("beratung@example.org", "Bea", "Berater", Rolle.BERATUNG),
    ("bericht@example.org", "Ben", "Bericht", Rolle.BERICHTSWESEN),
]


def seed(stdout):
    logins = []
    for email, first, last, rolle in DEMO_KONTEN:
        user, _created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        user.set_password(DEMO_PASSWORT)
        user.is_active = True
        user.is_staff = rolle is None
        user.is_superuser = rolle is None
        user.save()
        if rolle:
            user.groups.set([Group.objects.get(name=rolle.value)])
        logins.append((email, rolle.label if rolle else "Administration"))
    return logins
