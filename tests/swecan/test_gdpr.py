"""Personal data on request: the kansli exports a person's data and pseudonymises someone who
left; TOTP secrets are encrypted at rest; a password reset never mails an unknown address."""

import datetime
import json
import zoneinfo

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from cryptography.fernet import InvalidToken
from django.core.exceptions import ValidationError
from django.urls import reverse

from outbox.models import Message
from partnership import services as partnership_services
from partnership.models import Invitation, Representative, SignedDeclaration
from swecan import gdpr
from swecan.adapters import decrypt_secret, encrypt_secret
from swecan.demo_accounts import ensure_totp
from swecan.models import Pseudonymisation, User
from tests.meetings import factories as mf
from tests.partnership.factories import (
    PASSWORD,
    invite_partner,
    make_user,
    signed_partner,
)
from tests.personas import NORA, NORA_PHONE
from tests.swecan.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def _frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


def current_code(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# Karin, Bob, Dave and Nora (who came in through an invitation) are in tests/conftest.py.


@pytest.fixture
def meeting(karin, nora):
    """The partnership meeting Nora's region is called to: its kallelse has gone out."""
    return mf.noticed(by=karin, days_ahead=40)


def leave(nora, karin):
    """Her region withdraws: Nora no longer represents anyone."""
    partner = Representative.objects.get(user=nora).partner
    partnership_services.withdrawal_register(by=karin, partner=partner, request_received_on=NOW.date())


# Export -------------------------------------------------------------------------------------


def test_kansli_downloads_everything_about_a_person_as_json(client, karin, nora, meeting):
    client.force_login(karin)
    response = client.get(reverse("kansli_person_export", args=[nora.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="swecan-personuppgifter-{nora.pk}.json"'
    )
    body = response.content.decode()
    data = json.loads(body)
    assert data["user_id"] == nora.pk
    assert data["account"]["email"] == NORA
    assert data["account"]["full_name"] == "Nora Nykomling"
    assert data["account"]["history"][0]["history_type"] == "created"

    [rep] = data["representations"]
    assert (rep["name"], rep["email"], rep["phone"], rep["partner"]) == (
        "Nora Nykomling", NORA, NORA_PHONE, "Region Sörexempel")
    assert [h["history_type"] for h in rep["history"]] == ["created"]
    assert rep["history"][0]["history_user"] == "Nora Nykomling"
    assert datetime.datetime.fromisoformat(rep["history"][0]["history_date"]) == NOW

    [invitation] = data["invitations_to_them"]
    assert invitation["email"] == NORA and invitation["sent_by"] == "Karin Kansli"
    assert invitation["accepted_by"] == "Nora Nykomling"
    assert len(invitation["history"]) >= 2  # sent, then accepted
    [declaration] = data["declarations_signed"]
    assert declaration["signer_name"] == "Nora Nykomling" and declaration["signed_on"] == "2026-03-10"
    assert [d["email"] for d in data["meeting_deliveries"]] == [NORA]
    assert {m["recipient"] for m in data["outbox_messages"]} == {NORA}
    assert len(data["outbox_messages"]) == 2  # the invitation and the kallelse
    assert {"representant", "undertecknad avsiktsförklaring"} <= {a["model"] for a in data["actions"]}
    assert all(set(a) == {"model", "object_id", "object", "date", "type"} for a in data["actions"])
    assert [a["type"] for a in data["authenticators"]] == ["totp"]
    assert data["pseudonymisation"] is None

    # What proves identity is never part of an export.
    secret = decrypt_secret(Authenticator.objects.get(user=nora).data["secret"])
    for never in (nora.password, nora.calendar_token, secret):
        assert never not in body
    assert "password" not in data["account"] and "calendar_token" not in data["account"]
    assert "token_hash" not in invitation


def test_kansli_finds_the_person_on_the_partner_page_and_in_the_list(client, karin, nora):
    client.force_login(karin)
    partner = Representative.objects.get(user=nora).partner
    page = client.get(reverse("kansli_partner_detail", args=[partner.pk])).content.decode()
    assert reverse("kansli_person_export", args=[nora.pk]) in page

    page = client.get(reverse("kansli_person_list"), {"q": "nora"}).content.decode()
    assert NORA in page and "Region Sörexempel" in page
    assert reverse("kansli_person_export", args=[nora.pk]) in page
    # She still represents her region: not offered for pseudonymisation.
    assert reverse("kansli_person_pseudonymise", args=[nora.pk]) not in page


def test_the_list_of_people_costs_the_same_queries_for_more_people(client, karin, nora):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(karin)
    url = reverse("kansli_person_list")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        signed_partner(email=f"rep{n}@partner.example")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few)


@pytest.mark.parametrize("name", ["kansli_person_export", "kansli_person_pseudonymise", "kansli_person_list"])
def test_only_the_kansli_sees_personal_data(client, nora, bob, name):
    args = [] if name == "kansli_person_list" else [nora.pk]
    url = reverse(name, args=args)

    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))

    client.force_login(bob)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    nora.refresh_from_db()
    assert nora.email == NORA and nora.is_active


