"""`{% load speaker_tags %}{% floor_for meeting rep item as floor %}`: a representative's speakers'
lists at a meeting (every decision and discussion item, or only `item`), for the member meeting page
and the ballot page. None when there is nothing to show them."""

from django import template
from django.utils import timezone

from decisions import speakers
from meetings.models import Meeting

register = template.Library()


@register.simple_tag(takes_context=True)
def floor_for(context, meeting, rep, item=None):
    """`rep`: the page's representation (None for the kansli and people acting for no partner)."""
    if not rep:
        return None
    back = context["request"].path
    if meeting.state != Meeting.State.OPEN:
        # The meeting's own day, before the kansli opens it: only the reason why not yet. The
        # page's agenda (already read) says whether there is anything to speak to.
        if meeting.state != Meeting.State.NOTICED or meeting.date != timezone.localdate():
            return None
        agenda = [item] if item else (context.get("items") or meeting.agenda_items.all())
        if not any(i.kind in speakers.SPEAKING_KINDS for i in agenda):
            return None
        return {"refusal": speakers.meeting_refusal(meeting, rep.partner), "entries": [], "back": back}
    items = meeting.agenda_items.filter(kind__in=speakers.SPEAKING_KINDS).order_by("position")
    if item:
        items = items.filter(pk=item.pk)
    floor = speakers.floor_for_member(meeting, rep, items=items)
    if not floor["entries"]:
        return None
    return {**floor, "back": back}
