import datetime
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from swecan import rules


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-postadress krävs.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


def _new_calendar_token():
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A person with an account: a kansli officer or a partner's representative."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-postadress"), unique=True)
    full_name = models.CharField(_("namn"), max_length=200, blank=True)
    is_kansli = models.BooleanField(
        _("kansli"),
        default=False,
        help_text=_("Socialstyrelsens kansli: administrerar partnerskap, möten och publicering."),
    )
    calendar_token = models.CharField(max_length=64, default=_new_calendar_token, unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login", "calendar_token"])

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.get_full_name()

    def reset_calendar_token(self) -> None:
        """A new secret for the personal calendar feed; the old link stops working."""
        self.calendar_token = _new_calendar_token()
        self.save(update_fields=["calendar_token"])

    def clean(self):
        super().clean()
        # Kansli and representative never mix on one account: the kansli administers partners.
        if self.is_kansli and self.acts_for_a_partner():
            from django.core.exceptions import ValidationError

            raise ValidationError({"is_kansli": _(
                "Kontot företräder en partner och kan inte samtidigt vara kansli. Avsluta "
                "representationen först, eller använd ett eget konto för kansliarbetet."
            )})

    def acts_for_a_partner(self) -> bool:
        from django.apps import apps

        representatives = apps.get_model("partnership", "Representative").objects.filter(active=True)
        query = models.Q(email__iexact=self.email)
        if self.pk:
            query |= models.Q(user=self)
        return representatives.filter(query).exists()

    @property
    def needs_mfa(self) -> bool:
        """Kansli, chairs, AU members and Django-admin accounts must use two-factor authentication."""
        from partnership.bodies import is_committee_member

        return (self.is_kansli or self.is_staff or self.is_superuser
                or self.chaired_meetings.exists() or is_committee_member(self))


class RulesOfProcedureQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        return self.filter(effective_from__lte=day).order_by("-effective_from", "-number").first()


class RulesOfProcedure(models.Model):
    """A version of the arbetsordning: its numbers and its published text (§ 9)."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    effective_from = models.DateField(_("gäller från"), unique=True)
    parameters = models.JSONField(_("parametrar"))
    text = models.TextField(_("publicerad text"), help_text=_("Markdown-liknande ren text."))
    adopted_note = models.CharField(
        _("antagen genom"),
        max_length=300,
        blank=True,
        help_text=_("Beslutet som antog versionen; länkas till beslutsregistret när det finns."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = RulesOfProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("arbetsordning")
        verbose_name_plural = _("arbetsordningar")

    def __str__(self):
        return gettext("Arbetsordning version %(number)s (från %(date)s)") % {
            "number": self.number, "date": date_format(self.effective_from, "j F Y")}

    @property
    def params(self) -> rules.Parameters:
        return rules.Parameters.from_dict(self.parameters)

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            rules.Parameters.from_dict(self.parameters)
        except ValueError as exc:
            raise ValidationError({"parameters": str(exc)}) from exc


class Pseudonymisation(models.Model):
    """A person's personal data replaced by a stable pseudonym after they left (GDPR art. 17)."""

    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="pseudonymisation", verbose_name=_("konto")
    )
    year = models.PositiveIntegerField(_("år"))
    number = models.PositiveIntegerField(_("löpnummer"))
    pseudonym = models.CharField(_("pseudonym"), max_length=40, unique=True)
    done_at = models.DateTimeField(_("utförd"))
    done_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("utförd av")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-done_at"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="pseudonym_number_once_a_year"),
        ]
        verbose_name = _("pseudonymisering")
        verbose_name_plural = _("pseudonymiseringar")

    def __str__(self):
        return self.pseudonym

    @property
    def placeholder_email(self) -> str:
        # .invalid is reserved (RFC 2606): nothing addressed here can ever be delivered.
        return f"pseudonym-{self.year}-{self.number}@pseudonym.invalid"


class ChairContact(models.Model):
    """The partnership's chair or vice chair, with the contact details published (§ 6, § 7)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        VICE_CHAIR = "vice_chair", _("Vice ordförande")

    role = models.CharField(_("uppdrag"), max_length=12, choices=Role.choices, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True,
                             help_text=_("Till exempel befattning eller roll."))
    organisation = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(
        _("e-postadress"),
        help_text=_("Publiceras öppet. Använd gärna en funktionsadress som följer uppdraget."),
    )
    phone = models.CharField(_("telefon"), max_length=40, blank=True,
                             help_text=_("Publiceras öppet. Lämna tomt om inget nummer ska visas."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["role"]
        verbose_name = _("ordförandes kontaktuppgifter")
        verbose_name_plural = _("ordförandes kontaktuppgifter")

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"
