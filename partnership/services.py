"""Every change to the partnership register goes through a function here.

Each runs in a transaction, calls the rules engine where a rule applies,
records who acted (for the history) and queues e-mail and PDF work on commit.
Refusals are `ValidationError`s keyed by form field, in the active language.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from outbox import services as outbox
from partnership import consequences, orgnr
from partnership.access import acting_representative, may_invite_deputy
from partnership.models import (
    DeclarationText,
    Invitation,
    Partner,
    Representative,
    SignedDeclaration,
    VotingRoll,
    VotingRollEntry,
    Withdrawal,
    hash_token,
)
from swecan import rules
from swecan.arbetsordning import operating_year_on, parameters_in_force
from swecan.audit import attributed, saved_unless_taken

User = get_user_model()


# Reads -----------------------------------------------------------------------


def sector_counts() -> dict[str, int]:
    """Partners holding a place per sector (invited or active), all five sectors present."""
    counts = dict.fromkeys(rules.SECTORS, 0)
    rows = Partner.objects.counting_towards_cap().values("sector").annotate(n=Count("id"))
    counts.update({row["sector"]: row["n"] for row in rows})
    return counts


def sector_cap_verdict(sector: str, on: datetime.date | None = None) -> rules.Verdict:
    on = on or timezone.localdate()
    return rules.check_sector_cap(
        sector, sector_counts()[sector], operating_year_on(on), parameters_in_force(on)
    )


def current_declaration_text() -> DeclarationText | None:
    return DeclarationText.objects.order_by("-version").first()


def voting_roll_on(day: datetime.date):
    """Partners entitled to vote on `day` (§ 5.2, § 5.3, rules R7).

    With a roll fixed for the year: its entries in force on `day` (fixed ones and
    those added during the year), minus partners withdrawn by then. Before the
    year's roll is fixed: every active partner that has signed and not withdrawn.
    """
    roll = VotingRoll.objects.filter(year=day.year, fixed_on__lte=day).first()
    if roll is None:
        return voting_roll_on_unfixed(day)
    return (
        Partner.objects.filter(roll_entries__roll=roll, roll_entries__from_date__lte=day)
        .filter(_not_withdrawn_on(day))
        .distinct()
        .order_by("sector", "name")
    )


def _not_withdrawn_on(day: datetime.date) -> Q:
    return Q(withdrawal__isnull=True) | Q(withdrawal__request_received_on__gt=day)


def voting_roll_on_unfixed(day: datetime.date):
    """Before the year's roll is fixed: active partners that have signed and not withdrawn."""
    return (
        Partner.objects.filter(
            status__in=[Partner.Status.ACTIVE, Partner.Status.WITHDRAWN],
            declarations__signed_on__lte=day,
        )
        .filter(_not_withdrawn_on(day))
        .distinct()
        .order_by("sector", "name")
    )


def partner_on_roll_days(partner_id: int, days) -> set[datetime.date]:
    """Which of `days` the partner is on the roll, in three queries however many days.

    The same rule as `voting_roll_on`, evaluated for one partner (a property
    test keeps the two in step).
    """
    days = set(days)
    if not days:
        return set()
    partner = (
        Partner.objects.select_related("withdrawal").filter(pk=partner_id)
        .annotate(first_signed=Min("declarations__signed_on")).first()
    )
    if partner is None:
        return set()
    rolls = {r.year: r for r in VotingRoll.objects.filter(year__in={d.year for d in days})}
    entries = dict(
        VotingRollEntry.objects.filter(roll__in=rolls.values(), partner_id=partner_id)
        .values_list("roll__year", "from_date")
    )
    withdrawn = partner.withdrawal.request_received_on if hasattr(partner, "withdrawal") else None
    on_roll = set()
    for day in days:
        if withdrawn is not None and withdrawn <= day:
            continue
        roll = rolls.get(day.year)
        if roll is not None and roll.fixed_on <= day:
            if day.year in entries and entries[day.year] <= day:
                on_roll.add(day)
        elif (partner.status in (Partner.Status.ACTIVE, Partner.Status.WITHDRAWN)
              and partner.first_signed is not None and partner.first_signed <= day):
            on_roll.add(day)
    return on_roll


