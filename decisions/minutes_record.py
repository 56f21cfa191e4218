"""What the minutes say, drawn from the record (§ 3.2, R5): attendance with times, the quorum,
each item with its decision, the vote and how each partner voted, conflicts of interest and the
chair's rulings, and a compliance sheet of every rule the meeting had to meet with its verdict.

`record(meeting, minutes)` returns plain JSON (frozen into each finished revision, so a
revision says what the record said when it was finished); `readable(content)` turns it back into
dates and verdicts for the templates, rendered in the reader's language."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from decisions.models import Case, ConflictDeclaration, Decision, Minutes
from decisions.voting import _verdict_json, _verdict_of
from meetings.models import AdvanceAnswer, AgendaItem, Attendance, Document, Meeting
from meetings.services import quorum_at, roll_for
from swecan import rules
from swecan.arbetsordning import parameters_in_force, version_in_force
from swecan.rules import gettext_noop

FORMAT = 1  # the shape of `content`; a later shape reads older revisions by this number


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _attendance(meeting: Meeting) -> tuple[list, list]:
    stays = (Attendance.objects.filter(meeting=meeting).select_related("partner")
             .prefetch_related("representatives").order_by("partner__name", "arrived_at"))
    present = [{"partner": a.partner.name, "sector": a.partner.sector,
                "representatives": sorted(r.name for r in a.representatives.all()),
                "arrived_at": _iso(a.arrived_at), "departed_at": _iso(a.departed_at)} for a in stays]
    came = {a.partner_id for a in stays}
    answers = dict(AdvanceAnswer.objects.filter(meeting=meeting).values_list("partner_id", "answer"))
    absent = [{"partner": p.name, "sector": p.sector,
               "excused": answers.get(p.pk) == AdvanceAnswer.Answer.ABSENT}
              for p in roll_for(meeting).order_by("name") if p.pk not in came]
    return present, absent


def _decision(decision: Decision) -> dict:
    snapshot = decision.snapshot
    data = {
        "id": decision.pk,
        "wording": decision.wording,
        "method": decision.method,
        "outcome": decision.outcome,
        "decided_at": _iso(decision.decided_at),
        "rules_version": snapshot.get("rules_version"),
        "roll_size": snapshot.get("roll_size"),
        "present": snapshot.get("present"),
        "quorum": snapshot.get("quorum"),
        "absent": [p["name"] for p in snapshot.get("absent", [])],
        "ruled_out": [p["name"] for p in snapshot.get("ruled_out", [])],
        "not_voted": [p["name"] for p in snapshot.get("not_voted", [])],
        "created_version": decision.created_version.number if decision.created_version_id else None,
    }
    if decision.method == Decision.Method.VOTE:
        data |= {"counts": snapshot["counts"], "qualified": snapshot["qualified"],
                 "outcome_verdict": snapshot["outcome"],
                 "ballots": [{"name": b["name"], "choice": b["choice"], "show_of_hands": b["show_of_hands"]}
                             for b in snapshot["ballots"]]}
    return data


def _conflicts(case: Case | None, conflicts_by_case: dict) -> list[dict]:
    if case is None:
        return []
    return [{"partner": c.partner.name, "reason": c.reason, "may_vote": c.may_vote,
             "ruling_reason": c.ruling_reason} for c in conflicts_by_case.get(case.pk, [])]


def _case_in_time(case: Case, meeting: Meeting) -> rules.Verdict:
    # The submission is judged by the version in force on the day it was submitted (rules.md).
    return rules.check_case_submission(case.submitted_on, meeting.notice_date,
                                       parameters_in_force(case.submitted_on))


def _documents_verdict(documents: list[Document]) -> rules.Verdict:
    late = [d.title for d in documents if d.is_late]
    if not documents:
        return rules.Verdict(True, "§ 3.2", gettext_noop("Inga handlingar hörde till sammanträdet."), {})
    if not late:
        return rules.Verdict(True, "§ 3.2", gettext_noop(
            "Alla %(count)s handlingar skickades med kallelsen."), {"count": len(documents)})
    return rules.Verdict(False, "§ 3.2", gettext_noop(
        "Handlingar som kom in efter kallelsen och är markerade som sent inkomna: %(titles)s."),
        {"titles": rules.Listing(tuple(late))})


def compliance(meeting: Meeting, items: list[dict], cases: list[Case], documents: list[Document],
               finished_on: datetime.date | None) -> list[dict]:
    """Each rule the meeting had to meet, with its § and verdict, as JSON verdicts."""
    sheet = []
    if meeting.notice_is_sent:
        notice_on = meeting.notice_date
        sheet.append({"topic": "notice", "verdict": _verdict_json(
            rules.check_notice_sent(meeting.date, notice_on, parameters_in_force(notice_on)))})
    else:
        sheet.append({"topic": "notice", "verdict": _verdict_json(rules.Verdict(
            False, "§ 3.1", gettext_noop("Ingen kallelse skickades genom portalen."), {}))})
    for case in cases:
        if case.submitted_on and meeting.notice_is_sent:
            sheet.append({"topic": "case", "subject": case.reference,
                          "verdict": _verdict_json(_case_in_time(case, meeting))})
    sheet.append({"topic": "documents", "verdict": _verdict_json(_documents_verdict(documents))})
    for item in items:
        decision = item["decision"]
        if decision is None:
            continue
        subject = f"§ {item['position']} {item['title']}"
        sheet.append({"topic": "quorum", "subject": subject, "verdict": decision["quorum"]})
        if decision["method"] == Decision.Method.VOTE:
            sheet.append({"topic": "majority", "subject": subject, "verdict": decision["outcome_verdict"]})
    if finished_on is not None:
        sheet.append({"topic": "minutes", "verdict": _verdict_json(rules.check_minutes_finalised(
            meeting.date, finished_on, parameters_in_force(finished_on)))})
    return sheet


def record(meeting: Meeting, minutes: Minutes, *, finished_on: datetime.date | None = None) -> dict:
    """The minutes as the record stands now, with the kansli's prose; JSON only."""
    present, absent = _attendance(meeting)
    agenda = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    decisions = {d.agenda_item_id: d for d in Decision.objects.filter(agenda_item__meeting=meeting)
                 .select_related("created_version")}
    cases = {c.agenda_item_id: c for c in Case.objects.filter(agenda_item__meeting=meeting)}
    decided_cases = {d.case_id for d in decisions.values() if d.case_id}
    conflicts_by_case: dict[int, list] = {}
    for c in (ConflictDeclaration.objects.filter(case__in=[*cases.values()] + list(decided_cases))
              .select_related("partner").order_by("partner__name")):
        conflicts_by_case.setdefault(c.case_id, []).append(c)
    documents = list(Document.objects.filter(meeting=meeting).current().order_by("title"))
    notes = minutes.item_notes or {}
    items = []
    for item in agenda:
        case = cases.get(item.pk)
        decision = decisions.get(item.pk)
        if case is None and decision is not None and decision.case_id:
            case = decision.case
        items.append({
            "id": item.pk, "position": item.position, "title": item.title, "kind": item.kind,
            "presenter": item.presenter, "description": item.description,
            "case": case.reference if case else None,
            "note": notes.get(str(item.pk), ""),
            "decision": _decision(decision) if decision else None,
            "conflicts": _conflicts(case, conflicts_by_case),
            "documents": [d.title for d in documents if d.agenda_item_id == item.pk],
        })
    opening = quorum_at(meeting, meeting.starts_at)
    version = version_in_force(meeting.date)
    return {
        "format": FORMAT,
        "meeting": {"id": meeting.pk, "title": meeting.title, "body": meeting.body, "kind": meeting.kind,
                    "form": meeting.form, "place": meeting.place, "starts_at": _iso(meeting.starts_at),
                    "ends_at": _iso(meeting.ends_at),
                    "chair": meeting.chair.get_full_name() if meeting.chair_id else ""},
        "rules_version": version.number if version else None,
        "introduction": minutes.introduction, "closing": minutes.closing,
        "keeper": minutes.keeper, "adjuster": minutes.adjuster,
        "roll_size": opening["roll_size"],
        "present": present, "absent": absent,
        "opening_quorum": _verdict_json(opening["verdict"]),
        "items": items,
        "compliance": compliance(meeting, items, [c for c in cases.values() if c.submitted_on],
                                 documents, finished_on),
    }


