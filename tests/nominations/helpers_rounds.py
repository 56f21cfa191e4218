"""The nomination round (nominations/rounds.py) for the tests: a round for the roll of 2027 opened
"today" (2026-11-25, operating year 1), nominations through the service the public form uses, the
kansli's review, and the history scenarios of the round's services and the year-1 checklist
(tests/test_history_complete.py registers them)."""

import datetime

from decisions import voting
from nominations import rounds, year1
from nominations.models import Nomination
from tests.decisions.helpers_roll import FIRST_DAY, first_and_later, under_way
from tests.meetings import factories as mf
from tests.partnership import factories as pf
from tests.swecan.test_valid_html import problems

D = datetime.date
DEADLINE = D(2026, 12, 15)  # after "today", before the first 2027 meeting (20 January)
AFTER_DEADLINE = datetime.datetime(2026, 12, 16, 10, 0, tzinfo=mf.STOCKHOLM)



def valid(response, status=200) -> str:
    """The page's HTML, after checking its status and that it is well-formed."""
    assert response.status_code == status, response.content.decode()[:2000]
    html = response.content.decode()
    assert problems(html) == []
    return html

def call_values(sector: str, deadline=DEADLINE) -> dict:
    return {"sector": sector, "selection": f"Urval inom {sector}", "competence": "Kompetens inom cancervård",
            "experience": "Erfarenhet av samverkan", "geographic_spread": "Hela landet", "deadline": deadline}


def calls(deadline=DEADLINE) -> list[dict]:
    return [call_values(sector, deadline) for sector in rounds.SECTORS]


def open_round(karin, *, year: int = 2027, deadline=DEADLINE):
    return rounds.round_open(by=karin, year=year, introduction="Välkommen att nominera.", calls=calls(deadline))


def call_of(round_, sector: str = "akademi"):
    return round_.calls.get(sector=sector)


def nomination_data(**overrides) -> dict:
    data = {
        "organisation": "Exempeluniversitetet", "org_number": pf.next_org_number(), "category": "university",
        "county": "Uppsala län", "website": "https://exempel.example", "motivation": "Stark forskning.",
        "contact_name": "Karl Kontakt", "contact_title": "Rektor", "contact_email": "karl@exempel.example",
        "contact_phone": "070-111 22 33", "self_nomination": True,
        "nominator_name": "", "nominator_organisation": "", "nominator_email": "",
    }
    data.update(overrides)
    return data


def nominate(call, **overrides) -> Nomination:
    return rounds.nomination_submit(call, nomination_data(**overrides))


def review(karin, nomination, *, accept: bool = True) -> Nomination:
    return rounds.nomination_review(
        by=karin, nomination=nomination,
        review=Nomination.Review.ACCEPTED if accept else Nomination.Review.REJECTED,
        assessment_selection="Uppfyllt", assessment_competence="Uppfyllt", assessment_experience="Uppfyllt",
        assessment_geography="Uppfyllt", note="Bra nominering.")


def compiled(karin, clock, *, accept: bool = True):
    """A round for 2027 with one nomination reviewed, the deadline passed and the list compiled on
    the first 2027 meeting (five signed partners stay). Returns (round, nomination, first meeting)."""
    signed = mf.signed_roll()
    first, _later = first_and_later(karin)
    round_ = open_round(karin)
    nomination = review(karin, nominate(call_of(round_)), accept=accept)
    clock.move_to(AFTER_DEADLINE, tick=False)
    round_ = rounds.round_compile(by=karin, round=round_, meeting=first)
    return round_, nomination, first, signed


# History scenarios -------------------------------------------------------------------------------


def _open(scene):
    karin = mf.officer()
    scene.call(rounds.round_open, by=karin, year=2027, introduction="Välkommen.", calls=calls())


def _call_update(scene):
    karin = mf.officer()
    round_ = open_round(karin)
    values = call_values("akademi", D(2026, 12, 20))
    values.pop("sector")
    scene.call(rounds.call_update, by=karin, call=call_of(round_), **values)


def _review(scene):
    karin = mf.officer()
    nomination = nominate(call_of(open_round(karin)))
    scene.call(rounds.nomination_review, by=karin, nomination=nomination,
               review=Nomination.Review.ACCEPTED, assessment_selection="Ja", assessment_competence="Ja",
               assessment_experience="Ja", assessment_geography="Ja", note="")


def _compile(scene):
    karin = mf.officer()
    mf.signed_roll()
    first, _later = first_and_later(karin)
    round_ = open_round(karin)
    review(karin, nominate(call_of(round_)))
    scene.clock.move_to(AFTER_DEADLINE, tick=False)
    scene.call(rounds.round_compile, by=karin, round=round_, meeting=first)


def _adopted(scene):
    karin = mf.officer()
    round_, _nomination, first, signed = compiled(karin, scene.clock)
    under_way(first, karin=karin, clock=scene.clock, present=signed)
    scene.call(voting.decision_by_consensus, by=karin, item=round_.list_item,
               wording="Partnerskapet antar förteckningen.")


def _duty(scene):
    karin = mf.officer()
    scene.call(year1.year1_duty_mark, by=karin, key="evaluation", done_on=D(2026, 11, 20), note="Beslutat.")


HISTORY_SCENARIOS: dict = {
    rounds.round_open: {"a round with its five calls": _open},
    rounds.call_update: {"a call corrected before its deadline": _call_update},
    rounds.nomination_review: {"a nomination accepted": _review},
    rounds.round_compile: {"the list compiled on the first meeting": _compile},
    voting.decision_by_consensus: {"adopting a nomination list invites the new partners": _adopted},
    year1.year1_duty_mark: {"a year-1 duty marked done": _duty},
}

__all__ = ["FIRST_DAY", "HISTORY_SCENARIOS"]
