"""Cases in each step of preparation, made through the services as the kansli and a partner
would; and the history scenarios of the preparers' services (tests/test_history_complete.py
registers them: each must record history naming the acting user)."""

import datetime

from django.utils import timezone

from decisions import preparation, services
from decisions.models import Case
from tests.decisions.factories import received
from tests.meetings import factories as mf

PROPOSAL = "Partnerskapet ger arbetsutskottet i uppdrag att ta fram en gemensam rehabiliteringsplan till hösten."


def attach(case, *, by, title="Kartläggning av rehabiliteringen", name="kartlaggning.pdf"):
    return services.case_document_add(by=by, case=case, title=title, uploaded=mf.upload(name))


def a_meeting(karin, *, days_ahead: int = 80, **kwargs):
    """A partnership meeting far enough ahead that a case received today is in time for it (R2)."""
    return mf.plan(by=karin, days_ahead=days_ahead, **kwargs)


def in_preparation(*, karin, by, partner, **overrides) -> Case:
    return preparation.case_start_preparation(by=karin, case=received(by=by, partner=partner, **overrides))


def prepared(*, karin, by, partner, proposal: str = PROPOSAL, **overrides) -> Case:
    case = in_preparation(karin=karin, by=by, partner=partner, **overrides)
    preparation.case_proposal_save(by=karin, case=case, text=proposal)
    return preparation.case_mark_prepared(by=karin, case=case)


def consultation(*, karin, case, sectors=("halso_sjukvard", "akademi"), days: int = 14,
                 question: str = "Hur ser rehabiliteringen ut hos er i dag?"):
    return preparation.consultation_open(by=karin, case=case, question=question, sectors=list(sectors),
                                         deadline=timezone.localdate() + datetime.timedelta(days=days))


# History scenarios ------------------------------------------------------------------------
# Each gets a `scene` (tests/test_history_complete.Scene) and calls its service once.


def _people():
    from tests.partnership import factories as pf

    karin = mf.officer()
    submitter = pf.signed_partner(signed_on=datetime.date(2026, 1, 10), sector="halso_sjukvard")
    a_meeting(karin)
    return karin, submitter


def _received(karin, submitter):
    return received(by=submitter.user, partner=submitter.partner)


def _in_preparation(karin, submitter):
    return preparation.case_start_preparation(by=karin, case=_received(karin, submitter))


def _prepared(karin, submitter):
    case = _in_preparation(karin, submitter)
    preparation.case_proposal_save(by=karin, case=case, text=PROPOSAL)
    return preparation.case_mark_prepared(by=karin, case=case)


def _start(scene):
    karin, submitter = _people()
    scene.call(preparation.case_start_preparation, by=karin, case=_received(karin, submitter))


def _group_new(scene):
    karin, _submitter = _people()
    scene.call(preparation.preparation_group_save, by=karin,
               fields={"name": "Expertpanel rehabilitering", "kind": "expert_panel", "members": "Anna\nBo"})


def _assign(scene):
    karin, submitter = _people()
    case = _in_preparation(karin, submitter)
    group = preparation.preparation_group_save(by=karin, fields={"name": "Arbetsgrupp rehab", "members": "Anna"})
    scene.call(preparation.case_assign_group, by=karin, case=case, group=group)


def _consult(scene):
    karin, submitter = _people()
    case = _in_preparation(karin, submitter)
    scene.call(preparation.consultation_open, by=karin, case=case, question="Hur gör ni?",
               sectors=["halso_sjukvard"], deadline=timezone.localdate() + datetime.timedelta(days=10))


def _summarise(scene):
    karin, submitter = _people()
    opened = consultation(karin=karin, case=_in_preparation(karin, submitter), days=3)
    scene.clock.move_to(timezone.now() + datetime.timedelta(days=5), tick=False)
    scene.call(preparation.consultation_summarise, by=karin, consultation=opened, summary="Alla är positiva.")


def _proposal(scene):
    karin, submitter = _people()
    scene.call(preparation.case_proposal_save, by=karin, case=_in_preparation(karin, submitter), text=PROPOSAL)


def _mark_prepared(scene):
    karin, submitter = _people()
    case = _in_preparation(karin, submitter)
    preparation.case_proposal_save(by=karin, case=case, text=PROPOSAL)
    scene.call(preparation.case_mark_prepared, by=karin, case=case)


def _agenda(scene):
    karin, submitter = _people()
    case = _prepared(karin, submitter)
    attach(case, by=karin)
    scene.call(preparation.case_put_on_agenda, by=karin, case=case, meeting=case.target_meeting)


def _correct(scene):
    karin, submitter = _people()
    scene.call(preparation.case_correct, by=karin, case=_received(karin, submitter),
               fields={"title": "Rättad rubrik"}, reason="Stavfel i rubriken")


def _withhold(scene):
    karin, submitter = _people()
    case = _prepared(karin, submitter)
    document = attach(case, by=karin)
    preparation.case_put_on_agenda(by=karin, case=case, meeting=case.target_meeting)
    # The copy among the meeting's documents is withdrawn too, in the same history.
    scene.call(preparation.case_document_withhold, by=karin, document=document, reason="Personuppgifter")


def _release(scene):
    karin, submitter = _people()
    document = attach(_received(karin, submitter), by=karin)
    preparation.case_document_withhold(by=karin, document=document, reason="Personuppgifter")
    scene.call(preparation.case_document_release, by=karin, document=document)


HISTORY_SCENARIOS = {
    preparation.case_start_preparation: _start,
    preparation.preparation_group_save: _group_new,
    preparation.case_assign_group: _assign,
    preparation.consultation_open: _consult,
    preparation.consultation_summarise: _summarise,
    preparation.case_proposal_save: _proposal,
    preparation.case_mark_prepared: _mark_prepared,
    preparation.case_put_on_agenda: _agenda,
    preparation.case_correct: _correct,
    preparation.case_document_withhold: _withhold,
    preparation.case_document_release: _release,
}
