"""The demo year's cases, replayed through the same services as in the portal, each step on its
own day (time_machine), so that the rules engine times every case as it did then.

Two steps (swecan/demo.py): seed_cases runs after the meetings are planned and before their
kallelser go out, so that prepared cases reach the agendas in time; seed_case_outcomes runs after
the March meeting is held.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from decisions import preparation, services, voting
from decisions.models import Case, ConflictDeclaration, PreparationGroup
from meetings import demo as meetings_demo
from meetings.models import Meeting
from partnership.models import Partner, Representative, Sector
from swecan.arbetsordning import version_in_force

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MARKER = "Gemensam kunskapsbank för cancerrehabilitering"


def _travel(day: datetime.date, hour: int = 10):
    import time_machine

    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), tzinfo=STOCKHOLM), tick=False)


def _rep(partner: Partner):
    return Representative.objects.filter(partner=partner, active=True, user__isnull=False).order_by("role").first()


def _partner(name: str = "", *, sector: str = "", index: int = 0) -> Partner:
    if name:
        return Partner.objects.get(name=name)
    active = Partner.objects.filter(status=Partner.Status.ACTIVE, sector=sector).order_by("name")
    return [p for p in active if _rep(p) is not None][index]


def _submit(partner, day, template, *, kind=Case.Kind.ORDINARY, **extra) -> Case:
    by = _rep(partner).user
    with _travel(day):
        case = services.case_draft_save(by=by, partner=partner, fields={**template, "kind": kind, **extra})
        return services.case_submit(by=by, case=case).case


def _prepare(kansli, case, day, proposal, *, group=None) -> Case:
    with _travel(day):
        preparation.case_start_preparation(by=kansli, case=case)
        if group is not None:
            preparation.case_assign_group(by=kansli, case=case, group=group)
        preparation.case_proposal_save(by=kansli, case=case, text=proposal)
        return preparation.case_mark_prepared(by=kansli, case=case)


def _on_agenda(kansli, case, meeting, day) -> Case:
    with _travel(day):
        return preparation.case_put_on_agenda(by=kansli, case=case, meeting=meeting)


def seed_cases(kansli) -> bool:
    """Cases in every state; False if they already exist."""
    if Case.objects.filter(title=MARKER).exists():
        return False
    march = Meeting.objects.get(title=meetings_demo.MARKER)
    autumn = Meeting.objects.get(title=meetings_demo.AUTUMN_TITLE)
    next_year = Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, starts_at__gt=autumn.starts_at).first()
    notice = autumn.date - datetime.timedelta(days=35)  # the day meetings.demo sends its kallelse
    today = timezone.localdate()
    region = _partner("Region Örebro län")
    cancerfonden = _partner("Cancerfonden")
    ki = _partner("Karolinska institutet")

    # Decided at the March meeting (seed_case_outcomes records it once the meeting is held).
    decided = _submit(_partner(sector=Sector.HALSO_SJUKVARD, index=1), datetime.date(2026, 1, 8), REHABILITATION)
    _prepare(kansli, decided, datetime.date(2026, 1, 19),
             "Partnerskapet ger kansliet i uppdrag att samla regionernas rehabiliteringsmaterial i en "
             "gemensam kunskapsbank till hösten 2026.")
    _on_agenda(kansli, decided, march, datetime.date(2026, 1, 26))
    # A change of the arbetsordning's text, adopted with 2/3 at the March meeting (§ 9).
    amendment = _submit(_partner(sector=Sector.CIVILSAMHALLE, index=0), datetime.date(2026, 1, 12), SPRING_MEETING,
                        kind=Case.Kind.RULE_CHANGE, proposed_text=_spring_meeting_text(),
                        proposed_effective_from=datetime.date(2026, 4, 1))
    _prepare(kansli, amendment, datetime.date(2026, 1, 20),
             "Partnerskapet ändrar § 3.1 så att ett av de fysiska sammanträdena hålls under våren.")
    _on_agenda(kansli, amendment, march, datetime.date(2026, 1, 27))

    # On the autumn meeting's agenda before its kallelse, so its documents go out with it.
    on_agenda = _submit(ki, notice - datetime.timedelta(days=30), BIOBANK)
    group = _group(kansli, notice - datetime.timedelta(days=28))
    _prepare(kansli, on_agenda, notice - datetime.timedelta(days=10),
             "Partnerskapet ställer sig bakom principerna för gemensam biobanksåtkomst och ger "
             "arbetsutskottet i uppdrag att föreslå en avtalsmall.", group=group)
    _on_agenda(kansli, on_agenda, autumn, notice - datetime.timedelta(days=5))

    # Withdrawn by its submitter after it was received.
    withdrawn = _submit(_partner(sector=Sector.NARINGSLIV, index=0), notice - datetime.timedelta(days=25), APP)
    with _travel(notice - datetime.timedelta(days=12)):
        services.case_withdraw(by=_rep(withdrawn.partner).user, case=withdrawn)

    # In preparation with a working group; received in time for the autumn meeting.
    in_group = _submit(_partner(sector=Sector.CIVILSAMHALLE, index=1), notice - datetime.timedelta(days=20),
                       PEER_SUPPORT)
    with _travel(notice - datetime.timedelta(days=15)):
        preparation.case_start_preparation(by=kansli, case=in_group)
        preparation.case_assign_group(by=kansli, case=in_group, group=group)

    # Received after the autumn meeting's case deadline: these wait for next year's first meeting.
    prepared_next = _submit(_partner(sector=Sector.MYNDIGHETER, index=0), notice - datetime.timedelta(days=8),
                            DATA)
    late = _submit(cancerfonden, notice + datetime.timedelta(days=2), SCREENING)
    with _travel(notice + datetime.timedelta(days=3)):
        preparation.case_start_preparation(by=kansli, case=late)
    education = _submit(_partner(sector=Sector.AKADEMI, index=1), notice + datetime.timedelta(days=4), EDUCATION)
    with _travel(today - datetime.timedelta(days=5)):
        consultation = preparation.consultation_open(
            by=kansli, case=late,
            question="Hur skulle en nationell inbjudan till lungcancerscreening påverka er verksamhet, "
                     "och vilka förutsättningar behöver finnas?",
            sectors=[Sector.HALSO_SJUKVARD, Sector.CIVILSAMHALLE], deadline=today + datetime.timedelta(days=14))
    answering = _partner(sector=Sector.CIVILSAMHALLE, index=2)
    for days_ago, partner, text in _answers(region, answering, today):
        with _travel(today - datetime.timedelta(days=days_ago), 14):
            services.consultation_answer_set(by=_rep(partner).user, consultation=consultation, partner=partner,
                                             text=text)

    # Prepared: one on the agenda of next year's first meeting, one waiting for an agenda.
    _prepare(kansli, prepared_next, today - datetime.timedelta(days=4),
             "Partnerskapet ger arbetsutskottet i uppdrag att föreslå gemensamma indikatorer för "
             "uppföljning av cancerstrategin.")
    if next_year is not None:
        _on_agenda(kansli, prepared_next, next_year, today - datetime.timedelta(days=1))
    _prepare(kansli, education, today - datetime.timedelta(days=2),
             "Partnerskapet uppmanar lärosätena att inkludera cancerrehabilitering i relevanta utbildningar.")

    # Received: a change of the arbetsordning (§ 9), and a case with a confirmed co-signer.
    _submit(region, today - datetime.timedelta(days=6), RULE_CHANGE, kind=Case.Kind.RULE_CHANGE,
            proposed_text=_shorter_notice_text(), proposed_parameters={"notice_days": 21})
    cosigned = _submit(cancerfonden, today - datetime.timedelta(days=3), PATIENT_VOICE)
    with _travel(today - datetime.timedelta(days=3), 11):
        cosignature = services.case_cosign_request(by=_rep(cancerfonden).user, case=cosigned, partner=ki)
    with _travel(today - datetime.timedelta(days=2), 9):
        services.case_cosign_confirm(by=_rep(ki).user, cosignature=cosignature)

    # A draft with a co-signing request waiting for the login partner Karolinska institutet.
    with _travel(today - datetime.timedelta(days=1), 15):
        draft = services.case_draft_save(by=_rep(region).user, partner=region, fields={
            "title": "Regional samordning av prehabilitering före cancerkirurgi",
            "background": "Flera regioner prövar prehabilitering, men erfarenheterna sprids inte.",
        })
        services.case_cosign_request(by=_rep(region).user, case=draft, partner=ki)
    return True


def seed_march_decisions(kansli) -> bool:
    """The partnership decides at the March meeting, through the same services as in the room:
    the AU by consensus, the rehabilitation case by a vote with a declared conflict of interest,
    and the change of the arbetsordning with 2/3. False if already decided."""
    case = Case.objects.filter(title=MARKER).first()
    if case is None or case.state != Case.State.ON_AGENDA:
        return False
    march = Meeting.objects.get(title=meetings_demo.MARKER)
    starts = march.starts_at
    present = [a.partner for a in march.attendances.select_related("partner").order_by("partner__name")]
    roll_item = march.agenda_items.get(title="Fastställande av röstlängd för 2026")
    with _travel_to(starts + datetime.timedelta(minutes=20)):
        voting.decision_by_consensus(by=kansli, item=roll_item, wording=(
            "Partnerskapet fastställer röstlängden för 2026: de partner som undertecknat avsiktsförklaringen "
            "efter Socialstyrelsens inbjudan (§ 5.2, § 8.1)."))
    au = march.agenda_items.get(title="Tillsättning av arbetsutskottet")
    with _travel_to(starts + datetime.timedelta(minutes=40)):
        voting.decision_by_consensus(by=kansli, item=au, wording=(
            "Partnerskapet ger kansliet i uppdrag att förbereda val av arbetsutskottet till höstmötet, "
            "tre ledamöter per sektor."))
    conflicted = next(p for p in present if p.pk != case.partner_id and p.sector == case.partner.sector)
    with _travel_to(starts + datetime.timedelta(minutes=50)):
        declaration = voting.conflict_declare(by=kansli, case=case, partner=conflicted,
                                              reason="Vi har tagit fram en stor del av materialet som föreslås.")
        voting.conflict_rule(by=kansli, declaration=declaration, may_vote=False)
    _debate(kansli, case.agenda_item, starts + datetime.timedelta(minutes=52), present)
    _vote(kansli, case, starts + datetime.timedelta(hours=1), "Bifalla förslaget till beslut?",
          present, lambda i: "no" if i % 9 == 0 else ("abstain" if i % 13 == 0 else "yes"))
    amendment = Case.objects.get(title=SPRING_MEETING["title"])
    _vote(kansli, amendment, starts + datetime.timedelta(hours=2), "Ändra § 3.1 enligt förslaget?",
          present, lambda i: "no" if i % 6 == 0 else ("abstain" if i % 10 == 0 else "yes"))
    return True


def _debate(kansli, item, moment, present):
    """Three representatives ask for the floor from their devices; the chair gives it in order and
    closes the list before the vote."""
    from decisions import speakers

    askers = [(p, _rep(p)) for p in present if _rep(p) is not None and march_present(p, moment)][1:4]
    with _travel_to(moment):
        requests = [speakers.floor_request(by=rep.user, item=item, partner=partner) for partner, rep in askers]
    for minute, request in enumerate(requests):
        with _travel_to(moment + datetime.timedelta(minutes=1 + 2 * minute)):
            speakers.floor_give(by=kansli, speaker_request=request)
    with _travel_to(moment + datetime.timedelta(minutes=7)):
        speakers.floor_finish(by=kansli, speaker_request=requests[-1])
        speakers.speakers_close(by=kansli, item=item)


def _vote(kansli, case, moment, question, present, choose):
    """Open a vote on the case's item, let every partner present and not ruled out vote, close it."""
    ruled_out = {c.partner_id for c in ConflictDeclaration.objects.filter(case=case) if c.rules_out}
    with _travel_to(moment):
        vote = voting.vote_open(by=kansli, item=case.agenda_item, question=case.decision_proposal or question)
    with _travel_to(moment + datetime.timedelta(minutes=5)):
        voters = [p for p in present if p.pk not in ruled_out and march_present(p, moment)]
        for index, partner in enumerate(voters):
            rep = _rep(partner)
            if rep is None:  # no account in the portal: the kansli records its show of hands
                voting.ballot_record(by=kansli, vote=vote, partner=partner, choice=choose(index))
            else:
                voting.ballot_cast(by=rep.user, vote=vote, partner=partner, choice=choose(index))
    with _travel_to(moment + datetime.timedelta(minutes=10)):
        voting.vote_close(by=kansli, vote=vote)
        voting.vote_publish(by=kansli, vote=vote)