def roll_counts(partners) -> dict[str, int]:
    counts = dict.fromkeys(rules.SECTORS, 0)
    for partner in partners:
        counts[partner.sector] += 1
    return counts


# Partners and invitations -------------------------------------------------------------


def _check_email_free_for(email: str, partner: Partner, *, reveal_partner: bool = True):
    # Kansli and representative never mix on one account (the kansli administers partners).
    if User.objects.filter(email__iexact=email, is_kansli=True).exists():
        if not reveal_partner:
            raise ValidationError({"email": _("Adressen kan inte bjudas in som representant; "
                                              "kontakta kansliet.")})
        raise ValidationError({"email": _("%(email)s hör till ett kanslikonto. Ett kanslikonto "
                                          "kan inte företräda en partner.") % {"email": email}})
    taken = (
        Representative.objects.filter(email__iexact=email, active=True)
        .exclude(partner_id=partner.pk)
        .select_related("partner")
        .first()
    )
    if taken:
        # Only the kansli may learn whether, and for whom, someone else acts.
        if not reveal_partner:
            raise ValidationError({"email": _("%(email)s kan inte bjudas in härifrån; kontakta "
                                              "kansliet.") % {"email": email}})
        raise ValidationError(
            {"email": _("%(email)s företräder redan %(partner)s. En person kan bara företräda en "
                        "partner.") % {"email": email, "partner": taken.partner.name}}
        )


def _check_cap(sector: str, on: datetime.date):
    # Lock the sector's places first so two kansli officers cannot both take
    # the last one; the count below then sees whatever the other committed.
    list(Partner.objects.counting_towards_cap().filter(sector=sector).select_for_update().values_list("pk"))
    verdict = sector_cap_verdict(sector, on)
    if not verdict:
        raise ValidationError({"sector": f"{verdict.reason} ({verdict.rule})"})


@transaction.atomic
def partner_create_and_invite(*, by, partner_fields: dict, name: str, email: str, title: str = ""):
    """Register an organisation and invite a named person to join for it (§ 5.3, § 8.1)."""
    today = timezone.localdate()
    _check_cap(partner_fields["sector"], today)
    _check_unique_partner(partner_fields["name"], partner_fields["org_number"])
    partner = attributed(Partner(**partner_fields, status=Partner.Status.INVITED, invited_on=today), by)
    _check_email_free_for(email, partner)
    _save_new_partner(partner)
    return _create_invitation(by=by, partner=partner, name=name, email=email, title=title,
                              role=Representative.Role.PRIMARY)


def partner_identity_errors(name: str | None, org_number: str | None, exclude_pk=None) -> dict[str, str]:
    """Why this name or organisationsnummer cannot be registered (empty when it can)."""
    qs = Partner.objects.exclude(pk=exclude_pk)
    errors = {}
    if name is not None and qs.filter(name__iexact=name.strip()).exists():
        errors["name"] = _("Det finns redan en organisation som heter %(name)s.") % {"name": name.strip()}
    if org_number is not None:
        try:
            orgnr.normalise(org_number)
        except ValueError as exc:
            errors["org_number"] = str(exc)
        else:
            if qs.filter(org_number=org_number).exists():
                errors["org_number"] = _("Organisationsnumret %(number)s finns redan i registret.") % {
                    "number": org_number}
    return errors


def _check_unique_partner(name: str, org_number: str, exclude_pk=None):
    errors = partner_identity_errors(name, org_number, exclude_pk)
    if errors:
        raise ValidationError(errors)


def _save_new_partner(partner: Partner) -> None:
    # Two officers saving the same organisation at once both pass the check above;
    # the unique constraints stop the second, which is told why like the first would be.
    if not saved_unless_taken(partner):
        _check_unique_partner(partner.name, partner.org_number)
        raise ValidationError({"name": _("Organisationen registrerades nyss av någon annan.")})


