"""Remind coordinators of expiring extended police certificates (erweitertes Führungszeugnis).

Run it once a day from cron, e.g. ``manage.py vetting_reminders`` at 07:00. Each helper is
reminded once per certificate, 60 days before it expires (or at once if it has expired);
entering a new certificate date on the helper's page arms the reminder again.
"""

from django.core.management.base import BaseCommand

from sorgekreise.services import vetting_reminders


class Command(BaseCommand):
    help = "Erinnert die Koordination an ablaufende Führungszeugnisse von Helfenden."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts senden.")

    def handle(self, *args, dry_run=False, **options):
        count = vetting_reminders(dry_run=dry_run)
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(f"{prefix}{count} Helfende mit ablaufendem Führungszeugnis gemeldet.")
