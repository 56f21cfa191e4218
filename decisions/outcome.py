"""The outcome of a case at its meeting. For now the kansli records that the partnership has
decided a case whose meeting has been held; the decision itself (method, votes, wording, its
snapshot of quorum) comes with the decisions issue and will record this through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from decisions.access import may_record_outcome
from decisions.models import Case
from meetings.models import Meeting
from swecan.audit import attributed


@transaction.atomic
def case_record_decided(*, by, case: Case) -> Case:
    """On the agenda → decided, once the meeting it stood on has been held."""
    if not may_record_outcome(by):
        raise PermissionDenied(gettext("Bara kansliet kan registrera att ett ärende är beslutat."))
    case = Case.objects.select_for_update(of=("self",)).select_related("agenda_item__meeting").get(pk=case.pk)
    case.check_allowed("decide")
    meeting = case.agenda_item.meeting
    if meeting.state not in (Meeting.State.HELD, Meeting.State.CLOSED):
        raise ValidationError(gettext("Ärendet kan registreras som beslutat först när sammanträdet %(meeting)s "
                                      "har hållits.") % {"meeting": meeting.title})
    case.mark_decided()
    attributed(case, by).save()
    return case
