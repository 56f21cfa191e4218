"""The arbetsordning rules (domain/rules.md R1-R9) as pure functions: no Django needed."""

import dataclasses
import os
import pickle
import subprocess
import sys
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swecan import rules
from swecan.rules import (
    DEFAULT,
    SECTOR_LABELS,
    SECTORS,
    Parameters,
    Verdict,
    case_deadline,
    check_case_submission,
    check_committee_composition,
    check_committee_seat_available,
    check_meetings_per_year,
    check_minutes_finalised,
    check_notice,
    check_notice_sent,
    check_quorum,
    check_reelection,
    check_sector_cap,
    last_case_day_for_meeting,
    mandate_years,
    minutes_due,
    notice_deadline,
    operating_year,
    quorum_needed,
    tally,
)

MEETING = date(2027, 3, 15)
ALL_PRESENT = dict.fromkeys(SECTORS, 1)
FULL_COMMITTEE = dict.fromkeys(SECTORS, 3)
YEAR1_CAPS = {
    "halso_sjukvard": 27,
    "akademi": 15,
    "myndigheter": 9,
    "civilsamhalle": 20,
    "naringsliv": 3,
}


def days_before(d: date, n: int) -> date:
    return d - timedelta(days=n)


# Module surface


def test_sectors_are_the_five_in_order_with_swedish_labels():
    assert SECTORS == ("halso_sjukvard", "akademi", "myndigheter", "naringsliv", "civilsamhalle")
    assert SECTOR_LABELS == {
        "halso_sjukvard": "Hälso- och sjukvård",
        "akademi": "Akademi och forskning",
        "myndigheter": "Myndigheter",
        "naringsliv": "Näringsliv",
        "civilsamhalle": "Civilsamhälle",
    }


def test_it_imports_without_django():
    repo_root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", "import swecan.rules, sys; assert 'django' not in sys.modules"],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# Verdict


def test_verdict_is_truthy_by_ok():
    assert bool(Verdict(True, "§ 3.1", "ja")) is True
    assert bool(Verdict(False, "§ 3.1", "nej")) is False
    assert not check_notice(MEETING, days_before(MEETING, 29))


def test_verdict_is_frozen():
    verdict = Verdict(False, "§ 3.1", "nej")
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.ok = True


# R1 Notice, § 3.1


def test_notice_deadline_is_30_days_before():
    assert notice_deadline(MEETING) == date(2027, 2, 13)


@pytest.mark.parametrize(
    ("days", "ok"), [(0, False), (1, False), (29, False), (30, True), (31, True), (90, True)]
)
def test_notice_needs_30_days(days, ok):
    verdict = check_notice(MEETING, days_before(MEETING, days))
    assert verdict.ok is ok
    assert verdict.rule == "§ 3.1"


def test_late_notice_explains_with_dates():
    verdict = check_notice(MEETING, date(2027, 2, 14))
    assert verdict.reason == (
        "Kallelsen måste skickas senast 30 dagar före sammanträdet (senast 13 februari 2027 för ett "
        "sammanträde 15 mars 2027); utskick 14 februari 2027 är 29 dagar före."
    )


def test_timely_notice_explains_with_dates():
    reason = check_notice(MEETING, date(2027, 2, 13)).reason
    assert "13 februari 2027" in reason and "15 mars 2027" in reason and "30 dagar" in reason


@pytest.mark.parametrize(("days", "ok"), [(29, False), (30, True)])
def test_the_minutes_tell_the_notice_in_the_past_tense_with_the_same_verdict(days, ok):
    sent = days_before(MEETING, days)
    verdict = check_notice_sent(MEETING, sent)
    assert (verdict.ok, verdict.rule) == (check_notice(MEETING, sent).ok, "§ 3.1") == (ok, "§ 3.1")
    assert verdict.reason.startswith(f"Kallelsen skickades {sent.day} ")
    if not ok:
        assert verdict.reason.endswith("den skulle ha skickats senast 30 dagar före (senast 13 februari 2027).")


def test_notice_after_meeting_raises():
    with pytest.raises(ValueError, match="2027-03-16"):
        check_notice(MEETING, date(2027, 3, 16))


def test_notice_on_meeting_day_is_late_not_invalid():
    assert not check_notice(MEETING, MEETING)


