import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from swecan import rules


class Sector(models.TextChoices):
    """The five sectors of the partnership (§ 2.1); codes and labels from `swecan.rules`."""

    HALSO_SJUKVARD = "halso_sjukvard", _(rules.SECTOR_LABELS["halso_sjukvard"])
    AKADEMI = "akademi", _(rules.SECTOR_LABELS["akademi"])
    MYNDIGHETER = "myndigheter", _(rules.SECTOR_LABELS["myndigheter"])
    NARINGSLIV = "naringsliv", _(rules.SECTOR_LABELS["naringsliv"])
    CIVILSAMHALLE = "civilsamhalle", _(rules.SECTOR_LABELS["civilsamhalle"])


class Category(models.TextChoices):
    """What kind of organisation a partner is, within its sector."""

    REGION = "region", _("Region")
    RCC = "rcc", _("Regionalt cancercentrum (RCC)")
    CCC = "ccc", _("Comprehensive Cancer Center (CCC)")
    UNIVERSITY = "university", _("Universitet eller högskola")
    RESEARCH_INFRASTRUCTURE = "research_infrastructure", _("Forskningsinfrastruktur")
    AGENCY = "agency", _("Myndighet")
    COMPANY = "company", _("Företag")
    INDUSTRY_ASSOCIATION = "industry_association", _("Branschorganisation")
    PATIENT_ASSOCIATION = "patient_association", _("Patientförening")
    PROFESSIONAL_ASSOCIATION = "professional_association", _("Professionsförening")
    OTHER_CIVIL_SOCIETY = "other_civil_society", _("Annan civilsamhällesorganisation")


class PartnerQuerySet(models.QuerySet):
    def counting_towards_cap(self):
        """Partners that hold a place in their sector: invited or active (§ 8.1)."""
        return self.filter(status__in=[Partner.Status.INVITED, Partner.Status.ACTIVE])

    def public(self):
        return self.filter(status=Partner.Status.ACTIVE)


