"""Encrypt the second factors' secrets that were stored in plain text (konten/mfa_crypto.py).

Uses the keys of MFA_ENCRYPTION_KEYS as configured when the migration runs. Idempotent: values
already encrypted with the first key stay as they are. The reverse stores them in plain text
again.
"""

from django.db import migrations

from saarlouis_portal.konten import mfa_crypto

TYPES_WITH_SECRETS = ["totp", "recovery_codes"]


def _convert_all(apps, schema_editor, convert):
    Authenticator = apps.get_model("mfa", "Authenticator")
    authenticators = Authenticator.objects.using(schema_editor.connection.alias)
    for authenticator in authenticators.filter(type__in=TYPES_WITH_SECRETS).order_by("pk"):
        if convert(authenticator.data):
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor):
    _convert_all(apps, schema_editor, mfa_crypto.encrypt_data)


def decrypt_secrets(apps, schema_editor):
    _convert_all(apps, schema_editor, mfa_crypto.decrypt_data)


class Migration(migrations.Migration):
    dependencies = [("konten", "0002_rollen"), ("mfa", "0001_initial")]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
