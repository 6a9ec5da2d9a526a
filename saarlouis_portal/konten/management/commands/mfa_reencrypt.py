"""Re-encrypt the secrets of all second factors with the first key of MFA_ENCRYPTION_KEYS.

Exists for key rotation (docs/deployment.md, "Schlüssel wechseln"): put the new key first and
keep the old one behind it, restart the portal, run this command, then remove the old key.
Secrets still in plain text are encrypted as well. If any secret fits none of the keys, the
command stops and changes nothing. Running it again changes nothing.
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from saarlouis_portal.konten.mfa_crypto import SecretNotDecryptable, encrypt_data


class Command(BaseCommand):
    help = (
        "Verschlüsselt die Geheimnisse aller zweiten Faktoren (TOTP, Wiederherstellungscodes) "
        "neu mit dem ersten Schlüssel aus MFA_ENCRYPTION_KEYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur prüfen und zählen, nichts ändern."
        )

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        authenticators = Authenticator.objects.select_for_update().filter(
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
        )
        changed = current = 0
        for authenticator in authenticators.order_by("pk"):
            try:
                needs_saving = encrypt_data(authenticator.data)
            except SecretNotDecryptable:
                raise CommandError(
                    f"Das Geheimnis des zweiten Faktors {authenticator.pk} (Konto "
                    f"{authenticator.user_id}) lässt sich mit keinem Schlüssel aus "
                    "MFA_ENCRYPTION_KEYS entschlüsseln. Nichts wurde geändert. Tragen Sie den "
                    "alten Schlüssel hinter dem neuen wieder ein und führen Sie den Befehl "
                    "erneut aus."
                ) from None
            if not needs_saving:
                current += 1
                continue
            changed += 1
            if not dry_run:
                authenticator.save(update_fields=["data"])
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(
            f"{prefix}Zweite Faktoren neu verschlüsselt: {changed}, "
            f"bereits mit dem ersten Schlüssel verschlüsselt: {current}."
        )