def march_present(partner, moment) -> bool:
    from meetings.models import Attendance

    return any(a.present_at(moment) for a in Attendance.objects.filter(partner=partner,
                                                                      meeting__title=meetings_demo.MARKER))


def _travel_to(moment: datetime.datetime):
    import time_machine

    return time_machine.travel(moment, tick=False)


def _group(kansli, day):
    with _travel(day):
        return preparation.preparation_group_save(by=kansli, fields={
            "name": "Arbetsgrupp forskningsinfrastruktur", "kind": PreparationGroup.Kind.WORKING_GROUP,
            "members": "Eva Lindqvist, Karolinska institutet\nOmar Haddad, Region Örebro län\n"
                       "Sara Nyberg, Biobank Sverige"})


def _answers(region, association, today):
    return [
        (3, region, "Region Örebro län ser positivt på en nationell inbjudan. Vi behöver besked om "
                    "finansiering av röntgenkapacitet senast ett år före start."),
        (2, association, f"{association.name} stöder förslaget. Inbjudan bör nå rökare och tidigare "
                         "rökare genom flera kanaler, även utanför vården."),
    ]


def _spring_meeting_text() -> str:
    text = version_in_force(datetime.date(2026, 1, 12)).text
    return text.replace("- SweCan sammanträder fysiskt minst två gånger per år.",
                        "- SweCan sammanträder fysiskt minst två gånger per år, varav en gång under våren.")


