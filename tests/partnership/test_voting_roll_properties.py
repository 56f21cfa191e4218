"""Properties of the voting roll: the query agrees with the rule written out in plain Python."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership import services
from partnership.models import Partner, SignedDeclaration, Withdrawal
from swecan import rules
from tests.partnership.factories import DECLARATION_TEXT, make_partner, publish_text

pytestmark = pytest.mark.django_db

BASE = datetime.date(2026, 1, 5)
SPAN = 60  # days after BASE that partners may sign or withdraw on
EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# One partner's story: when it signed (and perhaps re-signed a new text version), when it
# withdrew, in day offsets from BASE. None means "never".
offsets = st.integers(min_value=0, max_value=SPAN)
story = st.fixed_dictionaries(
    {
        "sector": st.sampled_from(rules.SECTORS),
        "signed": st.none() | offsets,
        "signed_again_after": st.none() | st.integers(min_value=0, max_value=20),
        "withdrawn": st.none() | offsets,
    }
)
stories = st.lists(story, max_size=8)


class _Rollback(Exception):
    """Raised at the end of an example so its rows vanish before the next one."""


def day(offset: int) -> datetime.date:
    return BASE + datetime.timedelta(days=offset)


def on_roll_by_the_rule(s: dict, d: datetime.date) -> bool:
    """§ 5.3: signed on or before the day, and not withdrawn on or before it."""
    signed = s["signed"] is not None and day(s["signed"]) <= d
    withdrawn = s["withdrawn"] is not None and day(s["withdrawn"]) <= d
    return signed and not withdrawn


@pytest.fixture
def texts(karin):
    return publish_text(karin), publish_text(karin, text=DECLARATION_TEXT + "\n\nVersion två.")


def build(stories_, texts, kansli) -> list[Partner]:
    """Write each story straight to the tables the roll is read from."""
    first_text, second_text = texts
    partners = []
    for s in stories_:
        if s["withdrawn"] is not None:
            status = Partner.Status.WITHDRAWN
        elif s["signed"] is not None:
            status = Partner.Status.ACTIVE
        else:
            status = Partner.Status.INVITED
        partner = make_partner(sector=s["sector"], status=status, invited_on=BASE)
        if s["signed"] is not None:
            signatures = [(first_text, day(s["signed"]))]
            if s["signed_again_after"] is not None:
                signatures.append((second_text, day(s["signed"] + s["signed_again_after"])))
            for text, signed_on in signatures:
                SignedDeclaration.objects.create(
                    partner=partner, text=text, signed_text=text.text_for(partner),
                    text_sha256="0" * 64, place="Umeå", signed_on=signed_on,
                    signer_name="Signe Signatur", signer_title="Ordförande", signed_by=kansli,
                )
        if s["withdrawn"] is not None:
            Withdrawal.objects.create(
                partner=partner, request_received_on=day(s["withdrawn"]), registered_by=kansli
            )
        partners.append(partner)
    return partners


def in_throwaway_transaction(check):
    try:
        with transaction.atomic():
            check()
            raise _Rollback
    except _Rollback:
        pass


@EXAMPLES
@given(stories_=stories)
def test_the_unfixed_roll_is_exactly_the_signed_and_not_withdrawn(stories_, texts, karin):
    def check():
        partners = build(stories_, texts, karin)
        for offset in range(-1, SPAN + 2):
            d = day(offset)
            expected = {p.pk for p, s in zip(partners, stories_, strict=True)
                        if on_roll_by_the_rule(s, d)}
            assert {p.pk for p in services.voting_roll_on(d)} == expected, d

    in_throwaway_transaction(check)


@EXAMPLES
@given(stories_=stories, fixed=offsets)
def test_a_fixed_roll_is_the_snapshot_less_those_who_withdrew(stories_, fixed, texts, karin):
    fixed_on = day(fixed)

    def check():
        partners = build(stories_, texts, karin)
        pairs = list(zip(partners, stories_, strict=True))
        snapshot = {p.pk for p, s in pairs if on_roll_by_the_rule(s, fixed_on)}
        if not snapshot:
            with pytest.raises(ValidationError):
                services.voting_roll_fix(by=karin, year=fixed_on.year, fixed_on=fixed_on)
            return
        services.voting_roll_fix(by=karin, year=fixed_on.year, fixed_on=fixed_on)
        for offset in range(fixed, SPAN + 2):
            d = day(offset)
            still_on = {
                p.pk for p, s in pairs
                if p.pk in snapshot and (s["withdrawn"] is None or day(s["withdrawn"]) > d)
            }
            assert {p.pk for p in services.voting_roll_on(d)} == still_on, d
        # Before the fixing day the year is read as if no roll were fixed.
        before = day(fixed - 1)
        if before.year == fixed_on.year:
            expected = {p.pk for p, s in pairs if on_roll_by_the_rule(s, before)}
            assert {p.pk for p in services.voting_roll_on(before)} == expected

    in_throwaway_transaction(check)


@EXAMPLES
@given(stories_=stories, fixed=st.none() | offsets)
def test_one_partners_roll_days_agree_with_the_roll_query(stories_, fixed, texts, karin):
    """`partner_on_roll_days` (for one partner, many days) and `voting_roll_on` (one day, all
    partners) are two readings of the same rule."""

    def check():
        partners = build(stories_, texts, karin)
        if fixed is not None:
            try:
                services.voting_roll_fix(by=karin, year=BASE.year, fixed_on=day(fixed))
            except ValidationError:
                pass  # nobody to put on the roll that day
        days = [day(offset) for offset in range(-1, SPAN + 2)]
        on_roll = {d: {p.pk for p in services.voting_roll_on(d)} for d in days}
        for partner in partners:
            expected = {d for d in days if partner.pk in on_roll[d]}
            assert services.partner_on_roll_days(partner.pk, days) == expected

    in_throwaway_transaction(check)
