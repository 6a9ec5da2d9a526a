"""Shared master data used by every app: areas, fields of action, topics, languages,
organisations."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.konten.access import is_staff_member
from saarlouis_portal.konten.roles import Rolle

plz_validator = RegexValidator(r"^\d{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl an."))
telefon_validator = RegexValidator(
    r"^\+?[0-9 ()/\-]{3,30}$",
    _("Bitte geben Sie nur Ziffern, Leerzeichen und + ( ) / - an, z. B. 06831 443-0."),
)


class TelefonModelField(models.CharField):
    """A phone number column: a plain ``CharField`` in the database and in migrations (so
    switching a field to it changes no schema), with ``saarlouis_portal.forms.TelefonField``
    in every model form and the admin: stored in E.164, shown in national format."""

    def formfield(self, **kwargs):
        from saarlouis_portal.forms import TelefonField

        return super().formfield(**{"form_class": TelefonField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class GebietArt(models.TextChoices):
    LANDKREIS = "landkreis", _("Landkreis")
    GEMEINDE = "gemeinde", _("Gemeinde / Stadt")
    STADTTEIL = "stadtteil", _("Stadtteil / Ortsteil")
    SOZIALRAUM = "sozialraum", _("Sozialraum")
    FOERDERGEBIET = "foerdergebiet", _("Fördergebiet „Sozialer Zusammenhalt“")


# Which kind may sit below which. Every child is one rank below its parent or lower, so the
# tree can never form a cycle and is at most four levels deep.
ERLAUBTE_ELTERN = {
    GebietArt.LANDKREIS: set(),
    GebietArt.GEMEINDE: {GebietArt.LANDKREIS},
    GebietArt.STADTTEIL: {GebietArt.GEMEINDE},
    GebietArt.SOZIALRAUM: {GebietArt.STADTTEIL, GebietArt.GEMEINDE},
    GebietArt.FOERDERGEBIET: {GebietArt.GEMEINDE, GebietArt.STADTTEIL},
}
OHNE_ELTERN_ERLAUBT = {GebietArt.LANDKREIS, GebietArt.GEMEINDE}
MAX_TIEFE = 4

GEOJSON_TYPEN = {"Polygon", "MultiPolygon", "Feature", "FeatureCollection"}


def validate_geojson(value):
    """Accept only an outline: a (Multi)Polygon, or a Feature(Collection) of them."""
    if value in (None, ""):
        return
    if not isinstance(value, dict) or value.get("type") not in GEOJSON_TYPEN:
        raise ValidationError(
            _("Der Umriss muss GeoJSON vom Typ Polygon, MultiPolygon oder Feature sein.")
        )
    geometries = []
    if value["type"] == "FeatureCollection":
        geometries = [f.get("geometry") for f in value.get("features") or []]
    elif value["type"] == "Feature":
        geometries = [value.get("geometry")]
    else:
        geometries = [value]
    for geometry in geometries:
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") not in {"Polygon", "MultiPolygon"}
            or not isinstance(geometry.get("coordinates"), list)
            or not geometry["coordinates"]
        ):
            raise ValidationError(_("Der Umriss enthält keine gültige Polygon-Geometrie."))


class GebietQuerySet(models.QuerySet):
    def for_user(self, user):
        return self if is_staff_member(user) else self.none()

    def within(self, gebiet):
        """The area itself and everything below it (one query, the tree is shallow)."""
        condition = Q(pk=gebiet.pk)
        path = "eltern"
        for _level in range(MAX_TIEFE):
            condition |= Q(**{path: gebiet.pk})
            path += "__eltern"
        return self.filter(condition)

    def sozialraeume(self):
        return self.filter(art=GebietArt.SOZIALRAUM)

    def by_level(self):
        """Largest areas first (Landkreis … Sozialraum), then by name."""
        rank = Case(
            *[When(art=art, then=Value(i)) for i, art in enumerate(GebietArt.values)],
            output_field=IntegerField(),
        )
        return self.order_by(rank, "name")


class Gebiet(models.Model):
    name = models.CharField(_("Name"), max_length=120)
    art = models.CharField(_("Art"), max_length=20, choices=GebietArt.choices)
    eltern = models.ForeignKey(
        "self",
        verbose_name=_("Übergeordnetes Gebiet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kinder",
    )
    umfasst = models.ManyToManyField(
        "self",
        verbose_name=_("Umfasste Sozialräume"),
        symmetrical=False,
        blank=True,
        related_name="foerdergebiete",
        limit_choices_to={"art": GebietArt.SOZIALRAUM},
        help_text=_("Nur bei Fördergebieten: die Sozialräume, die das Gebiet abdeckt."),
    )
    schluessel = models.CharField(
        _("Amtlicher Schlüssel"),
        max_length=20,
        blank=True,
        help_text=_("Zum Beispiel der Gemeindeschlüssel oder die Nummer des Sozialraums."),
    )
    einwohnerzahl = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    einwohnerzahl_stand = models.PositiveSmallIntegerField(
        _("Stand der Einwohnerzahl (Jahr)"), null=True, blank=True
    )
    umriss = models.JSONField(
        _("Umriss (GeoJSON)"),
        null=True,
        blank=True,
        validators=[validate_geojson],
        help_text=_("Optional: Polygon oder MultiPolygon in WGS 84 für Karten im Sozialbericht."),
    )
    beschreibung = models.TextField(_("Beschreibung"), blank=True, max_length=5000)
    ist_demo = models.BooleanField(
        _("Demodaten"), default=False, help_text=_("Von seed_demo angelegt; Zahlen sind erfunden.")
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = GebietQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gebiet")
        verbose_name_plural = _("Gebiete")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["eltern", "name"], name="gebiet_name_unique_in_eltern"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(eltern__isnull=True),
                name="gebiet_name_unique_top_level",
            ),
            models.CheckConstraint(condition=Q(art__in=GebietArt.values), name="gebiet_art_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_art_display()})"

    def clean(self):
        super().clean()
        art = GebietArt(self.art) if self.art in GebietArt.values else None
        if art is None:
            return
        if self.eltern_id is None:
            if art not in OHNE_ELTERN_ERLAUBT:
                raise ValidationError(
                    {"eltern": _("Ein Gebiet dieser Art braucht ein übergeordnetes Gebiet.")}
                )
        elif self.eltern.art not in ERLAUBTE_ELTERN[art]:
            erlaubt = ", ".join(str(GebietArt(a).label) for a in ERLAUBTE_ELTERN[art]) or "–"
            raise ValidationError(
                {
                    "eltern": _("%(art)s kann nur unter %(erlaubt)s liegen.")
                    % {"art": art.label, "erlaubt": erlaubt}
                }
            )

    def can_change(self, user) -> bool:
        return user.has_rolle(Rolle.SOZIALPLANUNG)

    def vorfahren(self) -> list["Gebiet"]:
        """Parents from the top down (a query per level; the tree is at most four deep)."""
        chain = []
        node = self.eltern
        while node is not None:
            chain.append(node)
            node = node.eltern
        return list(reversed(chain))

    @property
    def ebene(self) -> str:
        """The planning level of the concept: Stadt, Stadtteil, Sozialraum or Fördergebiet."""
        return self.get_art_display()


class Handlungsfeld(models.Model):
    """The five fields of action of the Saarlouis concept (seeded)."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["reihenfolge", "name"]

    def __str__(self):
        return self.name


