from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.konten.roles import MFA_REQUIRED, Rolle


class StaffUserManager(UserManager):
    """Users are identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A staff account. Citizens never have one."""

    username = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = StaffUserManager()

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def rollen(self) -> set[Rolle]:
        """The user's roles; cached on the instance because templates ask several times."""
        if not hasattr(self, "_rollen"):
            names = {g.name for g in self.groups.all()}
            self._rollen = {r for r in Rolle if r.value in names}
        return self._rollen

    def has_rolle(self, *rollen: Rolle) -> bool:
        return self.is_active and (self.is_superuser or bool(self.rollen & set(rollen)))

    @property
    def requires_mfa(self) -> bool:
        return self.is_superuser or bool(self.rollen & MFA_REQUIRED)


class KalenderToken(models.Model):
    """The secret in the addresses of a staff member's calendar feeds (their Sprechstunden
    slots, the network meetings they may see): one per account, only its hash is stored. The
    address is shown once when it is made; renewing makes a new one (the old one stops),
    revoking deletes it (``saarlouis_portal.konten.kalender``)."""

    user = models.OneToOneField(
        "konten.User",
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        related_name="kalender_token",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    erstellt_am = models.DateTimeField(_("Erstellt am"))

    class Meta:
        verbose_name = _("Kalender-Adresse")
        verbose_name_plural = _("Kalender-Adressen")

    def __str__(self):
        return str(_("Kalender-Adresse von %(user)s")) % {"user": self.user}