def test_a_kansli_officer_without_two_factor_gets_no_export(client, nora, officer_without_totp):
    client.force_login(officer_without_totp)
    response = client.get(reverse("kansli_person_export", args=[nora.pk]))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


# Pseudonymisation -----------------------------------------------------------------------------


def test_a_current_representative_cannot_be_pseudonymised(client, karin, nora):
    client.force_login(karin)
    url = reverse("kansli_person_pseudonymise", args=[nora.pk])

    page = client.get(url).content.decode()
    assert "företräder fortfarande Region Sörexempel" in page
    response = client.post(url)
    assert response.status_code == 400
    with pytest.raises(ValidationError, match="företräder fortfarande"):
        gdpr.person_pseudonymise(by=karin, user=nora)
    nora.refresh_from_db()
    assert nora.full_name == "Nora Nykomling" and nora.is_active


def test_a_kansli_account_is_not_pseudonymised(karin):
    with pytest.raises(ValidationError, match="Kansliets"):
        gdpr.person_pseudonymise(by=karin, user=karin)


def test_the_confirmation_page_says_what_will_happen(client, karin, nora):
    leave(nora, karin)
    client.force_login(karin)
    page = client.get(reverse("kansli_person_pseudonymise", args=[nora.pk])).content.decode()
    assert "kan inte ångras" in page
    assert "Representant 2026-17" in page  # the example
    assert "partnerns undertecknade handling och behålls hel" in page
    assert "protokoll, ändras inte" in page
    nora.refresh_from_db()
    assert nora.full_name == "Nora Nykomling"  # nothing happens on GET


