"""Orte der Begegnung (Saarlouis concept): existing places act as satellites and grow into Orte
der Begegnung and, after the French Maisons de Quartier, into staffed Anlaufstellen carried by
several partners. Places have opening hours, accessibility, staff posts (Stellen), partners and
offers (Angebote).

Languages are the shared master data ``stammdaten.Sprache`` (ISO 639-1 codes), so places,
offers, Sprechstunden and volunteers speak of the same languages.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.forms import kein_markup
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import (
    Gebiet,
    Organisation,
    Sprache,
    TelefonModelField,
    Thema,
    plz_validator,
    telefon_validator,
)

PLANUNG = (Rolle.SOZIALPLANUNG,)


class OrtArt(models.TextChoices):
    KITA = "kita", _("Kindertageseinrichtung")
    SCHULE = "schule", _("Schule")
    SOZIALBUERO = "sozialbuero", _("Sozialbüro")
    QUARTIERSBUERO = "quartiersbuero", _("Quartiersbüro")
    MEHRGENERATIONENHAUS = "mehrgenerationenhaus", _("Mehrgenerationenhaus")
    KIRCHE = "kirche", _("Kirche / Gemeindehaus")
    PFARRZENTRUM = "pfarrzentrum", _("Pfarrzentrum")
    JUGENDZENTRUM = "jugendzentrum", _("Jugendzentrum")
    RATHAUS = "rathaus", _("Rathaus / Bürgerbüro")
    SONSTIGE = "sonstige", _("Sonstiger Ort")


class Stufe(models.TextChoices):
    """The stages in the order a place grows through them."""

    SATELLIT = "satellit", _("Satellit")
    ORT_DER_BEGEGNUNG = "ort_der_begegnung", _("Ort der Begegnung")
    ANLAUFSTELLE = "anlaufstelle", _("Anlaufstelle")


STUFEN_REIHENFOLGE = list(Stufe.values)
# The longest justification of a request, a decision or a stage given without its criteria.
BEGRUENDUNG_MAX = 1000


class OrtQuerySet(models.QuerySet):
    def public(self):
        return self.filter(oeffentlich=True)

    def for_user(self, user):
        """Staff see every place (internal fields stay on staff pages); the public sees public
        places only."""
        if user.is_authenticated and user.has_rolle(*Rolle):
            return self
        return self.public()

    def changeable_by(self, user):
        if user.has_rolle(*PLANUNG):
            return self
        if user.has_rolle(Rolle.ORTSLEITUNG):
            return self.filter(leitung=user).distinct()
        return self.none()


class Ort(models.Model):
    name = models.CharField(_("Name"), max_length=160, validators=[kein_markup])
    art = models.CharField(_("Art"), max_length=30, choices=OrtArt.choices)
    stufe = models.CharField(
        _("Stufe"), max_length=30, choices=Stufe.choices, default=Stufe.SATELLIT
    )
    gebiet = models.ForeignKey(
        Gebiet,
        verbose_name=_("Sozialraum"),
        on_delete=models.PROTECT,
        related_name="orte",
        help_text=_("Der Sozialraum (oder Stadtteil), in dem der Ort liegt."),
    )
    beschreibung = models.TextField(
        _("Beschreibung"), blank=True, max_length=10000, help_text=_("Markdown ist erlaubt.")
    )
    strasse = models.CharField(_("Straße und Hausnummer"), max_length=120, blank=True)
    plz = models.CharField(_("Postleitzahl"), max_length=5, blank=True, validators=[plz_validator])
    ortsname = models.CharField(_("Ort"), max_length=80, blank=True)
    breitengrad = models.DecimalField(
        _("Breitengrad"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    laengengrad = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    stufenloser_zugang = models.BooleanField(_("Stufenloser Zugang"), default=False)
    barrierefreies_wc = models.BooleanField(_("Barrierefreies WC"), default=False)
    induktionsschleife = models.BooleanField(_("Induktionsschleife"), default=False)
    barrierefreiheit_hinweise = models.TextField(
        _("Hinweise zur Barrierefreiheit"), blank=True, max_length=2000
    )
    sprachen = models.ManyToManyField(
        Sprache, verbose_name=_("Sprachen"), blank=True, related_name="orte"
    )
    netzwerke = models.ManyToManyField(
        "netzwerke.Netzwerk",
        verbose_name=_("Hier verankerte Netzwerke"),
        blank=True,
        related_name="orte",
    )
    leitung = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ortsleitung"),
        blank=True,
        related_name="geleitete_orte",
    )
    interne_notiz = models.TextField(
        _("Interne Notiz"),
        blank=True,
        max_length=5000,
        help_text=_("Nur für Mitarbeitende sichtbar, nie auf öffentlichen Seiten."),
    )
    oeffentlich = models.BooleanField(_("Öffentlich sichtbar"), default=True)
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = OrtQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ort der Begegnung")
        verbose_name_plural = _("Orte der Begegnung")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(art__in=OrtArt.values), name="ort_art_valid"),
            models.CheckConstraint(condition=Q(stufe__in=Stufe.values), name="ort_stufe_valid"),
            models.CheckConstraint(
                condition=Q(breitengrad__isnull=True)
                | (Q(breitengrad__gte=-90) & Q(breitengrad__lte=90)),
                name="ort_breitengrad_im_bereich",
            ),
            models.CheckConstraint(
                condition=Q(laengengrad__isnull=True)
                | (Q(laengengrad__gte=-180) & Q(laengengrad__lte=180)),
                name="ort_laengengrad_im_bereich",
            ),
        ]

    def __str__(self):
        return self.name

    def can_change(self, user) -> bool:
        if user.has_rolle(*PLANUNG):
            return True
        return self.is_led_by(user)

    def is_led_by(self, user) -> bool:
        """The user is this place's Ortsleitung: may change it and request its next stage."""
        return user.has_rolle(Rolle.ORTSLEITUNG) and self.leitung.filter(pk=user.pk).exists()