def _shorter_notice_text() -> str:
    text = version_in_force().text
    return text.replace("minst 30 dagar före mötet", "minst 21 dagar före mötet")


def _template(title, area, **fields):
    return {
        "title": title, "strategy_area": area,
        "background": fields.get("background", "Frågan har väckts i flera av partnernas nätverk under året."),
        "problem_or_opportunity": fields.get("problem", "Arbetet sker i dag på olika sätt i landet."),
        "proposal": fields["proposal"],
        "justification": fields.get("justification", "Ett gemensamt arbetssätt ger jämlikare cancervård."),
        "goals": fields.get("goals", "Jämlik cancervård och bättre överlevnad."),
        "consequences": fields.get("consequences", "Partnerna bidrar med underlag och sakkunniga."),
    }


REHABILITATION = _template(
    MARKER, Case.StrategyArea.REHABILITATION,
    proposal="Partnerskapet ger kansliet i uppdrag att bygga en gemensam kunskapsbank för rehabilitering.",
    background="Regionerna har tagit fram eget material för rehabilitering efter cancer.")
BIOBANK = _template(
    "Gemensamma principer för åtkomst till biobanksprover", Case.StrategyArea.EARLY_DETECTION,
    proposal="Partnerskapet antar gemensamma principer för forskares åtkomst till biobanksprover.")