def test_someone_who_left_is_pseudonymised_now_and_in_history(client, karin, nora, meeting):
    from django.test import Client

    leave(nora, karin)
    declaration = SignedDeclaration.objects.get(signed_by=nora)
    her_browser = Client()
    her_browser.force_login(nora)
    client.force_login(karin)

    response = client.post(reverse("kansli_person_pseudonymise", args=[nora.pk]))

    assert response.status_code == 302
    pseudonym, placeholder = "Representant 2026-1", "pseudonym-2026-1@pseudonym.invalid"
    nora.refresh_from_db()
    assert (nora.full_name, nora.email) == (pseudonym, placeholder)
    assert not nora.is_active and not nora.has_usable_password()
    assert not Authenticator.objects.filter(user=nora).exists()

    rep = Representative.objects.get(user=nora)
    assert (rep.name, rep.email, rep.phone, rep.title) == (pseudonym, placeholder, "", "")
    invitation = Invitation.objects.get(accepted_by=nora)
    assert (invitation.name, invitation.email) == (pseudonym, placeholder)
    assert set(Message.objects.exclude(recipient="").exclude(recipient__startswith="bob")
               .values_list("recipient", flat=True)) <= {placeholder, "karin@socialstyrelsen.example"}
    assert not Message.objects.filter(recipient__iexact=NORA).exists()

    # History keeps who did what and when, under the pseudonym.
    for records, fields in [
        (User.history.filter(id=nora.pk), ["full_name", "email"]),
        (Representative.history.filter(id=rep.pk), ["name", "email", "phone", "title"]),
        (Invitation.history.filter(id=invitation.pk), ["name", "email", "title"]),
        (Message.history.all(), ["recipient"]),
    ]:
        assert records.exists()
        for values in records.values(*fields):
            assert not {"Nora Nykomling", NORA, NORA_PHONE, "Regiondirektör"} & set(values.values())
    # The clock is frozen, so records share a timestamp: the first is the lowest history_id.
    first = Representative.history.filter(id=rep.pk).order_by("history_date", "history_id").first()
    assert first.history_user == nora

    # The signed declaration is the partner's signed document: kept whole.
    declaration.refresh_from_db()
    assert declaration.signer_name == "Nora Nykomling" and declaration.signed_by == nora
    assert SignedDeclaration.fingerprint(declaration.signed_text) == declaration.text_sha256

    # The pseudonymisation is itself on record, naming the officer.
    record = Pseudonymisation.objects.get(user=nora)
    assert (record.pseudonym, record.done_by) == (pseudonym, karin)
    assert record.history.get().history_user == karin

    page = client.get(reverse("kansli_partner_history", args=[rep.partner_id])).content.decode()
    assert pseudonym in page and "Nora" not in page and NORA not in page

    # Her export now holds the pseudonym; only the signed document still names her.
    data = json.loads(client.get(reverse("kansli_person_export", args=[nora.pk])).content)
    assert data["pseudonymisation"]["pseudonym"] == pseudonym
    assert data["declarations_signed"][0]["signer_name"] == "Nora Nykomling"
    del data["declarations_signed"]
    assert "Nora" not in json.dumps(data) and NORA_PHONE not in json.dumps(data)

    # Her session has ended and she cannot log in any more.
    assert her_browser.get(reverse("dashboard")).status_code == 302
    client.logout()
    client.post(reverse("account_login"), {"login": NORA, "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 302


def test_pseudonyms_are_numbered_per_year_and_kept(karin, nora, dave):
    leave(nora, karin)
    first = gdpr.person_pseudonymise(by=karin, user=dave)
    second = gdpr.person_pseudonymise(by=karin, user=nora)
    assert (first.pseudonym, second.pseudonym) == ("Representant 2026-1", "Representant 2026-2")

    with pytest.raises(ValidationError, match="redan pseudonymiserad"):
        gdpr.person_pseudonymise(by=karin, user=nora)
    assert Pseudonymisation.objects.get(user=nora).pseudonym == "Representant 2026-2"


def test_an_open_invitation_to_the_person_is_revoked(karin, nora, django_capture_on_commit_callbacks):
    leave(nora, karin)
    with django_capture_on_commit_callbacks(execute=True):
        again = invite_partner(by=karin, email=NORA, contact_name="Nora Nykomling")
    gdpr.person_pseudonymise(by=karin, user=nora)
    again.refresh_from_db()
    assert again.state == "revoked" and again.name == "Representant 2026-1"


def test_a_user_cannot_be_deleted_in_the_admin(client, nora):
    admin_user = make_user(email="root@socialstyrelsen.example")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    ensure_totp(admin_user)
    client.force_login(admin_user)

    response = client.get(reverse("admin:swecan_user_delete", args=[nora.pk]))

    assert response.status_code == 403
    assert User.objects.filter(pk=nora.pk).exists()


# TOTP secrets at rest --------------------------------------------------------------------------


def log_in_with_code(client, user, secret):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    return client.get(reverse("dashboard")).status_code == 200


def test_the_totp_secret_is_stored_encrypted_and_login_still_works(client, karin):
    Authenticator.objects.filter(user=karin).delete()
    secret = ensure_totp(karin)

    stored = Authenticator.objects.get(user=karin, type="totp").data["secret"]
    assert secret not in stored and stored.startswith("enc1:")
    assert log_in_with_code(client, karin, secret)


def test_a_secret_stored_in_plain_text_before_still_works(client, karin):
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=karin).update(data={"secret": secret})
    assert log_in_with_code(client, karin, secret)


def test_the_migration_encrypts_secrets_stored_in_plain_text(client, karin):
    import importlib

    from django.apps import apps

    secret = generate_totp_secret()
    Authenticator.objects.filter(user=karin).update(data={"secret": secret})
    codes = Authenticator(user=karin, type="recovery_codes", data={"seed": "ab" * 40, "used_mask": 0})
    codes.save()
    expected_codes = RecoveryCodes(codes).generate_codes()

    migration = importlib.import_module("swecan.migrations.0004_encrypt_mfa_secrets")
    migration.encrypt_existing(apps, None)

    totp = Authenticator.objects.get(user=karin, type="totp")
    assert totp.data["secret"].startswith("enc1:") and secret not in totp.data["secret"]
    codes.refresh_from_db()
    assert codes.data["seed"].startswith("enc1:")
    assert RecoveryCodes(codes).generate_codes() == expected_codes
    migration.encrypt_existing(apps, None)  # running again changes nothing
    assert Authenticator.objects.get(pk=totp.pk).data == totp.data
    assert log_in_with_code(client, karin, secret)


def test_the_key_comes_from_the_settings(settings):
    settings.MFA_ENCRYPTION_KEY = "one-key-from-the-environment-0123456789"
    stored = encrypt_secret("JBSWY3DPEHPK3PXP")
    assert decrypt_secret(stored) == "JBSWY3DPEHPK3PXP"
    settings.MFA_ENCRYPTION_KEY = "another-key-from-the-environment-987654"
    with pytest.raises(InvalidToken):
        decrypt_secret(stored)


def test_a_short_encryption_key_stops_production_start_up():
    result = run_manage("check", env_overrides={**PRODUCTION_ENV, "MFA_ENCRYPTION_KEY": "kort"})
    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY är för kort" in result.stderr


# Password reset --------------------------------------------------------------------------------


def test_a_password_reset_for_an_unknown_address_sends_nothing(
    client, karin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert unknown.status_code == 302
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": karin.email})
    assert known.url == unknown.url  # the page tells nobody which addresses have accounts
    assert [m.to for m in mailoutbox] == [[karin.email]]


# Advance answers and meeting visits ------------------------------------------------------------


@pytest.fixture
def her_answer(karin, nora, meeting, client):
    """Nora says her region will come, with a note in her own words, and opens the meeting page."""
    from meetings import services as meeting_services

    rep = Representative.objects.get(user=nora)
    answer = meeting_services.advance_answer_set(
        by=nora, meeting=meeting, partner=rep.partner, answer="coming", representative=rep,
        note="Nora Nykomling kommer men går 15.00 (läkarbesök)")
    client.force_login(nora)
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
    client.logout()
    return answer


def test_the_export_holds_her_advance_answers_and_the_meeting_pages_she_has_seen(client, karin, her_answer):
    client.force_login(karin)

    data = json.loads(client.get(reverse("kansli_person_export", args=[her_answer.answered_by_id])).content)

    [answer] = data["advance_answers"]
    assert (answer["answer"], answer["partner"], answer["answered_by"]) == (
        "coming", "Region Sörexempel", "Nora Nykomling")
    assert answer["note"] == "Nora Nykomling kommer men går 15.00 (läkarbesök)"
    assert [h["history_type"] for h in answer["history"]] == ["created"]
    [visit] = data["meeting_visits"]
    assert visit["meeting"] == str(her_answer.meeting)
    assert datetime.datetime.fromisoformat(visit["seen_at"]) == NOW


def test_pseudonymisation_keeps_her_answer_without_its_note_and_forgets_her_visits(client, karin, her_answer):
    from meetings.models import AdvanceAnswer, MeetingVisit

    nora = her_answer.answered_by
    meeting = her_answer.meeting
    MeetingVisit.record(karin, meeting)  # someone else's read marker stays
    leave(nora, karin)

    gdpr.person_pseudonymise(by=karin, user=nora)

    # The partner's planning record stays, by the pseudonymised account and representation.
    answer = AdvanceAnswer.objects.get(pk=her_answer.pk)
    assert (answer.answer, answer.answered_by_id, answer.note) == ("coming", nora.pk, "")
    assert answer.representative.name == "Representant 2026-1"
    assert set(answer.history.values_list("note", flat=True)) == {""}
    assert answer.history.latest().history_user == karin
    # Her marks of what she has seen go; Karin's stay.
    assert not MeetingVisit.objects.filter(user=nora).exists()
    assert MeetingVisit.objects.filter(user=karin, meeting=meeting).exists()

    client.force_login(karin)
    data = json.loads(client.get(reverse("kansli_person_export", args=[nora.pk])).content)
    assert data["meeting_visits"] == []
    [exported] = data["advance_answers"]
    assert exported["answered_by"] == "Representant 2026-1"
    del data["declarations_signed"]  # the signed document alone keeps her name
    assert "Nora" not in json.dumps(data) and "läkarbesök" not in json.dumps(data)


# Where each link from a record to a person is exported: a source of its own, or "actions" (every
# change the person made, from the history) for a record that only names who acted.
PERSON_LINKS = {
    "swecan.Pseudonymisation.user": "pseudonymisation",
    "swecan.Pseudonymisation.done_by": "actions",
    "partnership.Representative.user": "representations",
    "partnership.Invitation.sent_by": "invitations_sent",
    "partnership.Invitation.accepted_by": "invitations_to_them",
    "partnership.DeclarationText.created_by": "actions",
    "partnership.SignedDeclaration.signed_by": "declarations_signed",
    "partnership.Withdrawal.registered_by": "actions",
    "partnership.VotingRoll.fixed_by": "actions",
    "meetings.Meeting.chair": "meetings",
    "meetings.Meeting.participants": "meetings",
    "meetings.Meeting.created_by": "actions",
    "meetings.Document.uploaded_by": "actions",
    "meetings.Document.withdrawn_by": "actions",
    "meetings.AdvanceAnswer.answered_by": "advance_answers",
    "meetings.Attendance.registered_by": "attendance_registered",
    "meetings.MeetingVisit.user": "meeting_visits",
    "outbox.Message.created_by": "actions",
    "outbox.Message.retried_by": "actions",
    # Who wrote a case, asked a partner to co-sign and confirmed it: acts, in the history.
    "decisions.Case.created_by": "actions",
    "decisions.CoSignature.requested_by": "actions",
    "decisions.CoSignature.confirmed_by": "actions",
    # Preparing a case, attaching to it, consulting and answering for a partner: acts, in the history.
    "decisions.PreparationGroup.created_by": "actions",
    "decisions.CaseDocument.uploaded_by": "actions",
    "decisions.CaseDocument.withheld_by": "actions",
    "decisions.Consultation.opened_by": "actions",
    "decisions.Consultation.summarised_by": "actions",
    "decisions.ConsultationAnswer.answered_by": "actions",
    # Recording a decision, opening and closing a vote, casting a ballot, declaring a conflict of
    # interest and ruling on it: acts, in the history.
    "decisions.Decision.recorded_by": "actions",
    "decisions.Vote.opened_by": "actions",
    "decisions.Vote.closed_by": "actions",
    "decisions.Ballot.cast_by": "actions",
    "decisions.ConflictDeclaration.declared_by": "actions",
    "decisions.ConflictDeclaration.ruled_by": "actions",
    # Asking for the floor (the request is the asker's act) and closing a speakers' list: in the history.
    "decisions.SpeakerRequest.user": "actions",
    "decisions.SpeakersListClosing.closed_by": "actions",
    "decisions.Minutes.created_by": "actions",
    "decisions.MinutesRevision.finished_by": "actions",
    "decisions.RollProposal.compiled_by": "actions",
    # The AU, working groups and nominations: acts, in the history.
    "nominations.Seat.proposed_by": "actions",
    "nominations.Officer.proposed_by": "actions",
    "nominations.WorkingGroup.initiated_by": "actions",
    "nominations.WorkingGroup.kansli_agreed_by": "actions",
    "nominations.GroupMember.added_by": "actions",
    "nominations.GroupDocument.uploaded_by": "actions",
    "nominations.NominationRound.opened_by": "actions",
    "nominations.NominationRound.compiled_by": "actions",
    "nominations.Nomination.reviewed_by": "actions",
    "nominations.Year1Duty.done_by": "actions",
}


def test_every_record_that_names_a_person_is_in_the_export():
    from django.apps import apps

    sources = {name for name, _source in gdpr.SOURCES}
    links = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"swecan", "partnership", "meetings", "outbox", "decisions", "nominations"}
        and not hasattr(model, "instance_type")  # history rows: exported with their record
        for field in model._meta.fields + model._meta.many_to_many
        if field.is_relation and field.related_model is User
    }
    assert links == set(PERSON_LINKS), "a new link to a person: add it to gdpr.SOURCES and here"
    assert set(PERSON_LINKS.values()) <= sources
    # "actions" reads the history, so only a record with history may rely on it.
    for link, source in PERSON_LINKS.items():
        if source == "actions":
            assert hasattr(apps.get_model(link.rsplit(".", 1)[0]), "history"), link


