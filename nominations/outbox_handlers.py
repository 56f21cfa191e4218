"""What the nominations app sends, run by the outbox (outbox/services.py)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outbox.registry import handler


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


# The yearly review of the arbetsordning (§ 9) -----------------------------------------------------


def _rules_page(message):
    return reverse("rules_of_procedure")


@handler("rules_review_reminder", _("Påminnelse om översyn av arbetsordningen"), link=_rules_page)
def send_rules_review_reminder(message, batch):
    from swecan.emails import build_email

    payload = message.payload
    batch.send(build_email("rules-review", [message.recipient], {
        "year": payload["year"], "recipient_name": payload.get("name", ""),
        "link": _url("rules_of_procedure"),
    }))
    return True


# A nomination received (§ 5) -------------------------------------------------------------------


def _nomination_page(message):
    return reverse("kansli_nomination", args=[message.payload["nomination_id"]])


@handler("nomination_received", _("Ny nominering"), link=_nomination_page)
def send_nomination_received(message, batch):
    from nominations.models import Nomination
    from swecan.emails import build_email

    nomination = Nomination.objects.select_related("call__round").filter(pk=message.payload["nomination_id"]).first()
    if nomination is None:
        return False
    batch.send(build_email("nomination-received", [message.recipient], {
        "nomination": nomination, "link": _url("kansli_nomination", nomination.pk),
    }))
    return True


# An AU mandate ending soon (§ 2.2, R8) -------------------------------------------------------------


def _committee_page(message):
    return reverse("kansli_committee")


@handler("mandate_ending_reminder", _("Påminnelse om mandat i arbetsutskottet som löper ut"), link=_committee_page)
def send_mandate_ending_reminder(message, batch):
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from nominations.models import Officer, Seat
    from swecan.emails import build_email

    payload = message.payload
    ends_on = datetime.date.fromisoformat(payload["ends_on"])
    if payload["kind"] == "seat":
        mandate = Seat.objects.select_related("partner", "representative").filter(pk=payload["id"]).first()
        seat = mandate
    else:
        mandate = Officer.objects.select_related("seat__partner", "seat__representative").filter(
            pk=payload["id"]).first()
        seat = mandate.seat if mandate else None
    if mandate is None or mandate.ends_on != ends_on or mandate.vacated_on is not None:
        return False  # the mandate ended early or changed: nothing to remind of any more
    user = get_user_model().objects.get(pk=payload["user_id"])
    batch.send(build_email("mandate-ending", [message.recipient], {
        "recipient_name": user.get_full_name(), "person": seat.representative.name, "partner": seat.partner.name,
        "sector": seat.get_sector_display(), "is_seat": payload["kind"] == "seat",
        "role": mandate.get_role_display() if payload["kind"] != "seat" else "",
        "starts_on": mandate.starts_on, "ends_on": ends_on, "days_left": (ends_on - timezone.localdate()).days,
        "link": _url("kansli_committee"),
    }))
    return True
