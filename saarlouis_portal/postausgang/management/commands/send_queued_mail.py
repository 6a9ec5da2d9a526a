"""Send the mails waiting in the outbox.

Requests only store their mails (``EMAIL_QUEUE``), so that a slow or unreachable mail server
never slows down or breaks a booking; this command sends them. Run it every minute from a timer
or cron, or as a service with ``--loop``. Safe to run twice at once: each mail is locked while
it is sent and deleted afterwards.
"""

import time

from django.core.management.base import BaseCommand

from saarlouis_portal.postausgang import outbox


class Command(BaseCommand):
    help = "Versendet die wartenden E-Mails aus dem Postausgang."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts versenden.")
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SEKUNDEN",
            help="Nicht enden: alle SEKUNDEN Sekunden erneut nachsehen (als Dienst).",
        )
        parser.add_argument("--limit", type=int, help="Höchstens so viele E-Mails je Durchlauf.")

    def handle(self, *args, dry_run=False, loop=None, limit=None, **options):
        if dry_run:
            self.stdout.write(f"Probelauf: {outbox.due().count()} E-Mails fällig.")
            return
        while True:
            counts = outbox.send_queued(limit=limit)
            if any(counts.values()) or loop is None:
                self.stdout.write(
                    f"{counts['gesendet']} gesendet, {counts['fehlgeschlagen']} fehlgeschlagen "
                    f"(später erneut), {counts['verworfen']} verworfen."
                )
            if loop is None:
                return
            time.sleep(loop)