class Partner(models.Model):
    """An organisation in SweCan's partnership: one vote at the partnership's meetings (§ 4.3)."""

    class Status(models.TextChoices):
        PROSPECTIVE = "prospective", _("Intresserad, väntar på nominering")
        INVITED = "invited", _("Inbjuden")
        ACTIVE = "active", _("Partner")
        DECLINED = "declined", _("Tackade nej")
        WITHDRAWN = "withdrawn", _("Utträdd")

    name = models.CharField(_("organisationens namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=60, blank=True)
    org_number = models.CharField(_("organisationsnummer"), max_length=11, unique=True)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    county = models.CharField(_("län"), max_length=60, blank=True)
    city = models.CharField(_("ort"), max_length=80, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    contact_email = models.EmailField(
        _("kontaktadress"), blank=True, help_text=_("Organisationens allmänna adress; visas öppet.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INVITED
    )
    invited_on = models.DateField(_("inbjuden"), null=True, blank=True)
    joined_on = models.DateField(_("partner sedan"), null=True, blank=True)
    withdrawn_on = models.DateField(_("utträdd"), null=True, blank=True)
    # Admitted by the partnership's decision (from year 2, the nomination round): the partner joins
    # the year's voting roll when it signs its declaration, citing this decision (§ 2.1, § 5.2).
    admitted_by = models.CharField(_("antagen genom beslut"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["sector", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="partner_name_unique_ci"),
        ]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    @property
    def display_place(self):
        return ", ".join(part for part in (self.city, self.county) if part)


class Representative(models.Model):
    """A person acting for one partner; the partner still has one vote."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Ordinarie")
        DEPUTY = "deputy", _("Ersättare")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
    )
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"))
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices, default=Role.PRIMARY)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "role", "name"]
        constraints = [
            # One person acts for one partner at a time.
            models.UniqueConstraint(
                Lower("email"), condition=models.Q(active=True), name="representative_email_once"
            ),
        ]
        verbose_name = _("representant")
        verbose_name_plural = _("representanter")

    def __str__(self):
        return f"{self.name} ({self.partner})"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An e-mailed invitation for a named person to act for a partner (§ 5.3).

    Only the SHA-256 of the token is stored: the link in the e-mail is the key.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="invitations")
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"))
    role = models.CharField(
        _("roll"), max_length=10, choices=Representative.Role.choices, default=Representative.Role.PRIMARY
    )
    # The inviter's own words; the e-mail quotes them as theirs, after the portal's text.
    note = models.CharField(_("personligt meddelande"), max_length=500, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("giltig till"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skickad av")
    )
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("accepterad av"),
    )
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self):
        return f"{self.email} → {self.partner}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    def get_state_display(self):
        return {
            "accepted": _("Accepterad"),
            "revoked": _("Återkallad"),
            "expired": _("Utgången"),
            "open": _("Väntar på svar"),
        }[self.state]


class DeclarationText(models.Model):
    """A version of the avsiktsförklaring's text (Bilaga 3); data the kansli maintains.

    `{organisation}` in the text is replaced by the partner's name when signed.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("publicerad"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("avsiktsförklaringens text")
        verbose_name_plural = _("avsiktsförklaringens texter")

    def __str__(self):
        return gettext("Avsiktsförklaring, version %(version)s") % {"version": self.version}

    def text_for(self, partner: Partner) -> str:
        return self.text.replace("{organisation}", partner.name)


class SignedDeclarationQuerySet(models.QuerySet):
    def current_for(self, partner):
        return self.filter(partner=partner).select_related("text").order_by("-text__version", "-signed_at").first()


class SignedDeclaration(models.Model):
    """A partner's signed avsiktsförklaring (§ 5.3). Never changed once made."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="declarations")
    text = models.ForeignKey(DeclarationText, on_delete=models.PROTECT, related_name="signatures")
    signed_text = models.TextField(_("undertecknad text"))
    text_sha256 = models.CharField(_("SHA-256 av texten"), max_length=64)
    place = models.CharField(_("ort"), max_length=100)
    signed_on = models.DateField(_("datum"))
    signer_name = models.CharField(_("namnförtydligande"), max_length=200)
    signer_title = models.CharField(_("titel"), max_length=200)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("konto")
    )
    signed_at = models.DateTimeField(_("undertecknad"), default=timezone.now)
    pdf = models.FileField(_("PDF"), upload_to="declarations/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 av PDF-filen"), max_length=64, blank=True)
    history = HistoricalRecords()

    objects = SignedDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "text"], name="one_signature_per_text_version"),
        ]
        verbose_name = _("undertecknad avsiktsförklaring")
        verbose_name_plural = _("undertecknade avsiktsförklaringar")

    def __str__(self):
        return f"{self.partner} – version {self.text.version} ({self.signed_on:%Y-%m-%d})"

    _IMMUTABLE = (
        "partner_id", "text_id", "signed_text", "text_sha256", "place", "signed_on",
        "signer_name", "signer_title", "signed_by_id", "signed_at",
    )

    def save(self, *args, **kwargs):
        # What was signed can never change; only the rendered PDF is added later.
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values(*self._IMMUTABLE).first()
            if stored and any(stored[f] != getattr(self, f) for f in self._IMMUTABLE):
                raise ValueError("En undertecknad avsiktsförklaring kan inte ändras.")
        super().save(*args, **kwargs)

    @staticmethod
    def fingerprint(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @staticmethod
    def fingerprint_bytes(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class Withdrawal(models.Model):
    """A partner's written request to leave SweCan (§ 5.3); it leaves the roll from that date."""

    partner = models.OneToOneField(Partner, on_delete=models.PROTECT, related_name="withdrawal")
    request_received_on = models.DateField(_("begäran inkom"))
    note = models.TextField(_("anteckning"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrerad av")
    )
    registered_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utträde")
        verbose_name_plural = _("utträden")

    def __str__(self):
        return gettext("%(partner)s – utträde %(date)s") % {
            "partner": self.partner, "date": date_format(self.request_received_on, "j F Y")}


class VotingRoll(models.Model):
    """The voting roll fixed for a calendar year (§ 5.2): who may vote at its meetings."""

    year = models.PositiveIntegerField(_("år"), unique=True)
    fixed_on = models.DateField(_("fastställd"))
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("fastställd av")
    )
    fixed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(
        _("grund"), max_length=300, blank=True,
        help_text=_("T.ex. beslutet vid årets första sammanträde."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("röstlängd")
        verbose_name_plural = _("röstlängder")

    def __str__(self):
        return gettext("Röstlängd %(year)s") % {"year": self.year}


class VotingRollEntry(models.Model):
    """A partner on a year's roll, from a date: at fixing, or added during the year."""

    class Basis(models.TextChoices):
        FIXED = "fixed", _("Fastställd röstlängd")
        JOINED_YEAR1 = "joined_year1", _("Anslöt under verksamhetsår 1 (§ 8.1)")
        DECISION = "decision", _("Beslut av partnerskapet")

    roll = models.ForeignKey(VotingRoll, on_delete=models.PROTECT, related_name="entries")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="roll_entries")
    from_date = models.DateField(_("från"))
    basis = models.CharField(_("grund"), max_length=20, choices=Basis.choices)
    decision_reference = models.CharField(_("beslut"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["roll", "partner"], name="roll_entry_once"),
        ]
        verbose_name = _("post i röstlängd")
        verbose_name_plural = _("poster i röstlängd")

    def __str__(self):
        return gettext("%(partner)s på %(roll)s från %(date)s") % {
            "partner": self.partner, "roll": self.roll, "date": date_format(self.from_date, "j F Y")}
