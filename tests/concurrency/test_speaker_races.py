"""The speakers' list under load, on PostgreSQL (issue 10): a nervous double (and triple) click
leaves one request in the queue and a message, never a 500; the chair and the kansli giving the
floor at the same moment leave one speaker; a request against the list being closed lands before
the close or is refused. Real threads, each with its own connection."""

from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError

from decisions import speakers
from decisions.models import SpeakerRequest, SpeakersListClosing
from tests.concurrency.test_races import race
from tests.decisions.helpers_vote import many_partners, under_way
from tests.meetings.conftest import _frozen_now, _year1  # noqa: F401 - fixtures: the cases tests' "today"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

S = SpeakerRequest.State


@pytest.fixture
def no_dispatch():
    """The declarations' PDFs and e-mails wait in the outbox: only the list matters here."""
    with patch("outbox.services.dispatch"):
        yield


@pytest.fixture
def partners(no_dispatch):
    return many_partners({"halso_sjukvard": 4, "akademi": 3, "myndigheter": 3, "naringsliv": 2, "civilsamhalle": 4})


def test_a_triple_click_from_everyone_leaves_one_request_each(karin, time_machine, partners, arbetsordning_v1):
    room = under_way(karin=karin, submitter=partners[0], clock=time_machine, present=partners)
    calls = [lambda s=signed: speakers.floor_request(by=s.user, item=room.item, partner=s.partner)
             for signed in partners for _click in range(3)]

    results, errors = race(*calls)

    assert len(results) == len(partners) and len(errors) == 2 * len(partners), errors
    assert all(type(e) is ValidationError and "Du står redan på talarlistan" in e.messages[0] for e in errors), errors
    assert sorted(SpeakerRequest.objects.filter(agenda_item=room.item, state=S.WAITING)
                  .values_list("user", flat=True)) == sorted(s.user.pk for s in partners)


def test_two_people_giving_the_floor_at_once_leave_one_speaker(karin, time_machine, partners, arbetsordning_v1):
    room = under_way(karin=karin, submitter=partners[0], clock=time_machine, present=partners, chair=partners[1].user)
    requests = [speakers.floor_request(by=s.user, item=room.item, partner=s.partner) for s in partners[:6]]
    calls = [lambda r=r, by=by: speakers.floor_give(by=by, speaker_request=r)
             for r, by in zip(requests, [karin, partners[1].user] * 3, strict=True)]

    results, errors = race(*calls)

    assert not errors, errors
    assert SpeakerRequest.objects.filter(agenda_item=room.item, state=S.SPEAKING).count() == 1
    assert SpeakerRequest.objects.filter(agenda_item=room.item, state=S.DONE).count() == 5


def test_requests_racing_the_close_land_before_it_or_are_refused(karin, time_machine, partners, arbetsordning_v1):
    room = under_way(karin=karin, submitter=partners[0], clock=time_machine, present=partners)
    calls = [lambda s=signed: speakers.floor_request(by=s.user, item=room.item, partner=s.partner)
             for signed in partners]
    calls.append(lambda: speakers.speakers_close(by=karin, item=room.item))

    results, errors = race(*calls)

    assert SpeakersListClosing.objects.filter(agenda_item=room.item).count() == 1
    assert all(type(e) is ValidationError and "stängt talarlistan" in e.messages[0] for e in errors), errors
    stored = list(SpeakerRequest.objects.filter(agenda_item=room.item))
    assert len(stored) + len(errors) == len(partners)