def test_a_nomination_and_an_expert_membership_are_exported_and_pseudonymised(karin, dave, roll):
    """Dave nominated his organisation through the public form, with himself as its contact, and
    sits in a working group as an external expert: both are in his export, and after the
    pseudonymisation the records stay without him."""
    import datetime

    from nominations.models import Call, GroupMember, Nomination, NominationRound, WorkingGroup

    round_ = NominationRound.objects.create(year=2027, opened_by=karin)
    call = Call.objects.create(round=round_, sector="akademi", selection="s", competence="c", experience="e",
                               geographic_spread="g", deadline=datetime.date(2026, 12, 31))
    nomination = Nomination.objects.create(
        call=call, organisation="Exempelhögskolan", org_number="212000-0001", motivation="Forskning.",
        contact_name="Dave Doe", contact_email="DAVE@example.org", contact_phone="070-000 00 00")
    group = WorkingGroup.objects.create(name="Data", purpose="p", goal="g", starts_on=datetime.date(2026, 12, 1),
                                        ends_on=datetime.date(2027, 6, 30), initiated_by=karin)
    GroupMember.objects.create(group=group, name="Dave Doe", organisation="Exempelhögskolan",
                               email="dave@example.org", added_by=karin)

    export = gdpr.person_export(dave)
    assert [row["organisation"] for row in export["nominations"]] == ["Exempelhögskolan"]
    assert [row["name"] for row in export["group_memberships"]] == ["Dave Doe"]

    record = gdpr.person_pseudonymise(by=karin, user=dave)
    nomination.refresh_from_db()
    assert (nomination.contact_name, nomination.contact_phone) == (record.pseudonym, "")
    assert nomination.organisation == "Exempelhögskolan"
    assert not Nomination.history.filter(contact_email__iexact="dave@example.org").exists()
    assert not GroupMember.history.filter(name="Dave Doe").exists()
    assert GroupMember.objects.get(group=group).name == record.pseudonym
