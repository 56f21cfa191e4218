from django.utils import timezone

from meetings import services
from meetings.forms import QuorumMomentForm


def quorum_context(request, meeting) -> dict:
    """The quorum panel: at the moment asked for (?tid=), else now (clamped to the meeting)."""
    if not meeting.has_roll:
        return {"quorum": None}
    form = QuorumMomentForm(request.GET or None)
    moment = form.cleaned_data.get("tid") if form.is_valid() else None
    if moment is None:
        # Before the meeting: its start. During it, however long it runs: now.
        # Once it is marked held: no later than its planned end.
        moment = max(timezone.now(), meeting.starts_at)
        if meeting.is_over:
            moment = min(moment, meeting.ends_at)
    return {"quorum": services.quorum_at(meeting, moment), "quorum_form": form}
