from allauth.account.adapter import DefaultAccountAdapter


class StaffAccountAdapter(DefaultAccountAdapter):
    """Accounts are created or invited by an administrator; nobody signs up."""

    def is_open_for_signup(self, request):
        return False