@pytest.mark.parametrize(
    ("meeting", "notice"),
    [
        (datetime(2027, 3, 15, 10), date(2027, 2, 1)),
        (MEETING, datetime(2027, 2, 1, 9)),
        ("2027-03-15", date(2027, 2, 1)),
    ],
)
def test_notice_refuses_non_dates(meeting, notice):
    with pytest.raises(TypeError):
        check_notice(meeting, notice)


def test_notice_counts_across_year_end_and_leap_day():
    assert notice_deadline(date(2028, 1, 10)) == date(2027, 12, 11)
    assert notice_deadline(date(2028, 3, 15)) == date(2028, 2, 14)


# R6 Meetings per year, § 3.1


@pytest.mark.parametrize(("planned", "ok"), [(0, False), (1, False), (2, True), (5, True)])
def test_at_least_two_physical_meetings_per_year(planned, ok):
    verdict = check_meetings_per_year(planned)
    assert verdict.ok is ok
    assert verdict.rule == "§ 3.1"
    assert str(planned) in verdict.reason and "2" in verdict.reason


def test_meetings_per_year_refuses_negative():
    with pytest.raises(ValueError):
        check_meetings_per_year(-1)


# R2 Case submission, § 4.2


def test_case_deadline_is_14_days_before_notice():
    assert case_deadline(date(2027, 2, 13)) == date(2027, 1, 30)


def test_case_on_the_14th_day_before_notice_is_in_time():
    notice = date(2027, 2, 13)
    verdict = check_case_submission(days_before(notice, 14), notice)
    assert verdict.ok
    assert verdict.rule == "§ 4.2"


def test_case_13_days_before_notice_is_late_and_queued():
    notice = date(2027, 2, 13)
    verdict = check_case_submission(days_before(notice, 13), notice)
    assert not verdict.ok
    assert "30 januari 2027" in verdict.reason and "31 januari 2027" in verdict.reason
    assert "13 februari 2027" in verdict.reason and "14 dagar" in verdict.reason
    assert "följande sammanträde" in verdict.reason


def test_case_after_notice_is_late_not_invalid():
    notice = date(2027, 2, 13)
    verdict = check_case_submission(date(2027, 2, 15), notice)
    assert not verdict.ok
    assert "2 dagar efter kallelsen" in verdict.reason


def test_last_case_day_is_meeting_minus_44():
    assert last_case_day_for_meeting(MEETING) == days_before(MEETING, 44) == date(2027, 1, 30)


def test_the_m_minus_44_chain():
    last_notice = notice_deadline(MEETING)
    last_case = last_case_day_for_meeting(MEETING)
    assert check_notice(MEETING, last_notice)
    assert check_case_submission(last_case, last_notice)
    assert not check_case_submission(last_case + timedelta(days=1), last_notice)


# R5 Minutes, § 3.2


def test_minutes_due_14_days_after():
    assert minutes_due(MEETING) == date(2027, 3, 29)


@pytest.mark.parametrize(("days", "ok"), [(0, True), (13, True), (14, True), (15, False)])
def test_minutes_finalised_within_14_days(days, ok):
    verdict = check_minutes_finalised(MEETING, MEETING + timedelta(days=days))
    assert verdict.ok is ok
    assert verdict.rule == "§ 3.2"


def test_late_minutes_explain_with_dates():
    reason = check_minutes_finalised(MEETING, date(2027, 3, 30)).reason
    assert "29 mars 2027" in reason and "30 mars 2027" in reason and "15 dagar" in reason


def test_minutes_before_meeting_raise():
    with pytest.raises(ValueError):
        check_minutes_finalised(MEETING, days_before(MEETING, 1))


# R3 Quorum, § 3.3


@pytest.mark.parametrize(("roll", "needed"), [(1, 1), (2, 1), (3, 2), (64, 32), (65, 33)])
def test_quorum_needed_is_half_rounded_up(roll, needed):
    assert quorum_needed(roll) == needed


def present(total: int, **overrides: int) -> dict[str, int]:
    """`total` partners spread over all five sectors, the remainder in halso_sjukvard."""
    counts = {**ALL_PRESENT, **overrides}
    counts["halso_sjukvard"] += total - sum(counts.values())
    return counts


def test_quorum_at_exactly_half():
    verdict = check_quorum(present(32), 64)
    assert verdict.ok
    assert verdict.rule == "§ 3.3"
    assert "32 av 64" in verdict.reason


