"""One term per concept in the rule reasons (issue 8, § 4: "Inte beslutsmässigt" beside "Inte
beslutsför", "64 partner" beside "64 partners"): the plural of partner is partners, as
Socialstyrelsen's texts write it, and a meeting is beslutsfört, as the quorum panel says."""

import datetime

from django.utils import translation

from swecan import rules

ALL = dict.fromkeys(rules.SECTORS, 7)  # 35 present, every sector


def reason(verdict: rules.Verdict) -> str:
    with translation.override("sv"):
        return verdict.reason


def test_a_quorate_meeting_is_beslutsfort_with_partners_counted_in_the_plural():
    text = reason(rules.check_quorum(ALL, 64))

    assert text.startswith("Beslutsfört: 35 av 64 partners på röstlängden närvarar, minst 32 krävs")


def test_a_meeting_without_quorum_is_inte_beslutsfort():
    short = reason(rules.check_quorum(dict.fromkeys(rules.SECTORS, 2), 64))
    missing = reason(rules.check_quorum(ALL | {"naringsliv": 0}, 64))

    assert short.startswith("Inte beslutsfört: 10 av 64 partners på röstlängden närvarar")
    assert missing.startswith("Inte beslutsfört: ingen partner närvarar från Näringsliv")
    assert "28 av 64 partners" in missing


def test_a_roll_of_one_reads_in_the_singular():
    params = rules.Parameters(quorum_every_sector=False)

    text = reason(rules.check_quorum({"akademi": 1}, 1, params))

    assert "1 av 1 partner på röstlängden närvarar" in text


def test_the_sector_cap_counts_partners_in_the_plural():
    full = reason(rules.check_sector_cap("naringsliv", 3, 1))
    room = reason(rules.check_sector_cap("akademi", 1, 1))
    year2 = reason(rules.check_sector_cap("naringsliv", 1, 2))

    assert full == ("Verksamhetsår 1: högst 3 partners från Näringsliv; sektorn har redan 3, så "
                    "inga fler kan bjudas in.")
    assert room.startswith("Verksamhetsår 1: högst 15 partners från Akademi och forskning")
    assert year2 == ("Verksamhetsår 2: från år 2 tillkommer nya partners genom nominering och "
                     "beslut av partnerskapet; inget tak per sektor (Näringsliv har 1 partner).")


def test_no_rule_reason_counts_partner_in_the_singular_plural():
    """Scan every rule's Swedish reason for "<n> partner" with n other than 1."""
    import re

    verdicts = [
        rules.check_quorum(ALL, 64), rules.check_quorum(ALL | {"myndigheter": 0}, 40),
        rules.check_sector_cap("halso_sjukvard", 27, 1), rules.check_sector_cap("akademi", 2, 1),
        rules.check_sector_cap("myndigheter", 9, 3),
        rules.check_notice(datetime.date(2027, 3, 15), datetime.date(2027, 2, 1)),
    ]
    for verdict in verdicts:
        text = reason(verdict)
        assert not re.search(r"\b(?!1\b)\d+ partner\b", text), text
        assert "beslutsför:" not in text.lower() and "beslutsmässig" not in text
