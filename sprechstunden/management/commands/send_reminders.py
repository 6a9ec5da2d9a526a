"""E-mail a reminder for tomorrow's confirmed appointments.

Run it once a day (e.g. at 10:00). Each booking is reminded at most once, however often the
command runs: the booking is claimed before the mail goes out.
"""

from django.core.management.base import BaseCommand

from sprechstunden.services.periodic import send_reminders


class Command(BaseCommand):
    help = "Verschickt Erinnerungen für die Termine von morgen (nie doppelt)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts senden.")

    def handle(self, *args, dry_run=False, **options):
        count = send_reminders(dry_run=dry_run)
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(f"{prefix}{count} Erinnerungen verschickt.")
