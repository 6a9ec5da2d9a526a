"""Encryption at rest of the second factors' secrets: TOTP keys and recovery-code seeds.

allauth keeps them in ``Authenticator.data`` (table ``mfa_authenticator``) and passes every one
through the MFA adapter's ``encrypt()`` and ``decrypt()`` (``StaffMFAAdapter`` in adapter.py).
They are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under the keys in
``settings.MFA_ENCRYPTION_KEYS``: the first key encrypts, every key decrypts, so a key can be
replaced while the portal runs (``manage.py mfa_reencrypt``, docs/deployment.md).

An encrypted value starts with ``fernet:``. A value without the prefix is a plain value stored
before encryption came; it is read as it is until migration 0003 or ``mfa_reencrypt``
encrypts it.
"""

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"
# The keys of Authenticator.data that allauth passes through encrypt(): a TOTP's "secret", the
# recovery codes' "seed", and the single codes of "migrated_codes" (imported from django-otp).
SECRET_KEYS = ("secret", "seed")
SECRET_LIST_KEYS = ("migrated_codes",)


class SecretNotDecryptable(Exception):
    """A stored secret was encrypted with a key that is not in MFA_ENCRYPTION_KEYS."""


def _fernets(keys: Sequence[str] | None) -> list[Fernet]:
    return [Fernet(key) for key in (settings.MFA_ENCRYPTION_KEYS if keys is None else keys)]


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt(text: str, keys: Sequence[str] | None = None) -> str:
    """``text`` encrypted with the first key, with the prefix."""
    return PREFIX + _fernets(keys)[0].encrypt(text.encode()).decode("ascii")


def decrypt(value: str, keys: Sequence[str] | None = None) -> str:
    """The plain text of ``value``; a plain legacy value comes back unchanged."""
    if not is_encrypted(value):
        return value
    fernets = _fernets(keys)
    try:
        return MultiFernet(fernets).decrypt(value.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise SecretNotDecryptable(
            f"A second factor's secret cannot be decrypted with any of the {len(fernets)} keys "
            "in MFA_ENCRYPTION_KEYS. Was a key removed before `manage.py mfa_reencrypt` had "
            "re-encrypted everything with the new one? Put the old key back behind the new one "
            "(docs/deployment.md, Schlüssel wechseln)."
        ) from None


def _under_first_key(value: str, keys: Sequence[str] | None) -> str | None:
    """``value`` encrypted with the first key, or None if it already is."""
    if is_encrypted(value):
        try:
            _fernets(keys)[0].decrypt(value.removeprefix(PREFIX).encode())
            return None
        except InvalidToken:
            pass
    return encrypt(decrypt(value, keys), keys)


def _plain(value: str, keys: Sequence[str] | None) -> str | None:
    """``value`` decrypted, or None if it is plain already."""
    return decrypt(value, keys) if is_encrypted(value) else None


def _convert(data: dict, convert) -> bool:
    """Replace every secret in ``data`` by ``convert(value)`` unless that is None."""
    changed = False
    for name in SECRET_KEYS:
        value = data.get(name)
        if isinstance(value, str) and (new := convert(value)) is not None:
            data[name] = new
            changed = True
    for name in SECRET_LIST_KEYS:
        values = data.get(name)
        if isinstance(values, list):
            new_values = [convert(v) if isinstance(v, str) else None for v in values]
            if any(v is not None for v in new_values):
                data[name] = [
                    n if n is not None else v for n, v in zip(new_values, values, strict=True)
                ]
                changed = True
    return changed


def encrypt_data(data: dict, keys: Sequence[str] | None = None) -> bool:
    """Bring every secret in an Authenticator's ``data`` under the first key, in place.

    Plain values are encrypted, values under another key re-encrypted; True if anything
    changed. Raises ``SecretNotDecryptable`` if a value fits none of the keys."""
    return _convert(data, lambda value: _under_first_key(value, keys))


def decrypt_data(data: dict, keys: Sequence[str] | None = None) -> bool:
    """Replace every encrypted secret in ``data`` by its plain text, in place (migration
    reverse); True if anything changed."""
    return _convert(data, lambda value: _plain(value, keys))
