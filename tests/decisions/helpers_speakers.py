"""The history scenarios of the speakers' list (decisions/speakers.py); tests/test_history_complete.py
registers them. Each plays in a meeting under way with the five partners of the roll present."""

from decisions import speakers
from tests.decisions.helpers_vote import under_way
from tests.meetings import factories as mf


def _scene(scene):
    karin = mf.officer()
    roll = mf.signed_roll()
    room = under_way(karin=karin, submitter=roll[0], clock=scene.clock, present=roll)
    return karin, roll, room


def _ask(signed, room):
    return speakers.floor_request(by=signed.user, item=room.item, partner=signed.partner)


def _floor_request(scene):
    _karin, roll, room = _scene(scene)
    scene.call(speakers.floor_request, by=roll[1].user, item=room.item, partner=roll[1].partner)


def _floor_withdraw(scene):
    _karin, roll, room = _scene(scene)
    scene.call(speakers.floor_withdraw, by=roll[1].user, speaker_request=_ask(roll[1], room))


def _floor_give(scene):
    # The floor moves from one speaker to the next: both changes name the chair's act.
    karin, roll, room = _scene(scene)
    first, second = _ask(roll[0], room), _ask(roll[1], room)
    speakers.floor_give(by=karin, speaker_request=first)
    scene.call(speakers.floor_give, by=karin, speaker_request=second)


def _floor_finish(scene):
    karin, roll, room = _scene(scene)
    request = _ask(roll[0], room)
    speakers.floor_give(by=karin, speaker_request=request)
    scene.call(speakers.floor_finish, by=karin, speaker_request=request)


def _speakers_close(scene):
    karin, _roll, room = _scene(scene)
    scene.call(speakers.speakers_close, by=karin, item=room.item)


def _speakers_reopen(scene):
    karin, _roll, room = _scene(scene)
    speakers.speakers_close(by=karin, item=room.item)
    scene.call(speakers.speakers_reopen, by=karin, item=room.item)


HISTORY_SCENARIOS = {
    speakers.floor_request: _floor_request,
    speakers.floor_withdraw: _floor_withdraw,
    speakers.floor_give: _floor_give,
    speakers.floor_finish: _floor_finish,
    speakers.speakers_close: _speakers_close,
    speakers.speakers_reopen: _speakers_reopen,
}