class StufeErreicht(models.Model):
    """When a place reached a stage (its history; ``Ort.stufe`` is the current one), on whose
    request, and why it got the stage although its criteria were not met."""

    ort = models.ForeignKey(Ort, on_delete=models.CASCADE, related_name="stufen")
    stufe = models.CharField(_("Stufe"), max_length=30, choices=Stufe.choices)
    erreicht_am = models.DateField(_("Erreicht am"))
    begruendung = models.TextField(
        _("Begründung trotz offener Kriterien"),
        blank=True,
        max_length=BEGRUENDUNG_MAX,
        validators=[kein_markup],
    )
    antrag = models.ForeignKey(
        "Antrag",
        verbose_name=_("Auf Antrag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Erreichte Stufe")
        verbose_name_plural = _("Erreichte Stufen")
        ordering = ["erreicht_am", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ort", "stufe"], name="stufe_einmal_je_ort"),
        ]

    def __str__(self):
        return f"{self.get_stufe_display()} ({self.erreicht_am:%d.%m.%Y})"


class AntragArt(models.TextChoices):
    AUFNAHME = "aufnahme", _("Neuer Ort (Satellit)")
    STUFE = "stufe", _("Nächste Stufe")


class AntragStatus(models.TextChoices):
    OFFEN = "offen", _("offen")
    ANGENOMMEN = "angenommen", _("angenommen")
    ABGELEHNT = "abgelehnt", _("abgelehnt")


class AntragQuerySet(models.QuerySet):
    def offen(self):
        return self.filter(status=AntragStatus.OFFEN)

    def decidable_by(self, user):
        """The queue: Sozialplanung decides every request, nobody else any."""
        return self if Antrag.may_decide(user) else self.none()


class Antrag(models.Model):
    """A hand-off from a place's lead to the Sozialplanung: a new place proposed (it stays
    hidden from the public until accepted) or the next stage requested once its checklist is
    met. At most one request per place is open; the decision keeps who, when and why."""

    ort = models.ForeignKey(Ort, on_delete=models.CASCADE, related_name="antraege")
    art = models.CharField(_("Art des Antrags"), max_length=20, choices=AntragArt.choices)
    stufe = models.CharField(_("Beantragte Stufe"), max_length=30, choices=Stufe.choices)
    begruendung = models.TextField(
        _("Begründung"), max_length=BEGRUENDUNG_MAX, validators=[kein_markup]
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=AntragStatus.choices, default=AntragStatus.OFFEN
    )
    gestellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Gestellt von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    gestellt_am = models.DateTimeField(_("Gestellt am"), default=timezone.now)
    entschieden_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entschieden von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entschieden_am = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    entscheidungsgrund = models.TextField(
        _("Begründung der Entscheidung"),
        blank=True,
        max_length=BEGRUENDUNG_MAX,
        validators=[kein_markup],
    )

    objects = AntragQuerySet.as_manager()

    class Meta:
        verbose_name = _("Antrag zu einem Ort")
        verbose_name_plural = _("Anträge zu Orten")
        ordering = ["-gestellt_am", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ort"],
                condition=Q(status="offen"),
                name="antrag_einer_offen_je_ort",
            ),
            models.CheckConstraint(condition=Q(art__in=AntragArt.values), name="antrag_art_valid"),
            models.CheckConstraint(
                condition=Q(status__in=AntragStatus.values), name="antrag_status_valid"
            ),
            models.CheckConstraint(condition=Q(stufe__in=Stufe.values), name="antrag_stufe_valid"),
            models.CheckConstraint(
                condition=Q(status="offen", entschieden_am__isnull=True)
                | (~Q(status="offen") & Q(entschieden_am__isnull=False)),
                name="antrag_entschieden_wenn_nicht_offen",
            ),
            models.CheckConstraint(
                condition=~Q(status="abgelehnt") | ~Q(entscheidungsgrund=""),
                name="antrag_ablehnung_mit_grund",
            ),
        ]

    def __str__(self):
        return f"{self.get_art_display()}: {self.ort} ({self.get_status_display()})"

    @property
    def ist_offen(self) -> bool:
        return self.status == AntragStatus.OFFEN

    @staticmethod
    def may_decide(user) -> bool:
        return user.is_authenticated and user.has_rolle(*PLANUNG)


