"""The demo partnership of SweCan's first year, replayed through `partnership.services`.

So the year-1 caps (§ 8.1) are checked on every invitation exactly as in the portal.
The static lists live in `partnership.demo_data`; `swecan.demo` runs this step first.
"""

import datetime

from django.utils import timezone

from partnership import demo_data, services
from partnership.models import Invitation, Partner, Representative, VotingRoll, hash_token
from swecan.demo_accounts import DEMO_PASSWORD


def on_day(day: datetime.date):
    """The clock at 09:00 on `day` (Stockholm), as when this step happened."""
    from zoneinfo import ZoneInfo

    import time_machine

    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(9), tzinfo=ZoneInfo("Europe/Stockholm")), tick=False
    )


def seed_partnership(kansli) -> str | None:
    """Partners, representatives, declarations, the roll and a withdrawal.

    Returns what was made, in a line for the console; None if the demo partnership exists.
    """
    if Partner.objects.filter(name=demo_data.SEEDED_MARKER).exists():
        return None
    today = timezone.localdate()
    if services.current_declaration_text() is None:
        services.declaration_text_publish(by=kansli, text=demo_data.DECLARATION_TEXT)
    days = demo_data.signing_days()
    person = 0  # running index into the invented names and phone numbers
    running = 0  # running number of the invented organisation numbers
    for running, org in enumerate(demo_data.INVITED, start=1):
        name = demo_data.person_name(person)
        if org.name in demo_data.UNSIGNED:
            _invite(kansli, org, running, name)  # today: the invitation stays open
            person += 1
            continue
        # The year is replayed on each step's own day: invited a week before signing.
        signing_day = min(days[(running * 7) % len(days)], today)
        with on_day(signing_day - datetime.timedelta(days=7)):
            rep = _accept(_invite(kansli, org, running, name), name, person)
            person += 1
        with on_day(signing_day):
            services.declaration_sign(
                user=rep.user, partner=rep.partner, place=org.city, signed_on=signing_day,
                signer_name=rep.name, signer_title=rep.title,
            )
            if org.name in demo_data.WITH_DEPUTY:
                deputy = demo_data.person_name(person)
                titles = demo_data.DEPUTY_TITLES
                invitation = services.deputy_invite(
                    by=rep.user, partner=rep.partner, name=deputy,
                    email=demo_data.person_email(deputy, org), title=titles[person % len(titles)],
                )
                _accept(invitation, deputy, person)
                person += 1

    # Over the civil-society cap: registered, waiting for the year-2 nomination round.
    for number, org in enumerate(demo_data.PROSPECTS, start=running + 1):
        services.partner_register_prospect(by=kansli, partner_fields=demo_data.partner_fields(org, number))

    if not VotingRoll.objects.filter(year=demo_data.VOTING_ROLL_YEAR).exists():
        with on_day(demo_data.VOTING_ROLL_FIXED_ON):
            services.voting_roll_fix(
                by=kansli, year=demo_data.VOTING_ROLL_YEAR,
                fixed_on=demo_data.VOTING_ROLL_FIXED_ON, note=demo_data.VOTING_ROLL_NOTE,
            )

    received = min(demo_data.WITHDRAWAL_RECEIVED_ON, today)
    with on_day(received):
        services.withdrawal_register(
            by=kansli, partner=Partner.objects.get(name=demo_data.WITHDRAWN),
            request_received_on=received, note=demo_data.WITHDRAWAL_NOTE,
        )
    counts = services.sector_counts()
    return ("Demopartnerskapet skapat: "
            + ", ".join(f"{sector} {n}" for sector, n in counts.items())
            + f" inbjudna eller partner; {len(demo_data.PROSPECTS)} väntar på nominering.")


def _invite(kansli, org, running, name):
    titles = demo_data.PRIMARY_TITLES[org.category]
    return services.partner_create_and_invite(
        by=kansli, partner_fields=demo_data.partner_fields(org, running), name=name,
        email=demo_data.person_email(name, org), title=titles[running % len(titles)],
    )


def _accept(invitation, full_name, person):
    # Seed-only shortcut: the services never hand out an invitation's token (only its
    # SHA-256 is stored; the link goes out by e-mail), so give the invitation a token we
    # know and follow it like the invited person would. Acceptable here, nowhere else.
    token = Invitation.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))  # history: token_hash is excluded from the history
    return services.invitation_accept(
        token=token, full_name=full_name, password=DEMO_PASSWORD, phone=demo_data.phone(person)
    )


def representative_logins() -> list[tuple[str, str]]:
    """(label, e-mail) of the demo representatives one logs in as."""
    logins = []
    for label, partner_name, role in demo_data.LOGIN_REPRESENTATIVES:
        rep = (
            Representative.objects.filter(partner__name=partner_name, role=role, active=True, user__isnull=False)
            .select_related("user")
            .first()
        )
        if rep:
            logins.append((label, rep.user.email))
    return logins