@transaction.atomic
def partner_invite(*, by, partner: Partner, name: str, email: str, title: str = "",
                   role: str = Representative.Role.PRIMARY, note: str = ""):
    """Invite a person to act for an existing partner (a new contact, or a prospect's turn)."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status == Partner.Status.WITHDRAWN:
        raise ValidationError(_("Partnern har trätt ut och kan inte bjudas in igen här."))
    if partner.status in (Partner.Status.PROSPECTIVE, Partner.Status.DECLINED):
        today = timezone.localdate()
        _check_cap(partner.sector, today)
        partner.status = Partner.Status.INVITED
        partner.invited_on = today
        attributed(partner, by).save(update_fields=["status", "invited_on"])
    _check_email_free_for(email, partner, reveal_partner=by.is_kansli)
    return _create_invitation(by=by, partner=partner, name=name, email=email, title=title, role=role,
                              note=note)


def _revoke_open_invitations(partner: Partner, by) -> None:
    now = timezone.now()
    for invitation in partner.invitations.open():
        invitation.revoked_at = now
        attributed(invitation, by).save(update_fields=["revoked_at"])


def _create_invitation(*, by, partner, name, email, title, role, note=""):
    if partner.representatives.filter(email__iexact=email, active=True).exists():
        raise ValidationError({"email": _("%(email)s företräder redan %(partner)s.")
                               % {"email": email, "partner": partner.name}})
    if partner.invitations.open().filter(email__iexact=email, expires_at__gt=timezone.now()).exists():
        raise ValidationError({"email": _("%(email)s har redan en giltig inbjudan till %(partner)s.")
                               % {"email": email, "partner": partner.name}})
    invitation = attributed(
        Invitation(
            partner=partner, name=name.strip(), title=title.strip(), email=email.strip().lower(),
            # Unguessable and never sent: the e-mail gets its own token when it goes out.
            role=role, note=note.strip(), token_hash=hash_token(Invitation.new_token()), sent_by=by,
            expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        ),
        by,
    )
    invitation.save()
    # The e-mail makes its own link when it is sent (partnership/outbox_handlers.py).
    outbox.enqueue("invitation", key=f"invitation:{invitation.pk}", recipient=invitation.email,
                   payload={"invitation_id": invitation.pk, "partner_id": partner.pk}, by=by)
    return invitation


@transaction.atomic
def invitation_revoke(*, by, invitation: Invitation):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == "accepted":
        raise ValidationError(_("Inbjudan är redan accepterad."))
    if invitation.state == "revoked":
        raise ValidationError(_("Inbjudan är redan återkallad."))
    invitation.revoked_at = timezone.now()
    attributed(invitation, by).save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_resend(*, by, invitation: Invitation):
    """A new link for the same person; the old link stops working."""
    invitation = Invitation.objects.select_for_update().select_related("partner").get(pk=invitation.pk)
    if invitation.state == "accepted":
        raise ValidationError(_("Inbjudan är redan accepterad."))
    if invitation.partner.status == Partner.Status.WITHDRAWN:
        raise ValidationError(_("Partnern har trätt ut och kan inte bjudas in igen här."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        attributed(invitation, by).save(update_fields=["revoked_at"])
    # Through partner_invite: an organisation that had declined takes a place under the cap again.
    return partner_invite(
        by=by, partner=invitation.partner, name=invitation.name, email=invitation.email,
        title=invitation.title, role=invitation.role,
    )


def invitation_by_token(token: str) -> Invitation:
    """The open invitation for `token`, or a ValidationError saying why the link is dead."""
    invitation = (
        Invitation.objects.select_related("partner").filter(token_hash=hash_token(token or "")).first()
    )
    if invitation is None:
        raise ValidationError(_("Länken är ogiltig. Kontrollera att du har kopierat hela länken."))
    state = invitation.state
    if state == "accepted":
        raise ValidationError(_("Inbjudan har redan använts. Logga in med ditt konto i stället."))
    if state == "revoked":
        raise ValidationError(_("Inbjudan har återkallats. Kontakta kansliet om du behöver en ny."))
    if state == "expired":
        raise ValidationError(
            _("Inbjudan gick ut %(date)s. Kontakta kansliet så skickar de en ny.")
            % {"date": date_format(timezone.localtime(invitation.expires_at), "j F Y")}
        )
    return invitation


def kansli_cannot_accept(user) -> str | None:
    """Why a logged-in kansli account may not follow an invitation (None for anyone else):
    kansli and representative never mix on one account."""
    if user is not None and user.is_authenticated and user.is_kansli:
        return _("Du är inloggad med ett kanslikonto, och ett kanslikonto kan inte företräda en "
                 "partner. Logga ut om inbjudan gäller någon annan.")
    return None


@transaction.atomic
def invitation_accept(*, token: str, user=None, full_name: str = "", password: str = "",
                      phone: str = ""):
    """Follow an invitation: create the account (or use the logged-in one) and the representative."""
    invitation = invitation_by_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != "open":
        raise ValidationError(_("Inbjudan har redan använts."))
    _check_email_free_for(invitation.email, invitation.partner)
    refusal = kansli_cannot_accept(user)
    if refusal:
        raise ValidationError(refusal)
    if user is None or not user.is_authenticated:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("Det finns redan ett konto för %(email)s. Logga in och öppna länken igen.")
                % {"email": invitation.email}
            )
        # The new account is its own author in the history.
        user = User(email=invitation.email.lower(), full_name=full_name.strip())
        user.set_password(password)
        attributed(user, user).save()
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("Inbjudan gäller %(invited)s, men du är inloggad som %(user)s.")
            % {"invited": invitation.email, "user": user.email}
        )
    elif Representative.objects.filter(user=user, active=True).exclude(partner=invitation.partner).exists():
        raise ValidationError(_("Ditt konto företräder redan en annan partner. En person kan bara "
                                "företräda en partner; kontakta kansliet."))
    representative = attributed(
        Representative(
            partner=invitation.partner, user=user, name=full_name.strip() or invitation.name,
            title=invitation.title, email=invitation.email, phone=phone.strip(), role=invitation.role,
        ),
        user,
    )
    representative.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    attributed(invitation, user).save(update_fields=["accepted_at", "accepted_by"])
    return representative


@transaction.atomic
def deputy_invite(*, by, partner: Partner, name: str, email: str, title: str = "", note: str = ""):
    """A primary representative invites a deputy for their own partner.

    Each invitation is an e-mail from the kansli's address, so a representative may send
    only a few (counted from the invitations themselves: no cache, any number of processes).
    """
    if not may_invite_deputy(by, partner):
        raise ValidationError(_("Bara partnerns ordinarie representant kan bjuda in en ersättare."))
    # Serialises concurrent invitations for the partner, so the counts below hold.
    Partner.objects.select_for_update().get(pk=partner.pk)
    limit = Invitation._meta.get_field("note").max_length
    if len(note.strip()) > limit:
        raise ValidationError({"note": _("Meddelandet får vara högst %(limit_value)d tecken (nu "
                                         "%(show_value)d).") % {"limit_value": limit,
                                                                "show_value": len(note.strip())}})
    now = timezone.now()
    by_representatives = Invitation.objects.filter(sent_by__is_kansli=False)
    per_hour = settings.DEPUTY_INVITATIONS_PER_USER_PER_HOUR
    last_hour = by_representatives.filter(sent_by=by, sent_at__gt=now - datetime.timedelta(hours=1))
    if last_hour.count() >= per_hour:
        raise ValidationError(_("Du har skickat %(n)d inbjudningar den senaste timmen, vilket är högsta "
                                "antalet. Försök igen senare eller kontakta kansliet.") % {"n": per_hour})
    per_day = settings.DEPUTY_INVITATIONS_PER_PARTNER_PER_DAY
    last_day = by_representatives.filter(partner=partner, sent_at__gt=now - datetime.timedelta(days=1))
    if last_day.count() >= per_day:
        raise ValidationError(_("%(partner)s har skickat %(n)d inbjudningar det senaste dygnet, vilket är "
                                "högsta antalet. Försök igen i morgon eller kontakta kansliet.")
                              % {"partner": partner.name, "n": per_day})
    return partner_invite(by=by, partner=partner, name=name, email=email, title=title,
                          role=Representative.Role.DEPUTY, note=note)


@transaction.atomic
def partner_update(*, by, partner: Partner, fields: dict):
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    _check_unique_partner(fields.get("name", partner.name), fields.get("org_number", partner.org_number),
                          exclude_pk=partner.pk)
    if fields.get("sector", partner.sector) != partner.sector and partner.status in (
        Partner.Status.INVITED, Partner.Status.ACTIVE,
    ):
        _check_cap(fields["sector"], timezone.localdate())
    for name, value in fields.items():
        setattr(partner, name, value)
    attributed(partner, by).save(update_fields=list(fields))
    return partner


@transaction.atomic
def partner_register_prospect(*, by, partner_fields: dict):
    """An organisation waiting for a later nomination round; holds no place under the cap."""
    _check_unique_partner(partner_fields["name"], partner_fields["org_number"])
    partner = attributed(Partner(**partner_fields, status=Partner.Status.PROSPECTIVE), by)
    _save_new_partner(partner)
    return partner


# The declaration of intent ----------------------------------------------------------------


@transaction.atomic
def declaration_text_publish(*, by, text: str) -> DeclarationText:
    """A new version of the text; partners are asked to sign it again."""
    if "{organisation}" not in text:
        raise ValidationError(
            {"text": _("Texten måste innehålla {organisation} där organisationens namn ska stå.")}
        )
    text = text.strip()
    latest = DeclarationText.objects.select_for_update().order_by("-version").first()
    # The same text again would only make every partner sign it again (a double click).
    _refuse_same_text(latest, text)
    version = attributed(
        DeclarationText(version=(latest.version + 1) if latest else 1, text=text, created_by=by),
        by,
    )
    # Two publishings at the same moment: the unique version number stops the second.
    if not saved_unless_taken(version):
        _refuse_same_text(DeclarationText.objects.order_by("-version").first(), text)
        raise ValidationError({"text": _(
            "En annan version av texten publicerades nyss. Läs den gällande texten innan du publicerar igen."
        )})
    return version


def _refuse_same_text(latest: DeclarationText | None, text: str) -> None:
    if latest is not None and latest.text == text:
        raise ValidationError({"text": _("Texten är redan publicerad som version %(version)s.")
                               % {"version": latest.version}})


@transaction.atomic
def declaration_sign(*, user, partner: Partner, place: str, signed_on: datetime.date,
                     signer_name: str, signer_title: str) -> SignedDeclaration:
    """Sign the current declaration text for `partner` (§ 5.3); signing makes it a partner."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status == Partner.Status.WITHDRAWN:
        raise ValidationError(_("Partnern har trätt ut ur SweCan."))
    if acting_representative(user, partner) is None:
        raise ValidationError(_("Du kan bara underteckna för den partner du företräder."))
    text = current_declaration_text()
    if text is None:
        raise ValidationError(_("Kansliet har inte publicerat någon avsiktsförklaring ännu."))
    if SignedDeclaration.objects.filter(partner=partner, text=text).exists():
        raise ValidationError(
            _("%(partner)s har redan undertecknat version %(version)s av avsiktsförklaringen.")
            % {"partner": partner.name, "version": text.version}
        )
    today = timezone.localdate()
    if signed_on > today:
        raise ValidationError({"signed_on": _("Datumet kan inte ligga i framtiden.")})
    # The date decides when the partner joins the voting roll: it cannot precede the invitation.
    if partner.invited_on and signed_on < partner.invited_on:
        raise ValidationError({"signed_on": _("Datumet kan inte vara före inbjudan (%(date)s).")
                               % {"date": date_format(partner.invited_on, "j F Y")}})
    signed_text = text.text_for(partner)
    declaration = attributed(
        SignedDeclaration(
            partner=partner, text=text, signed_text=signed_text,
            text_sha256=SignedDeclaration.fingerprint(signed_text), place=place.strip(),
            signed_on=signed_on, signer_name=signer_name.strip(), signer_title=signer_title.strip(),
            signed_by=user,
        ),
        user,
    )
    declaration.save()
    if partner.status != Partner.Status.ACTIVE:
        partner.status = Partner.Status.ACTIVE
        partner.joined_on = signed_on
        attributed(partner, user).save(update_fields=["status", "joined_on"])
        _join_fixed_roll_in_year1(partner, signed_on, by=user)
    _request_declaration_pdf(declaration, by=user)
    return declaration


