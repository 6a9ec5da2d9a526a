"""Networks and alliances (Saarlouis concept): members, meetings, bilateral talks, measures and
the council's sustainability check (Nachhaltigkeitsprüfung) that every measure goes through.

Visibility lives in the QuerySets (``for_user``, ``oeffentlich``); changes go through
``netzwerke/services.py`` (status changes of a measure are only valid there: a measure cannot
become *beschlossen* without a completed check and a council decision, ``Ratsbeschluss``, that
carries it).
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netzwerke.treffpunkte import registriert
from saarlouis_portal import vier_augen
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

# While the measure is in one of these states its check may be edited, submitted and approved
# (``services_massnahmen``); from *beschlossen* on, and for rejected measures, it is frozen.
PRUEFUNG_AENDERBAR = frozenset({MassnahmeStatus.IDEE, MassnahmeStatus.GEPRUEFT})


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

    def zur_freigabe_durch(self, user):
        """Measures whose sustainability check waits for ``user`` to approve it (the Cockpit
        card, the staff list's filter): submitted and not yet approved, the check not frozen,
        in a network ``user`` may change; under the four-eyes rule not what ``user``
        submitted."""
        wartend = self.changeable_by(user).filter(
            pruefung__eingereicht_am__isnull=False,
            pruefung__abgeschlossen_am__isnull=True,
            status__in=PRUEFUNG_AENDERBAR,
        )
        if vier_augen.aktiv():
            wartend = wartend.exclude(pruefung__eingereicht_von=user)
        return wartend


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
    # Four eyes (issue 16): whoever submits the check for approval does not approve it.
    eingereicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zur Freigabe vorgelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    eingereicht_am = models.DateTimeField(_("Zur Freigabe vorgelegt am"), null=True, blank=True)
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

    @property
    def ist_eingereicht(self) -> bool:
        """Submitted for approval and not yet approved."""
        return self.eingereicht_am is not None and self.abgeschlossen_am is None


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


# Council decisions (issue 16)


class Gremium(models.TextChoices):
    """The body that decided (or deliberated on) a measure."""

    STADTRAT = "stadtrat", _("Stadtrat")
    GEMEINDERAT = "gemeinderat", _("Gemeinderat")
    KREISTAG = "kreistag", _("Kreistag")
    AUSSCHUSS = "ausschuss", _("Ausschuss")
    ORTSRAT = "ortsrat", _("Ortsrat")
    SONSTIGES = "sonstiges", _("Sonstiges Gremium")


class BeschlussErgebnis(models.TextChoices):
    EINSTIMMIG = "einstimmig", _("einstimmig beschlossen")
    MEHRHEITLICH = "mehrheitlich", _("mehrheitlich beschlossen")
    ABGELEHNT = "abgelehnt", _("abgelehnt")
    VERTAGT = "vertagt", _("vertagt")


# Outcomes that carry a measure: "Beschlossen" needs a decision with one of these.
ZUSTIMMUNG = (BeschlussErgebnis.EINSTIMMIG, BeschlussErgebnis.MEHRHEITLICH)

# Links to the council information system (OParl, ALLRIS, SessionNet …): web addresses only.
link_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Bitte geben Sie eine Webadresse an, die mit https:// oder http:// beginnt."),
)


class RatsbeschlussQuerySet(models.QuerySet):
    def for_user(self, user):
        """Visible exactly when the measure is."""
        return self.filter(massnahme__in=Massnahme.objects.for_user(user).values("pk"))

    def vollstaendig(self):
        """Records with an outcome (the ones taken over from an old remark may lack it)."""
        return self.exclude(ergebnis="")

    def zustimmend(self):
        return self.filter(ergebnis__in=ZUSTIMMUNG)

    def public(self):
        """What citizens see: complete records of public measures."""
        return self.vollstaendig().filter(massnahme__in=Massnahme.objects.public().values("pk"))


class Ratsbeschluss(models.Model):
    """One deliberation or decision of a council body on a measure: the measure's "Beratungsfolge"
    (e.g. the committee's recommendation, then the council's resolution). A measure becomes
    *beschlossen* only with a record whose outcome carries it (``services_beschluesse``)."""

    massnahme = models.ForeignKey(
        Massnahme,
        verbose_name=_("Maßnahme"),
        on_delete=models.CASCADE,
        related_name="beschluesse",
    )
    gremium = models.CharField(_("Gremium"), max_length=20, choices=Gremium.choices)
    gremium_name = models.CharField(
        _("Name des Gremiums"),
        max_length=200,
        blank=True,
        validators=[kein_markup],
        help_text=_("Zum Beispiel „Ausschuss für Familie, Soziales, Schule und Sport“."),
    )
    datum = models.DateField(_("Sitzungsdatum"))
    vorlage = models.CharField(
        _("Tagesordnungspunkt oder Drucksache"),
        max_length=100,
        blank=True,
        validators=[kein_markup],
        help_text=_("Zum Beispiel „TOP 5“ oder „Drucksache 2023/017“."),
    )
    ergebnis = models.CharField(
        _("Ergebnis"), max_length=20, choices=BeschlussErgebnis.choices, blank=True
    )
    link = models.URLField(
        _("Link zum Ratsinformationssystem"),
        max_length=500,
        blank=True,
        validators=[link_validator],
        help_text=_("Die Seite des Beschlusses in OParl, ALLRIS, SessionNet o. Ä."),
    )
    notiz = models.TextField(
        _("Interne Notiz"),
        blank=True,
        max_length=2000,
        help_text=_("Nicht öffentlich. Zum Beispiel das Aktenzeichen."),
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = RatsbeschlussQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ratsbeschluss")
        verbose_name_plural = _("Ratsbeschlüsse")
        ordering = ["datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gremium__in=Gremium.values), name="ratsbeschluss_gremium_valid"
            ),
            models.CheckConstraint(
                condition=Q(ergebnis="") | Q(ergebnis__in=BeschlussErgebnis.values),
                name="ratsbeschluss_ergebnis_valid",
            ),
        ]

    def __str__(self):
        datum = self.datum.strftime("%d.%m.%Y") if hasattr(self.datum, "strftime") else self.datum
        return f"{self.gremium_anzeige}, {datum}"

    @property
    def gremium_anzeige(self) -> str:
        """The body's own name if given, else its kind."""
        return self.gremium_name or self.get_gremium_display()

    @property
    def traegt(self) -> bool:
        return self.ergebnis in ZUSTIMMUNG

    def can_change(self, user) -> bool:
        return self.massnahme.can_change(user)


# Following up with people (issue 17): replies to invitations, minutes sent, tasks


def new_einladung_token() -> str:
    """The secret of a person's reply link: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class Antwort(models.TextChoices):
    OFFEN = "offen", _("Noch keine Antwort")
    ZUSAGE = "zusage", _("Zusage")
    ABSAGE = "absage", _("Absage")
    VIELLEICHT = "vielleicht", _("Vielleicht")


class EinladungQuerySet(models.QuerySet):
    def for_user(self, user):
        """Visible exactly when the meeting is."""
        return self.filter(treffen__in=Treffen.objects.for_user(user).values("pk"))


class Einladung(models.Model):
    """One contact person invited to one meeting: their own reply link (``token``), their answer
    and whether they attended. Created when the invitation is sent (``services_treffen``)."""

    treffen = models.ForeignKey(
        Treffen, verbose_name=_("Treffen"), on_delete=models.CASCADE, related_name="einladungen"
    )
    person = models.ForeignKey(
        Ansprechperson,
        verbose_name=_("Ansprechperson"),
        on_delete=models.CASCADE,
        related_name="einladungen",
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_einladung_token, editable=False
    )
    antwort = models.CharField(
        _("Antwort"), max_length=20, choices=Antwort.choices, default=Antwort.OFFEN
    )
    beantwortet_am = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    versendet_am = models.DateTimeField(_("Eingeladen am"), null=True, blank=True)
    erinnert_am = models.DateTimeField(_("Erinnert am"), null=True, blank=True)
    anwesend = models.BooleanField(_("Anwesend"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)

    objects = EinladungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["person__organisation__name", "person__nachname", "person__vorname", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["treffen", "person"], name="einladung_einmal_je_person"
            ),
            models.CheckConstraint(
                condition=Q(antwort__in=Antwort.values), name="einladung_antwort_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.treffen}"


class ProtokollVersand(models.Model):
    """The minutes of a meeting approved and sent to the members: when, by whom, to how many,
    and a fingerprint of the text sent, so a later change shows."""

    treffen = models.ForeignKey(
        Treffen,
        verbose_name=_("Treffen"),
        on_delete=models.CASCADE,
        related_name="protokoll_versand",
    )
    versendet_am = models.DateTimeField(_("Versendet am"))
    versendet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Versendet von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    empfaenger = models.PositiveIntegerField(_("Empfänger"), default=0)
    fingerabdruck = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("Versand des Protokolls")
        verbose_name_plural = _("Versand der Protokolle")
        ordering = ["-versendet_am", "-pk"]
        get_latest_by = "versendet_am"

    def __str__(self):
        return f"{self.treffen}, {self.versendet_am:%d.%m.%Y %H:%M}"


class AufgabeStatus(models.TextChoices):
    OFFEN = "offen", _("Offen")
    ERLEDIGT = "erledigt", _("Erledigt")
    ENTFAELLT = "entfaellt", _("Entfällt")


class AufgabeQuerySet(models.QuerySet):
    def for_user(self, user):
        """Visible exactly when the network is."""
        return self.filter(netzwerk__in=Netzwerk.objects.for_user(user).values("pk"))

    def offen(self):
        return self.filter(status=AufgabeStatus.OFFEN)

    def ueberfaellig(self, heute):
        """Open and due before ``heute``."""
        return self.offen().filter(faellig_am__lt=heute)

    def der_koordination(self, user):
        """Tasks of the networks ``user`` coordinates (the Cockpit card)."""
        return self.filter(netzwerk__koordination=user)


class Aufgabe(models.Model):
    """A task agreed in a network, usually in a meeting: what, who (a contact person or an
    organisation of the network), by when, and whether it is done."""

    netzwerk = models.ForeignKey(
        Netzwerk, verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="aufgaben"
    )
    treffen = models.ForeignKey(
        Treffen,
        verbose_name=_("Aus dem Treffen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aufgaben",
    )
    titel = models.CharField(_("Was ist zu tun?"), max_length=300, validators=[kein_markup])
    person = models.ForeignKey(
        Ansprechperson,
        verbose_name=_("Verantwortliche Person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aufgaben",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Verantwortliche Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="netzwerk_aufgaben",
    )
    faellig_am = models.DateField(_("Fällig am"))
    status = models.CharField(
        _("Status"), max_length=20, choices=AufgabeStatus.choices, default=AufgabeStatus.OFFEN
    )
    erledigt_am = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    erledigt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Abgeschlossen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erinnert_am = models.DateTimeField(_("Erinnert am"), null=True, blank=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = AufgabeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["faellig_am", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AufgabeStatus.values), name="aufgabe_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(organisation__isnull=True),
                name="aufgabe_person_oder_organisation",
            ),
        ]

    def __str__(self):
        return self.titel

    @property
    def ist_offen(self) -> bool:
        return self.status == AufgabeStatus.OFFEN

    def ist_ueberfaellig(self, heute) -> bool:
        return self.ist_offen and self.faellig_am < heute

    @property
    def verantwortlich(self) -> str:
        """Who is responsible, as one line ("" when the person was deleted)."""
        if self.person_id:
            name = f"{self.person.vorname} {self.person.nachname}".strip()
            return f"{name} ({self.person.organisation.name})"
        return self.organisation.name if self.organisation_id else ""

    def can_change(self, user) -> bool:
        return self.netzwerk.can_change(user)
