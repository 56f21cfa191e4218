"""The history scenarios of the minutes services (decisions/minutes.py); tests/test_history_complete.py
registers them."""

from decisions import minutes, voting
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.decisions.helpers_vote import _scene_meeting

PROSE = {"keeper": "Karin Kansli", "introduction": "Ordföranden öppnade mötet."}


def _held(scene):
    karin, _roll, room = _scene_meeting(scene)
    voting.decision_by_consensus(by=karin, item=room.plain, wording="Alice väljs till justerare.")
    meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state=Meeting.State.HELD)
    room.meeting.refresh_from_db()
    return karin, room.meeting


def _start(scene):
    karin, meeting = _held(scene)
    scene.call(minutes.minutes_start, by=karin, meeting=meeting)


def _edit(scene):
    karin, meeting = _held(scene)
    draft = minutes.minutes_start(by=karin, meeting=meeting)
    scene.call(minutes.minutes_edit, by=karin, minutes=draft, fields=PROSE)


def _finish(scene):
    karin, meeting = _held(scene)
    draft = minutes.minutes_start(by=karin, meeting=meeting)
    scene.call(minutes.minutes_finish, by=karin, minutes=draft)


def _correct(scene):
    karin, meeting = _held(scene)
    draft = minutes.minutes_start(by=karin, meeting=meeting)
    minutes.minutes_finish(by=karin, minutes=draft)
    scene.call(minutes.minutes_correct, by=karin, minutes=draft, reason="Fel justerare.",
               fields={**PROSE, "adjuster": "Bob Exempel"})


HISTORY_SCENARIOS = {
    minutes.minutes_start: _start,
    minutes.minutes_edit: _edit,
    minutes.minutes_finish: _finish,
    minutes.minutes_correct: _correct,
}