def _join_fixed_roll_in_year1(partner: Partner, day: datetime.date, *, by):
    # In year 1 Socialstyrelsen's invitation stands in for the partnership's
    # decision (§ 8.1): a partner who signs after the roll was fixed joins it.
    # Later, a partner the partnership admitted (nominations) joins it when it
    # signs, under that decision: membership needs the signature (§ 5.3).
    roll = VotingRoll.objects.filter(year=day.year).first()
    if roll is None or roll.entries.filter(partner=partner).exists():
        return
    if operating_year_on(day) == 1:
        attributed(VotingRollEntry(roll=roll, partner=partner, from_date=max(day, roll.fixed_on),
                                   basis=VotingRollEntry.Basis.JOINED_YEAR1), by).save()
    elif partner.admitted_by:
        attributed(VotingRollEntry(roll=roll, partner=partner, from_date=max(day, roll.fixed_on),
                                   basis=VotingRollEntry.Basis.DECISION,
                                   decision_reference=partner.admitted_by), by).save()


def declaration_store_pdf(*, declaration_id: int, pdf_bytes: bytes) -> SignedDeclaration:
    from django.core.files.base import ContentFile

    declaration = SignedDeclaration.objects.select_related("partner", "text").get(pk=declaration_id)
    name = f"avsiktsforklaring-{declaration.partner.pk}-v{declaration.text.version}.pdf"
    declaration.pdf.save(name, ContentFile(pdf_bytes), save=False)
    declaration.pdf_sha256 = SignedDeclaration.fingerprint_bytes(pdf_bytes)
    declaration.save(update_fields=["pdf", "pdf_sha256"])
    return declaration


