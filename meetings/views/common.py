from django.utils import timezone

from meetings import services
from meetings.forms import AttendanceForm, QuorumMomentForm
from partnership.models import Partner, Representative
from partnership.services import representative_for


def attendance_form(meeting, user, data=None) -> AttendanceForm:
    """The kansli may register any partner on the roll; a representative only their own."""
    if user.is_kansli:
        partners = (services.roll_for(meeting) if meeting.is_partnership
                    else Partner.objects.filter(status=Partner.Status.ACTIVE))
    else:
        rep = representative_for(user)
        partners = Partner.objects.filter(pk=rep.partner_id if rep else None)
    representatives = Representative.objects.filter(active=True, partner__in=partners).select_related("partner")
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"arrived_at": max(now, timezone.localtime(meeting.starts_at)) if now < meeting.ends_at
               else timezone.localtime(meeting.starts_at)}
    if not user.is_kansli and partners:
        initial["partner"] = partners[0]
    return AttendanceForm(data, partners=partners, representatives=representatives, initial=initial,
                          auto_id="narvaro_%s")


def quorum_context(request, meeting) -> dict:
    """The quorum panel: at the moment asked for (?tid=), else now (clamped to the meeting)."""
    if not meeting.is_partnership:
        return {"quorum": None}
    form = QuorumMomentForm(request.GET or None)
    moment = form.cleaned_data.get("tid") if form.is_valid() else None
    if moment is None:
        # Before the meeting: its start. During it, however long it runs: now.
        # Once it is marked held: no later than its planned end.
        moment = max(timezone.now(), meeting.starts_at)
        if meeting.state in (meeting.State.HELD, meeting.State.CLOSED):
            moment = min(moment, meeting.ends_at)
    return {"quorum": services.quorum_at(meeting, moment), "quorum_form": form}
