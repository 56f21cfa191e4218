"""`{% load speaker_tags %}{% floor_for meeting request.user item as floor %}`: a representative's
speakers' lists at a meeting (every decision and discussion item, or only `item`), for the member
meeting page and the ballot page. None when there is nothing to show them."""

from django import template
from django.utils import timezone

from decisions import speakers
from meetings.models import Meeting
from partnership.access import acting_representative

register = template.Library()


@register.simple_tag(takes_context=True)
def floor_for(context, meeting, user, item=None):
    # Under way, or the meeting's own day before the kansli opens it (then only the reason why not).
    if meeting.state != Meeting.State.OPEN and not (
            meeting.state == Meeting.State.NOTICED and meeting.date == timezone.localdate()):
        return None
    rep = acting_representative(user)
    if rep is None:
        return None
    items = meeting.agenda_items.filter(kind__in=speakers.SPEAKING_KINDS).order_by("position")
    if item:
        items = items.filter(pk=item.pk)
    floor = speakers.floor_for_member(meeting, rep, items=items)
    if not floor["entries"]:
        return None
    return {**floor, "back": context["request"].path}