def _request_declaration_pdf(declaration: SignedDeclaration, *, by) -> None:
    outbox.enqueue("declaration_pdf", key=f"declaration-pdf:{declaration.pk}",
                   payload={"declaration_id": declaration.pk, "partner_id": declaration.partner_id}, by=by)


@transaction.atomic
def declaration_pdf_render_again(*, by, declaration: SignedDeclaration):
    """A signed declaration whose PDF is missing is rendered again from the signed text."""
    if declaration.pdf and declaration.pdf.storage.exists(declaration.pdf.name):
        raise ValidationError(_("PDF:en finns redan."))
    return outbox.message_request_again(
        by=by, kind="declaration_pdf", key=f"declaration-pdf:{declaration.pk}",
        payload={"declaration_id": declaration.pk, "partner_id": declaration.partner_id},
    )


# Withdrawal and the voting roll --------------------------------------------------------------


def check_withdrawal(partner: Partner, request_received_on: datetime.date) -> None:
    """Refuse (ValidationError with the reason) a withdrawal that cannot be registered; the
    confirmation page asks before showing what the withdrawal would do."""
    if Withdrawal.objects.filter(partner=partner).exists():
        raise ValidationError(_("Utträde för %(partner)s är redan registrerat.")
                              % {"partner": partner.name})
    if partner.status != Partner.Status.ACTIVE:
        raise ValidationError(_("%(partner)s är inte partner och kan inte träda ut. En inbjuden "
                                "organisation som tackar nej markeras som det i stället.")
                              % {"partner": partner.name})
    if request_received_on > timezone.localdate():
        raise ValidationError({"request_received_on": _("Datumet kan inte ligga i framtiden.")})
    since = partner.joined_on or partner.invited_on
    if since and request_received_on < since:
        raise ValidationError({"request_received_on": _(
            "Datumet kan inte vara före %(date)s, då organisationen kom med.")
            % {"date": date_format(since, "j F Y")}})


