"""Sorgekreise (caring communities): circles attached to an Ort der Begegnung bring together
professionals and volunteers; help requests are matched to vetted helpers.

Requests can reveal health or family circumstances (Art. 9 GDPR), so requests and helpers are
visible only to the coordinators of their circle and to Sozialplanung (``for_user``); every
view of or change to a request is written to the access log (``saarlouis_portal.konten.zugriff``,
shown as ``Hilfeanfrage.zugriffe``).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from begegnung.models import Ort, Wochentag
from saarlouis_portal.forms import kein_markup
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.konten.zugriff import access_log
from saarlouis_portal.stammdaten.models import (
    Gebiet,
    Organisation,
    Sprache,
    TelefonModelField,
    telefon_validator,
)

PLANUNG = (Rolle.SOZIALPLANUNG,)

ART9_HINWEIS = _(
    "Bitte nur das Nötigste eintragen. Angaben zu Gesundheit, Familie oder Herkunft sind "
    "besonders geschützt (Art. 9 DSGVO) und gehören nur hierher, wenn sie für die Hilfe "
    "wirklich gebraucht werden."
)


def _koordinierte_kreise(user):
    """Circles the user coordinates (a subquery, so visibility never duplicates rows)."""
    return Sorgekreis.objects.filter(koordination=user).values("pk")


# --- Circles ---------------------------------------------------------------------------------


class Schwerpunkt(models.TextChoices):
    NACHBARSCHAFT = "nachbarschaft", _("Nachbarschaftshilfe")
    FAMILIE = "familie", _("Familien und Kinder")
    SENIOREN = "senioren", _("Ältere Menschen")
    INTEGRATION = "integration", _("Ankommen und Integration")
    EINZELFALL = "einzelfall", _("Einzelfallhilfe")
    ARBEIT = "arbeit", _("Arbeit und Betriebe")
    ALLGEMEIN = "allgemein", _("Allgemein")


class SorgekreisQuerySet(models.QuerySet):
    def public(self):
        return self.filter(oeffentlich=True)

    def for_user(self, user):
        """Sozialplanung sees every circle; Ortsleitung the circles they coordinate and those
        at the places they lead; everybody else none (404)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_rolle(*PLANUNG):
            return self
        if user.has_rolle(Rolle.ORTSLEITUNG):
            return self.filter(
                Q(pk__in=_koordinierte_kreise(user))
                | Q(ort__in=Ort.objects.filter(leitung=user).values("pk"))
            )
        return self.none()

    def koordiniert_von(self, user):
        """Circles whose requests and helpers the user may see (Art. 9 scope)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_rolle(*PLANUNG):
            return self
        if user.has_rolle(Rolle.ORTSLEITUNG):
            return self.filter(pk__in=_koordinierte_kreise(user))
        return self.none()


class Sorgekreis(models.Model):
    name = models.CharField(_("Name"), max_length=160, validators=[kein_markup])
    ort = models.ForeignKey(
        Ort,
        verbose_name=_("Ort der Begegnung"),
        on_delete=models.PROTECT,
        related_name="sorgekreise",
    )
    schwerpunkt = models.CharField(
        _("Schwerpunkt"), max_length=20, choices=Schwerpunkt.choices, default=Schwerpunkt.ALLGEMEIN
    )
    koordination = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Koordination"),
        blank=True,
        related_name="koordinierte_sorgekreise",
        help_text=_(
            "Nur die Koordination des Sorgekreises und die Sozialplanung sehen Hilfeanfragen "
            "und Helfende."
        ),
    )
    kurzbeschreibung = models.CharField(
        _("Kurzbeschreibung"), max_length=300, blank=True, validators=[kein_markup]
    )
    beschreibung = models.TextField(
        _("Beschreibung"), blank=True, max_length=10000, help_text=_("Markdown ist erlaubt.")
    )
    oeffentlich = models.BooleanField(_("Öffentlich sichtbar"), default=True)
    nimmt_anfragen_an = models.BooleanField(
        _("Nimmt Hilfeanfragen über das Portal an"), default=True
    )
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = SorgekreisQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sorgekreis")
        verbose_name_plural = _("Sorgekreise")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(schwerpunkt__in=Schwerpunkt.values), name="sorgekreis_schwerpunkt_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def can_change(self, user) -> bool:
        if user.has_rolle(*PLANUNG):
            return True
        if not user.has_rolle(Rolle.ORTSLEITUNG):
            return False
        return (
            self.koordination.filter(pk=user.pk).exists()
            or self.ort.leitung.filter(pk=user.pk).exists()
        )

    def wird_koordiniert_von(self, user) -> bool:
        """May the user see this circle's requests and helpers (Art. 9 scope)?"""
        if user.has_rolle(*PLANUNG):
            return True
        return user.has_rolle(Rolle.ORTSLEITUNG) and self.koordination.filter(pk=user.pk).exists()


