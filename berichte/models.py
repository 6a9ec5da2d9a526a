"""The Sozialbericht: indicators with values per Gebiet and year, the social monitoring
(Berlin/Hamburg method), and reports made of chapters made of blocks.

Publishing a chapter stores a snapshot of everything its blocks show (``Kapitel.snapshot``), so
later imports never alter what was published. The other apps are read only through their
``stats.py`` (plain aggregates, nothing personal).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.forms import kein_markup
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet

REDAKTION = (Rolle.SOZIALPLANUNG, Rolle.BERICHTSWESEN)
# Indicators and monitoring settings: Sozialplanung keeps them; Berichtswesen (and
# Sozialplanung, i.e. REDAKTION) may look at them and export them, but not change them (issue 7).
DATENPFLEGE = (Rolle.SOZIALPLANUNG,)
# Importing values: whoever writes the report brings in the new figures (issue 16), so
# Berichtswesen as well as Sozialplanung. Published chapters stay frozen either way.
WERTE_IMPORT = (Rolle.SOZIALPLANUNG, Rolle.BERICHTSWESEN)


class KapitelArt(models.TextChoices):
    DEMOGRAFIE = "demografie", _("Demografie")
    ARMUT = "armut", _("Armut")
    MIGRATION = "migration", _("Migration und Zuwanderung")
    SOZIALMONITORING = "sozialmonitoring", _("Sozialmonitoring")
    NETZWERKE_ORTE = "netzwerke_orte", _("Netzwerke und Orte der Begegnung")
    SPRECHSTUNDEN = "sprechstunden", _("Sprechstunden")
    FREI = "frei", _("Freies Kapitel")


class Einheit(models.TextChoices):
    ANZAHL = "anzahl", _("Anzahl")
    PROZENT = "prozent", _("Prozent")
    PROMILLE = "promille", _("Promille")
    EURO = "euro", _("Euro")


class Richtung(models.TextChoices):
    HOEHER_BESSER = "hoeher_besser", _("Höhere Werte sind günstiger")
    NIEDRIGER_BESSER = "niedriger_besser", _("Niedrigere Werte sind günstiger")
    NEUTRAL = "neutral", _("Keine Wertung")


class IndikatorQuerySet(models.QuerySet):
    def for_user(self, user):
        if user.is_authenticated and user.has_rolle(*REDAKTION):
            return self
        return self.none()


class Indikator(models.Model):
    schluessel = models.SlugField(
        _("Schlüssel"),
        max_length=60,
        unique=True,
        help_text=_("Kurzer, stabiler Name für Importdateien, z. B. „sgb2_quote“."),
    )
    name = models.CharField(_("Name"), max_length=200, validators=[kein_markup])
    kapitel = models.CharField(
        _("Kapitel"), max_length=30, choices=KapitelArt.choices, default=KapitelArt.FREI
    )
    einheit = models.CharField(_("Einheit"), max_length=20, choices=Einheit.choices)
    definition = models.TextField(_("Definition"), blank=True, max_length=3000)
    zaehler = models.CharField(
        _("Zähler"), max_length=300, blank=True, help_text=_("Nur bei Quoten und Anteilen.")
    )
    nenner = models.CharField(
        _("Nenner"), max_length=300, blank=True, help_text=_("Nur bei Quoten und Anteilen.")
    )
    quelle = models.CharField(_("Quelle"), max_length=300, validators=[kein_markup])
    richtung = models.CharField(
        _("Günstige Richtung"), max_length=20, choices=Richtung.choices, default=Richtung.NEUTRAL
    )
    nachkommastellen = models.PositiveSmallIntegerField(
        _("Nachkommastellen"), default=1, validators=[MaxValueValidator(4)]
    )
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = IndikatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["kapitel", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einheit__in=Einheit.values), name="indikator_einheit_valid"
            ),
            models.CheckConstraint(
                condition=Q(richtung__in=Richtung.values), name="indikator_richtung_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def ist_quote(self) -> bool:
        return self.einheit in (Einheit.PROZENT, Einheit.PROMILLE)

    def can_change(self, user) -> bool:
        """Creating and editing indicators: the one place this rule lives."""
        return user.is_authenticated and user.has_rolle(*DATENPFLEGE)


class Importlauf(models.Model):
    """Who imported which file when; every value remembers the run that last wrote it."""

    dateiname = models.CharField(_("Datei"), max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(_("Format"), max_length=20)
    zeilen_neu = models.PositiveIntegerField(_("Neue Werte"), default=0)
    zeilen_geaendert = models.PositiveIntegerField(_("Geänderte Werte"), default=0)
    zeilen_unveraendert = models.PositiveIntegerField(_("Unveränderte Werte"), default=0)
    importiert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    importiert_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Importlauf")
        verbose_name_plural = _("Importläufe")
        ordering = ["-importiert_am"]

    def __str__(self):
        return f"{self.dateiname} ({self.importiert_am:%d.%m.%Y %H:%M})"

    @staticmethod
    def can_import(user) -> bool:
        """Uploading, previewing and confirming a value import: the one place this rule lives."""
        return user.is_authenticated and user.has_rolle(*WERTE_IMPORT)


class ImportDatei(models.Model):
    """An uploaded file between preview and confirmation. Kept in the database (not in a public
    folder, not in the browser), found again by a signed id, and validated a second time on
    confirmation; deleted after the import or when it is older than a day."""

    dateiname = models.CharField(max_length=255)
    inhalt = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    hochgeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    hochgeladen_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Hochgeladene Importdatei")
        verbose_name_plural = _("Hochgeladene Importdateien")

    def __str__(self):
        return self.dateiname


class Messwert(models.Model):
    indikator = models.ForeignKey(
        Indikator, verbose_name=_("Indikator"), on_delete=models.CASCADE, related_name="werte"
    )
    gebiet = models.ForeignKey(
        Gebiet, verbose_name=_("Gebiet"), on_delete=models.PROTECT, related_name="messwerte"
    )
    jahr = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    wert = models.DecimalField(_("Wert"), max_digits=16, decimal_places=4)
    importlauf = models.ForeignKey(
        Importlauf, on_delete=models.SET_NULL, null=True, blank=True, related_name="werte"
    )
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    geaendert_am = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        ordering = ["indikator", "gebiet", "jahr"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "gebiet", "jahr"], name="messwert_einmal_je_jahr"
            ),
        ]

    def __str__(self):
        return f"{self.indikator} {self.gebiet} {self.jahr}: {self.wert}"


class MonitoringQuerySet(models.QuerySet):
    def for_user(self, user):
        if user.is_authenticated and user.has_rolle(*REDAKTION):
            return self
        return self.none()


class Monitoring(models.Model):
    """Settings of one social monitoring (Berlin MSS / Hamburg RISE method) for a Gemeinde."""

    name = models.CharField(_("Name"), max_length=160, validators=[kein_markup])
    gebiet = models.ForeignKey(
        Gebiet,
        verbose_name=_("Gemeinde / Stadt"),
        on_delete=models.PROTECT,
        related_name="monitorings",
        help_text=_("Verglichen werden die Sozialräume in diesem Gebiet."),
    )
    jahr = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    indikatoren = models.ManyToManyField(
        Indikator, verbose_name=_("Indikatoren"), related_name="monitorings"
    )
    dynamik_jahre = models.PositiveSmallIntegerField(
        _("Zeitraum der Dynamik in Jahren"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    # Status classes by the status index (mean of z-values, direction-adjusted):
    # hoch > schwelle_hoch >= mittel >= schwelle_niedrig > niedrig >= schwelle_sehr_niedrig > sehr
    # niedrig. Defaults after the Berlin Monitoring Soziale Stadtentwicklung.
    schwelle_hoch = models.DecimalField(
        _("Schwelle „hoch“ (Standardabweichungen)"), max_digits=4, decimal_places=2, default=1
    )
    schwelle_niedrig = models.DecimalField(
        _("Schwelle „niedrig“"), max_digits=4, decimal_places=2, default=-1
    )
    schwelle_sehr_niedrig = models.DecimalField(
        _("Schwelle „sehr niedrig“"), max_digits=4, decimal_places=2, default=-1.5
    )
    schwelle_dynamik = models.DecimalField(
        _("Schwelle der Dynamik (Standardabweichungen)"),
        max_digits=4,
        decimal_places=2,
        default=0.5,
        help_text=_("Ab diesem Betrag gilt die Veränderung als positiv oder negativ."),
    )
    mindest_einwohner = models.PositiveIntegerField(
        _("Mindesteinwohnerzahl"),
        default=300,
        help_text=_("Kleinere Sozialräume werden markiert und nicht eingestuft."),
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = MonitoringQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sozialmonitoring")
        verbose_name_plural = _("Sozialmonitorings")
        ordering = ["-jahr", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(schwelle_hoch__gt=F("schwelle_niedrig"))
                & Q(schwelle_niedrig__gt=F("schwelle_sehr_niedrig")),
                name="monitoring_schwellen_geordnet",
            ),
        ]

    def __str__(self):
        return self.name

    def can_change(self, user) -> bool:
        return user.is_authenticated and user.has_rolle(*DATENPFLEGE)


class Workflow(models.TextChoices):
    ENTWURF = "entwurf", _("Entwurf")
    PRUEFUNG = "pruefung", _("In Prüfung")
    VEROEFFENTLICHT = "veroeffentlicht", _("Veröffentlicht")


class BerichtQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Workflow.VEROEFFENTLICHT)

    def for_user(self, user):
        if user.is_authenticated and user.has_rolle(*Rolle):
            return self
        return self.public()


class Bericht(models.Model):
    titel = models.CharField(_("Titel"), max_length=200, validators=[kein_markup])
    gebiet = models.ForeignKey(
        Gebiet, verbose_name=_("Gebiet"), on_delete=models.PROTECT, related_name="berichte"
    )
    jahr = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    einleitung = models.TextField(
        _("Einleitung"), blank=True, max_length=20000, help_text=_("Markdown ist erlaubt.")
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Workflow.choices, default=Workflow.ENTWURF
    )
    vorgaenger = models.ForeignKey(
        "self",
        verbose_name=_("Vorige Ausgabe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nachfolger",
    )
    veroeffentlicht_am = models.DateTimeField(null=True, blank=True)
    veroeffentlicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = BerichtQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")
        ordering = ["-jahr", "titel"]

    def __str__(self):
        return self.titel

    def can_change(self, user) -> bool:
        return user.has_rolle(*REDAKTION)

    def is_visible_to(self, user) -> bool:
        """``BerichtQuerySet.for_user`` for a report already loaded (no query)."""
        return self.status == Workflow.VEROEFFENTLICHT or (
            user.is_authenticated and user.has_rolle(*Rolle)
        )


class KapitelQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Workflow.VEROEFFENTLICHT)

    def for_user(self, user):
        if user.is_authenticated and user.has_rolle(*Rolle):
            return self
        return self.public()


class Kapitel(models.Model):
    bericht = models.ForeignKey(
        Bericht, verbose_name=_("Bericht"), on_delete=models.CASCADE, related_name="kapitel"
    )
    titel = models.CharField(_("Titel"), max_length=200, validators=[kein_markup])
    art = models.CharField(
        _("Art"), max_length=30, choices=KapitelArt.choices, default=KapitelArt.FREI
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    status = models.CharField(
        _("Status"), max_length=20, choices=Workflow.choices, default=Workflow.ENTWURF
    )
    # Everything the blocks showed at publication (values, tables, chart data, portal figures).
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    # Who gave the chapter into review (four eyes: that person does not publish it); cleared
    # when it goes back to the draft.
    eingereicht_am = models.DateTimeField(
        _("Zur Prüfung gegeben am"), null=True, blank=True, editable=False
    )
    eingereicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zur Prüfung gegeben von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    veroeffentlicht_am = models.DateTimeField(null=True, blank=True, editable=False)
    veroeffentlicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = KapitelQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kapitel")
        verbose_name_plural = _("Kapitel")
        ordering = ["bericht", "reihenfolge", "pk"]

    def __str__(self):
        return self.titel

    def can_change(self, user) -> bool:
        return user.has_rolle(*REDAKTION) and self.status != Workflow.VEROEFFENTLICHT


class KapitelStatuswechsel(models.Model):
    kapitel = models.ForeignKey(Kapitel, on_delete=models.CASCADE, related_name="statuswechsel")
    von = models.CharField(max_length=20, choices=Workflow.choices, blank=True)
    nach = models.CharField(max_length=20, choices=Workflow.choices)
    bemerkung = models.CharField(_("Bemerkung"), max_length=500, blank=True)
    wer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    wann = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["wann", "pk"]

    def __str__(self):
        return f"{self.get_von_display()} → {self.get_nach_display()}"


class BausteinArt(models.TextChoices):
    TEXT = "text", _("Text")
    TABELLE = "tabelle", _("Indikatorentabelle")
    ZEITREIHE = "zeitreihe", _("Zeitreihe (Diagramm)")
    KARTE = "karte", _("Karte eines Sozialraum-Indikators")
    MONITORING = "monitoring", _("Ergebnis des Sozialmonitorings")
    PORTALZAHLEN = "portalzahlen", _("Zahlen aus dem Portal")
    EMPFEHLUNGEN = "empfehlungen", _("Leitlinien und Handlungsempfehlungen")
    QUELLEN = "quellen", _("Quellen")


class Baustein(models.Model):
    """One block of a chapter. Which fields matter depends on ``art`` (see berichte/blocks.py)."""

    kapitel = models.ForeignKey(Kapitel, on_delete=models.CASCADE, related_name="bausteine")
    art = models.CharField(_("Art"), max_length=20, choices=BausteinArt.choices)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    titel = models.CharField(_("Überschrift"), max_length=200, blank=True, validators=[kein_markup])
    text = models.TextField(
        _("Text"), blank=True, max_length=50000, help_text=_("Markdown ist erlaubt.")
    )
    indikatoren = models.ManyToManyField(
        Indikator, verbose_name=_("Indikatoren"), blank=True, related_name="bausteine"
    )
    gebiete = models.ManyToManyField(
        Gebiet, verbose_name=_("Gebiete"), blank=True, related_name="bausteine"
    )
    jahr = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    jahr_von = models.PositiveSmallIntegerField(_("Von Jahr"), null=True, blank=True)
    jahr_bis = models.PositiveSmallIntegerField(_("Bis Jahr"), null=True, blank=True)
    monitoring = models.ForeignKey(
        Monitoring, on_delete=models.PROTECT, null=True, blank=True, related_name="bausteine"
    )
    # For PORTALZAHLEN: which app's stats.py ("sprechstunden", "netzwerke", …).
    quelle_app = models.CharField(_("Zahlen aus"), max_length=30, blank=True)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Baustein")
        verbose_name_plural = _("Bausteine")
        ordering = ["kapitel", "reihenfolge", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=BausteinArt.values), name="baustein_art_valid"
            ),
            models.CheckConstraint(
                condition=Q(jahr_bis__isnull=True)
                | Q(jahr_von__isnull=True)
                | Q(jahr_bis__gte=F("jahr_von")),
                name="baustein_jahre_geordnet",
            ),
        ]

    def __str__(self):
        return self.titel or self.get_art_display()


class Umsetzungsstand(models.TextChoices):
    OFFEN = "offen", _("Offen")
    IN_UMSETZUNG = "in_umsetzung", _("In Umsetzung")
    UMGESETZT = "umgesetzt", _("Umgesetzt")
    VERWORFEN = "verworfen", _("Verworfen")


class Empfehlung(models.Model):
    """A guideline (Leitlinie) or recommendation with owner, due date and implementation status;
    a later edition copies it with ``vorgaenger`` set, so it can show what was done."""

    class Art(models.TextChoices):
        LEITLINIE = "leitlinie", _("Leitlinie")
        EMPFEHLUNG = "empfehlung", _("Handlungsempfehlung")

    baustein = models.ForeignKey(Baustein, on_delete=models.CASCADE, related_name="empfehlungen")
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices, default=Art.EMPFEHLUNG)
    text = models.TextField(_("Text"), max_length=3000)
    zustaendig = models.CharField(_("Zuständig"), max_length=200, blank=True)
    faellig_am = models.DateField(_("Zu erledigen bis"), null=True, blank=True)
    umsetzungsstand = models.CharField(
        _("Umsetzungsstand"),
        max_length=20,
        choices=Umsetzungsstand.choices,
        default=Umsetzungsstand.OFFEN,
    )
    reihenfolge = models.PositiveSmallIntegerField(default=0)
    vorgaenger = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="nachfolger"
    )

    class Meta:
        verbose_name = _("Leitlinie oder Empfehlung")
        verbose_name_plural = _("Leitlinien und Empfehlungen")
        ordering = ["baustein", "reihenfolge", "pk"]

    def __str__(self):
        return self.text[:80]


class GespeicherteSeite(models.Model):
    """The rendered body of a published chapter's page (or of a report's page for the public),
    per language, so the public page is a row read instead of rendering charts and tables on
    every request (issue 15). ``schluessel`` covers everything the body shows plus the code that
    draws it (``berichte.seiten``): a new publication, a new edition or a new release make a new
    key, and the row of the old key is deleted when the new one is stored."""

    kapitel = models.ForeignKey(
        Kapitel, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="+")
    sprache = models.CharField(max_length=10)
    schluessel = models.CharField(max_length=64, unique=True)
    html = models.TextField()
    erstellt_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["bericht", "kapitel", "sprache"])]

    def __str__(self):
        return self.schluessel
