"""Helpers that write cases through decisions.services, as a representative would."""

from decisions import services

TEMPLATE = {
    "title": "Gemensam plan för rehabilitering efter cancer",
    "background": "Rehabiliteringen skiljer sig mellan regionerna.",
    "problem_or_opportunity": "Patienter får olika stöd beroende på bostadsort.",
    "proposal": "Partnerskapet ger arbetsutskottet i uppdrag att ta fram en gemensam plan.",
    "justification": "En gemensam plan ger jämlik rehabilitering.",
    "goals": "Jämlik cancervård.",
    "strategy_area": "rehabilitation",
    "consequences": "Partnerna bidrar med underlag under våren.",
}


def draft(*, by, partner, **overrides):
    return services.case_draft_save(by=by, partner=partner, fields={**TEMPLATE, **overrides})


def received(*, by, partner, **overrides):
    case = draft(by=by, partner=partner, **overrides)
    return services.case_submit(by=by, case=case).case
