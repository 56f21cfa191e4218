"""History without gaps: every change a service makes is in the history, naming who acted.

The services are found, not listed: a public function of a project app (services.py,
or any other module such as swecan/gdpr.py) whose signature has a keyword-only `by` or
`user` changes state; read-only helpers take no actor. Each one needs a
scenario below, so a new service cannot be added without showing that its changes
are attributed. A scenario sets the scene with the shared factories, then calls its
service once through `scene.call`, which compares every history-tracked table before
and after: every new history row must name the acting user, and every row created,
changed or deleted must have one.
"""

import ast
import datetime
import importlib
import inspect
import zoneinfo
from collections.abc import Callable

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from decisions import preparation, schedule
from decisions import services as cases
from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from outbox import services as outbox
from outbox.models import Message
from partnership import services as partnership
from partnership.models import Invitation, Partner, VotingRoll, hash_token
from swecan import contacts, gdpr
from swecan.models import User
from tests.decisions.helpers_prepare import HISTORY_SCENARIOS as PREPARATION_SCENARIOS
from tests.meetings import factories as mf
from tests.partnership import factories as pf

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("swecan", "partnership", "meetings", "decisions", "nominations", "outbox")
ACTOR_PARAMETERS = ("by", "user")

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=STOCKHOLM)  # operating year 1
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _year1(settings, time_machine):
    settings.SWECAN_YEAR1_START = datetime.date(2026, 1, 1)
    time_machine.move_to(NOW, tick=False)


# Finding the services ---------------------------------------------------------------------


def _qualified(function) -> str:
    return f"{function.__module__}.{function.__name__}"


def _takes_an_actor(node) -> bool:
    return isinstance(node, ast.FunctionDef) and any(
        arg.arg in ACTOR_PARAMETERS for arg in node.args.kwonlyargs
    )


def _service_modules():
    """Every module of the project apps that defines a function taking an actor by keyword
    (read with `ast`, so that only those modules are imported)."""
    base = settings.BASE_DIR
    for app in PROJECT_APPS:
        for path in sorted((base / app).rglob("*.py")):
            parts = path.relative_to(base).with_suffix("").parts
            if "migrations" in parts or not any(map(_takes_an_actor, ast.parse(path.read_text()).body)):
                continue
            yield importlib.import_module(".".join(p for p in parts if p != "__init__"))


# What the system does with no one acting (declaration_store_pdf, the outbox's claim,
# finish and sweep, reminders_due) takes no actor and is not covered here: its history
# rows name no one, which the history pages show as "systemet".
def state_changing_services() -> dict[str, Callable]:
    """Public functions defined in a project module that take the actor as a keyword."""
    found = {}
    for module in _service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameters = inspect.signature(function).parameters
            if any(parameters[p].kind is inspect.Parameter.KEYWORD_ONLY
                   for p in ACTOR_PARAMETERS if p in parameters):
                found[_qualified(function)] = function
    return found


# Watching the history ---------------------------------------------------------------------


def _tracked_models():
    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


def _history(model):
    return getattr(model, model._meta.simple_history_manager_attribute)


def _snapshot() -> dict:
    """Per tracked model: its rows (the fields the history keeps) and its history row ids."""
    state = {}
    for model in _tracked_models():
        history = _history(model)
        fields = [f.attname for f in history.model.tracked_fields]
        rows = {row[0]: row for row in model._base_manager.values_list("pk", *fields)}
        state[model] = (rows, set(history.values_list("pk", flat=True)))
    return state


def _findings(before: dict, after: dict, actor) -> list[str]:
    findings = []
    new_rows = 0
    for model, (rows_after, _ids) in after.items():
        rows_before, ids_before = before[model]
        new = list(_history(model).exclude(pk__in=ids_before).select_related("history_user"))
        new_rows += len(new)
        for record in new:
            if record.history_user_id != actor.pk:
                findings.append(
                    f"{model.__name__} {getattr(record, model._meta.pk.attname)}: history row "
                    f"({record.history_type}) names {record.history_user!r}, not {actor!r}"
                )
        recorded = {getattr(record, model._meta.pk.attname) for record in new}
        changed = {pk for pk in rows_before.keys() | rows_after.keys()
                   if rows_before.get(pk) != rows_after.get(pk)}
        findings += [f"{model.__name__} {pk}: changed without a history row"
                     for pk in sorted(changed - recorded)]
    if not new_rows:
        findings.append("no history row at all: the change is not recorded")
    return findings


