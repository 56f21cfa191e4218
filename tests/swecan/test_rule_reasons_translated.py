"""Rule reasons are rendered in the reader's language, numbers and plurals right (issue 8, § 4).

The English cases need the rule messages in locale/en (the catalogue test keeps it complete).
"""

import datetime

import pytest
from django.utils import translation

from swecan import rules

MEETING = datetime.date(2027, 3, 15)


def notice_sent(days_before: int) -> rules.Verdict:
    return rules.check_notice(MEETING, MEETING - datetime.timedelta(days=days_before),
                              rules.Parameters(notice_days=2))


def test_a_reason_is_a_message_id_with_parameters_rendered_when_read():
    verdict = notice_sent(1)

    assert "%(required)s" in verdict.message and verdict.params["required"].n == 2
    with translation.override("sv"):
        swedish = verdict.reason
    with translation.override("en"):
        english = verdict.reason
    assert swedish != english


@pytest.mark.parametrize(("days", "swedish", "english"), [
    (1, "utskick 14 mars 2027 är 1 dag före.", "sent on 14 March 2027 is 1 day before."),
    (0, "utskick 15 mars 2027 är 0 dagar före.", "sent on 15 March 2027 is 0 days before."),
])
def test_a_late_notice_in_both_languages(days, swedish, english):
    verdict = notice_sent(days)

    with translation.override("sv"):
        assert verdict.reason == (
            "Kallelsen måste skickas senast 2 dagar före sammanträdet (senast 13 mars 2027 för "
            f"ett sammanträde 15 mars 2027); {swedish}")
    with translation.override("en"):
        assert verdict.reason == (
            "The notice must be sent at least 2 days before the meeting (by 13 March 2027 for "
            f"a meeting on 15 March 2027); {english}")


def test_a_timely_notice_in_english_says_one_day():
    verdict = rules.check_notice(MEETING, datetime.date(2027, 3, 13), rules.Parameters(notice_days=1))

    with translation.override("en"):
        reason = verdict.reason
    assert "2 days before the meeting" in reason and "at least 1 day before" in reason
    assert "dag" not in reason


def test_quorum_names_the_missing_sectors_in_the_readers_language():
    present = dict.fromkeys(rules.SECTORS, 5) | {"naringsliv": 0, "myndigheter": 0}
    verdict = rules.check_quorum(present, 40)

    with translation.override("sv"):
        assert "ingen partner närvarar från Myndigheter och Näringsliv" in verdict.reason
    with translation.override("en"):
        reason = verdict.reason
    assert "Government agencies and Industry" in reason
    assert "15 of 40 partners on the voting roll are present" in reason
    assert "Myndigheter" not in reason and "Näringsliv" not in reason


def test_a_vote_in_english():
    with translation.override("en"):
        adopted = rules.tally(10, 5, qualified=True).reason
        refused = rules.tally(9, 5, qualified=True).reason
    assert adopted == ("The proposal was adopted: 10 yes to 5 no (0 abstained); a qualified "
                       "majority requires at least 2/3 of the yes and no votes cast, that is at "
                       "least 10 yes of 15.")
    assert refused.startswith("The proposal was not adopted: 9 yes to 5 no")


def test_reelection_in_english_with_its_plurals():
    with translation.override("en"):
        reason = rules.check_reelection("member", 2).reason
    assert reason == ("Re-election is not allowed: as a member of the working committee the term "
                      "is 2 years with re-election 1 time, that is at most 2 terms in a row, and 2 "
                      "terms in a row have already been served.")


def test_the_partner_sector_labels_follow_the_language():
    from partnership.models import Sector

    with translation.override("sv"):
        assert Sector.AKADEMI.label == "Akademi och forskning"
    with translation.override("en"):
        assert str(Sector.AKADEMI.label) == "Academia and research"
        assert str(Sector.HALSO_SJUKVARD.label) == "Health care"


def test_without_a_translator_a_reason_reads_as_written(monkeypatch):
    monkeypatch.setattr(rules, "_translator", {
        "gettext": lambda s: s, "ngettext": lambda s, p, n: s if n == 1 else p,
        "format_date": datetime.date.isoformat,
    })

    assert notice_sent(1).reason == (
        "Kallelsen måste skickas senast 2 dagar före sammanträdet (senast 2027-03-13 för ett "
        "sammanträde 2027-03-15); utskick 2027-03-14 är 1 dag före.")


def test_a_translator_gets_every_message_id_and_plural():
    seen = []
    original = dict(rules._translator)
    try:
        rules.set_translator(lambda s: seen.append(s) or s.replace("Kallelsen", "KALLELSEN"),
                             lambda s, p, n: (s if n == 1 else p).replace("dag", "DAG"),
                             lambda d: d.strftime("%d/%m/%Y"))
        reason = rules.check_notice_sendable(MEETING, MEETING, 0).reason
        late = notice_sent(1).reason
    finally:
        rules.set_translator(**original)
    assert reason == ("KALLELSEN kan inte skickas utan en preliminär dagordning; lägg till minst "
                      "en punkt.")
    assert "14/03/2027" in late and "1 DAG före" in late and "2 DAGar" in late
    assert any(s.startswith("Kallelsen måste skickas") for s in seen)
