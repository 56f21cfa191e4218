"""Advance answers (coming / förhinder, who represents us): planning that never counts as presence."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import AdvanceAnswer, Attendance
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

D = datetime.timedelta
COMING, ABSENT = AdvanceAnswer.Answer.COMING, AdvanceAnswer.Answer.ABSENT


@pytest.fixture
def far(karin, roll):
    """A noticed meeting three and a half months away (the issue's case)."""
    return f.noticed(by=karin, days_ahead=105)


def answer(meeting, signed, value=COMING, **kwargs):
    return services.advance_answer_set(by=signed.user, meeting=meeting, partner=signed.partner,
                                       answer=value, **kwargs)


def test_an_answer_today_leaves_the_quorum_panel_unchanged(far, roll, alice, client):
    client.force_login(alice)
    url = reverse("meeting_detail", args=[far.pk])
    before = services.quorum_at(far, far.starts_at)

    response = client.post(reverse("meeting_answer", args=[far.pk]),
                           {"answer": "coming", "representative": roll[0].representative.pk,
                            "note": "Vi kommer med två personer."})

    assert response.status_code == 302
    saved = AdvanceAnswer.objects.get()
    assert (saved.partner, saved.answer, saved.answered_by) == (roll[0].partner, COMING, alice)
    assert saved.history.first().history_user == alice
    assert not Attendance.objects.exists()
    after = services.quorum_at(far, far.starts_at)
    assert after["present"] == before["present"] == 0
    assert after["verdict"] == before["verdict"]
    page = client.get(url).content.decode()
    assert "0 av 5 partners på röstlängden närvarande" in page
    assert "Ert svar:" in page and "Vi kommer" in page


def test_the_answer_can_change_until_the_start_and_not_at_it(far, roll, time_machine):
    answer(far, roll[0])
    time_machine.move_to(far.starts_at - D(minutes=1), tick=False)
    answer(far, roll[0], ABSENT, note="Sjukdom")
    assert AdvanceAnswer.objects.get().answer == ABSENT

    time_machine.move_to(far.starts_at, tick=False)
    with pytest.raises(ValidationError, match="Mötet har börjat"):
        answer(far, roll[0], COMING)
    assert AdvanceAnswer.objects.get().answer == ABSENT
    assert AdvanceAnswer.objects.count() == 1


def test_another_partners_answer_is_refused(far, roll, alice, client):
    with pytest.raises(ValidationError, match="den partner du företräder"):
        services.advance_answer_set(by=alice, meeting=far, partner=roll[1].partner, answer=COMING)
    client.force_login(alice)

    response = client.post(reverse("meeting_answer", args=[far.pk]),
                           {"answer": "coming", "representative": roll[1].representative.pk})

    assert response.status_code == 400
    assert "representative" in response.context["answer_form"].errors
    assert not AdvanceAnswer.objects.exists()


def test_people_who_act_for_no_partner_cannot_answer(far, karin, charlie, dave, client):
    for person in (karin, charlie, dave):
        client.force_login(person)
        assert client.post(reverse("meeting_answer", args=[far.pk]), {"answer": "coming"}).status_code == 404
    assert not AdvanceAnswer.objects.exists()


def test_a_missing_choice_is_shown_next_to_the_field(far, alice, client):
    client.force_login(alice)

    response = client.post(reverse("meeting_answer", args=[far.pk]), {"note": "Vi återkommer"})

    assert response.status_code == 400
    assert response.context["answer_form"].errors["answer"]
    assert "Vi återkommer" in response.content.decode()  # nothing typed is lost


def test_a_moved_meeting_keeps_its_answers(far, karin, roll):
    answer(far, roll[0])
    services.meeting_update(by=karin, meeting=far, fields={"starts_at": far.starts_at + D(days=7),
                                                           "ends_at": far.ends_at + D(days=7)})

    assert AdvanceAnswer.objects.get().meeting_id == far.pk
    assert services.expected_turnout(far)["coming"] == 1


def test_the_kansli_sees_expected_turnout_against_the_quorum_need(far, karin, roll, client):
    for sp in roll[:4]:  # everyone but Civilsamhälle says they will come
        answer(far, sp, representative=sp.representative)
    answer(far, roll[4], ABSENT)
    client.force_login(karin)

    page = client.get(reverse("kansli_meeting", args=[far.pk])).content.decode()

    assert "4 av 5 partners har svarat att de kommer, 1 har förhinder och 0 har inte svarat." in page
    assert "Mötet blir inte beslutsfört med de svar som har kommit in" in page
    assert "Sektorer där ingen partner har svarat att den kommer: Civilsamhälle." in page
    assert "närvarar" not in page.split('id="svar"')[1].split("</section>")[0]  # answers are no presence
    assert roll[0].representative.name in page


def test_an_absent_partner_names_no_representative(far, roll):
    saved = answer(far, roll[0], ABSENT, representative=roll[0].representative)
    assert saved.representative is None