def test_quorum_65_needs_33():
    assert check_quorum(present(33), 65)
    verdict = check_quorum(present(32), 65)
    assert not verdict.ok
    assert "32 av 65" in verdict.reason and "minst 33" in verdict.reason


def test_a_sector_without_anyone_breaks_quorum_even_with_a_big_majority():
    verdict = check_quorum(present(60, myndigheter=0), 65)
    assert not verdict.ok
    assert "Myndigheter" in verdict.reason
    assert "60 av 65" in verdict.reason
    for code in ("halso_sjukvard", "akademi", "naringsliv", "civilsamhalle"):
        assert SECTOR_LABELS[code] not in verdict.reason


def test_a_missing_sector_key_counts_as_zero():
    counts = present(60)
    del counts["naringsliv"]
    verdict = check_quorum(counts, 65)
    assert not verdict.ok
    assert "Näringsliv" in verdict.reason


def test_every_missing_sector_is_named():
    verdict = check_quorum({"halso_sjukvard": 40}, 65)
    for code in ("akademi", "myndigheter", "naringsliv", "civilsamhalle"):
        assert SECTOR_LABELS[code] in verdict.reason


@pytest.mark.parametrize(
    ("counts", "roll"),
    [
        (ALL_PRESENT, 0),
        (ALL_PRESENT, -3),
        ({**ALL_PRESENT, "akademi": -1}, 65),
        ({**ALL_PRESENT, "okand": 1}, 65),
        (present(66), 65),
    ],
    ids=["roll-0", "roll-negative", "negative-count", "unknown-sector", "more-than-roll"],
)
def test_quorum_refuses_invalid_input(counts, roll):
    with pytest.raises(ValueError):
        check_quorum(counts, roll)


def test_unknown_sector_is_named_in_the_error():
    with pytest.raises(ValueError, match="Okänd sektor: 'okand'"):
        check_quorum({"okand": 1}, 65)


# R4 and R9 Votes, § 4.3 and § 9


def test_simple_majority_adopts():
    verdict = tally(10, 5, 2)
    assert verdict.ok
    assert verdict.rule == "§ 4.3"
    assert verdict.reason == (
        "Förslaget antogs: 10 ja mot 5 nej (2 avstod); enkel majoritet kräver fler ja än nej."
    )


def test_a_tie_is_not_adopted():
    verdict = tally(5, 5)
    assert not verdict.ok
    assert "lika röstetal" in verdict.reason


@pytest.mark.parametrize("abstain", [0, 1, 50])
def test_abstentions_are_not_votes_cast(abstain):
    assert tally(3, 2, abstain)
    assert not tally(2, 3, abstain)
    assert tally(2, 1, abstain, qualified=True)


@pytest.mark.parametrize(
    ("yes", "no", "ok"), [(10, 5, True), (9, 5, False), (2, 1, True), (1, 1, False), (1, 0, True)]
)
def test_qualified_majority_is_two_thirds(yes, no, ok):
    verdict = tally(yes, no, qualified=True)
    assert verdict.ok is ok
    assert verdict.rule == "§ 9"


def test_qualified_reason_gives_the_threshold():
    reason = tally(9, 5, qualified=True).reason
    assert "9 ja mot 5 nej" in reason and "2/3" in reason and "minst 10 ja av 14" in reason


@pytest.mark.parametrize(("yes", "no", "abstain"), [(-1, 0, 0), (1, -1, 0), (1, 0, -1)])
def test_tally_refuses_negatives(yes, no, abstain):
    with pytest.raises(ValueError):
        tally(yes, no, abstain)


@pytest.mark.parametrize(("qualified", "rule"), [(False, "§ 4.3"), (True, "§ 9")])
@pytest.mark.parametrize("abstain", [0, 7])
def test_everyone_abstaining_is_a_verdict_not_adopted(qualified, rule, abstain):
    verdict = tally(0, 0, abstain, qualified=qualified)
    assert not verdict.ok
    assert verdict.rule == rule
    assert verdict.reason == (
        f"Förslaget antogs inte: 0 ja mot 0 nej ({abstain} avstod); ingen röst avgavs för eller emot förslaget."
    )


