"""Remind helpers, then the coordination, of proposals nobody has answered (issue 17).

Run it once a day from cron, e.g. ``manage.py match_reminders`` at 08:00. A proposal waiting
``CARE_REMINDER_DAYS`` (5) days reminds the helper by e-mail; ``CARE_REMINDER_COORDINATION_DAYS``
(3) days later the circle's coordination gets one mail with its waiting proposals. Each reminder
goes out once; two hosts may run the command at the same moment
(``sorgekreise.services_erinnerung``).
"""

from django.core.management.base import BaseCommand

from sorgekreise.services_erinnerung import match_reminders


class Command(BaseCommand):
    help = "Erinnert Helfende und Koordination an Vorschläge, auf die niemand geantwortet hat."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts senden.")

    def handle(self, *args, dry_run=False, **options):
        erinnert = match_reminders(dry_run=dry_run)
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{erinnert.helfende} Erinnerungen an Helfende, "
            f"{erinnert.koordination} Vorschläge an die Koordination gemeldet."
        )