class Scene:
    """What a scenario gets: `call` runs its service under watch; `clock` moves time."""

    def __init__(self, name: str, clock):
        self.name = name
        self.clock = clock
        self.calls = 0
        self.findings: list[str] = []

    def call(self, service, /, *args, actor=None, **kwargs):
        """Call the service; the actor is its `by` or `user` unless given (a user, or a
        callable that finds the user after the call)."""
        assert _qualified(service) == self.name, f"the scenario for {self.name} calls {_qualified(service)}"
        before = _snapshot()
        # Work promised for after the commit (e-mails, PDFs) is done later by the system
        # (the outbox); it never runs here, as the test's transaction never commits.
        service(*args, **kwargs)
        if actor is None:
            actor = kwargs.get("by") or kwargs.get("user")
        elif callable(actor):
            actor = actor()
        assert actor is not None, "the scenario must name the acting user"
        self.findings = _findings(before, _snapshot(), actor)
        self.calls += 1


# The scenarios: service name -> {variant: scenario} ----------------------------------------

SCENARIOS: dict[str, dict[str, Callable[[Scene], None]]] = {}


def scenario(service, variant: str = "default"):
    def register(function):
        SCENARIOS.setdefault(_qualified(service), {})[variant] = function
        return function

    return register


def kansli():
    return mf.officer()


def open_invitation(*, email="ingrid@partner.example") -> tuple[Invitation, str]:
    """An invitation from the kansli, with a token we know (the real one is only in the e-mail)."""
    invitation = pf.invite_partner(by=kansli(), email=email)
    token = Invitation.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
    return invitation, token


def failed(message: Message) -> Message:
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, attempts=5,
                                                 last_error="550 mailbox unavailable")
    message.refresh_from_db()
    return message


# Partnership

@scenario(partnership.partner_create_and_invite)
def _(scene):
    scene.call(partnership.partner_create_and_invite, by=kansli(), partner_fields=pf.partner_fields(),
               name="Ingrid Inbjuden", email="ingrid@partner.example")


@scenario(partnership.partner_invite)
def _(scene):
    # A prospect's turn: the partner takes a place under the cap and gets an invitation.
    prospect = pf.make_partner(status=Partner.Status.PROSPECTIVE)
    scene.call(partnership.partner_invite, by=kansli(), partner=prospect, name="Ingrid Inbjuden",
               email="ingrid@partner.example")


@scenario(partnership.invitation_revoke)
def _(scene):
    invitation, _token = open_invitation()
    scene.call(partnership.invitation_revoke, by=kansli(), invitation=invitation)


@scenario(partnership.invitation_resend)
def _(scene):
    # The organisation had declined: resending revokes nothing new but invites it again.
    invitation, _token = open_invitation()
    partnership.partner_mark_declined(by=kansli(), partner=invitation.partner)
    scene.call(partnership.invitation_resend, by=kansli(), invitation=invitation)


@scenario(partnership.invitation_accept, "a new account")
def _(scene):
    invitation, token = open_invitation()
    # The invited person acts as the account the acceptance creates.
    scene.call(partnership.invitation_accept, token=token, full_name="Ingrid Inbjuden",
               password=pf.PASSWORD, phone="070-123 45 67",
               actor=lambda: User.objects.get(email=invitation.email))


@scenario(partnership.invitation_accept, "logged in")
def _(scene):
    invitation, token = open_invitation()
    user = pf.make_user(email=invitation.email)
    scene.call(partnership.invitation_accept, token=token, user=user)


@scenario(partnership.deputy_invite)
def _(scene):
    primary = pf.signed_partner()
    scene.call(partnership.deputy_invite, by=primary.user, partner=primary.partner,
               name="Doris Deputy", email="doris@partner.example")


@scenario(partnership.partner_update)
def _(scene):
    partner = pf.make_partner()
    scene.call(partnership.partner_update, by=kansli(), partner=partner, fields={"city": "Luleå"})


@scenario(partnership.partner_register_prospect)
def _(scene):
    scene.call(partnership.partner_register_prospect, by=kansli(), partner_fields=pf.partner_fields())


@scenario(partnership.declaration_text_publish)
def _(scene):
    scene.call(partnership.declaration_text_publish, by=kansli(), text=pf.DECLARATION_TEXT)


def _sign(scene, partner):
    rep = pf.make_representative(partner)
    scene.call(partnership.declaration_sign, user=rep.user, partner=partner, place="Umeå",
               signed_on=TODAY, signer_name=rep.name, signer_title="Regiondirektör")