@pytest.mark.parametrize(
    ("yes", "no", "ok"),
    [(49, 25, False), (50, 25, True), (2, 1, True), (20, 10, True), (19, 10, False), (0, 1, False)],
    ids=["49-25-fails", "50-25-passes", "exactly-2/3-passes", "exactly-2/3-of-30", "below-2/3", "only-no"],
)
def test_two_thirds_edges(yes, no, ok):
    verdict = tally(yes, no, 3, qualified=True)
    assert verdict.ok is ok
    assert ("antogs:" if ok else "antogs inte:") in verdict.reason


def test_a_tie_is_not_adopted_even_when_everyone_votes():
    assert not tally(37, 37, 0)
    assert not tally(37, 37, 0, qualified=True)


# R8 Arbetsutskott, § 2.2


def test_committee_with_three_per_sector_is_complete():
    verdict = check_committee_composition(FULL_COMMITTEE)
    assert verdict.ok
    assert verdict.rule == "§ 2.2"
    assert DEFAULT.committee_seats == 15


def test_a_fourth_seat_in_a_sector_is_refused():
    verdict = check_committee_composition({**FULL_COMMITTEE, "naringsliv": 4})
    assert not verdict.ok
    assert "Näringsliv har 4" in verdict.reason


def test_a_vacancy_is_reported():
    seats = {**FULL_COMMITTEE, "akademi": 2}
    del seats["civilsamhalle"]
    verdict = check_committee_composition(seats)
    assert not verdict.ok
    assert "Akademi och forskning 1 plats" in verdict.reason
    assert "Civilsamhälle 3 platser" in verdict.reason


@pytest.mark.parametrize("seats", [{"akademi": -1}, {"okand": 3}])
def test_committee_refuses_invalid_input(seats):
    with pytest.raises(ValueError):
        check_committee_composition(seats)


@pytest.mark.parametrize(("filled", "ok"), [(0, True), (2, True), (3, False), (4, False)])
def test_committee_seat_available_until_three(filled, ok):
    verdict = check_committee_seat_available("akademi", filled)
    assert verdict.ok is ok
    assert "Akademi och forskning" in verdict.reason and f"{filled} av 3" in verdict.reason


def test_committee_seat_refuses_unknown_sector():
    with pytest.raises(ValueError):
        check_committee_seat_available("okand", 0)


@pytest.mark.parametrize(
    ("role", "served", "ok"),
    [
        ("member", 0, True),
        ("member", 1, True),
        ("member", 2, False),
        ("chair", 0, True),
        ("chair", 2, True),
        ("chair", 3, False),
        ("vice_chair", 0, True),
        ("vice_chair", 1, True),
        ("vice_chair", 2, True),
        ("vice_chair", 3, False),
    ],
)
def test_reelection_limits(role, served, ok):
    verdict = check_reelection(role, served)
    assert verdict.ok is ok
    assert verdict.rule == "§ 2.2"


def test_refused_reelection_explains_the_limit():
    reason = check_reelection("member", 2).reason
    assert "högst 2 mandatperioder" in reason and "omval 1 gång" in reason


@pytest.mark.parametrize(("role", "served"), [("president", 0), ("member", -1)])
def test_reelection_refuses_invalid_input(role, served):
    with pytest.raises(ValueError):
        check_reelection(role, served)


def test_mandate_years():
    assert mandate_years("member") == 2
    assert mandate_years("chair") == mandate_years("vice_chair") == 1
    with pytest.raises(ValueError, match="Okänd roll"):
        mandate_years("secretary")


# R7 Sector caps in operating year 1, § 8.1


@pytest.mark.parametrize(("sector", "cap"), YEAR1_CAPS.items())
def test_year1_cap_per_sector(sector, cap):
    assert check_sector_cap(sector, cap - 1, 1)
    verdict = check_sector_cap(sector, cap, 1)
    assert not verdict.ok
    assert verdict.rule == "§ 8.1"
    assert f"högst {cap}" in verdict.reason and SECTOR_LABELS[sector] in verdict.reason


@pytest.mark.parametrize("year", [2, 3, 10])
def test_no_cap_from_year_2(year):
    verdict = check_sector_cap("naringsliv", 100, year)
    assert verdict.ok
    assert "nominering" in verdict.reason


