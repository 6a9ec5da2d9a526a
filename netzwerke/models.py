"""Networks and alliances (Saarlouis concept): members, meetings, bilateral talks, measures and
the council's sustainability check (Nachhaltigkeitsprüfung) that every measure goes through.

Visibility lives in the QuerySets (``for_user``, ``oeffentlich``); changes go through
``netzwerke/services.py`` (status changes of a measure are only valid there: a measure cannot
become *beschlossen* without a completed check).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netzwerke.treffpunkte import registriert
from saarlouis_portal.forms import kein_markup
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import (
    Ansprechperson,
    Gebiet,
    Handlungsfeld,
    Organisation,
    Thema,
)

PLANUNG = (Rolle.SOZIALPLANUNG,)


class NetzwerkArt(models.TextChoices):
    NETZWERK = "netzwerk", _("Netzwerk")
    BUENDNIS = "buendnis", _("Bündnis")


class NetzwerkStatus(models.TextChoices):
    GRUENDUNG = "gruendung", _("In Gründung")
    AKTIV = "aktiv", _("Aktiv")
    RUHEND = "ruhend", _("Ruhend")
    BEENDET = "beendet", _("Beendet")


class NetzwerkQuerySet(models.QuerySet):
    def public(self):
        return self.filter(oeffentlich=True)

    def for_user(self, user):
        """Sozialplanung sees all; other staff see public networks and those they coordinate;
        everybody else only public ones."""
        if not user.is_authenticated:
            return self.public()
        if user.has_rolle(*PLANUNG):
            return self
        return self.filter(Q(oeffentlich=True) | Q(koordination=user)).distinct()

    def changeable_by(self, user):
        if user.has_rolle(*PLANUNG):
            return self
        if user.has_rolle(Rolle.NETZWERKKOORDINATION):
            return self.filter(koordination=user).distinct()
        return self.none()


class Netzwerk(models.Model):
    name = models.CharField(_("Name"), max_length=160, unique=True, validators=[kein_markup])
    art = models.CharField(
        _("Art"), max_length=20, choices=NetzwerkArt.choices, default=NetzwerkArt.NETZWERK
    )
    gebiet = models.ForeignKey(
        Gebiet,
        verbose_name=_("Gebiet"),
        on_delete=models.PROTECT,
        related_name="netzwerke",
        help_text=_("Die Ebene (Stadt, Stadtteil, Sozialraum) ergibt sich aus dem Gebiet."),
    )
    themen = models.ManyToManyField(
        Thema, verbose_name=_("Themen"), blank=True, related_name="netzwerke"
    )
    handlungsfelder = models.ManyToManyField(
        Handlungsfeld, verbose_name=_("Handlungsfelder"), blank=True, related_name="netzwerke"
    )
    beschreibung = models.TextField(
        _("Beschreibung"), blank=True, max_length=10000, help_text=_("Markdown ist erlaubt.")
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=NetzwerkStatus.choices, default=NetzwerkStatus.AKTIV
    )
    gegruendet_am = models.DateField(_("Gegründet am"), null=True, blank=True)
    koordination = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Koordination"),
        blank=True,
        related_name="koordinierte_netzwerke",
    )
    oeffentlich = models.BooleanField(
        _("Öffentlich sichtbar"),
        default=True,
        help_text=_("Interne Netzwerke sehen nur die Koordination und die Sozialplanung."),
    )
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = NetzwerkQuerySet.as_manager()

    class Meta:
        verbose_name = _("Netzwerk oder Bündnis")
        verbose_name_plural = _("Netzwerke und Bündnisse")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=NetzwerkArt.values), name="netzwerk_art_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=NetzwerkStatus.values), name="netzwerk_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def can_change(self, user) -> bool:
        if user.has_rolle(*PLANUNG):
            return True
        return (
            user.has_rolle(Rolle.NETZWERKKOORDINATION)
            and self.koordination.filter(pk=user.pk).exists()
        )


class MitgliedRolle(models.TextChoices):
    KOORDINATION = "koordination", _("Koordination")
    MITGLIED = "mitglied", _("Mitglied")
    GAST = "gast", _("Gast")


class Mitgliedschaft(models.Model):
    netzwerk = models.ForeignKey(
        Netzwerk, verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="mitglieder"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="mitgliedschaften",
    )
    rolle = models.CharField(
        _("Rolle"), max_length=20, choices=MitgliedRolle.choices, default=MitgliedRolle.MITGLIED
    )
    seit = models.DateField(_("Mitglied seit"), null=True, blank=True)
    bis = models.DateField(_("Mitglied bis"), null=True, blank=True)
    ansprechpersonen = models.ManyToManyField(
        Ansprechperson,
        verbose_name=_("Ansprechpersonen im Netzwerk"),
        blank=True,
        related_name="mitgliedschaften",
        help_text=_("Sie erhalten die Einladungen zu den Treffen."),
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["netzwerk", "organisation"], name="mitgliedschaft_einmal_je_netzwerk"
            ),
            models.CheckConstraint(
                condition=Q(bis__isnull=True) | Q(seit__isnull=True) | Q(bis__gte=F("seit")),
                name="mitgliedschaft_zeitraum_geordnet",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} in {self.netzwerk}"


class TreffenQuerySet(models.QuerySet):
    def for_user(self, user):
        """Meetings are visible exactly when their network is."""
        return self.filter(netzwerk__in=Netzwerk.objects.for_user(user).values("pk"))

    def public(self):
        return self.filter(netzwerk__oeffentlich=True)

    def mit_treffpunkt(self):
        """Load the Ort der Begegnung of each meeting along with it (``netzwerke.treffpunkte``)."""
        treffpunkte = registriert()
        return treffpunkte.vorladen(self) if treffpunkte else self


class Treffen(models.Model):
    netzwerk = models.ForeignKey(
        Netzwerk, verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="treffen"
    )
    titel = models.CharField(_("Titel"), max_length=160, validators=[kein_markup])
    beginn = models.DateTimeField(_("Beginn"))
    ende = models.DateTimeField(_("Ende"))
    ort = models.CharField(_("Ort oder Raum"), max_length=200, blank=True, validators=[kein_markup])
    tagesordnung = models.TextField(
        _("Tagesordnung"), blank=True, max_length=10000, help_text=_("Markdown ist erlaubt.")
    )
    protokoll = models.TextField(
        _("Protokoll"), blank=True, max_length=50000, help_text=_("Markdown ist erlaubt.")
    )
    protokoll_oeffentlich = models.BooleanField(
        _("Protokoll öffentlich"),
        default=False,
        help_text=_("Nur dann erscheint das Protokoll auf der öffentlichen Seite."),
    )
    anwesende = models.ManyToManyField(
        Organisation,
        verbose_name=_("Anwesende Organisationen"),
        blank=True,
        related_name="besuchte_treffen",
    )
    abgesagt = models.BooleanField(_("Abgesagt"), default=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequenz = models.PositiveIntegerField(
        default=0, editable=False, help_text="iCalendar SEQUENCE, raised on every change."
    )
    einladung_versendet_am = models.DateTimeField(null=True, blank=True, editable=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = TreffenQuerySet.as_manager()

    class Meta:
        verbose_name = _("Treffen")
        verbose_name_plural = _("Treffen")
        ordering = ["-beginn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ende__gt=F("beginn")), name="treffen_ende_nach_beginn"
            ),
        ]

    def __str__(self):
        return f"{self.titel} ({self.beginn:%d.%m.%Y})"

    @property
    def ort_anzeige(self) -> str:
        """Where the meeting is, as one line: the Ort der Begegnung with its address (kept by
        begegnung, see ``netzwerke.treffpunkte``), then the free text (a room, or the whole
        place when no Ort der Begegnung is chosen)."""
        treffpunkte = registriert()
        teile = [treffpunkte.anzeige(self) if treffpunkte else "", self.ort]
        return ", ".join(teil for teil in teile if teil)

    def can_change(self, user) -> bool:
        return self.netzwerk.can_change(user)


class GespraechQuerySet(models.QuerySet):
    def for_user(self, user):
        """Notes of a talk are internal: Sozialplanung sees all; a coordinator the talks they
        led and those assigned to their networks."""
        if not user.is_authenticated:
            return self.none()
        if user.has_rolle(*PLANUNG):
            return self
        if user.has_rolle(Rolle.NETZWERKKOORDINATION):
            return self.filter(Q(gefuehrt_von=user) | Q(netzwerk__koordination=user)).distinct()
        return self.none()


class Gespraech(models.Model):
    """A bilateral talk with an actor (Erhebung): which topics did they raise, where?"""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="gespraeche",
    )
    datum = models.DateField(_("Datum"))
    gebiet = models.ForeignKey(
        Gebiet, verbose_name=_("Gebiet"), on_delete=models.PROTECT, related_name="gespraeche"
    )
    themen = models.ManyToManyField(
        Thema, verbose_name=_("Angesprochene Themen"), related_name="gespraeche"
    )
    notiz = models.TextField(_("Notiz"), blank=True, max_length=5000)
    netzwerk = models.ForeignKey(
        Netzwerk,
        verbose_name=_("Netzwerk (falls zugeordnet)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gespraeche",
    )
    gefuehrt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geführt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)

    objects = GespraechQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bilaterales Gespräch")
        verbose_name_plural = _("Bilaterale Gespräche")
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.organisation}, {self.datum:%d.%m.%Y}"

    def can_change(self, user) -> bool:
        if user.has_rolle(*PLANUNG):
            return True
        return user.has_rolle(Rolle.NETZWERKKOORDINATION) and self.gefuehrt_von_id == user.pk


class MassnahmeStatus(models.TextChoices):
    IDEE = "idee", _("Idee")
    GEPRUEFT = "geprueft", _("Geprüft")
    BESCHLOSSEN = "beschlossen", _("Beschlossen")
    LAUFEND = "laufend", _("Laufend")
    ABGESCHLOSSEN = "abgeschlossen", _("Abgeschlossen")
    ABGELEHNT = "abgelehnt", _("Abgelehnt")


# Measures that are public (of a public network) once the council has decided them.
OEFFENTLICHE_STATUS = (
    MassnahmeStatus.BESCHLOSSEN,
    MassnahmeStatus.LAUFEND,
    MassnahmeStatus.ABGESCHLOSSEN,
)


class MassnahmeQuerySet(models.QuerySet):
    def public(self):
        """Decided, running and completed measures of public networks."""
        return self.filter(netzwerk__oeffentlich=True, status__in=OEFFENTLICHE_STATUS)

    def for_user(self, user):
        """Staff see every measure (ideas too) of the networks they may see; everybody else
        only ``oeffentlich()``."""
        if not user.is_authenticated or not user.has_rolle(*Rolle):
            return self.public()
        return self.filter(netzwerk__in=Netzwerk.objects.for_user(user).values("pk"))

    def changeable_by(self, user):
        return self.filter(netzwerk__in=Netzwerk.objects.changeable_by(user).values("pk"))


class Massnahme(models.Model):
    titel = models.CharField(_("Titel"), max_length=200, validators=[kein_markup])
    netzwerk = models.ForeignKey(
        Netzwerk,
        verbose_name=_("Netzwerk oder Bündnis"),
        on_delete=models.PROTECT,
        related_name="massnahmen",
    )
    traeger = models.ForeignKey(
        Organisation,
        verbose_name=_("Federführender Träger"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gefuehrte_massnahmen",
    )
    partner = models.ManyToManyField(
        Organisation,
        verbose_name=_("Partnerorganisationen"),
        blank=True,
        related_name="partner_massnahmen",
    )
    gebiet = models.ForeignKey(
        Gebiet, verbose_name=_("Gebiet"), on_delete=models.PROTECT, related_name="massnahmen"
    )
    handlungsfelder = models.ManyToManyField(
        Handlungsfeld, verbose_name=_("Handlungsfelder"), blank=True, related_name="massnahmen"
    )
    beschreibung = models.TextField(
        _("Beschreibung"), blank=True, max_length=10000, help_text=_("Markdown ist erlaubt.")
    )
    beginn = models.DateField(_("Beginn"), null=True, blank=True)
    ende = models.DateField(_("Ende"), null=True, blank=True)
    budget = models.DecimalField(
        _("Budget in Euro"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=MassnahmeStatus.choices, default=MassnahmeStatus.IDEE
    )
    fortschritt = models.PositiveSmallIntegerField(
        _("Fortschritt in Prozent"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = MassnahmeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["-erstellt_am"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MassnahmeStatus.values), name="massnahme_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(fortschritt__lte=100), name="massnahme_fortschritt_bis_100"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="massnahme_budget_nicht_negativ",
            ),
            models.CheckConstraint(
                condition=Q(ende__isnull=True) | Q(beginn__isnull=True) | Q(ende__gte=F("beginn")),
                name="massnahme_zeitraum_geordnet",
            ),
        ]

    def __str__(self):
        return self.titel

    def can_change(self, user) -> bool:
        return self.netzwerk.can_change(user)


class Meilenstein(models.Model):
    massnahme = models.ForeignKey(
        Massnahme, verbose_name=_("Maßnahme"), on_delete=models.CASCADE, related_name="meilensteine"
    )
    titel = models.CharField(_("Titel"), max_length=200, validators=[kein_markup])
    faellig_am = models.DateField(_("Fällig am"))
    erreicht_am = models.DateField(_("Erreicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["faellig_am", "pk"]

    def __str__(self):
        return self.titel


class Statuswechsel(models.Model):
    """The timeline of a measure: every status change with who and when (written by services)."""

    massnahme = models.ForeignKey(Massnahme, on_delete=models.CASCADE, related_name="statuswechsel")
    von = models.CharField(max_length=20, choices=MassnahmeStatus.choices, blank=True)
    nach = models.CharField(max_length=20, choices=MassnahmeStatus.choices)
    bemerkung = models.CharField(_("Bemerkung"), max_length=500, blank=True)
    wer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    wann = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Statuswechsel")
        verbose_name_plural = _("Statuswechsel")
        ordering = ["wann", "pk"]

    def __str__(self):
        return f"{self.get_von_display()} → {self.get_nach_display()}"


class Nachhaltigkeitsziel(models.Model):
    """One of the 17 UN Sustainable Development Goals (seeded by a data migration)."""

    nummer = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    titel = models.CharField(_("Titel"), max_length=120)

    class Meta:
        verbose_name = _("Nachhaltigkeitsziel (SDG)")
        verbose_name_plural = _("Nachhaltigkeitsziele (SDGs)")
        ordering = ["nummer"]

    def __str__(self):
        return f"SDG {self.nummer}: {self.titel}"


class Praemisse(models.TextChoices):
    """The premises of the Saarlouis concept every measure is checked against."""

    OEKOLOGISCH = "oekologisch", _("Ökologische Nachhaltigkeit")
    SOZIAL = "sozial", _("Soziale Nachhaltigkeit")
    OEKONOMISCH = "oekonomisch", _("Ökonomische Nachhaltigkeit")
    EUROPAEISCH = "europaeisch", _("Europäische und internationale Ausrichtung")
    INTEGRATION = "integration", _("Integration und Inklusion")
    GENERATIONEN = "generationen", _("Generationen- und Familienfreundlichkeit")
    TEILHABE = "teilhabe", _("Gesellschaftliche Teilhabe")
    FAIRNESS = "fairness", _("Fairness / Fairtrade")


class Bewertung(models.TextChoices):
    STARK_NEGATIV = "stark_negativ", _("stark negativ")
    NEGATIV = "negativ", _("negativ")
    NEUTRAL = "neutral", _("neutral")
    POSITIV = "positiv", _("positiv")
    STARK_POSITIV = "stark_positiv", _("stark positiv")
    NICHT_RELEVANT = "nicht_relevant", _("nicht relevant")


class PruefErgebnis(models.TextChoices):
    EMPFOHLEN = "empfohlen", _("Empfohlen")
    MIT_AUFLAGEN = "mit_auflagen", _("Empfohlen mit Auflagen")
    NICHT_EMPFOHLEN = "nicht_empfohlen", _("Nicht empfohlen")


class Nachhaltigkeitspruefung(models.Model):
    """One per measure. Complete when every premise is rated and a result is given
    (``abgeschlossen_am`` set by the service)."""

    massnahme = models.OneToOneField(
        Massnahme,
        verbose_name=_("Maßnahme"),
        on_delete=models.CASCADE,
        related_name="pruefung",
    )
    ziele = models.ManyToManyField(
        Nachhaltigkeitsziel,
        verbose_name=_("Berührte Nachhaltigkeitsziele (SDGs)"),
        blank=True,
        related_name="pruefungen",
    )
    ergebnis = models.CharField(
        _("Ergebnis"), max_length=20, choices=PruefErgebnis.choices, blank=True
    )
    empfehlung = models.TextField(_("Empfehlung"), blank=True, max_length=5000)
    abwaegung = models.TextField(
        _("Begründung bei stark negativer Bewertung"),
        blank=True,
        max_length=5000,
        help_text=_("Pflicht, wenn eine Prämisse stark negativ bewertet ist."),
    )
    geprueft_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geprüft von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    abgeschlossen_am = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Nachhaltigkeitsprüfung")
        verbose_name_plural = _("Nachhaltigkeitsprüfungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(ergebnis="") | Q(ergebnis__in=PruefErgebnis.values),
                name="pruefung_ergebnis_valid",
            ),
        ]

    def __str__(self):
        return str(_("Nachhaltigkeitsprüfung: %(titel)s") % {"titel": self.massnahme.titel})

    @property
    def ist_abgeschlossen(self) -> bool:
        return self.abgeschlossen_am is not None


class PruefBewertung(models.Model):
    pruefung = models.ForeignKey(
        Nachhaltigkeitspruefung, on_delete=models.CASCADE, related_name="bewertungen"
    )
    praemisse = models.CharField(_("Prämisse"), max_length=20, choices=Praemisse.choices)
    bewertung = models.CharField(
        _("Bewertung"), max_length=20, choices=Bewertung.choices, blank=True
    )
    begruendung = models.TextField(_("Begründung"), blank=True, max_length=3000)

    class Meta:
        verbose_name = _("Bewertung einer Prämisse")
        verbose_name_plural = _("Bewertungen der Prämissen")
        constraints = [
            models.UniqueConstraint(
                fields=["pruefung", "praemisse"], name="bewertung_einmal_je_praemisse"
            ),
            models.CheckConstraint(
                condition=Q(praemisse__in=Praemisse.values), name="bewertung_praemisse_valid"
            ),
        ]
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_praemisse_display()}: {self.get_bewertung_display()}"
