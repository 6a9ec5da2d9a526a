"""Remind network members of meetings and of tasks that are due.

Run it once a day (e.g. at 08:00). It e-mails

- every invited contact person who did not decline, ``MEETING_REMINDER_DAYS`` (2) days before
  the meeting (each invitation once; a moved meeting reminds again), and
- whoever is responsible for an open task on its due date (each task once; a new due date
  reminds again).

Safe when several hosts run it at the same moment: every invitation and task is claimed under a
row lock (``SKIP LOCKED``) before its mail is queued.
"""

from django.core.management.base import BaseCommand

from netzwerke import services_aufgaben, services_treffen


class Command(BaseCommand):
    help = "Erinnert Eingeladene an Netzwerktreffen und Verantwortliche an fällige Aufgaben."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts senden.")

    def handle(self, *args, dry_run=False, **options):
        treffen = services_treffen.send_erinnerungen(dry_run=dry_run)
        aufgaben = services_aufgaben.send_erinnerungen(dry_run=dry_run)
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(f"{prefix}Treffen: {treffen} Erinnerungen verschickt.")
        self.stdout.write(f"{prefix}Aufgaben: {aufgaben} Erinnerungen verschickt.")
