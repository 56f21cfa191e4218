"""The yearly nomination round's services (nominations/rounds.py, § 5, § 8.1, R10), the year-1
checklist (nominations/year1.py) and the § 9 review reminder (nominations/tasks.py). "Today" is
2026-11-25 (operating year 1, which began 2026-01-01): a round for the roll of 2027 may be opened
now, one for 2026 may not."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decisions import voting
from decisions.models import Decision
from meetings import services as meeting_services
from nominations import rounds, tasks, year1
from nominations.models import Call, Nomination, NominationRound, Reminder, Year1Duty
from outbox.models import Message
from partnership import services as partnership
from partnership.models import Invitation, Partner, VotingRoll
from tests.decisions.helpers_roll import LATER_DAY, first_and_later, under_way
from tests.meetings import factories as mf
from tests.nominations import helpers_rounds as h
from tests.nominations.helpers_seats import appoint

pytestmark = pytest.mark.django_db

D = datetime.date


def tz_at(day, hour=10):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=mf.STOCKHOLM)


def reason(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# Opening a round -------------------------------------------------------------------------------


def test_a_round_for_2027_opens_with_one_call_per_sector(karin):
    round_ = h.open_round(karin)
    assert round_.year == 2027 and round_.opened_by == karin
    assert sorted(round_.calls.values_list("sector", flat=True)) == sorted(rounds.SECTORS)
    assert round_.calls.get(sector="akademi").selection == "Urval inom akademi"


def test_a_round_for_the_roll_of_operating_year_1_is_refused(karin):
    with pytest.raises(ValidationError) as refused:
        h.open_round(karin, year=2026, deadline=D(2026, 12, 1))
    assert "utan nominering, efter inbjudan från Socialstyrelsen (§ 8.1)" in reason(refused)
    assert not NominationRound.objects.exists()


def test_every_sector_needs_its_call(karin):
    with pytest.raises(ValidationError, match="fem sektorerna"):
        rounds.round_open(by=karin, year=2027, introduction="", calls=h.calls()[:4])


def test_a_call_needs_its_criteria_and_a_deadline_after_today(karin):
    calls = h.calls()
    calls[0]["selection"] = " "
    calls[1]["deadline"] = h.D(2026, 11, 25)
    with pytest.raises(ValidationError) as refused:
        rounds.round_open(by=karin, year=2027, introduction="", calls=calls)
    errors = refused.value.message_dict
    assert "selection_halso_sjukvard" in errors
    assert errors["deadline_akademi"] == ["Sista dag att nominera måste ligga efter i dag."]


def test_the_deadline_is_before_the_years_first_meeting(karin):
    first, _later = first_and_later(karin)
    with pytest.raises(ValidationError) as refused:
        h.open_round(karin, deadline=first.date)
    assert "före årets första sammanträde" in reason(refused)
    assert "20 januari 2027" in reason(refused)


def test_one_round_per_year(karin):
    h.open_round(karin)
    with pytest.raises(ValidationError, match="redan en nomineringsomgång för 2027"):
        h.open_round(karin)


def test_only_the_kansli_opens_a_round(alice):
    with pytest.raises(PermissionDenied):
        rounds.round_open(by=alice, year=2027, introduction="", calls=h.calls())


def test_a_call_is_corrected_until_its_deadline(karin, time_machine):
    call = h.call_of(h.open_round(karin))
    values = h.call_values("akademi", D(2026, 12, 20))
    values.pop("sector")
    values["selection"] = "Nytt urval"
    rounds.call_update(by=karin, call=call, **values)
    call.refresh_from_db()
    assert call.selection == "Nytt urval" and call.deadline == D(2026, 12, 20)
    time_machine.move_to(tz_at(D(2026, 12, 21)), tick=False)
    with pytest.raises(ValidationError, match="har passerat"):
        rounds.call_update(by=karin, call=call, **values)


# Nominating ------------------------------------------------------------------------------------


def test_a_nomination_is_stored_and_the_kansli_told_through_the_outbox(karin):
    call = h.call_of(h.open_round(karin))
    number = h.pf.next_org_number()
    nomination = h.nominate(call, org_number=number.replace("-", ""))  # normalised
    assert nomination.org_number == number
    assert nomination.review == Nomination.Review.RECEIVED
    message = Message.objects.get(kind=rounds.RECEIVED)
    assert message.recipient == "kansli@swecan.example"
    assert message.payload == {"nomination_id": nomination.pk}


def test_the_deadline_day_is_open_and_the_day_after_closed(karin, time_machine):
    call = h.call_of(h.open_round(karin))
    time_machine.move_to(tz_at(h.DEADLINE, hour=23), tick=False)
    h.nominate(call)
    time_machine.move_to(tz_at(h.DEADLINE + datetime.timedelta(days=1), hour=0), tick=False)
    with pytest.raises(ValidationError) as refused:
        h.nominate(call)
    assert "nomineringen är stängd (§ 5)" in reason(refused)
    assert call.nominations.count() == 1


def test_nominating_to_a_roll_of_operating_year_1_is_refused(karin):
    # Such a round cannot be opened; one made anyway (a data import) is still refused.
    round_ = NominationRound.objects.create(year=2026, opened_by=karin)
    call = Call.objects.create(round=round_, sector="akademi", selection="u", competence="k", experience="e",
                               geographic_spread="g", deadline=D(2026, 12, 31))
    with pytest.raises(ValidationError, match="§ 8.1"):
        h.nominate(call)


def test_an_organisation_already_a_partner_is_refused(karin, roll):
    call = h.call_of(h.open_round(karin))
    with pytest.raises(ValidationError) as refused:
        h.nominate(call, org_number=roll[1].partner.org_number)
    assert refused.value.message_dict["org_number"] == [
        f"{roll[1].partner.name} är redan partner i SweCan (eller inbjuden) och behöver inte nomineras."]


def test_an_organisation_is_nominated_once_per_call(karin):
    call = h.call_of(h.open_round(karin))
    first = h.nominate(call)
    with pytest.raises(ValidationError) as refused:
        h.nominate(call, org_number=first.org_number, organisation="Annat namn")
    assert "redan nominerad" in refused.value.message_dict["org_number"][0]
    assert call.nominations.count() == 1


def test_a_nominator_who_is_not_the_organisation_gives_a_name(karin):
    call = h.call_of(h.open_round(karin))
    with pytest.raises(ValidationError) as refused:
        h.nominate(call, self_nomination=False)
    assert set(refused.value.message_dict) == {"nominator_name", "nominator_email"}


# Reviewing -------------------------------------------------------------------------------------


def test_the_kansli_reviews_against_each_criterion(karin):
    nomination = h.review(karin, h.nominate(h.call_of(h.open_round(karin))))
    assert nomination.review == Nomination.Review.ACCEPTED
    assert nomination.reviewed_by == karin and nomination.assessment_geography == "Uppfyllt"
    with pytest.raises(ValidationError) as refused:
        rounds.nomination_review(by=karin, nomination=nomination, review="rejected", assessment_selection="",
                                 assessment_competence="x", assessment_experience="x", assessment_geography="x")
    assert set(refused.value.message_dict) == {"assessment_selection"}


def test_only_the_kansli_reviews(karin, alice):
    nomination = h.nominate(h.call_of(h.open_round(karin)))
    with pytest.raises(PermissionDenied):
        h.review(alice, nomination)


# Compiling and adopting ------------------------------------------------------------------------


def test_the_list_is_compiled_as_the_first_meetings_roll_item(karin, time_machine):
    round_, nomination, first, signed = h.compiled(karin, time_machine)
    item = round_.list_item
    assert item.meeting == first and round_.compiled_by == karin
    assert "Fastställande av röstlängden för 2027" == item.title
    assert "5 partners" in item.description
    assert "Akademi och forskning: Exempeluniversitetet" in item.description
    nomination.refresh_from_db()
    assert nomination.on_list


def test_compiling_again_before_the_decision_redoes_the_list(karin, time_machine):
    round_, nomination, first, _signed = h.compiled(karin, time_machine)
    h.review(karin, nomination, accept=False)
    again = rounds.round_compile(by=karin, round=round_, meeting=first)
    assert again.list_item_id == round_.list_item_id
    nomination.refresh_from_db()
    assert not nomination.on_list
    again.list_item.refresh_from_db()
    assert "Inga nya organisationer" in again.list_item.description


def test_the_list_is_not_compiled_while_nominating_is_open_or_on_another_meeting(karin, roll):
    first, later = first_and_later(karin)
    round_ = h.open_round(karin)
    with pytest.raises(ValidationError, match="fortfarande öppen"):
        rounds.round_compile(by=karin, round=round_, meeting=first)
    assert rounds.compile_refusal(round_, None).startswith("Inget av partnerskapets sammanträden")


def test_the_list_goes_only_to_the_years_first_meeting(karin, roll, time_machine):
    _first, later = first_and_later(karin)
    round_ = h.open_round(karin)
    time_machine.move_to(h.AFTER_DEADLINE, tick=False)
    with pytest.raises(ValidationError, match="årets första sammanträde"):
        rounds.round_compile(by=karin, round=round_, meeting=later)


def test_a_withdrawn_partner_or_a_taken_name_is_not_put_on_the_list(karin, roll, time_machine):
    """A partner that withdrew returns through the kansli's register, with its withdrawal on
    record, not through the list; nor can a nominee take the name of an organisation in the register."""
    from tests.personas import withdrawn_partner

    first, _later = first_and_later(karin)
    withdrawn = withdrawn_partner(by=karin).partner
    round_ = h.open_round(karin)
    h.review(karin, h.nominate(h.call_of(round_, "naringsliv"), organisation="Utträdd Exempel AB (ny)",
                               org_number=withdrawn.org_number))
    h.review(karin, h.nominate(h.call_of(round_, "akademi"), organisation=roll[1].partner.name.upper(),
                               org_number="202100-5489"))
    time_machine.move_to(h.AFTER_DEADLINE, tick=False)
    with pytest.raises(ValidationError) as refused:
        rounds.round_compile(by=karin, round=round_, meeting=first)
    text = " ".join(refused.value.messages)
    assert "Utträdd Exempel AB har trätt ut ur SweCan" in text
    assert f"Det finns redan en organisation som heter {roll[1].partner.name.upper()}" in text
    assert round_.list_item_id is None


def test_the_year_boundary_flow(karin, time_machine, mailoutbox, django_capture_on_commit_callbacks):
    """A round for 2027 opened in November 2026; two organisations nominate; the kansli reviews and
    compiles on the first 2027 meeting; the meeting adopts; the roll of 2027 is fixed with the
    partners who stay; the new partners are invited, one signs and is on the roll, and quorum at a
    later meeting counts the new roll size."""
    signed = mf.signed_roll()
    first, later = first_and_later(karin)
    round_ = h.open_round(karin)
    uni = h.nominate(h.call_of(round_, "akademi"), organisation="Exempeluniversitetet",
                     contact_email="rektor@uni.example")
    firm = h.nominate(h.call_of(round_, "naringsliv"), organisation="Exempel AB", category="company",
                      contact_email="vd@firma.example", contact_name="Vera VD")
    h.review(karin, uni)
    h.review(karin, firm)
    time_machine.move_to(h.AFTER_DEADLINE, tick=False)
    round_ = rounds.round_compile(by=karin, round=round_, meeting=first)
    under_way(first, karin=karin, clock=time_machine, present=signed)

    with django_capture_on_commit_callbacks(execute=True):
        decision = voting.decision_by_consensus(by=karin, item=round_.list_item, wording="Antas.")

    assert decision.outcome == Decision.Outcome.ADOPTED
    round_.refresh_from_db()
    assert round_.decision == decision
    fixed = VotingRoll.objects.get(year=2027)
    assert fixed.entries.count() == 5
    uni.refresh_from_db()
    new = uni.partner
    assert new.status == Partner.Status.INVITED and new.invited_on == h.FIRST_DAY
    assert new.sector == "akademi" and new.org_number == uni.org_number
    assert new.admitted_by == f"Beslut vid sammanträdet 20 januari 2027, § {round_.list_item.position}"
    assert Invitation.objects.filter(partner=new, email="rektor@uni.example").exists()
    assert Message.objects.filter(kind="invitation", recipient="rektor@uni.example").exists()
    [mail] = [m for m in mailoutbox if m.to == ["rektor@uni.example"]]

    # The contact accepts and signs: the partner joins the roll of 2027 under the decision.
    time_machine.move_to(tz_at(D(2027, 2, 1)), tick=False)
    token = re.search(r"/inbjudan/([^/\s]+)/", mail.body).group(1)
    rep = partnership.invitation_accept(token=token, full_name="Karl Kontakt", password="Lösenord-för-test-123",
                                        phone="070-111 22 33")
    partnership.declaration_sign(user=rep.user, partner=new, place="Uppsala", signed_on=D(2027, 2, 1),
                                 signer_name="Karl Kontakt", signer_title="Rektor")
    new.refresh_from_db()
    assert new.status == Partner.Status.ACTIVE
    entry = fixed.entries.get(partner=new)
    assert entry.decision_reference == new.admitted_by
    quorum = meeting_services.quorum_at(later, tz_at(LATER_DAY))
    assert quorum["roll_size"] == 6


def test_a_list_not_adopted_changes_nothing(karin, time_machine):
    round_, nomination, first, signed = h.compiled(karin, time_machine)
    under_way(first, karin=karin, clock=time_machine, present=signed)
    vote = voting.vote_open(by=karin, item=round_.list_item, question="Anta förteckningen?")
    for s, choice in zip(signed, ["no", "no", "no", "yes", "yes"], strict=True):
        voting.ballot_cast(by=s.user, vote=vote, partner=s.partner, choice=choice)
    decision = voting.vote_close(by=karin, vote=vote)
    assert decision.outcome == Decision.Outcome.NOT_ADOPTED
    round_.refresh_from_db()
    assert round_.decision is None
    assert not Partner.objects.filter(org_number=nomination.org_number).exists()


def test_after_the_decision_nothing_is_reviewed_or_compiled_again(karin, time_machine):
    round_, nomination, first, signed = h.compiled(karin, time_machine)
    under_way(first, karin=karin, clock=time_machine, present=signed)
    voting.decision_by_consensus(by=karin, item=round_.list_item, wording="Antas.")
    with pytest.raises(ValidationError, match="redan beslutat"):
        h.review(karin, nomination, accept=False)
    with pytest.raises(ValidationError, match="redan beslutat"):
        rounds.round_compile(by=karin, round=round_, meeting=first)


def test_the_public_outcome_names_organisations_only(karin, time_machine):
    round_, nomination, first, signed = h.compiled(karin, time_machine)
    under_way(first, karin=karin, clock=time_machine, present=signed)
    voting.decision_by_consensus(by=karin, item=round_.list_item, wording="Antas.")
    decided = list(rounds.decided_rounds())
    assert decided == [NominationRound.objects.get(pk=round_.pk)]
    outcome = dict(rounds.admitted_by_sector(decided)[round_.pk])
    assert outcome["Akademi och forskning"] == ["Exempeluniversitetet"]


# The year-1 checklist ------------------------------------------------------------------------


def test_the_year1_checklist_computes_and_takes_marks(karin, roll):
    states = {state.duty.key: state for state in year1.checklist()}
    assert list(states) == list(year1.KEYS)
    assert states["chair"].duty.section == "§ 8.2"
    assert states["evaluation"].computed is None and not states["evaluation"].done
    assert not states["committee"].done and "0 av 15" in states["committee"].computed
    year1.year1_duty_mark(by=karin, key="evaluation", done_on=D(2026, 11, 20), note="Extern granskning.")
    states = {state.duty.key: state for state in year1.checklist()}
    assert states["evaluation"].done and states["evaluation"].mark.note == "Extern granskning."
    # Marking again corrects the one mark.
    year1.year1_duty_mark(by=karin, key="evaluation", done_on=D(2026, 11, 21))
    assert Year1Duty.objects.get().done_on == D(2026, 11, 21)


def test_a_year1_mark_is_refused_for_others_unknown_keys_and_future_days(karin, alice):
    with pytest.raises(PermissionDenied):
        year1.year1_duty_mark(by=alice, key="evaluation", done_on=D(2026, 11, 20))
    with pytest.raises(ValidationError):
        year1.year1_duty_mark(by=karin, key="nope", done_on=D(2026, 11, 20))
    with pytest.raises(ValidationError, match="framtiden"):
        year1.year1_duty_mark(by=karin, key="chair", done_on=D(2026, 11, 26))


# The § 9 review reminder -----------------------------------------------------------------------


def test_the_yearly_review_reminder_goes_once_a_year_from_1_february(karin, roll, time_machine):
    appoint(karin, roll, clock=time_machine, starts_on=D(2027, 1, 1))
    time_machine.move_to(tz_at(D(2027, 1, 31)), tick=False)
    assert tasks.remind_rules_review() == 0
    assert not Message.objects.filter(kind=tasks.RULES_REVIEW).exists()

    time_machine.move_to(tz_at(D(2027, 2, 1)), tick=False)
    assert tasks.remind_rules_review() == 6  # five AU members and the kansli
    recipients = set(Message.objects.filter(kind=tasks.RULES_REVIEW).values_list("recipient", flat=True))
    assert karin.email.lower() in recipients
    assert {s.representative.email.lower() for s in roll} <= recipients
    assert Reminder.objects.filter(key="rules-review:2027").exists()

    time_machine.move_to(tz_at(D(2027, 6, 1)), tick=False)
    assert tasks.remind_rules_review() == 0
    time_machine.move_to(tz_at(D(2028, 2, 3)), tick=False)
    assert tasks.remind_rules_review() == 6
    assert Message.objects.filter(kind=tasks.RULES_REVIEW).count() == 12


def test_the_review_reminder_email_is_written(karin, time_machine, mailoutbox, django_capture_on_commit_callbacks):
    time_machine.move_to(tz_at(D(2027, 2, 1)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.rules_review_due() == 1
    [mail] = [m for m in mailoutbox if m.to == [karin.email.lower()]]
    assert "översynen av arbetsordningen 2027" in mail.subject
    assert "(§ 9)" in mail.body and "/arbetsordning/" in mail.body


def test_the_kansli_is_mailed_a_new_nomination(karin, mailoutbox, django_capture_on_commit_callbacks):
    call = h.call_of(h.open_round(karin))
    with django_capture_on_commit_callbacks(execute=True):
        nomination = h.nominate(call, organisation="Exempel AB")
    [mail] = [m for m in mailoutbox if m.to == ["kansli@swecan.example"]]
    assert "Ny nominering: Exempel AB (Akademi och forskning)" in mail.subject
    assert f"/kansli/nominering/nominering/{nomination.pk}/" in mail.body