@transaction.atomic
def withdrawal_register(*, by, partner: Partner, request_received_on: datetime.date,
                        note: str = "") -> Withdrawal:
    """Register a written request to leave (§ 5.3). Nothing of the partner's past is deleted."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    check_withdrawal(partner, request_received_on)
    withdrawal = attributed(
        Withdrawal(partner=partner, request_received_on=request_received_on, note=note.strip(),
                   registered_by=by),
        by,
    )
    withdrawal.save()
    partner.status = Partner.Status.WITHDRAWN
    partner.withdrawn_on = request_received_on
    attributed(partner, by).save(update_fields=["status", "withdrawn_on"])
    _revoke_open_invitations(partner, by)
    # The people stop acting for the partner (and may act for another one);
    # their records stay.
    for representative in partner.representatives.filter(active=True):
        representative.active = False
        attributed(representative, by).save(update_fields=["active"])
    return withdrawal


def roll_by_decision(day: datetime.date) -> bool:
    """Whether the roll is fixed and added to only by the partnership's decision on `day`: after
    operating year 1, whose initial roll the kansli fixed (§ 8.1), the partnership decides it at
    the year's first meeting and adds partners by decisions during the year (§ 2.1, § 5.2)."""
    return operating_year_on(day) > 1


@transaction.atomic
def voting_roll_fix(*, by, year: int, fixed_on: datetime.date, note: str = "", partners=None,
                    by_decision: bool = False) -> VotingRoll:
    """Fix the roll for a calendar year (§ 5.2): from the partners on it that day, or from the
    list the partnership adopted (`partners`). The kansli fixes only operating year 1's initial
    roll itself; after it the partnership's decision does (`by_decision`, decisions/roll.py)."""
    if fixed_on.year != year:
        raise ValidationError({"fixed_on": _("Datumet måste ligga under %(year)s.") % {"year": year}})
    if not by_decision and roll_by_decision(fixed_on):
        raise ValidationError(_(
            "Röstlängden för %(year)s fastställs genom partnerskapets beslut vid årets första "
            "sammanträde (§ 5.2). Kansliet sammanställer förteckningen som en beslutspunkt på det "
            "sammanträdet; att fastställa röstlängden här gäller bara verksamhetsår 1.") % {"year": year})
    already_fixed = ValidationError(
        {"year": _("Röstlängden för %(year)s är redan fastställd.") % {"year": year}}
    )
    if VotingRoll.objects.filter(year=year).exists():
        raise already_fixed
    on_roll = list(voting_roll_on_unfixed(fixed_on))
    if partners is not None:
        eligible = {p.pk for p in on_roll}
        gone = sorted(p.name for p in partners if p.pk not in eligible)
        if gone:
            raise ValidationError(_(
                "%(partners)s kan inte föras upp på röstlängden den %(date)s: har trätt ut eller är "
                "inte längre partner. Sammanställ förteckningen på nytt.") % {
                "partners": ", ".join(gone), "date": date_format(fixed_on, "j F Y")})
        on_roll = sorted(partners, key=lambda p: (p.sector, p.name))
    if not on_roll:
        raise ValidationError(_("Det finns inga partners att föra upp på röstlängden."))
    roll = attributed(VotingRoll(year=year, fixed_on=fixed_on, fixed_by=by, note=note.strip()), by)
    # There is no row to lock before the year's roll exists: the unique year stops a
    # second officer fixing it at the same moment (their insert waits for ours).
    if not saved_unless_taken(roll):
        raise already_fixed
    # One save per entry, so the roll's history shows who fixed each line.
    for partner in on_roll:
        entry = VotingRollEntry(roll=roll, partner=partner, from_date=fixed_on,
                                basis=VotingRollEntry.Basis.FIXED)
        attributed(entry, by).save()
    return roll


