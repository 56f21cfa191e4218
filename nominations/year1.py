"""The duties of operating year 1 (§ 8 and the first steps of § 2, § 3, § 5), as a checklist for
the kansli. The list is code; what is done is computed from the data where that is cheap (the
roll fixed, the AU's seats filled, two physical meetings planned), otherwise the kansli marks the
duty done with a note (`year1_duty_mark`, a Year1Duty row)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from nominations.access import may_run_nominations
from nominations.models import Reminder, Seat, Year1Duty
from partnership.models import Partner, VotingRoll
from swecan import rules
from swecan.arbetsordning import parameters_in_force
from swecan.audit import attributed
from swecan.contacts import chair_contacts
from swecan.models import ChairContact

# § 8.2: the partnership's chair is held by Socialstyrelsen (matched in the chair contact's organisation).
SOCIALSTYRELSEN = "socialstyrelsen"


@dataclass(frozen=True)
class Duty:
    key: str
    title: str
    section: str


DUTIES = (
    Duty("invite_partners", _("Bjuda in partners per sektor inom taket för verksamhetsår 1"), "§ 8.1"),
    Duty("chair", _("Socialstyrelsen innehar ordförandeskapet i partnerskapet"), "§ 8.2"),
    Duty("first_roll", _("Fastställa den första röstlängden"), "§ 5.2"),
    Duty("committee", _("Tillsätta arbetsutskottet"), "§ 2.2"),
    Duty("evaluation", _("Besluta om formerna för extern utvärdering och granskning"), "§ 8.3"),
    Duty("physical_meetings", _("Planera minst två fysiska sammanträden"), "§ 3.1"),
)
KEYS = tuple(duty.key for duty in DUTIES)


@dataclass(frozen=True)
class DutyState:
    duty: Duty
    computed: str | None  # what the data says, or None when only the kansli's mark tells
    computed_done: bool
    mark: Year1Duty | None

    @property
    def done(self) -> bool:
        return self.computed_done or self.mark is not None


def rules_review_reminder(today: datetime.date | None = None) -> Reminder | None:
    """This calendar year's reminder to review the arbetsordning (§ 9), if it was sent
    (nominations/tasks.py rules_review_due)."""
    today = today or timezone.localdate()
    return Reminder.objects.filter(key=f"rules-review:{today.year}").first()


def checklist(today: datetime.date | None = None) -> list[DutyState]:
    """Each duty with its computed state and the kansli's mark (a constant number of queries)."""
    from django.conf import settings

    today = today or timezone.localdate()
    start = settings.SWECAN_YEAR1_START
    end = rules.last_day_of_years(start, 1)
    params = parameters_in_force(today)
    marks = {mark.key: mark for mark in Year1Duty.objects.select_related("done_by")}
    computed: dict[str, tuple[str | None, bool]] = {}

    caps = params.year1_sector_caps
    partners = Partner.objects.filter(status__in=[Partner.Status.INVITED, Partner.Status.ACTIVE]).count()
    computed["invite_partners"] = (gettext("%(n)s partners inbjudna eller anslutna; taket är %(cap)s.") % {
        "n": partners, "cap": sum(caps.values())}, False)
    roll = VotingRoll.objects.filter(year=start.year).first()
    computed["first_roll"] = ((gettext("Röstlängden för %(year)s är fastställd.") % {"year": start.year}, True)
                              if roll else (gettext("Röstlängden är inte fastställd än."), False))
    seats = Seat.objects.held_on(today).count()
    computed["committee"] = (gettext("%(n)s av %(total)s platser i arbetsutskottet är tillsatta.") % {
        "n": seats, "total": params.committee_seats}, seats >= params.committee_seats)
    chair = next((contact for contact in chair_contacts() if contact.role == ChairContact.Role.CHAIR), None)
    if chair is None:
        computed["chair"] = (gettext("Partnerskapets ordförande är inte registrerad under Kontakt."), False)
    elif SOCIALSTYRELSEN in chair.organisation.casefold():
        computed["chair"] = (gettext("Partnerskapets ordförande är %(name)s, %(organisation)s.") % {
            "name": chair.name, "organisation": chair.organisation}, True)
    else:
        computed["chair"] = (gettext("Partnerskapets ordförande är %(name)s, %(organisation)s: inte "
                                     "Socialstyrelsen.") % {"name": chair.name, "organisation": chair.organisation},
                             False)
    physical = (Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, form__in=[Meeting.Form.PHYSICAL, Meeting.Form.HYBRID],
                                       starts_at__date__gte=start, starts_at__date__lte=end)
                .count())
    computed["physical_meetings"] = (gettext("%(n)s fysiska sammanträden planerade under verksamhetsår 1.")
                                     % {"n": physical}, rules.check_meetings_per_year(physical, params).ok)
    return [DutyState(duty, *computed.get(duty.key, (None, False)), marks.get(duty.key)) for duty in DUTIES]


@transaction.atomic
def year1_duty_mark(*, by, key: str, done_on: datetime.date, note: str = "") -> Year1Duty:
    """The kansli marks a duty of operating year 1 done (again: the date and note are corrected)."""
    if not may_run_nominations(by):
        raise PermissionDenied(gettext("Bara kansliet markerar uppgifterna under verksamhetsår 1."))
    if key not in KEYS:
        raise ValidationError({"key": gettext("Okänd uppgift.")})
    if done_on is None:
        raise ValidationError({"done_on": gettext("Ange när uppgiften blev klar.")})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": gettext("Datumet kan inte ligga i framtiden.")})
    mark = Year1Duty.objects.select_for_update().filter(key=key).first() or Year1Duty(key=key)
    mark.done_on = done_on
    mark.note = (note or "").strip()
    mark.done_by = by
    attributed(mark, by).save()
    return mark