class Thema(models.Model):
    """Network topics raised in the bilateral talks (seeded, extendable)."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["reihenfolge", "name"]

    def __str__(self):
        return self.name


class Sprache(models.Model):
    """A language people speak: in a Sprechstunde, at a place or an offer, by a volunteer
    (ISO 639-1 code; seeded)."""

    code = models.CharField(_("Code"), max_length=8, unique=True)
    name = models.CharField(_("Name"), max_length=40)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        ordering = ["reihenfolge", "name"]

    def __str__(self):
        return self.name


class Sozialgesetzbuch(models.Model):
    """A book of the Sozialgesetzbuch under which an organisation provides benefits."""

    nummer = models.CharField(_("Buch"), max_length=5, unique=True, help_text=_("z. B. II"))
    titel = models.CharField(_("Titel"), max_length=120)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Sozialgesetzbuch")
        verbose_name_plural = _("Sozialgesetzbücher")
        ordering = ["reihenfolge"]

    def __str__(self):
        return f"SGB {self.nummer} – {self.titel}"


class OrganisationArt(models.TextChoices):
    TRAEGER = "traeger", _("Träger (freie Wohlfahrtspflege)")
    BEHOERDE = "behoerde", _("Behörde / Amt")
    VEREIN = "verein", _("Verein")
    KIRCHE = "kirche", _("Kirche / Religionsgemeinschaft")
    SCHULE = "schule", _("Schule")
    KITA = "kita", _("Kindertageseinrichtung")
    UNTERNEHMEN = "unternehmen", _("Unternehmen")
    INITIATIVE = "initiative", _("Initiative / Bündnis")
    SONSTIGE = "sonstige", _("Sonstige")


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self if is_staff_member(user) else self.none()

    def active(self):
        return self.filter(aktiv=True)


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    kurzname = models.CharField(_("Kurzname"), max_length=40, blank=True)
    art = models.CharField(_("Art"), max_length=20, choices=OrganisationArt.choices)
    beschreibung = models.TextField(_("Beschreibung"), blank=True, max_length=5000)
    strasse = models.CharField(_("Straße und Hausnummer"), max_length=120, blank=True)
    plz = models.CharField(_("Postleitzahl"), max_length=5, blank=True, validators=[plz_validator])
    ort = models.CharField(_("Ort"), max_length=80, blank=True)
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    sgb_buecher = models.ManyToManyField(
        Sozialgesetzbuch,
        verbose_name=_("Leistungen nach SGB"),
        blank=True,
        related_name="organisationen",
        help_text=_("Die Bücher des Sozialgesetzbuchs, nach denen die Organisation leistet."),
    )
    gebiete = models.ManyToManyField(
        Gebiet,
        verbose_name=_("Tätig in"),
        blank=True,
        related_name="organisationen",
    )
    aktiv = models.BooleanField(_("Aktiv"), default=True)
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=OrganisationArt.values), name="organisation_art_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def can_change(self, user) -> bool:
        return user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION, Rolle.ORTSLEITUNG)


class Ansprechperson(models.Model):
    """A contact person at an organisation. Personal data: audited with masked fields."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="ansprechpersonen",
    )
    vorname = models.CharField(_("Vorname"), max_length=80, blank=True)
    nachname = models.CharField(_("Nachname"), max_length=80)
    funktion = models.CharField(_("Funktion"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    telefon = TelefonModelField(
        _("Telefon"), max_length=30, blank=True, validators=[telefon_validator]
    )
    konto = models.ForeignKey(
        "konten.User",
        verbose_name=_("Konto im Portal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ansprechpersonen",
    )
    erstellt_am = models.DateTimeField(auto_now_add=True)
    geaendert_am = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["nachname", "vorname"]

    def __str__(self):
        name = f"{self.vorname} {self.nachname}".strip()
        return f"{name} ({self.organisation})"
