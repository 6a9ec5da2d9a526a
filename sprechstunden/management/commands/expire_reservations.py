"""Free the seats of online reservations that were not confirmed in time.

Run it every few minutes from cron (e.g. */5). Idempotent: an expired reservation stays expired.
The time allowed is BOOKING_RESERVATION_MINUTES (default 30).
"""

from django.core.management.base import BaseCommand

from sprechstunden.services import expire_reservations


class Command(BaseCommand):
    help = "Lässt unbestätigte Reservierungen verfallen und gibt die Termine frei."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts ändern.")

    def handle(self, *args, dry_run=False, **options):
        count = expire_reservations(dry_run=dry_run)
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(f"{prefix}{count} Reservierungen verfallen.")