@scenario(partnership.declaration_sign, "first signature")
def _(scene):
    pf.publish_text(kansli())
    _sign(scene, pf.make_partner())


@scenario(partnership.declaration_sign, "joins the fixed roll in year 1")
def _(scene):
    pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    partnership.voting_roll_fix(by=kansli(), year=2026, fixed_on=datetime.date(2026, 2, 2))
    _sign(scene, pf.make_partner())


@scenario(partnership.declaration_pdf_render_again)
def _(scene):
    signed = pf.signed_partner()  # its PDF was never rendered: the outbox never ran
    scene.call(partnership.declaration_pdf_render_again, by=kansli(), declaration=signed.declaration)


@scenario(partnership.withdrawal_register)
def _(scene):
    # The partner leaves with a deputy invitation open and a representative acting.
    signed = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    partnership.deputy_invite(by=signed.user, partner=signed.partner, name="Doris Deputy",
                              email="doris@partner.example")
    scene.call(partnership.withdrawal_register, by=kansli(), partner=signed.partner,
               request_received_on=TODAY, note="Brev från styrelsen")


@scenario(partnership.voting_roll_fix)
def _(scene):
    pf.signed_partner(signed_on=datetime.date(2026, 1, 10), sector="akademi")
    pf.signed_partner(signed_on=datetime.date(2026, 1, 10), sector="naringsliv")
    scene.call(partnership.voting_roll_fix, by=kansli(), year=2026, fixed_on=TODAY)


@scenario(partnership.voting_roll_add)
def _(scene):
    signed = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    # A roll fixed before this partner signed, so it is not on it yet.
    VotingRoll.objects.create(year=2026, fixed_on=datetime.date(2026, 1, 5), fixed_by=kansli())
    scene.call(partnership.voting_roll_add, by=kansli(), partner=signed.partner, from_date=TODAY,
               decision_reference="Partnerskapets sammanträde 2026-11-20 § 4")


@scenario(partnership.partner_mark_declined)
def _(scene):
    invitation, _token = open_invitation()
    scene.call(partnership.partner_mark_declined, by=kansli(), partner=invitation.partner)


# Meetings

def planned(**kwargs) -> Meeting:
    return mf.plan(by=kansli(), days_ahead=40, **kwargs)


def noticed() -> tuple[Meeting, pf.SignedPartner]:
    """A noticed partnership meeting with one signed partner called to it."""
    signed = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    return mf.noticed(by=kansli()), signed


@scenario(meetings.meeting_plan)
def _(scene):
    # The arbetsutskott calls named people: the participants are history too.
    called = pf.make_user(email="au@partner.example")
    fields = mf.meeting_fields(starts_at=mf.local(TODAY + datetime.timedelta(days=20)),
                               title="AU-möte", body=Meeting.Body.COMMITTEE, participants=[called])
    scene.call(meetings.meeting_plan, by=kansli(), fields=fields)


@scenario(meetings.meeting_update)
def _(scene):
    # After the notice a new place is told to everyone called.
    meeting, _signed = noticed()
    scene.call(meetings.meeting_update, by=kansli(), meeting=meeting, fields={"place": "Umeå"})


@scenario(meetings.agenda_item_add)
def _(scene):
    scene.call(meetings.agenda_item_add, by=kansli(), meeting=planned(), title="Budget 2027",
               kind=AgendaItem.Kind.DECISION)


@scenario(meetings.agenda_item_move)
def _(scene):
    meeting = planned()
    mf.add_item(meeting, by=kansli(), title="Första")
    second = mf.add_item(meeting, by=kansli(), title="Andra")
    scene.call(meetings.agenda_item_move, by=kansli(), item=second, direction=-1)


@scenario(meetings.agenda_item_remove)
def _(scene):
    meeting = planned()
    first = mf.add_item(meeting, by=kansli(), title="Första")
    mf.add_item(meeting, by=kansli(), title="Andra")  # moves up when the first goes
    scene.call(meetings.agenda_item_remove, by=kansli(), item=first)


@scenario(meetings.document_upload)
def _(scene):
    scene.call(meetings.document_upload, by=kansli(), meeting=planned(), title="Underlag",
               uploaded=mf.upload("underlag.pdf"))


@scenario(meetings.agenda_item_update)
def _(scene):
    # After the notice the item is marked as changed: that flag is history too.
    meeting, _signed = noticed()
    scene.call(meetings.agenda_item_update, by=kansli(), item=meeting.agenda_items.get(),
               title="Budget 2027, rättad", kind=AgendaItem.Kind.DECISION)