@pytest.mark.parametrize(
    ("sector", "partners", "year"), [("okand", 0, 1), ("akademi", -1, 1), ("akademi", 0, 0)]
)
def test_sector_cap_refuses_invalid_input(sector, partners, year):
    with pytest.raises(ValueError):
        check_sector_cap(sector, partners, year)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 9, 1), 1),
        (date(2027, 8, 31), 1),
        (date(2027, 9, 1), 2),
        (date(2028, 8, 31), 2),
        (date(2028, 9, 1), 3),
    ],
)
def test_operating_year_boundaries(on, expected):
    assert operating_year(on, date(2026, 9, 1)) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2029, 2, 27), 1),
        (date(2029, 2, 28), 2),
        (date(2032, 2, 28), 4),
        (date(2032, 2, 29), 5),
    ],
)
def test_operating_year_from_a_leap_day(on, expected):
    assert operating_year(on, date(2028, 2, 29)) == expected


def test_operating_year_before_start_raises():
    with pytest.raises(ValueError):
        operating_year(date(2026, 8, 31), date(2026, 9, 1))


# Another version of the arbetsordning changes the verdicts (§ 9)


def test_shorter_notice_period():
    params = Parameters(notice_days=21)
    notice = days_before(MEETING, 21)
    assert not check_notice(MEETING, notice)
    assert check_notice(MEETING, notice, params)
    assert "21 dagar" in check_notice(MEETING, days_before(MEETING, 20), params).reason
    assert last_case_day_for_meeting(MEETING, params) == days_before(MEETING, 35)


def test_three_quarters_majority():
    params = Parameters(qualified_majority=Fraction(3, 4))
    assert tally(10, 5, qualified=True)
    assert not tally(10, 5, qualified=True, params=params)
    assert tally(15, 5, qualified=True, params=params)


def test_changed_year1_caps():
    params = Parameters(year1_sector_caps={**YEAR1_CAPS, "naringsliv": 5})
    assert not check_sector_cap("naringsliv", 3, 1)
    assert check_sector_cap("naringsliv", 3, 1, params)
    assert not check_sector_cap("naringsliv", 5, 1, params)


def test_quorum_without_every_sector():
    params = Parameters(quorum_every_sector=False)
    assert check_quorum({"halso_sjukvard": 33}, 65, params)


def test_larger_committee():
    params = Parameters(committee_seats_per_sector=4)
    assert params.committee_seats == 20
    assert not check_committee_composition(FULL_COMMITTEE, params)
    assert check_committee_seat_available("akademi", 3, params)


# Parameters


def test_defaults():
    assert DEFAULT == Parameters()
    assert DEFAULT.notice_days == 30
    assert DEFAULT.quorum_fraction == Fraction(1, 2)
    assert DEFAULT.qualified_majority == Fraction(2, 3)
    assert dict(DEFAULT.year1_sector_caps) == YEAR1_CAPS


def test_parameters_are_frozen_and_hashable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.notice_days = 21
    with pytest.raises(TypeError):
        DEFAULT.year1_sector_caps["naringsliv"] = 5
    assert hash(DEFAULT) == hash(Parameters(year1_sector_caps=dict(YEAR1_CAPS)))
    assert len({DEFAULT, Parameters(), Parameters(notice_days=21)}) == 2


def test_parameters_survive_pickle_and_replace():
    changed = Parameters(notice_days=21)
    assert pickle.loads(pickle.dumps(changed)) == changed
    assert dataclasses.replace(DEFAULT, notice_days=21) == changed


def test_to_dict_is_plain_json():
    d = DEFAULT.to_dict()
    assert d["quorum_fraction"] == "1/2"
    assert d["qualified_majority"] == "2/3"
    assert d["year1_sector_caps"] == YEAR1_CAPS
    assert type(d["year1_sector_caps"]) is dict
    assert d["notice_days"] == 30


def test_dict_round_trip():
    params = Parameters(
        notice_days=21,
        quorum_fraction=Fraction(3, 5),
        quorum_every_sector=False,
        qualified_majority=Fraction(1, 1),
        year1_sector_caps={**YEAR1_CAPS, "akademi": 0},
    )
    assert Parameters.from_dict(params.to_dict()) == params
    assert Parameters.from_dict(params.to_dict()).to_dict() == params.to_dict()
    assert params.to_dict()["qualified_majority"] == "1/1"


