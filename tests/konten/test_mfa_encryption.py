"""The second factors' secrets are encrypted at rest (saarlouis_portal/konten/mfa_crypto.py)."""

import json
from importlib import import_module
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from saarlouis_portal.konten import mfa_crypto
from tests.conftest import PASSWORD
from tests.helpers import PRODUCTION_ENV, run_python

SECRET = "JBSWY3DPEHPK3PXP"  # what tests.conftest.make_user gives roles that need MFA
MIGRATION_NAME = "0003_mfa_geheimnisse_verschluesseln"
MIGRATION = import_module(f"saarlouis_portal.konten.migrations.{MIGRATION_NAME}")
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def totp_of(user) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def raw_row(authenticator) -> str:
    """The row as a database dump would show it, past the ORM and the adapter."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        return str(cursor.fetchone()[0])


def store_plain_secret(authenticator, secret=SECRET):
    """A row as the portal wrote it before secrets were encrypted."""
    Authenticator.objects.filter(pk=authenticator.pk).update(data={"secret": secret})


def log_in_with_code(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    counters = list(yield_hotp_counters_from_time())  # the middle one is the current one
    code = format_hotp_value(hotp_value(SECRET, counters[len(counters) // 2]))
    return client.post("/accounts/2fa/authenticate/", {"code": code})


def test_the_database_row_does_not_contain_the_totp_secret(planer):
    row = raw_row(totp_of(planer))
    assert SECRET not in row
    assert "fernet:" in row


def test_staff_log_in_with_the_code_of_their_app(client, planer):
    response = log_in_with_code(client, planer)
    assert response.status_code == 302
    assert response["Location"] == "/cockpit/"
    assert client.get("/cockpit/").status_code == 200


def test_a_secret_stored_in_plain_text_before_still_works(client, planer):
    store_plain_secret(totp_of(planer))
    assert log_in_with_code(client, planer)["Location"] == "/cockpit/"


def test_recovery_codes_work_while_their_seed_is_stored_encrypted(planer):
    codes = RecoveryCodes.activate(planer)
    seed = codes.instance.data["seed"]
    assert seed.startswith("fernet:")
    assert mfa_crypto.decrypt(seed) not in raw_row(codes.instance)
    stored = RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk))
    first, *rest = stored.generate_codes()
    assert stored.validate_code(first)
    assert stored.get_unused_codes() == rest


def test_recovery_codes_imported_from_django_otp_are_encrypted_too(planer):
    authenticator = Authenticator.objects.create(
        user=planer,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"migrated_codes": ["12345678", "87654321"]},
    )
    call_command("mfa_reencrypt", stdout=StringIO())
    authenticator.refresh_from_db()
    assert "12345678" not in raw_row(authenticator)
    assert RecoveryCodes(authenticator).get_unused_codes() == ["12345678", "87654321"]


def test_the_migration_encrypts_plain_rows_and_its_reverse_decrypts_them(planer):
    authenticator = totp_of(planer)
    store_plain_secret(authenticator)
    state = MigrationExecutor(connection).loader.project_state(("konten", MIGRATION_NAME))
    schema_editor = connection.schema_editor()

    MIGRATION.encrypt_secrets(state.apps, schema_editor)
    authenticator.refresh_from_db()
    encrypted = authenticator.data["secret"]
    assert SECRET not in raw_row(authenticator)
    assert mfa_crypto.decrypt(encrypted) == SECRET

    MIGRATION.encrypt_secrets(state.apps, schema_editor)  # a second run changes nothing
    authenticator.refresh_from_db()
    assert authenticator.data["secret"] == encrypted

    MIGRATION.decrypt_secrets(state.apps, schema_editor)
    authenticator.refresh_from_db()
    assert authenticator.data == {"secret": SECRET}


def test_after_a_key_change_old_rows_still_work_and_the_command_re_encrypts_them(
    client, planer, settings
):
    authenticator = totp_of(planer)
    authenticator.data = {"secret": mfa_crypto.encrypt(SECRET, [OLD_KEY])}
    authenticator.save()
    settings.MFA_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    assert log_in_with_code(client, planer)["Location"] == "/cockpit/"

    out = StringIO()
    call_command("mfa_reencrypt", "--dry-run", stdout=out)
    assert "Probelauf: Zweite Faktoren neu verschlüsselt: 1," in out.getvalue()
    assert mfa_crypto.decrypt(totp_of(planer).data["secret"], [OLD_KEY]) == SECRET

    call_command("mfa_reencrypt", stdout=out)
    rewritten = totp_of(planer).data["secret"]
    assert mfa_crypto.decrypt(rewritten, [NEW_KEY]) == SECRET
    with pytest.raises(mfa_crypto.SecretNotDecryptable):
        mfa_crypto.decrypt(rewritten, [OLD_KEY])

    out = StringIO()
    call_command("mfa_reencrypt", stdout=out)
    assert "neu verschlüsselt: 0, bereits mit dem ersten Schlüssel verschlüsselt: 1" in (
        out.getvalue()
    )


def test_the_command_also_encrypts_plain_secrets(planer):
    store_plain_secret(totp_of(planer))
    call_command("mfa_reencrypt", stdout=StringIO())
    assert SECRET not in raw_row(totp_of(planer))


def test_a_wrong_key_is_a_clear_error_not_a_failed_login(client, planer, settings):
    settings.MFA_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(mfa_crypto.SecretNotDecryptable, match="MFA_ENCRYPTION_KEYS"):
        log_in_with_code(client, planer)


def test_the_command_changes_nothing_if_a_secret_fits_no_key(planer, settings):
    before = totp_of(planer).data
    settings.MFA_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(CommandError, match="mit keinem Schlüssel"):
        call_command("mfa_reencrypt", stdout=StringIO())
    assert totp_of(planer).data == before


# Settings: read once per process, so proven in a subprocess (tests/helpers.py).

PRINT_KEYS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.MFA_ENCRYPTION_KEYS))"
)
WITHOUT_KEY = {
    name: value for name, value in PRODUCTION_ENV.items() if name != "MFA_ENCRYPTION_KEYS"
}


def test_production_refuses_to_start_without_a_key():
    result = run_python(PRINT_KEYS, **WITHOUT_KEY)
    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEYS is not set" in result.stderr


def test_a_value_that_is_no_fernet_key_stops_the_start_without_showing_it():
    result = run_python(PRINT_KEYS, **WITHOUT_KEY, MFA_ENCRYPTION_KEYS=f"{NEW_KEY},geheim123")
    assert result.returncode != 0
    assert "Key number 2 in MFA_ENCRYPTION_KEYS is not a Fernet key" in result.stderr
    assert "geheim123" not in result.stderr


def test_keys_are_read_from_a_credentials_file_first_one_first(tmp_path):
    credential = tmp_path / "mfa_keys"
    credential.write_text(f"{NEW_KEY}\n{OLD_KEY}\n")
    result = run_python(PRINT_KEYS, **WITHOUT_KEY, MFA_ENCRYPTION_KEYS_FILE=str(credential))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [NEW_KEY, OLD_KEY]


def test_development_derives_a_fixed_key_from_the_secret_key():
    development = {"DEBUG": "true", "SECRET_KEY": "development-" + "y" * 40}
    first = run_python(PRINT_KEYS, **development)
    assert first.returncode == 0, first.stderr
    assert run_python(PRINT_KEYS, **development).stdout == first.stdout
    [key] = json.loads(first.stdout)
    Fernet(key)  # a valid key