@scenario(meetings.document_replace)
def _(scene):
    document = mf.add_document(planned(), by=kansli())
    scene.call(meetings.document_replace, by=kansli(), document=document,
               uploaded=mf.upload("rattad.pdf"))


@scenario(meetings.document_withdraw)
def _(scene):
    document = mf.add_document(planned(), by=kansli())
    scene.call(meetings.document_withdraw, by=kansli(), document=document, reason="Fel fil.")


@scenario(meetings.notice_send)
def _(scene):
    pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    meeting = planned()
    mf.add_item(meeting, by=kansli())
    scene.call(meetings.notice_send, by=kansli(), meeting=meeting)


@scenario(meetings.notice_resend_failed)
def _(scene):
    meeting, _signed = noticed()
    failed(meeting.deliveries.get().message)
    scene.call(meetings.notice_resend_failed, by=kansli(), meeting=meeting)


def opened_for_check_in(scene, meeting):
    """Presence is recorded at the meeting: the kansli opens it and the clock is at its start."""
    scene.clock.move_to(meeting.starts_at, tick=False)
    return meetings.meeting_set_state(by=kansli(), meeting=meeting, state=Meeting.State.OPEN)


@scenario(meetings.attendance_register)
def _(scene):
    meeting, signed = noticed()
    opened_for_check_in(scene, meeting)
    scene.call(meetings.attendance_register, by=signed.user, meeting=meeting, partner=signed.partner,
               arrived_at=meeting.starts_at, representatives=[signed.representative])


@scenario(meetings.attendance_depart)
def _(scene):
    meeting, signed = noticed()
    opened_for_check_in(scene, meeting)
    attendance = meetings.attendance_register(by=signed.user, meeting=meeting, partner=signed.partner,
                                              arrived_at=meeting.starts_at)
    scene.call(meetings.attendance_depart, by=signed.user, attendance=attendance,
               departed_at=meeting.starts_at + datetime.timedelta(hours=1))


@scenario(meetings.advance_answer_set)
def _(scene):
    meeting, signed = noticed()
    scene.call(meetings.advance_answer_set, by=signed.user, meeting=meeting, partner=signed.partner,
               answer="coming", representative=signed.representative, note="Vi kommer två")


@scenario(meetings.meeting_set_state)
def _(scene):
    meeting, _signed = noticed()
    scene.clock.move_to(meeting.starts_at + datetime.timedelta(hours=1), tick=False)
    scene.call(meetings.meeting_set_state, by=kansli(), meeting=meeting, state=Meeting.State.HELD)


# The outbox

def invitation_message() -> Message:
    invitation, _token = open_invitation()
    return Message.objects.get(payload__invitation_id=invitation.pk)


@scenario(outbox.enqueue)
def _(scene):
    invitation, _token = open_invitation()
    scene.call(outbox.enqueue, "invitation", key=f"history-test:{invitation.pk}",
               recipient=invitation.email, payload={"invitation_id": invitation.pk}, by=kansli())


@scenario(outbox.enqueue_many)
def _(scene):
    invitation, _token = open_invitation()
    items = [(f"history-test:{invitation.pk}:{n}", invitation.email, {"invitation_id": invitation.pk})
             for n in range(2)]
    scene.call(outbox.enqueue_many, "invitation", items, by=kansli())


@scenario(outbox.message_retry)
def _(scene):
    scene.call(outbox.message_retry, by=kansli(), message=failed(invitation_message()))


@scenario(outbox.messages_retry)
def _(scene):
    scene.call(outbox.messages_retry, by=kansli(), messages=[failed(invitation_message())])


@scenario(outbox.message_request_again)
def _(scene):
    signed = pf.signed_partner()
    message = Message.objects.get(payload__declaration_id=signed.declaration.pk)
    Message.objects.filter(pk=message.pk).update(status=Message.Status.DONE, done_at=timezone.now())
    scene.call(outbox.message_request_again, by=kansli(), kind=message.kind, key=message.key,
               payload=message.payload)


# Personal data

@scenario(gdpr.person_pseudonymise)
def _(scene):
    # A representative who came by invitation, signed, and left with their partner.
    pf.publish_text(kansli())
    invitation, token = open_invitation(email="lena@partner.example")
    rep = partnership.invitation_accept(token=token, full_name="Lena Lämnat", password=pf.PASSWORD)
    partnership.declaration_sign(user=rep.user, partner=rep.partner, place="Umeå", signed_on=TODAY,
                                 signer_name=rep.name, signer_title="VD")
    partnership.withdrawal_register(by=kansli(), partner=rep.partner, request_received_on=TODAY)
    scene.call(gdpr.person_pseudonymise, by=kansli(), user=rep.user)


