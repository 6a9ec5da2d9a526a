from allauth.account.forms import LoginForm


class StaffLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page shows its own "Passwort vergessen?" link next to the button.
        self.fields["password"].help_text = ""
