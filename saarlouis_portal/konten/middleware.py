from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class RequireMFAMiddleware:
    """Send staff whose role sees personal data to set up a second factor before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not settings.DEV_DISABLE_MFA_REQUIREMENT
            and user.requires_mfa
            and not self._is_exempt(request.path)
            and not is_mfa_enabled(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _is_exempt(path: str) -> bool:
        # The MFA setup itself, logging out, re-authentication, the legal pages and static
        # files stay reachable.
        exempt = (
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("impressum"),
            reverse("datenschutz"),
            reverse("barrierefreiheit"),
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else "/" + settings.STATIC_URL,
        )
        return path.startswith(exempt)