# Public contact details

CHAIR = {"name": "Annika Ekstrand", "title": "Avdelningschef", "organisation": "Socialstyrelsen",
         "email": "ordforande@swecan.example", "phone": "08-465 004 01"}


@scenario(contacts.chair_contact_save, "first published")
def _(scene):
    scene.call(contacts.chair_contact_save, role="chair", by=kansli(), **CHAIR)


@scenario(contacts.chair_contact_save, "a new chair")
def _(scene):
    contacts.chair_contact_save(role="chair", by=kansli(), **CHAIR)
    other = mf.officer(email="kalle@socialstyrelsen.example", full_name="Kalle Kansli")
    scene.call(contacts.chair_contact_save, role="chair", by=other,
               **{**CHAIR, "name": "Nils Nyström", "phone": ""})


# Cases

def _case_draft(submitter):
    return cases.case_draft_save(by=submitter.user, partner=submitter.partner, fields=CASE_TEMPLATE)


CASE_TEMPLATE = {"title": "Gemensam rehabiliteringsplan", "background": "Olika stöd i regionerna.",
                 "problem_or_opportunity": "Ojämlik rehabilitering.", "proposal": "Uppdrag till AU.",
                 "justification": "Jämlik vård.", "goals": "Jämlik cancervård.",
                 "strategy_area": "rehabilitation", "consequences": "Underlag under våren."}


@scenario(cases.case_draft_save, "a new draft")
def _(scene):
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    scene.call(cases.case_draft_save, by=submitter.user, partner=submitter.partner, fields=CASE_TEMPLATE)


@scenario(cases.case_draft_save, "a draft resumed")
def _(scene):
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    case = _case_draft(submitter)
    scene.call(cases.case_draft_save, by=submitter.user, partner=submitter.partner, case=case,
               fields={"background": "Mer bakgrund."})


@scenario(cases.case_submit)
def _(scene):
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    mf.plan(by=kansli(), days_ahead=60)  # a meeting the case is in time for
    scene.call(cases.case_submit, by=submitter.user, case=_case_draft(submitter))


def _cosigners():
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10), sector="akademi")
    cosigner = pf.signed_partner(signed_on=datetime.date(2026, 1, 10), sector="naringsliv")
    return submitter, cosigner, _case_draft(submitter)


@scenario(cases.case_cosign_request)
def _(scene):
    submitter, cosigner, case = _cosigners()
    scene.call(cases.case_cosign_request, by=submitter.user, case=case, partner=cosigner.partner)


@scenario(cases.case_cosign_confirm)
def _(scene):
    submitter, cosigner, case = _cosigners()
    cosignature = cases.case_cosign_request(by=submitter.user, case=case, partner=cosigner.partner)
    scene.call(cases.case_cosign_confirm, by=cosigner.user, cosignature=cosignature)


@scenario(cases.case_withdraw)
def _(scene):
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    case = cases.case_submit(by=submitter.user, case=_case_draft(submitter)).case
    scene.call(cases.case_withdraw, by=submitter.user, case=case)


@scenario(cases.case_document_add)
def _(scene):
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    scene.call(cases.case_document_add, by=submitter.user, case=_case_draft(submitter), title="Underlag",
               uploaded=mf.upload("underlag.pdf"))


def _consultation_of(sector: str):

    officer = kansli()
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10), sector="akademi")
    case = cases.case_submit(by=submitter.user, case=_case_draft(submitter)).case
    case = preparation.case_start_preparation(by=officer, case=case)
    return preparation.consultation_open(by=officer, case=case, question="Vad anser ni?", sectors=[sector],
                                         deadline=TODAY + datetime.timedelta(days=10))


@scenario(cases.consultation_answer_set, "a first answer")
def _(scene):
    consultation = _consultation_of("civilsamhalle")
    answering = pf.signed_partner(signed_on=datetime.date(2026, 1, 10), sector="civilsamhalle")
    scene.call(cases.consultation_answer_set, by=answering.user, consultation=consultation,
               partner=answering.partner, text="Vi stöder förslaget.")