def test_from_dict_takes_defaults_for_missing_keys():
    assert Parameters.from_dict({}) == DEFAULT
    assert Parameters.from_dict({"notice_days": 21}) == Parameters(notice_days=21)


@pytest.mark.parametrize(
    "data",
    [
        {"notice_dayz": 30},
        {"notice_days": -1},
        {"notice_days": "30"},
        {"notice_days": 30.0},
        {"notice_days": True},
        {"committee_seats_per_sector": 0},
        {"quorum_fraction": 0.5},
        {"quorum_fraction": "a/b"},
        {"quorum_fraction": "1/0"},
        {"quorum_fraction": "0/1"},
        {"quorum_fraction": "3/2"},
        {"qualified_majority": "1/2"},
        {"qualified_majority": "5/4"},
        {"quorum_every_sector": "yes"},
        {"year1_sector_caps": {"naringsliv": 3}},
        {"year1_sector_caps": {**YEAR1_CAPS, "okand": 1}},
        {"year1_sector_caps": {**YEAR1_CAPS, "akademi": -1}},
        {"year1_sector_caps": [("akademi", 15)]},
        ["notice_days"],
    ],
)
def test_from_dict_refuses_bad_values(data):
    with pytest.raises(ValueError):
        Parameters.from_dict(data)


def test_from_dict_names_unknown_keys():
    with pytest.raises(ValueError, match="notice_dayz"):
        Parameters.from_dict({"notice_dayz": 30})


def test_constructor_validates_too():
    with pytest.raises(ValueError):
        Parameters(quorum_fraction=0.5)
    with pytest.raises(ValueError):
        Parameters(chair_reelections=-1)


# Properties

counts = st.integers(min_value=0, max_value=200)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
fractions = st.sampled_from([Fraction(2, 3), Fraction(3, 4), Fraction(3, 5), Fraction(1, 1)])


@given(counts, counts, counts, st.booleans())
def test_another_yes_never_loses_adoption(yes, no, abstain, qualified):
    if tally(yes, no, abstain, qualified):
        assert tally(yes + 1, no, abstain, qualified)


@given(counts, counts, counts, st.booleans())
def test_another_no_never_wins_adoption(yes, no, abstain, qualified):
    if not tally(yes, no, abstain, qualified):
        assert not tally(yes, no + 1, abstain, qualified)


@given(counts, counts, fractions)
def test_qualified_adoption_implies_simple_adoption(yes, no, majority):
    params = Parameters(qualified_majority=majority)
    if tally(yes, no, qualified=True, params=params):
        assert tally(yes, no, params=params)


@given(counts, counts, counts)
def test_simple_majority_is_more_yes_than_no(yes, no, abstain):
    assert tally(yes, no, abstain).ok is (yes > no)


@given(counts, counts, counts, fractions)
def test_qualified_majority_is_exact_integer_arithmetic(yes, no, abstain, majority):
    params = Parameters(qualified_majority=majority)
    expected = yes + no > 0 and yes * majority.denominator >= majority.numerator * (yes + no)
    assert tally(yes, no, abstain, qualified=True, params=params).ok is expected


@given(counts, st.booleans())
def test_abstentions_alone_never_adopt(abstain, qualified):
    assert not tally(0, 0, abstain, qualified)


@given(
    st.fixed_dictionaries({code: st.integers(0, 20) for code in SECTORS}),
    st.integers(0, 30),
    st.sampled_from(SECTORS),
)
def test_another_partner_present_never_breaks_quorum(present_by_sector, spare, sector):
    roll = max(1, sum(present_by_sector.values()) + 1 + spare)
    if check_quorum(present_by_sector, roll):
        more = {**present_by_sector, sector: present_by_sector[sector] + 1}
        assert check_quorum(more, roll)


@given(dates, st.integers(0, 400), st.integers(1, 400))
def test_an_earlier_notice_is_never_worse(meeting, before, earlier_by):
    notice = days_before(meeting, before)
    if check_notice(meeting, notice):
        assert check_notice(meeting, days_before(notice, earlier_by))


@given(st.integers(min_value=1, max_value=10_000))
def test_quorum_needed_is_the_smallest_half(roll):
    needed = quorum_needed(roll)
    assert needed * 2 >= roll
    assert (needed - 1) * 2 < roll