APP = _template(
    "Pilot med digitalt symtomstöd under behandling", Case.StrategyArea.CARE,
    proposal="Partnerskapet stöder en pilot med digitalt symtomstöd i två regioner.")
PEER_SUPPORT = _template(
    "Stöd till patient- och närståendeföreningar för samtalsstöd", Case.StrategyArea.PALLIATIVE,
    proposal="Partnerskapet tar fram en modell för samtalsstöd i samverkan med civilsamhället.")
SCREENING = _template(
    "Nationell inbjudan till screening för lungcancer", Case.StrategyArea.EARLY_DETECTION,
    proposal="Partnerskapet rekommenderar en nationell inbjudan till lungcancerscreening för riskgrupper.",
    background="Studier visar att screening av riskgrupper minskar dödligheten i lungcancer.")
DATA = _template(
    "Gemensamma indikatorer för uppföljning av cancerstrategin", Case.StrategyArea.CARE,
    proposal="Partnerskapet ger arbetsutskottet i uppdrag att föreslå indikatorer.")
EDUCATION = _template(
    "Cancerrehabilitering i vårdutbildningarna", Case.StrategyArea.REHABILITATION,
    proposal="Partnerskapet uppmanar lärosätena att inkludera cancerrehabilitering i utbildningarna.")