@scenario(cases.consultation_answer_set, "an answer changed")
def _(scene):
    consultation = _consultation_of("civilsamhalle")
    answering = pf.signed_partner(signed_on=datetime.date(2026, 1, 10), sector="civilsamhalle")
    cases.consultation_answer_set(by=answering.user, consultation=consultation, partner=answering.partner,
                                  text="Vi stöder förslaget.")
    scene.call(cases.consultation_answer_set, by=answering.user, consultation=consultation,
               partner=answering.partner, text="Vi stöder förslaget, med en reservation.")


@scenario(schedule.cases_retarget)
def _(scene):
    # The kallelse went out today instead of on the planned day (written directly, so that the
    # service under watch is the one that moves the case now late, and promises its e-mail).
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10))
    winter = mf.plan(by=kansli(), days_ahead=60)
    mf.plan(by=kansli(), days_ahead=120)
    cases.case_submit(by=submitter.user, case=_case_draft(submitter))
    mf.mark_noticed(winter)
    scene.call(schedule.cases_retarget, by=kansli(), meeting=winter)


# Preparing a case: the scenarios live with the preparation tests' helpers.
for _service, _play in PREPARATION_SCENARIOS.items():
    scenario(_service)(_play)


# Decisions and votes (issue 10, decisions/voting.py): the scenarios live with the voting tests' helpers.
from tests.decisions.helpers_vote import HISTORY_SCENARIOS as VOTING_SCENARIOS  # noqa: E402

for _service, _play in VOTING_SCENARIOS.items():
    scenario(_service)(_play)
# End of decisions and votes.

# The voting roll as a decision (decisions/roll.py): the scenarios live with its tests' helpers.
from tests.decisions.helpers_roll import HISTORY_SCENARIOS as ROLL_SCENARIOS  # noqa: E402

for _service, _variants in ROLL_SCENARIOS.items():
    for _variant, _play in _variants.items():
        scenario(_service, _variant)(_play)


# The speakers' list (decisions/speakers.py): the scenarios live with its tests' helpers.
from tests.decisions.helpers_speakers import HISTORY_SCENARIOS as SPEAKER_SCENARIOS  # noqa: E402

for _service, _play in SPEAKER_SCENARIOS.items():
    scenario(_service)(_play)


# The minutes (decisions/minutes.py): the scenarios live with its tests' helpers.
from tests.decisions.helpers_minutes import HISTORY_SCENARIOS as MINUTES_SCENARIOS  # noqa: E402

for _service, _play in MINUTES_SCENARIOS.items():
    scenario(_service)(_play)


# The AU's seats, working groups and nomination rounds (nominations/): the scenarios live with their
# tests' helpers, {service: {variant: play}}.
from tests.nominations.helpers_groups import HISTORY_SCENARIOS as GROUP_SCENARIOS  # noqa: E402
from tests.nominations.helpers_rounds import HISTORY_SCENARIOS as ROUND_SCENARIOS  # noqa: E402
from tests.nominations.helpers_seats import HISTORY_SCENARIOS as SEAT_SCENARIOS  # noqa: E402

for _scenarios in (SEAT_SCENARIOS, GROUP_SCENARIOS, ROUND_SCENARIOS):
    for _service, _variants in _scenarios.items():
        for _variant, _play in _variants.items():
            scenario(_service, _variant)(_play)


# The tests ----------------------------------------------------------------------------------


def test_every_state_changing_service_has_a_scenario():
    services = set(state_changing_services())
    assert services, "no service functions found: the discovery is broken"
    missing = sorted(services - set(SCENARIOS))
    assert not missing, (
        "state-changing services without a scenario in tests/test_history_complete.py: "
        + ", ".join(missing)
    )
    # A scenario for a service that no longer takes an actor, or no longer exists, is stale.
    assert not sorted(set(SCENARIOS) - services)


def test_read_only_helpers_are_not_taken_for_services():
    services = state_changing_services()
    assert "partnership.services.partner_update" in services
    assert "meetings.services.is_called" not in services  # `user` is positional
    assert "meetings.services.quorum_at" not in services


@pytest.mark.parametrize(
    ("name", "variant"),
    [(name, variant) for name, variants in SCENARIOS.items() for variant in variants],
    ids=lambda value: value,
)
def test_the_service_records_history_naming_the_acting_user(name, variant, time_machine):
    scene = Scene(name, time_machine)
    SCENARIOS[name][variant](scene)
    assert scene.calls == 1, "the scenario must call its service once, through scene.call"
    assert not scene.findings, "\n".join(scene.findings)
