from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from saarlouis_portal.konten import mfa_crypto


class StaffAccountAdapter(DefaultAccountAdapter):
    """Accounts are created or invited by an administrator; nobody signs up."""

    def is_open_for_signup(self, request):
        return False


class StaffMFAAdapter(DefaultMFAAdapter):
    """The secrets of the second factors are stored encrypted (mfa_crypto.py): a database dump
    alone gives away no TOTP key and no recovery code."""

    def encrypt(self, text: str) -> str:
        return mfa_crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_crypto.decrypt(encrypted_text)