def needs_signature(partner: Partner) -> bool:
    """True when the partner has not signed the current version of the declaration."""
    text = current_declaration_text()
    return bool(text) and not SignedDeclaration.objects.filter(partner=partner, text=text).exists()


@transaction.atomic
def voting_roll_add(*, by, partner: Partner, from_date: datetime.date,
                    decision_reference: str, by_decision: bool = False) -> VotingRollEntry:
    """Put a partner on the year's fixed roll from the partnership's decision (§ 2.1, § 5.2).
    In operating year 1 the kansli records it; after it the decision itself does
    (`by_decision`, decisions/roll.py)."""
    if not by_decision and roll_by_decision(from_date):
        raise ValidationError(_(
            "Från verksamhetsår 2 förs nya partners upp på röstlängden genom partnerskapets beslut "
            "(§ 2.1, § 5.2): kansliet föreslår dem som en beslutspunkt på ett sammanträdes "
            "dagordning, och beslutet för upp dem."))
    roll = VotingRoll.objects.select_for_update().filter(year=from_date.year).first()
    if roll is None:
        raise ValidationError({"from_date": _("Röstlängden för %(year)s är inte fastställd; "
                                              "partnern kommer med när den fastställs.")
                               % {"year": from_date.year}})
    if from_date < roll.fixed_on:
        raise ValidationError({"from_date": _("Datumet kan inte vara före röstlängdens fastställande "
                                              "(%(date)s).") % {"date": date_format(roll.fixed_on, "j F Y")}})
    if not decision_reference.strip():
        raise ValidationError({"decision_reference": _("Ange beslutet, till exempel datum och paragraf.")})
    if partner.status != Partner.Status.ACTIVE:
        raise ValidationError({"partner": _("%(partner)s är inte partner (har inte undertecknat "
                                            "avsiktsförklaringen eller har trätt ut).")
                               % {"partner": partner.name}})
    if roll.entries.filter(partner=partner).exists():
        raise ValidationError({"partner": _("%(partner)s finns redan på röstlängden för %(year)s.")
                               % {"partner": partner.name, "year": roll.year}})
    entry = attributed(
        VotingRollEntry(roll=roll, partner=partner, from_date=from_date,
                        basis=VotingRollEntry.Basis.DECISION, decision_reference=decision_reference.strip()),
        by,
    )
    entry.save()
    return entry