@given(dates, st.integers(0, 1000))
def test_operating_year_never_goes_back(start, offset):
    on = start + timedelta(days=offset)
    assert 1 <= operating_year(on, start) <= operating_year(on + timedelta(days=1), start)
    assert operating_year(on, start) <= offset // 365 + 1


# check_notice_sendable (§ 3.1, § 3.2, § 2.2) ------------------------------------------------


def test_a_notice_without_an_agenda_cannot_be_sent():
    verdict = rules.check_notice_sendable(date(2027, 3, 15), date(2027, 1, 1), 0)
    assert not verdict
    assert "dagordning" in verdict.reason


def test_a_notice_after_the_meeting_cannot_be_sent_even_for_the_au():
    verdict = rules.check_notice_sendable(date(2027, 3, 15), date(2027, 3, 16), 2, binding=False)
    assert not verdict
    assert "15 mars 2027" in verdict.reason


def test_the_partnerships_notice_follows_the_30_days_and_the_au_does_not():
    meeting = date(2027, 3, 15)
    assert rules.check_notice_sendable(meeting, meeting - timedelta(days=30), 1)
    assert not rules.check_notice_sendable(meeting, meeting - timedelta(days=29), 1)
    au = rules.check_notice_sendable(meeting, meeting - timedelta(days=2), 1, binding=False)
    assert au and au.rule == "§ 2.2" and "30 dagar" in au.reason


def test_notice_sendable_refuses_a_negative_agenda():
    with pytest.raises(ValueError):
        rules.check_notice_sendable(date(2027, 3, 15), date(2027, 1, 1), -1)


# R8: the AU's quorum, consecutive terms and mandate ends (§ 2.2) ------------------------------------


@pytest.mark.parametrize(("present", "held", "ok"), [
    (7, 14, True),   # half exactly
    (6, 14, False),
    (7, 13, True),   # 13 seats held: 6.5 rounds up to 7
    (6, 13, False),
    (15, 15, True),
    (0, 1, False),
])
def test_committee_quorum_is_half_of_the_seats_held(present, held, ok):
    verdict = rules.check_committee_quorum(present, held)
    assert verdict.ok is ok and verdict.rule == "§ 2.2"
    assert f"{present} av {held} tillsatt" in verdict.reason


def test_committee_quorum_without_seats_and_with_more_present_than_seats():
    assert "inga platser" in rules.check_committee_quorum(0, 0).reason
    with pytest.raises(ValueError):
        rules.check_committee_quorum(4, 3)


def test_consecutive_terms_count_back_to_back_mandates_only():
    two_years = [(date(2023, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2026, 12, 31))]
    assert rules.consecutive_terms(two_years, date(2027, 1, 1)) == 2
    assert rules.consecutive_terms(two_years, date(2027, 1, 2)) == 0  # a day's gap: a fresh start
    gap = [(date(2023, 1, 1), date(2024, 12, 30)), (date(2025, 1, 1), date(2026, 12, 31))]
    assert rules.consecutive_terms(gap, date(2027, 1, 1)) == 1
    running = [(date(2026, 6, 1), date(2027, 5, 31))]  # overlaps the new mandate: not served before it
    assert rules.consecutive_terms(running, date(2027, 1, 1)) == 0
    assert rules.consecutive_terms([], date(2027, 1, 1)) == 0


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 5), st.integers(0, 4))
def test_back_to_back_mandates_are_counted_and_end_the_day_before_the_anniversary(start, years, count):
    terms, begin = [], start
    for _ in range(count):
        end = rules.last_day_of_years(begin, years)
        terms.append((begin, end))
        begin = end + timedelta(days=1)
    assert rules.consecutive_terms(terms, begin) == count
    assert rules.operating_year(rules.last_day_of_years(start, years), start) == years
    assert rules.operating_year(rules.last_day_of_years(start, years) + timedelta(days=1), start) == years + 1


def test_a_mandate_ends_the_day_before_its_anniversary():
    assert rules.mandate_end("member", date(2027, 1, 1)) == date(2028, 12, 31)
    assert rules.mandate_end("chair", date(2026, 8, 26)) == date(2027, 8, 25)
    assert rules.mandate_end("chair", date(2028, 2, 29)) == date(2029, 2, 27)
    assert rules.last_day_of_years(date(2026, 1, 1), 1) == date(2026, 12, 31)
