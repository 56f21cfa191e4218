"""`{% load room_tags %}{% room_for meeting user as room %}`: on the member meeting page, the votes
open now (with a link to vote) and the decision items with a case (to declare a conflict of
interest), and whether the user may run the meeting room."""

from django import template

from decisions import access
from decisions.models import Case, Vote

register = template.Library()


@register.simple_tag
def room_for(meeting, user):
    items = list(meeting.agenda_items.filter(kind="decision").order_by("position"))
    # A conflict is declared in a case not yet decided, before the meeting is over (R13).
    cases = {c.agenda_item_id: c for c in Case.objects.filter(agenda_item__in=items)
             .exclude(state__in=[Case.State.DECIDED, Case.State.WITHDRAWN])} if not meeting.is_over else {}
    votes = list(Vote.objects.filter(agenda_item__meeting=meeting).select_related("agenda_item")
                 .order_by("agenda_item__position", "opened_at"))
    return {
        "open_votes": [v for v in votes if v.state == Vote.State.OPEN],
        "closed_votes": [v for v in votes if v.state != Vote.State.OPEN],
        "case_items": [(item, cases[item.pk]) for item in items if item.pk in cases],
        "may_run": access.may_run_meeting(user, meeting),
    }