RULE_CHANGE = _template(
    "Kortare kallelsetid för ordinarie sammanträden", Case.StrategyArea.PREVENTION,
    proposal="Partnerskapet ändrar § 3.1 så att kallelse skickas minst 21 dagar före mötet.",
    justification="30 dagar gör det svårt att ta upp aktuella frågor; 21 dagar räcker för förberedelser.",
    consequences="Partnerna får kallelsen nio dagar senare än i dag.")
SPRING_MEETING = _template(
    "Ett fysiskt sammanträde under våren", Case.StrategyArea.CARE,
    proposal="Partnerskapet ändrar § 3.1 så att ett av de fysiska sammanträdena hålls under våren.",
    justification="Ett vårmöte ger tid att förbereda nästa års verksamhetsplan.",
    consequences="Sammanträdesplanen får ett vårmöte varje år.")
PATIENT_VOICE = _template(
    "Patientföreträdare i arbetsgrupperna", Case.StrategyArea.CARE,
    proposal="Partnerskapet beslutar att varje arbetsgrupp har minst en patientföreträdare.")


# The minutes: March finished and approved at a June meeting, June's finished and waiting for the
# autumn meeting's approval (§ 3.2) ----------------------------------------------------------------

JUNE_TITLE = "Partnerskapets sommarmöte 2026"
JUNE_DAY = datetime.date(2026, 6, 9)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def _adjuster(meeting) -> str:
    """A representative who was there: Region Örebro län's if it came, else the first present."""
    from meetings.models import Attendance

    stays = (Attendance.objects.filter(meeting=meeting).exclude(representatives=None)
             .select_related("partner").prefetch_related("representatives").order_by("partner__name"))
    stay = next((a for a in stays if a.partner.name == "Region Örebro län"), None) or stays.first()
    rep = stay.representatives.first() if stay else None
    return f"{rep.name}, {stay.partner.name}" if rep else ""


def _write_minutes(kansli, meeting, *, start_on, finish_on, introduction, notes, closing):
    from decisions import minutes as minutes_service

    meeting.refresh_from_db()  # held and closed by the services since it was read
    with _travel(start_on, 9):
        minutes = minutes_service.minutes_start(by=kansli, meeting=meeting)
        items = {item.title: item.pk for item in meeting.agenda_items.all()}
        minutes_service.minutes_edit(by=kansli, minutes=minutes, fields={
            "keeper": kansli.get_full_name(), "adjuster": _adjuster(meeting), "introduction": introduction,
            "closing": closing, "item_notes": {str(items[title]): text for title, text in notes.items()}})
    with _travel(finish_on, 15):
        return minutes_service.minutes_finish(by=kansli, minutes=minutes)


