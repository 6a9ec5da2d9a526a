"""Hand freed seats to the waiting list, and end what ran out there.

Run it every few minutes from cron (e.g. */5, beside expire_reservations). Offers whose hold ran
out (WAITING_LIST_HOLD_MINUTES) pass on to the next entry; entries past their day or never
confirmed end; seats that are free while somebody waits for them are offered. A cancellation
offers its seat at once; this job catches everything else (holds that ran out, seats that freed
up without a cancellation, a hand-over that found the slot busy).

Safe on several hosts at once: rows another run is handling are skipped (SKIP LOCKED) and each
slot is handed over under its row lock, so a seat goes to exactly one entry. Idempotent.
"""

from django.core.management.base import BaseCommand

from sprechstunden.services.warteliste import process


class Command(BaseCommand):
    help = "Bietet frei gewordene Plätze der Warteliste an und beendet abgelaufene Einträge."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts ändern.")

    def handle(self, *args, dry_run=False, **options):
        result = process(dry_run=dry_run)
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{result.verpasst} Angebote abgelaufen, {result.abgelaufen} Einträge "
            f"beendet, {result.angeboten} Plätze angeboten."
        )
