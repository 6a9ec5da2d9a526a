"""Free the seats of online reservations that were not confirmed in time, and delete expired
sessions.

Run it every few minutes from cron (e.g. */5). Idempotent: an expired reservation stays expired.
The time allowed is BOOKING_RESERVATION_MINUTES (default 30).

Sessions: when someone else took a slot while a citizen filled in the form, their entries are
kept in their session for 30 minutes (``sprechstunden.views.public_booking``). The session then
expires, but Django deletes an expired session row only in ``clearsessions`` (daily); this job
deletes expired sessions as well, so those entries leave the database within minutes, as the
privacy page promises. Staff sessions are only deleted once they have expired too.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand

from sprechstunden.services.periodic import expire_reservations


class Command(BaseCommand):
    help = (
        "Lässt unbestätigte Reservierungen verfallen, gibt die Termine frei und löscht "
        "abgelaufene Sitzungen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts ändern.")

    def handle(self, *args, dry_run=False, **options):
        count = expire_reservations(dry_run=dry_run)
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(f"{prefix}{count} Reservierungen verfallen.")
        if not dry_run:
            import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
            self.stdout.write("Abgelaufene Sitzungen gelöscht.")
