"""Social consultation hours (Pliezhausen model): places, schedules, slots, bookings, outcomes,
outreach visits.

Personal data lives only in ``Buchung`` and ``Hausbesuch``; statistics use the anonymous
``Beratungskontakt``. Capacity is enforced by the booking service under a row lock and backed
by a partial unique constraint on (slot, seat) of active bookings.
"""

import hashlib
import re
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.konten.access import is_staff_member
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import (
    Gebiet,
    GebietArt,
    Organisation,
    Sprache,
    TelefonModelField,
    plz_validator,
    telefon_validator,
)

PLANUNG_ODER_BERATUNG = (Rolle.SOZIALPLANUNG, Rolle.BERATUNG)


class Beratungsthema(models.Model):
    """What people come with: money worries, children, work, housing … (seeded)."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=40, unique=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Beratungsthema")
        verbose_name_plural = _("Beratungsthemen")
        ordering = ["reihenfolge", "name"]

    def __str__(self):
        return self.name


class StaffScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        return self if is_staff_member(user) else self.none()


class Anlaufstelle(models.Model):
    """A place where consultations happen, e.g. the office in Pliezhausen town hall."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    gebiet = models.ForeignKey(
        Gebiet,
        verbose_name=_("Gebiet"),
        on_delete=models.PROTECT,
        related_name="anlaufstellen",
        help_text=_("Für die Statistik: Gemeinde, Stadtteil oder Sozialraum der Anlaufstelle."),
    )
    strasse = models.CharField(_("Straße und Hausnummer"), max_length=120)
    plz = models.CharField(_("Postleitzahl"), max_length=5, validators=[plz_validator])
    ort = models.CharField(_("Ort"), max_length=80)
    raum = models.CharField(_("Raum"), max_length=80, blank=True)
    wegbeschreibung = models.TextField(_("Wegbeschreibung"), blank=True, max_length=2000)
    barrierefreiheit = models.TextField(
        _("Barrierefreiheit"),
        blank=True,
        max_length=2000,
        help_text=_("Zum Beispiel: stufenloser Zugang über den Seiteneingang, Aufzug, WC."),
    )
    stufenlos = models.BooleanField(_("Stufenlos erreichbar"), default=False)
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    ort_begegnung = models.ForeignKey(
        "begegnung.Ort",
        verbose_name=_("Ort der Begegnung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="anlaufstellen",
        help_text=_("Wenn die Sprechstunde an einem Ort der Begegnung stattfindet."),
    )
    aktiv = models.BooleanField(_("Aktiv"), default=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anlaufstelle")
        verbose_name_plural = _("Anlaufstellen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def adresse(self) -> str:
        raum = f", {self.raum}" if self.raum else ""
        return f"{self.strasse}, {self.plz} {self.ort}{raum}"

    def _gebiet_der_art(self, art: str) -> Gebiet | None:
        """The place's Gebiet or the ancestor of kind ``art``. Walks the parents through
        ``Gebiet.vorfahren``: free of queries once loaded with ``select_related(GEBIET_KETTE)``
        (the tree is at most four deep)."""
        for gebiet in (self.gebiet, *self.gebiet.vorfahren()):
            if gebiet.art == art:
                return gebiet
        return None

    @property
    def gemeinde(self) -> Gebiet | None:
        """The Gemeinde (or town) the place belongs to, e.g. "Gemeinde Pliezhausen"."""
        return self._gebiet_der_art(GebietArt.GEMEINDE)

    @property
    def landkreis(self) -> Gebiet | None:
        return self._gebiet_der_art(GebietArt.LANDKREIS)

    def can_change(self, user) -> bool:
        """An Anlaufstelle is shared by several Träger: the municipality's planners keep it."""
        return user.has_rolle(Rolle.SOZIALPLANUNG)

    def clean(self):
        super().clean()
        if (
            self.pk
            and self.aktiv
            and not self.telefon
            and self.sprechstunden.filter(oeffentlich=True).exists()
        ):
            raise ValidationError({"telefon": TELEFON_FUER_TELEFONBUCHUNG})


# What ``Anlaufstelle.gemeinde`` and ``.landkreis`` walk: the place's Gebiet and its parents
# (Sozialraum > Stadtteil > Gemeinde > Landkreis), for ``select_related``.
GEBIET_KETTE = "gebiet__eltern__eltern__eltern"


# Every public Sprechstunde can also be booked by phone: staff book for callers ("Für Anrufende
# buchen"), and the public pages tell people without internet or e-mail to call the place.
TELEFON_FUER_TELEFONBUCHUNG = _(
    "Diese Anlaufstelle hat öffentlich buchbare Sprechstunden, und wer ohne Internet oder "
    "E-Mail-Adresse bucht, ruft hier an. Bitte geben Sie eine Telefonnummer an (oder nehmen Sie "
    "die Sprechstunden aus der Online-Buchung)."
)


class Modus(models.TextChoices):
    VOR_ORT = "vor_ort", _("vor Ort")
    TELEFON = "telefon", _("am Telefon")
    VIDEO = "video", _("per Video")


WOCHENTAGE = [
    (0, _("Montag")),
    (1, _("Dienstag")),
    (2, _("Mittwoch")),
    (3, _("Donnerstag")),
    (4, _("Freitag")),
    (5, _("Samstag")),
    (6, _("Sonntag")),
]


def validate_wochentage(value):
    if not isinstance(value, list) or not value or any(d not in range(7) for d in value):
        raise ValidationError(_("Bitte wählen Sie mindestens einen Wochentag."))


class SprechstundeQuerySet(StaffScopedQuerySet):
    def public(self):
        return self.filter(oeffentlich=True, anlaufstelle__aktiv=True)

    def counselled_by(self, user):
        """The Sprechstunden whose clients ``user`` serves: every one for Sozialplanung, the
        ones a counsellor counsels in (several Träger share an Anlaufstelle; a role is no
        licence to see the other Träger's clients)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_rolle(Rolle.SOZIALPLANUNG):
            return self
        if user.has_rolle(Rolle.BERATUNG):
            return self.filter(beratende_zuordnungen__user=user)
        return self.none()


class Sprechstunde(models.Model):
    """A recurring schedule; its slots are materialised as ``Termin`` rows."""

    anlaufstelle = models.ForeignKey(
        Anlaufstelle,
        verbose_name=_("Anlaufstelle"),
        on_delete=models.PROTECT,
        related_name="sprechstunden",
    )
    titel = models.CharField(_("Titel"), max_length=120)
    beschreibung = models.TextField(_("Beschreibung"), blank=True, max_length=2000)
    wochentage = models.JSONField(_("Wochentage"), default=list, validators=[validate_wochentage])
    beginn = models.TimeField(_("Beginn"))
    ende = models.TimeField(_("Ende"))
    slot_minuten = models.PositiveSmallIntegerField(
        _("Dauer eines Termins (Minuten)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    puffer_minuten = models.PositiveSmallIntegerField(
        _("Pause zwischen Terminen (Minuten)"), default=0, validators=[MaxValueValidator(120)]
    )
    kapazitaet = models.PositiveSmallIntegerField(
        _("Gleichzeitige Termine"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Wie viele Beratende gleichzeitig beraten."),
    )
    vorlauf_stunden = models.PositiveSmallIntegerField(
        _("Mindestvorlauf (Stunden)"),
        default=2,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("So lange vor dem Termin endet die Online-Buchung, Umbuchung und Absage."),
    )
    buchbar_tage = models.PositiveSmallIntegerField(
        _("Buchbar im Voraus (Tage)"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    gueltig_ab = models.DateField(_("Gültig ab"))
    gueltig_bis = models.DateField(_("Gültig bis"), null=True, blank=True)
    beratende = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Beratende",
        verbose_name=_("Beratende"),
        related_name="sprechstunden",
        blank=True,
    )
    themen = models.ManyToManyField(
        Beratungsthema, verbose_name=_("Themen"), related_name="sprechstunden"
    )
    sprachen = models.ManyToManyField(
        Sprache, verbose_name=_("Sprachen"), related_name="sprechstunden", blank=True
    )
    modus = models.CharField(_("Form"), max_length=10, choices=Modus.choices, default=Modus.VOR_ORT)
    oeffentlich = models.BooleanField(_("Öffentlich buchbar"), default=True)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = SprechstundeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sprechstunde")
        verbose_name_plural = _("Sprechstunden")
        ordering = ["anlaufstelle__name", "beginn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ende__gt=F("beginn")), name="sprechstunde_ende_nach_beginn"
            ),
            models.CheckConstraint(
                condition=Q(gueltig_bis__isnull=True) | Q(gueltig_bis__gte=F("gueltig_ab")),
                name="sprechstunde_gueltigkeit",
            ),
            models.CheckConstraint(condition=Q(kapazitaet__gte=1), name="sprechstunde_kapazitaet"),
        ]

    def __str__(self):
        return f"{self.titel} ({self.anlaufstelle})"

    def clean(self):
        super().clean()
        if self.beginn and self.ende and self.ende <= self.beginn:
            raise ValidationError({"ende": _("Das Ende muss nach dem Beginn liegen.")})
        if self.gueltig_ab and self.gueltig_bis and self.gueltig_bis < self.gueltig_ab:
            raise ValidationError({"gueltig_bis": _("„Gültig bis“ liegt vor „Gültig ab“.")})
        if self.beginn and self.ende and self.slot_minuten:
            minutes = (self.ende.hour * 60 + self.ende.minute) - (
                self.beginn.hour * 60 + self.beginn.minute
            )
            if minutes < self.slot_minuten:
                raise ValidationError(
                    {"slot_minuten": _("In die Sprechzeit passt kein einziger Termin.")}
                )
        if self.oeffentlich and self.anlaufstelle_id:
            anlaufstelle = self.anlaufstelle
            if anlaufstelle.aktiv and not anlaufstelle.telefon:
                raise ValidationError(
                    {
                        "anlaufstelle": _(
                            "Die Anlaufstelle „%(name)s“ hat keine Telefonnummer. Öffentlich "
                            "buchbar kann die Sprechstunde erst sein, wenn sie eine hat: wer "
                            "ohne Internet oder E-Mail-Adresse bucht, ruft dort an. Bitte tragen "
                            "Sie die Nummer bei der Anlaufstelle ein."
                        )
                        % {"name": anlaufstelle.name}
                    }
                )

    def can_change(self, user) -> bool:
        """Schedule and closures: Sozialplanung and the counsellors of this Sprechstunde."""
        if user.has_rolle(Rolle.SOZIALPLANUNG):
            return True
        return user.has_rolle(Rolle.BERATUNG) and self.is_counsellor(user)

    def is_counsellor(self, user) -> bool:
        return self.beratende_zuordnungen.filter(user=user).exists()

    def can_see_clients(self, user) -> bool:
        """Names and contact data of its bookings (see ``counselled_by``)."""
        return user.has_rolle(Rolle.SOZIALPLANUNG) or (
            user.has_rolle(Rolle.BERATUNG) and self.is_counsellor(user)
        )

    @staticmethod
    def can_organise(user) -> bool:
        """Create and delete Sprechstunden and decide who counsels in them: Sozialplanung."""
        return user.has_rolle(Rolle.SOZIALPLANUNG)

    @property
    def wochentage_anzeige(self) -> str:
        names = dict(WOCHENTAGE)
        return ", ".join(str(names[d]) for d in sorted(self.wochentage))


class Beratende(models.Model):
    """A counsellor in a Sprechstunde and the organisation (Träger) that employs them."""

    sprechstunde = models.ForeignKey(
        Sprechstunde, on_delete=models.CASCADE, related_name="beratende_zuordnungen"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Beratungsfachkraft"),
        on_delete=models.CASCADE,
        related_name="beratende_zuordnungen",
    )
    traeger = models.ForeignKey(
        Organisation, verbose_name=_("Träger"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Beratende")
        verbose_name_plural = _("Beratende")
        constraints = [
            models.UniqueConstraint(fields=["sprechstunde", "user"], name="beratende_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.traeger})"


class Schliesszeit(models.Model):
    """A closure (holiday, sick day) of a whole Anlaufstelle or of one Sprechstunde."""

    anlaufstelle = models.ForeignKey(
        Anlaufstelle,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schliesszeiten",
        verbose_name=_("Anlaufstelle"),
    )
    sprechstunde = models.ForeignKey(
        Sprechstunde,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schliesszeiten",
        verbose_name=_("Sprechstunde"),
    )
    beginn = models.DateTimeField(_("Beginn"))
    ende = models.DateTimeField(_("Ende"))
    grund = models.CharField(
        _("Grund"), max_length=120, help_text=_("Wird öffentlich angezeigt, z. B. „Feiertag“.")
    )

    class Meta:
        verbose_name = _("Schließzeit")
        verbose_name_plural = _("Schließzeiten")
        ordering = ["beginn"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(anlaufstelle__isnull=False) & Q(sprechstunde__isnull=True))
                | (Q(anlaufstelle__isnull=True) & Q(sprechstunde__isnull=False)),
                name="schliesszeit_genau_ein_bezug",
            ),
            models.CheckConstraint(
                condition=Q(ende__gt=F("beginn")), name="schliesszeit_ende_nach_beginn"
            ),
        ]

    def __str__(self):
        return f"{self.grund}: {self.beginn:%d.%m.%Y} – {self.ende:%d.%m.%Y}"

    def clean(self):
        super().clean()
        if bool(self.anlaufstelle_id) == bool(self.sprechstunde_id):
            raise ValidationError(
                _("Bitte wählen Sie entweder eine Anlaufstelle oder eine Sprechstunde.")
            )
        if self.beginn and self.ende and self.ende <= self.beginn:
            raise ValidationError({"ende": _("Das Ende muss nach dem Beginn liegen.")})


class BuchungStatus(models.TextChoices):
    RESERVIERT = "reserviert", _("reserviert, Bestätigung per E-Mail ausstehend")
    ANFRAGE = "anfrage", _("Anfrage, Rückruf ausstehend")
    BESTAETIGT = "bestaetigt", _("bestätigt")
    WAHRGENOMMEN = "wahrgenommen", _("wahrgenommen")
    NICHT_ERSCHIENEN = "nicht_erschienen", _("nicht erschienen")
    STORNIERT = "storniert", _("abgesagt")
    ABGELAUFEN = "abgelaufen", _("nicht bestätigt, verfallen")


# Bookings that hold a seat in their slot.
BELEGEND = [
    BuchungStatus.RESERVIERT,
    BuchungStatus.ANFRAGE,
    BuchungStatus.BESTAETIGT,
    BuchungStatus.WAHRGENOMMEN,
    BuchungStatus.NICHT_ERSCHIENEN,
]
# Bookings the citizen can still change or cancel.
OFFEN = [BuchungStatus.RESERVIERT, BuchungStatus.ANFRAGE, BuchungStatus.BESTAETIGT]


class TerminQuerySet(models.QuerySet):
    def for_user(self, user):
        """Slots whose bookings the user may see (``Sprechstunde.objects.counselled_by``)."""
        if user.is_authenticated and user.has_rolle(Rolle.SOZIALPLANUNG):
            return self
        return self.filter(sprechstunde__in=Sprechstunde.objects.counselled_by(user))

    def of_counsellor(self, user):
        """The slots ``user`` takes: those assigned to them, and those of the Sprechstunden they
        counsel in that are assigned to nobody in particular (a subquery, so that a Sprechstunde
        with several counsellors does not repeat a slot)."""
        return self.filter(
            Q(beratende=user)
            | Q(
                beratende__isnull=True,
                sprechstunde__in=Beratende.objects.filter(user=user).values("sprechstunde"),
            )
        )

    def with_belegt(self):
        """``belegt``: seats taken by bookings and by offers held for the waiting list."""
        return self.annotate(
            belegt=Count("buchungen", filter=Q(buchungen__status__in=BELEGEND), distinct=True)
            + Count(
                "warteliste_angebote",
                filter=Q(warteliste_angebote__status=WartelisteStatus.HAELT),
                distinct=True,
            )
        )

    def bookable(self, now=None, *, sprechstunden=None):
        """Free, not cancelled, not closed, within notice and horizon of their schedule.

        ``sprechstunden`` (ids) limits the slots to those schedules; a page about a few of them
        should pass it, since the query grows with the number of schedules it covers."""
        now = now or timezone.now()
        # Notice and horizon differ per schedule; one small query turns them into plain
        # datetime bounds that every database compares alike.
        schedules = Sprechstunde.objects.public()
        if sprechstunden is not None:
            schedules = schedules.filter(pk__in=list(sprechstunden))
        window = Q(pk__in=[])
        for pk, notice, horizon in schedules.values_list("pk", "vorlauf_stunden", "buchbar_tage"):
            window |= Q(
                sprechstunde_id=pk,
                beginn__gte=now + timedelta(hours=notice),
                beginn__lte=now + timedelta(days=horizon),
            )
        return (
            self.filter(window, abgesagt=False)
            .exclude(Exists(_closures_covering()))
            .with_belegt()
            .filter(belegt__lt=F("kapazitaet"))
        )

    def with_geschlossen(self):
        """``geschlossen``: a closure of the slot's Sprechstunde or Anlaufstelle covers it."""
        return self.annotate(geschlossen=Exists(_closures_covering()))


def _closures_covering():
    """Closures that overlap the outer query's slot (for ``Exists``)."""
    return Schliesszeit.objects.filter(
        Q(sprechstunde=OuterRef("sprechstunde_id"))
        | Q(anlaufstelle=OuterRef("sprechstunde__anlaufstelle_id")),
        beginn__lt=OuterRef("ende"),
        ende__gt=OuterRef("beginn"),
    )


class Termin(models.Model):
    """A materialised slot of a Sprechstunde."""

    sprechstunde = models.ForeignKey(
        Sprechstunde,
        on_delete=models.CASCADE,
        related_name="termine",
        verbose_name=_("Sprechstunde"),
    )
    beginn = models.DateTimeField(_("Beginn"), db_index=True)
    ende = models.DateTimeField(_("Ende"))
    kapazitaet = models.PositiveSmallIntegerField(_("Plätze"))
    abgesagt = models.BooleanField(_("Abgesagt"), default=False)
    absagegrund = models.CharField(_("Grund der Absage"), max_length=200, blank=True)
    beratende = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zuständige Beratungsfachkraft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = TerminQuerySet.as_manager()

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["beginn"]
        constraints = [
            models.UniqueConstraint(fields=["sprechstunde", "beginn"], name="termin_unique_beginn"),
            models.CheckConstraint(
                condition=Q(ende__gt=F("beginn")), name="termin_ende_nach_beginn"
            ),
            models.CheckConstraint(condition=Q(kapazitaet__gte=1), name="termin_kapazitaet"),
        ]

    def __str__(self):
        local = timezone.localtime(self.beginn)
        return f"{self.sprechstunde.titel}, {local:%d.%m.%Y %H:%M}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A random token for a manage link, and the hash that is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


# The booking code: six characters that are read out on the phone and typed on the "Buchung
# finden" page. No look-alikes (0/O, 1/I/L, 5/S, 2/Z, 8/B): 25 characters, 25**6 ≈ 244 million
# codes, drawn with ``secrets``; unique among current bookings (blanked with the personal data).
BUCHUNGSCODE_ZEICHEN = "ACDEFGHJKMNPQRTUVWXY34679"
BUCHUNGSCODE_LAENGE = 6
BUCHUNGSCODE_EINDEUTIG = "buchung_code_eindeutig"


def new_buchungscode() -> str:
    return "".join(secrets.choice(BUCHUNGSCODE_ZEICHEN) for _ in range(BUCHUNGSCODE_LAENGE))


def normalise_buchungscode(value: str) -> str | None:
    """The code as stored (``K7M4PQ``) from what a person typed (``k7m-4pq``, ``K7M 4PQ``),
    or None when it cannot be one."""
    code = re.sub(r"[\s\-‐‑‒–—]", "", value or "").upper()
    if len(code) != BUCHUNGSCODE_LAENGE or any(c not in BUCHUNGSCODE_ZEICHEN for c in code):
        return None
    return code


def format_buchungscode(code: str) -> str:
    """Grouped for reading out: ``K7M-4PQ``."""
    return f"{code[:3]}-{code[3:]}" if code else ""


class Kanal(models.TextChoices):
    ONLINE = "online", _("online")
    TELEFON = "telefon", _("Telefon (durch Mitarbeitende)")
    VOR_ORT = "vor_ort", _("vor Ort / ohne Termin")
    # A follow-up the counsellor booked with the person at the end of a consultation.
    BERATUNG = "beratung", _("in der Beratung vereinbart")


class BuchungQuerySet(models.QuerySet):
    def belegend(self):
        return self.filter(status__in=BELEGEND)

    def offen(self):
        return self.filter(status__in=OFFEN)

    def for_user(self, user):
        """Personal data: Sozialplanung sees every booking, a counsellor those of the
        Sprechstunden they counsel in; everybody else none."""
        if user.is_authenticated and user.has_rolle(Rolle.SOZIALPLANUNG):
            return self
        return self.filter(termin__sprechstunde__in=Sprechstunde.objects.counselled_by(user))


class Buchung(models.Model):
    """A booking of a Termin. Personal data: minimal, audited with masked fields, purged."""

    termin = models.ForeignKey(Termin, on_delete=models.PROTECT, related_name="buchungen")
    platz = models.PositiveSmallIntegerField(
        _("Platz"), help_text=_("Nummer des belegten Platzes im Termin (1 … Kapazität).")
    )
    status = models.CharField(_("Status"), max_length=20, choices=BuchungStatus.choices)
    kanal = models.CharField(_("Weg"), max_length=10, choices=Kanal.choices, default=Kanal.ONLINE)
    thema = models.ForeignKey(
        Beratungsthema, verbose_name=_("Thema"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("Name oder Vorname"), max_length=80, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    sprache = models.ForeignKey(
        Sprache,
        verbose_name=_("Sprache"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dolmetschen = models.BooleanField(_("Dolmetschen gewünscht"), default=False)
    barrierefreiheit = models.CharField(_("Bedarf an Barrierefreiheit"), max_length=300, blank=True)
    notiz = models.CharField(_("Kurze Notiz"), max_length=500, blank=True)
    # The language of the page the booking was made on: its mails, .ics texts and reminders
    # speak it, and their links open the pages in it. A code of settings.LANGUAGES.
    mailsprache = models.CharField(_("Sprache der E-Mails"), max_length=8, default="de")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_gueltig_bis = models.DateTimeField(editable=False)
    einwilligung_version = models.CharField(_("Version der Datenschutzhinweise"), max_length=20)
    einwilligung_am = models.DateTimeField(_("Einwilligung am"))
    erstellt_am = models.DateTimeField(auto_now_add=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bestaetigt_am = models.DateTimeField(null=True, blank=True)
    # The person asked once for more time to confirm (WCAG 2.2.1): the reservation then waits
    # twice SPRECHSTUNDEN_RESERVIERUNG_MINUTEN from its start.
    verlaengert = models.BooleanField(_("Frist verlängert"), default=False)
    storniert_am = models.DateTimeField(null=True, blank=True)
    erinnert_am = models.DateTimeField(null=True, blank=True)
    # The SEQUENCE of the last .ics sent about this booking, raised in the transaction of every
    # change that mails one (confirmed, moved, reminder, cancelled), so a calendar always takes
    # the newer file, however close together two changes are. 0: no .ics went out yet, so a
    # cancellation needs none either.
    kalender_sequenz = models.PositiveIntegerField(
        _("Kalender-Sequenz"),
        default=0,
        editable=False,
        help_text=_("Zählt die verschickten Kalenderdateien (iCalendar SEQUENCE)."),
    )
    # Read out on the phone and typed on the "Buchung finden" page with the phone number or
    # e-mail address; blanked with the personal data, so a code is unique among current bookings.
    code = models.CharField(
        _("Buchungscode"), max_length=6, blank=True, default=new_buchungscode, editable=False
    )
    # A follow-up consultation the counsellor booked after an earlier one (services.folgetermin):
    # reports count first and follow-up consultations. ``folge_von`` is the consultation it
    # follows; the mark stays should that booking ever be deleted.
    folgetermin = models.BooleanField(_("Folgetermin"), default=False)
    folge_von = models.ForeignKey(
        "self",
        verbose_name=_("Folgetermin nach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="folgetermine",
    )

    objects = BuchungQuerySet.as_manager()

    # Set by the services when a mail about this booking could not be sent within the request
    # (outbox off, mail server down): the change stands, and the view says so. Not stored.
    mail_fehlgeschlagen = False

    class Meta:
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")
        ordering = ["termin__beginn", "platz"]
        constraints = [
            # Database backstop for capacity: each seat of a slot is held by one active booking.
            models.UniqueConstraint(
                fields=["termin", "platz"],
                condition=Q(status__in=BELEGEND),
                name="buchung_ein_platz_je_termin",
            ),
            models.CheckConstraint(condition=Q(platz__gte=1), name="buchung_platz_positiv"),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name=BUCHUNGSCODE_EINDEUTIG
            ),
            models.CheckConstraint(
                condition=Q(folge_von__isnull=True) | Q(folgetermin=True),
                name="buchung_folge_von_nur_bei_folgetermin",
            ),
        ]
        indexes = [
            # Every online booking counts the open bookings of its e-mail address or phone
            # number (the abuse limit); without these that is a scan of all bookings.
            models.Index(Upper("email"), name="buchung_email_upper"),
            models.Index(fields=["telefon"], name="buchung_telefon"),
        ]

    def __str__(self):
        return f"{self.termin} – {self.get_status_display()}"

    @property
    def ist_offen(self) -> bool:
        return self.status in OFFEN

    @property
    def code_anzeige(self) -> str:
        """The booking code grouped for reading out: ``K7M-4PQ``."""
        return format_buchungscode(self.code)

    @property
    def hat_kalenderdatei(self) -> bool:
        """Whether an .ics about this booking went out (a cancellation then sends one too)."""
        return self.kalender_sequenz > 0


class Beratungskontakt(models.Model):
    """An anonymous record of one consultation, for the statistics. Nothing personal."""

    class Art(models.TextChoices):
        TERMIN = "termin", _("gebuchter Termin")
        OHNE_TERMIN = "ohne_termin", _("ohne Termin (offene Sprechstunde)")
        HAUSBESUCH = "hausbesuch", _("Hausbesuch")

    anlaufstelle = models.ForeignKey(
        Anlaufstelle, on_delete=models.PROTECT, related_name="kontakte", null=True, blank=True
    )
    gebiet = models.ForeignKey(Gebiet, on_delete=models.PROTECT, related_name="+")
    sprechstunde = models.ForeignKey(
        Sprechstunde, on_delete=models.SET_NULL, null=True, blank=True, related_name="kontakte"
    )
    datum = models.DateField(_("Datum"))
    art = models.CharField(_("Art"), max_length=12, choices=Art.choices)
    thema = models.ForeignKey(Beratungsthema, verbose_name=_("Thema"), on_delete=models.PROTECT)
    erstkontakt = models.BooleanField(_("Erstkontakt"), default=True)
    vermittelt_an = models.ForeignKey(
        Organisation,
        verbose_name=_("Weitervermittelt an"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Only to prevent recording one booking twice; the booking's personal data is purged later.
    buchung = models.OneToOneField(
        Buchung, on_delete=models.SET_NULL, null=True, blank=True, related_name="kontakt"
    )
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    erfasst_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Beratungskontakt (anonym)")
        verbose_name_plural = _("Beratungskontakte (anonym)")
        ordering = ["-datum"]

    def __str__(self):
        return f"{self.datum:%d.%m.%Y} {self.thema}"


class HausbesuchStatus(models.TextChoices):
    NEU = "neu", _("neu, noch nicht zugeteilt")
    GEPLANT = "geplant", _("geplant")
    BESUCHT = "besucht", _("besucht")
    NICHT_ERREICHT = "nicht_erreicht", _("nicht erreicht")
    ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")


class HausbesuchQuerySet(models.QuerySet):
    def for_user(self, user):
        """Personal details: Sozialplanung sees all requests, counsellors the ones assigned."""
        if not user.is_authenticated:
            return self.none()
        if user.has_rolle(Rolle.SOZIALPLANUNG):
            return self
        if user.has_rolle(Rolle.BERATUNG):
            return self.filter(zugewiesen=user)
        return self.none()


class Hausbesuch(models.Model):
    """A request for an outreach visit (aufsuchende Hilfe) and its workflow."""

    status = models.CharField(
        _("Status"), max_length=20, choices=HausbesuchStatus.choices, default=HausbesuchStatus.NEU
    )
    name = models.CharField(_("Name"), max_length=120)
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    adresse = models.CharField(_("Adresse"), max_length=200, blank=True)
    gebiet = models.ForeignKey(
        Gebiet, verbose_name=_("Wohngebiet"), on_delete=models.PROTECT, related_name="+"
    )
    anliegen = models.ForeignKey(
        Beratungsthema, verbose_name=_("Anliegen"), on_delete=models.PROTECT, related_name="+"
    )
    wunschzeiten = models.CharField(_("Wann passt es?"), max_length=200, blank=True)
    vermittelt_durch = models.ForeignKey(
        Organisation,
        verbose_name=_("Vermittelt durch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hinweis = models.CharField(_("Kurzer Hinweis"), max_length=500, blank=True)
    zugewiesen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zuständige Fachkraft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hausbesuche",
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("Begleitender Partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    geplant_am = models.DateTimeField(_("Geplant am"), null=True, blank=True)
    einwilligung_version = models.CharField(max_length=20)
    einwilligung_am = models.DateTimeField()
    erstellt_am = models.DateTimeField(auto_now_add=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    abgeschlossen_am = models.DateTimeField(null=True, blank=True)
    # The person's own link (requests from the public form): see and withdraw the request.
    # Only the hash is stored; the link lives as long as the request does.
    token_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = HausbesuchQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hausbesuch")
        verbose_name_plural = _("Hausbesuche")
        ordering = ["-erstellt_am"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(telefon="") | ~Q(email="") | ~Q(adresse=""),
                name="hausbesuch_erreichbar",
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="hausbesuch_token_unique",
            ),
        ]

    def __str__(self):
        return f"{_('Hausbesuch')} #{self.pk} ({self.get_status_display()})"

    def can_change(self, user) -> bool:
        return user.has_rolle(Rolle.SOZIALPLANUNG) or (
            user.has_rolle(Rolle.BERATUNG) and self.zugewiesen_id == user.pk
        )


class WartelisteStatus(models.TextChoices):
    UNBESTAETIGT = "unbestaetigt", _("E-Mail-Adresse noch nicht bestätigt")
    WARTET = "wartet", _("wartet")
    HAELT = "haelt", _("Termin angeboten und gehalten")
    GEBUCHT = "gebucht", _("gebucht")
    VERPASST = "verpasst", _("Angebot nicht genutzt")
    ABGELAUFEN = "abgelaufen", _("abgelaufen")
    ABGEMELDET = "abgemeldet", _("abgemeldet")


# An e-mail address not confirmed within this time: the entry ends.
WARTELISTE_BESTAETIGEN_FRIST = timedelta(hours=24)
# Entries that still wait (or hold an offer); the others have ended.
WARTELISTE_AKTIV = [
    WartelisteStatus.UNBESTAETIGT,
    WartelisteStatus.WARTET,
    WartelisteStatus.HAELT,
]


class WartelisteQuerySet(models.QuerySet):
    def aktiv(self):
        return self.filter(status__in=WARTELISTE_AKTIV)

    def for_user(self, user):
        """Personal data, scoped like bookings: Sozialplanung and the counsellors of the
        Sprechstunde."""
        if user.is_authenticated and user.has_rolle(Rolle.SOZIALPLANUNG):
            return self
        return self.filter(sprechstunde__in=Sprechstunde.objects.counselled_by(user))


class Wartelisteneintrag(models.Model):
    """Somebody waiting for a slot of a full Sprechstunde (``tag`` empty) or a full day.

    An entry with an e-mail address counts from the moment its address is confirmed (double
    opt-in); one with a phone number only at once. When a seat frees up, the first waiting entry
    (by ``bestaetigt_am``) is offered it: the seat is held for it (``termin``, ``platz``) until
    ``halten_bis``, and nobody else can book it meanwhile (``Termin.objects.with_belegt`` and
    the booking service count held seats). Then the entry is booked, or the offer passes on.
    Personal data is blanked once the entry has ended (``services.warteliste``)."""

    sprechstunde = models.ForeignKey(
        Sprechstunde,
        verbose_name=_("Sprechstunde"),
        on_delete=models.CASCADE,
        related_name="warteliste",
    )
    tag = models.DateField(_("Wunschtag"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=WartelisteStatus.choices)
    name = models.CharField(_("Name oder Vorname"), max_length=80, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    mailsprache = models.CharField(_("Sprache der E-Mails"), max_length=8, default="de")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    gueltig_bis = models.DateTimeField(_("Wartet bis"))
    einwilligung_version = models.CharField(_("Version der Datenschutzhinweise"), max_length=20)
    einwilligung_am = models.DateTimeField(_("Einwilligung am"))
    erstellt_am = models.DateTimeField(_("Eingetragen am"), auto_now_add=True)
    bestaetigt_am = models.DateTimeField(_("Wartet seit"), null=True, blank=True)
    # The offer: a seat of a slot held for this entry until ``halten_bis``.
    termin = models.ForeignKey(
        Termin,
        verbose_name=_("Angebotener Termin"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="warteliste_angebote",
    )
    platz = models.PositiveSmallIntegerField(_("Gehaltener Platz"), null=True, blank=True)
    halten_bis = models.DateTimeField(_("Gehalten bis"), null=True, blank=True)
    benachrichtigt_am = models.DateTimeField(_("Angebot am"), null=True, blank=True)
    buchung = models.ForeignKey(
        Buchung,
        verbose_name=_("Buchung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beendet_am = models.DateTimeField(_("Beendet am"), null=True, blank=True)

    objects = WartelisteQuerySet.as_manager()

    class Meta:
        verbose_name = _("Wartelisteneintrag")
        verbose_name_plural = _("Wartelisteneinträge")
        ordering = ["bestaetigt_am", "erstellt_am", "pk"]
        constraints = [
            # Backstop of the hand-over: one offer per held seat (the slot's row lock decides).
            models.UniqueConstraint(
                fields=["termin", "platz"],
                condition=Q(status=WartelisteStatus.HAELT),
                name="warteliste_ein_angebot_je_platz",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=WARTELISTE_AKTIV) | ~Q(email="") | ~Q(telefon=""),
                name="warteliste_erreichbar",
            ),
        ]
        indexes = [
            # The next entry of a Sprechstunde, first come first served.
            models.Index(
                fields=["sprechstunde", "status", "bestaetigt_am"], name="warteliste_reihenfolge"
            ),
        ]

    def __str__(self):
        return f"{_('Warteliste')} #{self.pk} ({self.get_status_display()})"

    @property
    def bestaetigen_bis(self):
        """Until when the e-mail address can be confirmed."""
        return min(self.erstellt_am + WARTELISTE_BESTAETIGEN_FRIST, self.gueltig_bis)


# Staffing and costs of an Anlaufstelle (the pilot report to the council: "55 % Stellenanteile
# from Jugendamt and Diakonie, 10 % for the municipality's management, about 6,000 € a year").
# Planning data per calendar year: it names employers and payers, never people.

JAHR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Stellenanteil(models.Model):
    """A share of a full-time post at an Anlaufstelle in one year and who employs it, e.g.
    27.5 % "Sozialarbeit" of the Jugendamt or 10 % "Koordination der Gemeinde". Several posts of
    one employer and task add up in one row (up to 1000 %)."""

    anlaufstelle = models.ForeignKey(
        Anlaufstelle,
        verbose_name=_("Anlaufstelle"),
        on_delete=models.PROTECT,
        related_name="stellenanteile",
    )
    traeger = models.ForeignKey(
        Organisation,
        verbose_name=_("Anstellungsträger"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    jahr = models.PositiveSmallIntegerField(_("Jahr"), validators=JAHR_VALIDATORS)
    prozent = models.DecimalField(
        _("Stellenanteil in Prozent"),
        max_digits=5,
        decimal_places=1,
        validators=[
            MinValueValidator(
                Decimal("0.1"), message=_("Der Stellenanteil muss größer als 0 Prozent sein.")
            ),
            MaxValueValidator(
                Decimal("1000"),
                message=_("Höchstens 1000 Prozent (zehn volle Stellen) je Eintrag."),
            ),
        ],
        help_text=_("Anteil einer Vollzeitstelle, z. B. 55 oder 27,5; mehrere Stellen bis 1000."),
    )
    aufgabe = models.CharField(
        _("Aufgabe"),
        max_length=120,
        blank=True,
        help_text=_("Zum Beispiel: Sozialarbeit, Koordination der Gemeinde."),
    )

    class Meta:
        verbose_name = _("Stellenanteil")
        verbose_name_plural = _("Stellenanteile")
        ordering = ["-jahr", "traeger__name", "aufgabe", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["anlaufstelle", "traeger", "jahr", "aufgabe"],
                name="stellenanteil_unique",
            ),
            models.CheckConstraint(
                condition=Q(prozent__gt=0) & Q(prozent__lte=1000),
                name="stellenanteil_prozent_bereich",
            ),
            models.CheckConstraint(
                condition=Q(jahr__gte=2000) & Q(jahr__lte=2100), name="stellenanteil_jahr_bereich"
            ),
        ]

    def __str__(self):
        aufgabe = f", {self.aufgabe}" if self.aufgabe else ""
        return f"{self.jahr}: {self.prozent} % {self.traeger}{aufgabe}"


class Standortkosten(models.Model):
    """A cost item of an Anlaufstelle in one year, in euros, and who bears it, e.g. 6,000 €
    "Personalkosten Koordination" borne by the Gemeinde."""

    anlaufstelle = models.ForeignKey(
        Anlaufstelle,
        verbose_name=_("Anlaufstelle"),
        on_delete=models.PROTECT,
        related_name="kosten",
    )
    jahr = models.PositiveSmallIntegerField(_("Jahr"), validators=JAHR_VALIDATORS)
    bezeichnung = models.CharField(
        _("Bezeichnung"),
        max_length=120,
        help_text=_("Zum Beispiel: Personalkosten Koordination, Raum- und Sachkosten."),
    )
    betrag = models.DecimalField(
        _("Betrag in Euro"),
        max_digits=10,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), message=_("Der Betrag darf nicht negativ sein."))
        ],
    )
    getragen_von = models.ForeignKey(
        Organisation,
        verbose_name=_("Getragen von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wer die Kosten trägt, z. B. der Landkreis oder die Gemeinde."),
    )

    class Meta:
        verbose_name = _("Standortkosten")
        verbose_name_plural = _("Standortkosten")
        ordering = ["-jahr", "bezeichnung", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(betrag__gte=0), name="standortkosten_betrag"),
            models.CheckConstraint(
                condition=Q(jahr__gte=2000) & Q(jahr__lte=2100), name="standortkosten_jahr_bereich"
            ),
        ]

    def __str__(self):
        return f"{self.jahr}: {self.bezeichnung} ({self.betrag} €)"


def traeger_je_anlaufstelle(anlaufstelle_ids, jahr: int) -> dict[int, list[str]]:
    """The names of each place's Träger, sorted: the employers of its ``Stellenanteil`` rows of
    ``jahr`` where it has any, else the employers of the counsellors in its Sprechstunden. Two
    queries for any number of places."""
    ids = list(anlaufstelle_ids)
    if not ids:
        return {}
    result: dict[int, set[str]] = {}
    for anlaufstelle_id, name in (
        Stellenanteil.objects.filter(anlaufstelle_id__in=ids, jahr=jahr)
        .order_by()
        .values_list("anlaufstelle_id", "traeger__name")
        .distinct()
    ):
        result.setdefault(anlaufstelle_id, set()).add(name)
    beratende = {}
    for anlaufstelle_id, name in (
        Beratende.objects.filter(sprechstunde__anlaufstelle_id__in=ids)
        .order_by()
        .values_list("sprechstunde__anlaufstelle_id", "traeger__name")
        .distinct()
    ):
        beratende.setdefault(anlaufstelle_id, set()).add(name)
    for anlaufstelle_id, names in beratende.items():
        result.setdefault(anlaufstelle_id, names)
    return {pk: sorted(names) for pk, names in result.items()}