class PartnerRolle(models.TextChoices):
    TRAEGER = "traeger", _("Träger")
    MITTRAEGER = "mittraeger", _("Mitträger")
    PARTNER = "partner", _("Partner")


class Partnerschaft(models.Model):
    ort = models.ForeignKey(Ort, on_delete=models.CASCADE, related_name="partnerschaften")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="ort_partnerschaften",
    )
    rolle = models.CharField(
        _("Rolle"), max_length=20, choices=PartnerRolle.choices, default=PartnerRolle.PARTNER
    )

    class Meta:
        verbose_name = _("Partnerinstitution")
        verbose_name_plural = _("Partnerinstitutionen")
        ordering = ["rolle", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ort", "organisation"], name="partnerschaft_einmal_je_ort"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_rolle_display()})"


class Wochentag(models.IntegerChoices):
    MONTAG = 0, _("Montag")
    DIENSTAG = 1, _("Dienstag")
    MITTWOCH = 2, _("Mittwoch")
    DONNERSTAG = 3, _("Donnerstag")
    FREITAG = 4, _("Freitag")
    SAMSTAG = 5, _("Samstag")
    SONNTAG = 6, _("Sonntag")


class Oeffnungszeit(models.Model):
    """A regular opening period; a day may have several (e.g. 9–12 and 14–17)."""

    ort = models.ForeignKey(Ort, on_delete=models.CASCADE, related_name="oeffnungszeiten")
    wochentag = models.PositiveSmallIntegerField(_("Wochentag"), choices=Wochentag.choices)
    beginn = models.TimeField(_("Von"))
    ende = models.TimeField(_("Bis"))

    class Meta:
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        ordering = ["wochentag", "beginn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ende__gt=F("beginn")), name="oeffnungszeit_ende_nach_beginn"
            ),
            models.CheckConstraint(
                condition=Q(wochentag__gte=0) & Q(wochentag__lte=6),
                name="oeffnungszeit_wochentag_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_wochentag_display()} {self.beginn:%H:%M}–{self.ende:%H:%M}"


class Ausnahme(models.Model):
    """A date on which the regular hours do not apply: closed, or open at other times."""

    ort = models.ForeignKey(Ort, on_delete=models.CASCADE, related_name="ausnahmen")
    datum = models.DateField(_("Datum"))
    geschlossen = models.BooleanField(_("Geschlossen"), default=True)
    beginn = models.TimeField(_("Von"), null=True, blank=True)
    ende = models.TimeField(_("Bis"), null=True, blank=True)
    grund = models.CharField(_("Grund"), max_length=200, blank=True, validators=[kein_markup])

    class Meta:
        verbose_name = _("Abweichende Öffnungszeit")
        verbose_name_plural = _("Abweichende Öffnungszeiten")
        ordering = ["datum", "beginn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geschlossen=True)
                | (Q(beginn__isnull=False) & Q(ende__isnull=False) & Q(ende__gt=F("beginn"))),
                name="ausnahme_offen_mit_zeiten",
            ),
        ]

    def __str__(self):
        art = _("geschlossen") if self.geschlossen else _("abweichend geöffnet")
        return f"{self.datum:%d.%m.%Y}: {self.grund or art}"


class Fachbereich(models.TextChoices):
    KINDER_JUGEND = "kinder_jugend", _("Kinder- und Jugendhilfe")
    SOZIALER_DIENST = "sozialer_dienst", _("Sozialer Dienst")
    ARBEITSVERMITTLUNG = "arbeitsvermittlung", _("Arbeitsvermittlung")
    INTEGRATION = "integration", _("Integrationsmanagement")
    SCHULSOZIALARBEIT = "schulsozialarbeit", _("Schulsozialarbeit")
    QUARTIERSMANAGEMENT = "quartiersmanagement", _("Quartiersmanagement")
    SENIORENARBEIT = "seniorenarbeit", _("Seniorenarbeit")
    GEMEINWESENARBEIT = "gemeinwesenarbeit", _("Gemeinwesenarbeit")
    SONSTIGE = "sonstige", _("Sonstiges")


class Stelle(models.Model):
    """A staff post at a place: field of service, employer and share of a full-time post."""

    ort = models.ForeignKey(Ort, on_delete=models.CASCADE, related_name="stellen")
    fachbereich = models.CharField(_("Fachbereich"), max_length=30, choices=Fachbereich.choices)
    arbeitgeber = models.ForeignKey(
        Organisation,
        verbose_name=_("Anstellungsträger"),
        on_delete=models.PROTECT,
        related_name="stellen",
    )
    anteil = models.DecimalField(
        _("Stellenanteil (Vollzeit = 1,0)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
    )
    bezeichnung = models.CharField(
        _("Bezeichnung"), max_length=120, blank=True, validators=[kein_markup]
    )

    class Meta:
        verbose_name = _("Stelle")
        verbose_name_plural = _("Stellen")
        ordering = ["fachbereich", "arbeitgeber__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anteil__gt=0) & Q(anteil__lte=1), name="stelle_anteil_bis_vollzeit"
            ),
        ]

    def __str__(self):
        return f"{self.get_fachbereich_display()} ({self.anteil})"


class KriteriumArt(models.TextChoices):
    MIN_FACHBEREICHE = "min_fachbereiche", _("Mindestzahl verschiedener Fachbereiche")
    MIN_TRAEGER = "min_traeger", _("Mindestzahl tragender Partner (Träger und Mitträger)")
    MIN_STELLEN = "min_stellen", _("Mindestsumme der Stellenanteile (Vollzeitäquivalente)")
    MIN_OEFFNUNGSSTUNDEN = "min_oeffnungsstunden", _("Mindeststunden regelmäßiger Öffnung je Woche")
    MIN_OEFFNUNGSTAGE = "min_oeffnungstage", _("Mindestzahl der Öffnungstage je Woche")
    MIN_ANGEBOTE = "min_angebote", _("Mindestzahl laufender Angebote")


class Stufenkriterium(models.Model):
    """One item of the configurable checklist a place must meet to reach a stage."""

    stufe = models.CharField(_("Für die Stufe"), max_length=30, choices=Stufe.choices)
    art = models.CharField(_("Kriterium"), max_length=30, choices=KriteriumArt.choices)
    schwellwert = models.DecimalField(
        _("Mindestens"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    erlaeuterung = models.CharField(_("Erläuterung"), max_length=300, blank=True)
    aktiv = models.BooleanField(_("Aktiv"), default=True)

    class Meta:
        verbose_name = _("Stufenkriterium")
        verbose_name_plural = _("Stufenkriterien")
        ordering = ["stufe", "art"]
        constraints = [
            models.UniqueConstraint(fields=["stufe", "art"], name="kriterium_einmal_je_stufe"),
        ]

    def __str__(self):
        return f"{self.get_stufe_display()}: {self.get_art_display()} ≥ {self.schwellwert}"


class Zielgruppe(models.TextChoices):
    ALLE = "alle", _("Alle")
    KINDER = "kinder", _("Kinder")
    JUGENDLICHE = "jugendliche", _("Jugendliche")
    FAMILIEN = "familien", _("Familien")
    ERWACHSENE = "erwachsene", _("Erwachsene")
    SENIOREN = "senioren", _("Seniorinnen und Senioren")
    ZUGEWANDERTE = "zugewanderte", _("Zugewanderte")


class Wiederholung(models.TextChoices):
    WOECHENTLICH = "woechentlich", _("Wöchentlich")
    MONATLICH = "monatlich", _("Monatlich")
    EINZELTERMINE = "einzeltermine", _("Einzelne Termine")


class AngebotQuerySet(models.QuerySet):
    def public(self):
        return self.filter(oeffentlich=True, ort__oeffentlich=True)


class Angebot(models.Model):
    ort = models.ForeignKey(Ort, on_delete=models.CASCADE, related_name="angebote")
    titel = models.CharField(_("Titel"), max_length=200, validators=[kein_markup])
    beschreibung = models.TextField(
        _("Beschreibung"), blank=True, max_length=5000, help_text=_("Markdown ist erlaubt.")
    )
    themen = models.ManyToManyField(
        Thema, verbose_name=_("Themen"), blank=True, related_name="angebote"
    )
    zielgruppe = models.CharField(
        _("Zielgruppe"), max_length=20, choices=Zielgruppe.choices, default=Zielgruppe.ALLE
    )
    sprachen = models.ManyToManyField(
        Sprache, verbose_name=_("Sprachen"), blank=True, related_name="angebote"
    )
    wiederholung = models.CharField(
        _("Wiederholung"),
        max_length=20,
        choices=Wiederholung.choices,
        default=Wiederholung.WOECHENTLICH,
    )
    wochentag = models.PositiveSmallIntegerField(
        _("Wochentag"), choices=Wochentag.choices, null=True, blank=True
    )
    woche_im_monat = models.SmallIntegerField(
        _("Woche im Monat"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(4)],
        help_text=_("Nur bei monatlich: 1 bis 4, oder -1 für den letzten im Monat."),
    )
    beginn = models.TimeField(_("Von"), null=True, blank=True)
    ende = models.TimeField(_("Bis"), null=True, blank=True)
    gueltig_ab = models.DateField(_("Ab"), null=True, blank=True)
    gueltig_bis = models.DateField(_("Bis einschließlich"), null=True, blank=True)
    kostenlos = models.BooleanField(_("Kostenlos"), default=True)
    kosten = models.CharField(_("Kosten"), max_length=200, blank=True, validators=[kein_markup])
    anmeldung_noetig = models.BooleanField(_("Anmeldung nötig"), default=False)
    anmeldung_wie = models.CharField(
        _("So melden Sie sich an"), max_length=300, blank=True, validators=[kein_markup]
    )
    kontakt_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    kontakt_email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    kontakt_telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    oeffentlich = models.BooleanField(_("Öffentlich sichtbar"), default=True)
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = AngebotQuerySet.as_manager()

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["titel"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ende__isnull=True) | Q(beginn__isnull=True) | Q(ende__gt=F("beginn")),
                name="angebot_ende_nach_beginn",
            ),
            models.CheckConstraint(
                condition=Q(gueltig_bis__isnull=True)
                | Q(gueltig_ab__isnull=True)
                | Q(gueltig_bis__gte=F("gueltig_ab")),
                name="angebot_zeitraum_geordnet",
            ),
        ]

    def __str__(self):
        return self.titel


class AngebotTermin(models.Model):
    """A single date of an offer (for ``Wiederholung.EINZELTERMINE``)."""

    angebot = models.ForeignKey(Angebot, on_delete=models.CASCADE, related_name="termine")
    datum = models.DateField(_("Datum"))
    beginn = models.TimeField(_("Von"))
    ende = models.TimeField(_("Bis"))

    class Meta:
        verbose_name = _("Termin eines Angebots")
        verbose_name_plural = _("Termine eines Angebots")
        ordering = ["datum", "beginn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ende__gt=F("beginn")), name="angebot_termin_ende_nach_beginn"
            ),
        ]

    def __str__(self):
        return f"{self.datum:%d.%m.%Y} {self.beginn:%H:%M}"


class Treffpunkt(models.Model):
    """A network meeting held at this place.

    The link is kept here, not on ``netzwerke.Treffen``: networks sit below the places
    (docs/architecture.md). The meeting form still offers the places: ``begegnung.treffpunkte``
    registers them with ``netzwerke.treffpunkte``.
    """

    treffen = models.OneToOneField(
        "netzwerke.Treffen",
        verbose_name=_("Treffen"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="treffpunkt",
    )
    ort = models.ForeignKey(
        Ort,
        verbose_name=_("Ort der Begegnung"),
        on_delete=models.CASCADE,
        related_name="netzwerktreffen",
    )

    class Meta:
        verbose_name = _("Treffpunkt eines Netzwerktreffens")
        verbose_name_plural = _("Treffpunkte von Netzwerktreffen")

    def __str__(self):
        return f"{self.treffen} – {self.ort}"