# Reading it back ------------------------------------------------------------------------------


def _moment(value):
    return timezone.localtime(parse_datetime(value)) if value else None


def readable(content: dict) -> dict:
    """`content` with dates and verdicts to show (a copy; the stored JSON is left as it is)."""
    data = {**content, "meeting": {**content["meeting"]}}
    meeting = data["meeting"]
    meeting["starts_at"], meeting["ends_at"] = _moment(meeting["starts_at"]), _moment(meeting["ends_at"])
    meeting["body_label"] = Meeting.Body(meeting["body"]).label
    meeting["form_label"] = Meeting.Form(meeting["form"]).label
    data["present"] = [{**p, "arrived_at": _moment(p["arrived_at"]), "departed_at": _moment(p["departed_at"]),
                        "sector_label": gettext(rules.SECTOR_LABELS.get(p["sector"], p["sector"]))}
                       for p in content["present"]]
    data["absent"] = [{**p, "sector_label": gettext(rules.SECTOR_LABELS.get(p["sector"], p["sector"]))}
                      for p in content["absent"]]
    data["opening_quorum"] = _verdict_of(content["opening_quorum"])
    items = []
    for item in content["items"]:
        item = {**item, "kind_label": AgendaItem.Kind(item["kind"]).label}
        if item["decision"]:
            d = {**item["decision"]}
            d["decided_at"] = _moment(d["decided_at"])
            d["quorum"] = _verdict_of(d["quorum"])
            d["method_label"] = Decision.Method(d["method"]).label
            d["outcome_label"] = Decision.Outcome(d["outcome"]).label
            if "outcome_verdict" in d:
                d["outcome_verdict"] = _verdict_of(d["outcome_verdict"])
                d["ballots"] = [{**b, "choice_label": _choice_label(b["choice"])} for b in d["ballots"]]
                d["ballot_groups"] = _ballot_groups(d["ballots"])
            item["decision"] = d
        items.append(item)
    data["items"] = items
    data["compliance"] = [{**row, "verdict": _verdict_of(row["verdict"])} for row in content["compliance"]]
    return data


def _ballot_groups(ballots: list[dict]) -> list[dict]:
    """The named ballots as the minutes list them: per choice (ja, nej, avstår), the partners in
    name order. One paragraph per choice instead of a table row per partner keeps a meeting of
    50 votes by 74 partners at a few dozen pages and its PDF quick to render (bench/minutes_render.py)."""
    from decisions.models import Ballot

    # The minutes tell what happened: "avstod", as the counts and the rule's reason say.
    told = {Ballot.Choice.ABSTAIN: gettext("Avstod")}
    return [{"choice": choice, "label": told.get(choice, label),
             "ballots": [b for b in ballots if b["choice"] == choice]}
            for choice, label in Ballot.Choice.choices if any(b["choice"] == choice for b in ballots)]


def _choice_label(choice: str) -> str:
    from decisions.models import Ballot

    return Ballot.Choice(choice).label