@transaction.atomic
def partner_mark_declined(*, by, partner: Partner) -> Partner:
    """An invited organisation said no: its open invitations end and its place under the
    year-1 cap is freed. It was never a partner, so nothing is published about it."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status != Partner.Status.INVITED:
        raise ValidationError(_("%(partner)s är inte inbjuden, så det går inte att registrera att organisationen har tackat nej.")
                              % {"partner": partner.name})
    _revoke_open_invitations(partner, by)
    partner.status = Partner.Status.DECLINED
    attributed(partner, by).save(update_fields=["status"])
    return partner


# What an irreversible act will do, for the confirmation pages ----------------------------------


def withdrawal_consequences(partner: Partner, day: datetime.date) -> dict:
    """What registering `partner`'s withdrawal from `day` changes (§ 5.3): the voting roll
    from that day, the people who stop acting for it, the invitations that end."""
    roll = voting_roll_on(day)
    on_roll = roll.filter(pk=partner.pk).exists()
    roll_size = roll.count()
    return {
        "on_roll": on_roll,
        "roll_before": roll_size,
        "roll_after": roll_size - 1 if on_roll else roll_size,
        "representatives": list(partner.representatives.filter(active=True).order_by("role", "name")),
        "open_invitations": list(partner.invitations.open().order_by("sent_at")),
        # What the apps built on the register add (meetings already held, ...).
        "elsewhere": consequences.of_withdrawal(partner, day),
    }


def declined_consequences(partner: Partner) -> dict:
    """What marking an invited organisation as declined changes: its open invitations end and
    its place under the sector's cap is freed."""
    today = timezone.localdate()
    taken = sector_counts()[partner.sector]
    params = parameters_in_force(today)
    cap = params.year1_sector_caps[partner.sector] if operating_year_on(today) == 1 else None
    return {
        "open_invitations": list(partner.invitations.open().order_by("sent_at")),
        "taken_before": taken,
        "taken_after": taken - 1,
        "cap": cap,
    }


def revoke_consequences(invitation: Invitation) -> dict:
    """What revoking `invitation` changes: its link stops working (an e-mail not yet sent is
    never sent); an invited organisation may be left with no valid invitation."""
    others = invitation.partner.invitations.open().filter(expires_at__gt=timezone.now()).exclude(pk=invitation.pk)
    return {
        "others_open": others.count(),
        "partner_left_without": invitation.partner.status == Partner.Status.INVITED and not others.exists(),
    }