def seed_minutes(kansli, june_proposals=()) -> bool:
    """The March minutes finished within the 14 days and approved at the June meeting (planned
    before they were finished, so it gets the approval item); the June minutes finished and on the
    autumn meeting's agenda for approval. False if already done.

    `june_proposals`: callables `propose(kansli, meeting)` of apps built on this one (the AU's
    seats) that put their decision items on the June agenda before its kallelse; the meeting
    adopts each by consensus with its proposal as the wording."""
    from decisions.models import Minutes
    from meetings import services as meeting_services
    from meetings.models import AgendaItem, Attendance

    march = Meeting.objects.get(title=meetings_demo.MARKER)
    if Minutes.objects.filter(meeting=march).exists():
        return False
    with _travel(datetime.date(2026, 3, 11), 9):
        june = meeting_services.meeting_plan(by=kansli, fields={
            "title": JUNE_TITLE, "body": Meeting.Body.PARTNERSHIP, "kind": Meeting.Kind.ORDINARY,
            "form": Meeting.Form.DIGITAL, "starts_at": _at(JUNE_DAY, 10), "ends_at": _at(JUNE_DAY, 12),
            "place": "", "online_link": "https://moten.swecan.example/partnerskapet",
            "planned_notice_date": None, "chair": meetings_demo.chair()})
        meeting_services.agenda_item_add(by=kansli, meeting=june, title="Mötets öppnande",
                                         kind=AgendaItem.Kind.INFORMATION, presenter="Ordföranden")
    _write_minutes(
        kansli, march, start_on=datetime.date(2026, 3, 11), finish_on=datetime.date(2026, 3, 20),
        introduction=("Ordföranden hälsade partnerna välkomna till SweCans första sammanträde och "
                      "förklarade mötet öppnat. Till justerare valdes en företrädare för Region Örebro län."),
        notes={"SweCans verksamhetsplan för år 1": (
                   "Kansliet presenterade utkastet. Partnerna betonade rehabilitering och tidig upptäckt; "
                   "kansliet arbetar in synpunkterna till höstmötet."),
               "Tillsättning av arbetsutskottet": "Flera partner anmälde intresse av att nominera ledamöter."},
        closing="Ordföranden tackade deltagarna och förklarade mötet avslutat kl. 16.00.")
    with _travel(datetime.date(2026, 3, 20), 16):
        meeting_services.agenda_item_add(by=kansli, meeting=june, title="Kommunikationsplan för SweCan 2026",
                                         kind=AgendaItem.Kind.DECISION, presenter="Kansliet")
    with _travel(datetime.date(2026, 4, 15), 10):
        for propose in june_proposals:
            propose(kansli, june)
    _hold_june(kansli, june)
    _write_minutes(
        kansli, june, start_on=JUNE_DAY + datetime.timedelta(days=1), finish_on=JUNE_DAY + datetime.timedelta(days=8),
        introduction="Ordföranden öppnade det digitala mötet och konstaterade att partnerskapet var beslutsfört.",
        notes={"Kommunikationsplan för SweCan 2026": "Planen välkomnades; nyhetsbrevet ges ut varje kvartal."},
        closing="Mötet avslutades kl. 11.40.")
    return Attendance.objects.filter(meeting=june).exists()


def _hold_june(kansli, june):
    from django.test import override_settings

    from meetings import services as meeting_services

    # Kallelser in the demo go nowhere (as in meetings/demo.py); their deliveries are still recorded.
    with (_travel(JUNE_DAY - datetime.timedelta(days=35), 9),
          override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")):
        meetings_demo._send_notice(kansli, june)
    starts = june.starts_at
    with _travel_to(starts - datetime.timedelta(minutes=15)):
        meeting_services.meeting_set_state(by=kansli, meeting=june, state=Meeting.State.OPEN)
    with _travel_to(starts + datetime.timedelta(minutes=2)):
        for index, partner in enumerate(meeting_services.roll_for(june)):
            if index % 4 == 3:
                continue  # a quarter could not join
            reps = list(Representative.objects.filter(partner=partner, active=True)[:1])
            meeting_services.attendance_register(by=kansli, meeting=june, partner=partner, arrived_at=starts,
                                                 representatives=reps)
    june.refresh_from_db()
    approval = june.agenda_items.get(kind="minutes_approval")
    with _travel_to(starts + datetime.timedelta(minutes=10)):
        voting.decision_by_consensus(by=kansli, item=approval, wording="Protokollet från den 10 mars 2026 godkänns.")
    plan = june.agenda_items.get(title="Kommunikationsplan för SweCan 2026")
    with _travel_to(starts + datetime.timedelta(minutes=45)):
        voting.decision_by_consensus(by=kansli, item=plan, wording=(
            "Partnerskapet antar kommunikationsplanen för 2026 och ger kansliet i uppdrag att genomföra den."))
    others = [item for item in june.agenda_items.filter(kind="decision", decision__isnull=True).order_by("position")]
    for minute, item in enumerate(others):
        with _travel_to(starts + datetime.timedelta(minutes=60 + 5 * minute)):
            voting.decision_by_consensus(by=kansli, item=item, wording=item.description)
    with _travel_to(starts + datetime.timedelta(hours=2)):
        meeting_services.meeting_set_state(by=kansli, meeting=june, state=Meeting.State.HELD)
        meeting_services.meeting_set_state(by=kansli, meeting=june, state=Meeting.State.CLOSED)