class TeilnahmeRolle(models.TextChoices):
    EINZELFALLHILFE = "einzelfallhilfe", _("Einzelfallhilfe")
    NACHBARSCHAFTSHILFE = "nachbarschaftshilfe", _("Nachbarschaftshilfe")
    FAMILIENHILFE = "familienhilfe", _("Familienhilfe")
    BERUFSBETREUUNG = "berufsbetreuung", _("Berufsbetreuung")
    EINKAUFSHILFE = "einkaufshilfe", _("Einkaufshilfe")
    LOTSE = "lotse", _("Lotsin / Lotse")
    PATE = "pate", _("Patin / Pate")
    EHRENAMT = "ehrenamt", _("Ehrenamt")
    VEREIN = "verein", _("Verein")
    BETRIEB = "betrieb", _("Betrieb")


class Teilnahme(models.Model):
    """Who carries the circle: a person or an organisation with a role."""

    sorgekreis = models.ForeignKey(Sorgekreis, on_delete=models.CASCADE, related_name="teilnahmen")
    name = models.CharField(
        _("Name der Person"),
        max_length=120,
        blank=True,
        validators=[kein_markup],
        help_text=_("Eine Person oder eine Organisation angeben."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sorgekreis_teilnahmen",
    )
    rolle = models.CharField(_("Rolle"), max_length=30, choices=TeilnahmeRolle.choices)
    aufgabe = models.CharField(
        _("Aufgabe im Sorgekreis"), max_length=200, blank=True, validators=[kein_markup]
    )
    oeffentlich_nennen = models.BooleanField(
        _("Auf der öffentlichen Seite nennen"),
        default=False,
        help_text=_("Personen nur mit deren Einverständnis nennen."),
    )
    seit = models.DateField(_("Dabei seit"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitwirkung")
        verbose_name_plural = _("Mitwirkende")
        ordering = ["rolle", "organisation__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | Q(organisation__isnull=False),
                name="teilnahme_person_oder_organisation",
            ),
            models.CheckConstraint(
                condition=Q(rolle__in=TeilnahmeRolle.values), name="teilnahme_rolle_valid"
            ),
        ]

    def __str__(self):
        wer = self.organisation.name if self.organisation_id else self.name
        return f"{wer} ({self.get_rolle_display()})"


class Treffen(models.Model):
    sorgekreis = models.ForeignKey(Sorgekreis, on_delete=models.CASCADE, related_name="treffen")
    beginn = models.DateTimeField(_("Beginn"))
    thema = models.CharField(_("Thema"), max_length=200, validators=[kein_markup])
    notizen = models.TextField(
        _("Notizen"),
        blank=True,
        max_length=10000,
        help_text=_("Markdown ist erlaubt. Keine Namen oder Daten von Hilfesuchenden."),
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Treffen")
        verbose_name_plural = _("Treffen")
        ordering = ["-beginn"]

    def __str__(self):
        return f"{self.thema} ({timezone.localtime(self.beginn):%d.%m.%Y})"


# --- Skills ----------------------------------------------------------------------------------


class Faehigkeit(models.Model):
    """A kind of help (seeded). Requests ask for one; helpers offer several."""

    schluessel = models.SlugField(_("Schlüssel"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=80)
    braucht_fuehrungszeugnis = models.BooleanField(
        _("Erweitertes Führungszeugnis nötig"),
        default=False,
        help_text=_("Zum Beispiel bei Kinderbetreuung: nur Helfende mit gültigem Zeugnis."),
    )
    braucht_sprache = models.BooleanField(_("Sprache angeben"), default=False)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Art der Hilfe")
        verbose_name_plural = _("Arten der Hilfe")
        ordering = ["reihenfolge", "name"]

    def __str__(self):
        return self.name


# --- Helpers ---------------------------------------------------------------------------------


class HelfendeStatus(models.TextChoices):
    NEU = "neu", _("neu, noch nicht geprüft")
    GEPRUEFT = "geprueft", _("geprüft")
    AKTIV = "aktiv", _("aktiv")
    PAUSIERT = "pausiert", _("pausiert")
    AUSGESCHIEDEN = "ausgeschieden", _("ausgeschieden")


VERMITTELBAR = (HelfendeStatus.GEPRUEFT, HelfendeStatus.AKTIV)


class Quelle(models.TextChoices):
    VERWALTUNG = "verwaltung", _("von Mitarbeitenden erfasst")
    OEFFENTLICH = "oeffentlich", _("über das öffentliche Formular")


# A police certificate is due for renewal this many days before it expires.
ZEUGNIS_VORLAUF_TAGE = 60


class HelfendeQuerySet(models.QuerySet):
    def for_user(self, user):
        """Sozialplanung sees every helper; coordinators the helpers of their circles."""
        if not user.is_authenticated:
            return self.none()
        if user.has_rolle(*PLANUNG):
            return self
        if user.has_rolle(Rolle.ORTSLEITUNG):
            return self.filter(
                pk__in=Helfende.sorgekreise.through.objects.filter(
                    sorgekreis__in=_koordinierte_kreise(user)
                ).values("helfende")
            )
        return self.none()

    def vermittelbar(self):
        return self.filter(status__in=VERMITTELBAR, anonymisiert_am__isnull=True)

    def zeugnis_erneuern(self, heute: datetime.date):
        """Helpers whose certificate has expired or expires within ``ZEUGNIS_VORLAUF_TAGE``: the
        reminder on the helpers' list and the e-mail to the coordinators."""
        return self.zeugnis_laeuft_ab(heute + datetime.timedelta(days=ZEUGNIS_VORLAUF_TAGE))

    def zeugnis_laeuft_ab(self, bis: datetime.date):
        """Helpers whose police certificate expires on or before ``bis`` (renewal reminder)."""
        return self.filter(
            fuehrungszeugnis_gueltig_bis__isnull=False,
            fuehrungszeugnis_gueltig_bis__lte=bis,
            anonymisiert_am__isnull=True,
        ).exclude(status=HelfendeStatus.AUSGESCHIEDEN)


class Helfende(models.Model):
    """A volunteer. Contact data is never shown to a person seeking help before a match."""

    name = models.CharField(_("Name"), max_length=120, validators=[kein_markup])
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    # The language of the page the person offered help on: mails about matches speak it.
    mailsprache = models.CharField(_("Sprache der E-Mails"), max_length=8, default="de")
    faehigkeiten = models.ManyToManyField(
        Faehigkeit, verbose_name=_("Was ich anbiete"), related_name="helfende"
    )
    sprachen = models.ManyToManyField(
        Sprache,
        verbose_name=_("Sprachen"),
        blank=True,
        related_name="helfende",
        help_text=_("Für Sprachmittlung und Begleitung: die Sprachen, die die Person spricht."),
    )
    gebiete = models.ManyToManyField(
        Gebiet,
        verbose_name=_("Gebiete, in denen die Person hilft"),
        blank=True,
        related_name="helfende",
    )
    sorgekreise = models.ManyToManyField(
        Sorgekreis, verbose_name=_("Sorgekreise"), blank=True, related_name="helfende"
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=HelfendeStatus.choices, default=HelfendeStatus.NEU
    )
    max_vermittlungen = models.PositiveSmallIntegerField(
        _("Höchstens gleichzeitig"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("So viele laufende Vermittlungen übernimmt die Person höchstens."),
    )
    geprueft_am = models.DateField(_("Geprüft am"), null=True, blank=True)
    geprueft_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geprüft von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pruefung_notiz = models.CharField(
        _("Was wurde geprüft?"),
        max_length=500,
        blank=True,
        help_text=_("Zum Beispiel: Gespräch geführt, Ausweis gesehen, Schulung besucht."),
    )
    fuehrungszeugnis_vom = models.DateField(
        _("Erweitertes Führungszeugnis vom"), null=True, blank=True
    )
    fuehrungszeugnis_gueltig_bis = models.DateField(
        _("Führungszeugnis gültig bis"),
        null=True,
        blank=True,
        help_text=_("Üblich sind drei bis fünf Jahre; vorher kommt eine Erinnerung."),
    )
    erinnerung_gesendet_am = models.DateField(null=True, blank=True, editable=False)
    notiz = models.TextField(
        _("Interne Notiz"), blank=True, max_length=2000, help_text=ART9_HINWEIS
    )
    quelle = models.CharField(
        _("Quelle"), max_length=20, choices=Quelle.choices, default=Quelle.VERWALTUNG
    )
    einwilligung_version = models.CharField(
        _("Version der Datenschutzhinweise"), max_length=20, blank=True
    )
    einwilligung_am = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geaendert_am = models.DateTimeField(auto_now=True)
    ausgeschieden_am = models.DateTimeField(null=True, blank=True)
    anonymisiert_am = models.DateTimeField(null=True, blank=True)
    ist_demo = models.BooleanField(_("Demodaten"), default=False)

    objects = HelfendeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Helfende Person")
        verbose_name_plural = _("Helfende")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=HelfendeStatus.values), name="helfende_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(telefon="") | ~Q(email="") | Q(anonymisiert_am__isnull=False),
                name="helfende_erreichbar",
            ),
            models.CheckConstraint(
                condition=Q(fuehrungszeugnis_gueltig_bis__isnull=True)
                | Q(fuehrungszeugnis_vom__isnull=True)
                | Q(fuehrungszeugnis_gueltig_bis__gt=F("fuehrungszeugnis_vom")),
                name="helfende_zeugnis_gueltig_nach_ausstellung",
            ),
        ]

    def __str__(self):
        return self.name

    def can_change(self, user) -> bool:
        if user.has_rolle(*PLANUNG):
            return True
        return (
            user.has_rolle(Rolle.ORTSLEITUNG)
            and self.sorgekreise.filter(koordination=user).exists()
        )

    def zeugnis_gueltig(self, stichtag: datetime.date) -> bool:
        return (
            self.fuehrungszeugnis_gueltig_bis is not None
            and self.fuehrungszeugnis_gueltig_bis >= stichtag
        )

    def ist_vermittelbar_fuer(self, faehigkeit: Faehigkeit, stichtag: datetime.date) -> bool:
        """Vetted, not paused or left, and with a valid certificate where the help needs one."""
        if self.status not in VERMITTELBAR or self.anonymisiert_am:
            return False
        return not faehigkeit.braucht_fuehrungszeugnis or self.zeugnis_gueltig(stichtag)


class Verfuegbarkeit(models.Model):
    """A weekly period in which a helper usually has time."""

    helfende = models.ForeignKey(
        Helfende, on_delete=models.CASCADE, related_name="verfuegbarkeiten"
    )
    wochentag = models.PositiveSmallIntegerField(_("Wochentag"), choices=Wochentag.choices)
    beginn = models.TimeField(_("Von"))
    ende = models.TimeField(_("Bis"))

    class Meta:
        verbose_name = _("Verfügbarkeit")
        verbose_name_plural = _("Verfügbarkeiten")
        ordering = ["wochentag", "beginn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ende__gt=F("beginn")), name="verfuegbarkeit_ende_nach_beginn"
            ),
            models.CheckConstraint(
                condition=Q(wochentag__gte=0) & Q(wochentag__lte=6),
                name="verfuegbarkeit_wochentag_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_wochentag_display()} {self.beginn:%H:%M}–{self.ende:%H:%M}"


# --- Requests and matches --------------------------------------------------------------------


class AnfrageStatus(models.TextChoices):
    OFFEN = "offen", _("offen")
    VERMITTELT = "vermittelt", _("vermittelt")
    ERLEDIGT = "erledigt", _("erledigt")
    ZURUECKGEZOGEN = "zurueckgezogen", _("zurückgezogen")


ABGESCHLOSSEN = (AnfrageStatus.ERLEDIGT, AnfrageStatus.ZURUECKGEZOGEN)


class Dringlichkeit(models.TextChoices):
    NORMAL = "normal", _("in den nächsten Wochen")
    BALD = "bald", _("in den nächsten Tagen")
    DRINGEND = "dringend", _("dringend")


class HilfeanfrageQuerySet(models.QuerySet):
    def for_user(self, user):
        """Art. 9 data: only the circle's coordinators and Sozialplanung; others 404."""
        if not user.is_authenticated:
            return self.none()
        if user.has_rolle(*PLANUNG):
            return self
        if user.has_rolle(Rolle.ORTSLEITUNG):
            return self.filter(sorgekreis__in=_koordinierte_kreise(user))
        return self.none()

    def offen(self):
        return self.filter(status=AnfrageStatus.OFFEN)


class Hilfeanfrage(models.Model):
    """A need for help. Minimal contact only; the note may hold Art. 9 data."""

    sorgekreis = models.ForeignKey(
        Sorgekreis,
        verbose_name=_("Sorgekreis"),
        on_delete=models.PROTECT,
        related_name="anfragen",
    )
    art = models.ForeignKey(
        Faehigkeit, verbose_name=_("Art der Hilfe"), on_delete=models.PROTECT, related_name="+"
    )
    sprache = models.ForeignKey(
        Sprache,
        verbose_name=_("Sprache"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Nur wenn eine bestimmte Sprache gebraucht wird."),
    )
    gebiet = models.ForeignKey(
        Gebiet,
        verbose_name=_("Wo wird Hilfe gebraucht?"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    dringlichkeit = models.CharField(
        _("Wie dringend?"),
        max_length=20,
        choices=Dringlichkeit.choices,
        default=Dringlichkeit.NORMAL,
    )
    # The time window: an optional date range plus an optional weekday and time of day.
    benoetigt_ab = models.DateField(_("Ab"), null=True, blank=True)
    benoetigt_bis = models.DateField(_("Bis"), null=True, blank=True)
    wochentag = models.PositiveSmallIntegerField(
        _("Wochentag"), choices=Wochentag.choices, null=True, blank=True
    )
    uhrzeit_von = models.TimeField(_("Uhrzeit von"), null=True, blank=True)
    uhrzeit_bis = models.TimeField(_("Uhrzeit bis"), null=True, blank=True)
    zeitfenster = models.CharField(
        _("Wann passt es?"),
        max_length=200,
        blank=True,
        validators=[kein_markup],
        help_text=_("Zum Beispiel: dienstags vormittags."),
    )
    name = models.CharField(_("Name"), max_length=120, blank=True, validators=[kein_markup])
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    # The language of the page the person asked on (or the one staff chose after a call): the
    # mail that tells them a helper was found speaks it. Reset by the retention step.
    mailsprache = models.CharField(_("Sprache der E-Mails"), max_length=8, default="de")
    notiz = models.TextField(
        _("Was sollen wir wissen?"), blank=True, max_length=2000, help_text=ART9_HINWEIS
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=AnfrageStatus.choices, default=AnfrageStatus.OFFEN
    )
    quelle = models.CharField(
        _("Quelle"), max_length=20, choices=Quelle.choices, default=Quelle.VERWALTUNG
    )
    einwilligung_version = models.CharField(
        _("Version der Datenschutzhinweise"), max_length=20, blank=True
    )
    einwilligung_am = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geaendert_am = models.DateTimeField(auto_now=True)
    abgeschlossen_am = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    anonymisiert_am = models.DateTimeField(null=True, blank=True)
    ist_demo = models.BooleanField(_("Demodaten"), default=False)

    objects = HilfeanfrageQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hilfeanfrage")
        verbose_name_plural = _("Hilfeanfragen")
        ordering = ["-erstellt_am", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AnfrageStatus.values), name="anfrage_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(telefon="") | ~Q(email="") | Q(anonymisiert_am__isnull=False),
                name="anfrage_erreichbar",
            ),
            models.CheckConstraint(
                condition=Q(benoetigt_bis__isnull=True)
                | Q(benoetigt_ab__isnull=True)
                | Q(benoetigt_bis__gte=F("benoetigt_ab")),
                name="anfrage_zeitraum_geordnet",
            ),
            models.CheckConstraint(
                condition=Q(uhrzeit_bis__isnull=True)
                | Q(uhrzeit_von__isnull=True)
                | Q(uhrzeit_bis__gt=F("uhrzeit_von")),
                name="anfrage_uhrzeit_geordnet",
            ),
        ]

    def __str__(self):
        return f"{_('Hilfeanfrage')} #{self.pk} ({self.art})"

    def can_change(self, user) -> bool:
        return self.sorgekreis.wird_koordiniert_von(user)

    @property
    def ist_abgeschlossen(self) -> bool:
        return self.status in ABGESCHLOSSEN

    @property
    def zugriffe(self):
        """The access log of this request, newest first (``konten.zugriff.access_log``)."""
        return access_log(self)


class VermittlungStatus(models.TextChoices):
    VORGESCHLAGEN = "vorgeschlagen", _("vorgeschlagen")
    ANGENOMMEN = "angenommen", _("angenommen")
    ABGELEHNT = "abgelehnt", _("abgelehnt")
    ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")


LAUFEND = (VermittlungStatus.VORGESCHLAGEN, VermittlungStatus.ANGENOMMEN)


class VermittlungErgebnis(models.TextChoices):
    """How a match ended, as the coordinator records it (empty: ended with its request)."""

    GEHOLFEN = "geholfen", _("Hilfe geleistet")
    NICHT_MEHR_NOETIG = "nicht_mehr_noetig", _("Hilfe wird nicht mehr gebraucht")
    NICHT_GEKLAPPT = "nicht_geklappt", _("hat nicht geklappt")
    ABGESAGT = "abgesagt", _("Absage der helfenden Person")
    KEINE_ANTWORT = "keine_antwort", _("keine Antwort auf den Vorschlag")


class Benachrichtigung(models.TextChoices):
    """How the person seeking help is told that a helper said yes: the channel they gave."""

    EMAIL = "email", _("per E-Mail")
    TELEFON = "telefon", _("per Anruf der Koordination")


class VermittlungQuerySet(models.QuerySet):
    def for_user(self, user):
        """The matches of the requests the user may see (Art. 9 scope, as the requests)."""
        return self.filter(anfrage__in=Hilfeanfrage.objects.for_user(user))

    def anruf_offen(self):
        """Accepted matches whose person seeking help is still to be phoned (a call task)."""
        return self.filter(
            status=VermittlungStatus.ANGENOMMEN,
            benachrichtigt_per=Benachrichtigung.TELEFON,
            benachrichtigt_am__isnull=True,
        )

    def ohne_antwort_seit(self, stichzeit):
        """Proposals made at or before ``stichzeit`` that nobody has answered yet."""
        return self.filter(status=VermittlungStatus.VORGESCHLAGEN, vorgeschlagen_am__lte=stichzeit)


class Vermittlung(models.Model):
    """A helper matched to a request by a coordinator.

    When the helper says yes, the person seeking help is told through the channel they gave
    (``benachrichtigt_per``): an e-mail at once, or a call the coordination makes and records
    (``benachrichtigt_am``/``_von``). Proposals nobody answers are reminded once to the helper
    and once to the coordination (``erinnert_*_am``, ``services_erinnerung``).
    """

    anfrage = models.ForeignKey(
        Hilfeanfrage, on_delete=models.CASCADE, related_name="vermittlungen"
    )
    helfende = models.ForeignKey(Helfende, on_delete=models.CASCADE, related_name="vermittlungen")
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=VermittlungStatus.choices,
        default=VermittlungStatus.VORGESCHLAGEN,
    )
    vorgeschlagen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vorgeschlagen_am = models.DateTimeField(_("Vorgeschlagen am"), default=timezone.now)
    angenommen_am = models.DateTimeField(_("Angenommen am"), null=True, blank=True)
    abgeschlossen_am = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    stunden = models.DecimalField(
        _("Geleistete Stunden"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(9999)],
    )
    notiz = models.CharField(_("Notiz"), max_length=500, blank=True, validators=[kein_markup])
    begonnen_am = models.DateTimeField(_("Hilfe begonnen am"), null=True, blank=True)
    ergebnis = models.CharField(
        _("Ergebnis"), max_length=20, choices=VermittlungErgebnis.choices, blank=True
    )
    # The person seeking help: how and when they were told that a helper said yes, and who
    # phoned them (empty for an e-mail).
    benachrichtigt_per = models.CharField(
        _("Hilfesuchende informiert"),
        max_length=10,
        choices=Benachrichtigung.choices,
        blank=True,
        editable=False,
    )
    benachrichtigt_am = models.DateTimeField(
        _("Hilfesuchende informiert am"), null=True, blank=True, editable=False
    )
    benachrichtigt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angerufen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    erinnert_helfende_am = models.DateTimeField(
        _("Helfende erinnert am"), null=True, blank=True, editable=False
    )
    erinnert_koordination_am = models.DateTimeField(
        _("Koordination erinnert am"), null=True, blank=True, editable=False
    )

    objects = VermittlungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vermittlung")
        verbose_name_plural = _("Vermittlungen")
        ordering = ["-vorgeschlagen_am", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VermittlungStatus.values), name="vermittlung_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(stunden__isnull=True) | Q(stunden__gte=0),
                name="vermittlung_stunden_nicht_negativ",
            ),
            models.UniqueConstraint(
                fields=["anfrage", "helfende"],
                condition=Q(status__in=["vorgeschlagen", "angenommen"]),
                name="vermittlung_einmal_laufend",
            ),
            models.CheckConstraint(
                condition=Q(ergebnis="") | Q(ergebnis__in=VermittlungErgebnis.values),
                name="vermittlung_ergebnis_valid",
            ),
            models.CheckConstraint(
                condition=Q(benachrichtigt_per="")
                | Q(benachrichtigt_per__in=Benachrichtigung.values),
                name="vermittlung_benachrichtigt_per_valid",
            ),
        ]

    def __str__(self):
        return f"{self.anfrage} → {self.helfende} ({self.get_status_display()})"

    @property
    def ist_laufend(self) -> bool:
        return self.status in LAUFEND

    @property
    def anruf_offen(self) -> bool:
        """The coordination still has to phone the person seeking help (a call task)."""
        return (
            self.status == VermittlungStatus.ANGENOMMEN
            and self.benachrichtigt_per == Benachrichtigung.TELEFON
            and self.benachrichtigt_am is None
        )
