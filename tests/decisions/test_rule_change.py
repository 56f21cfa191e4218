"""A proposal to change the arbetsordning (§ 9): its numbers checked with clear Swedish errors, and
what it changes shown against the version in force, the text line by line and the numbers side by
side."""

import datetime
from dataclasses import fields
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions import rule_change
from decisions.models import Case
from swecan import rules
from swecan.models import RulesOfProcedure
from tests.decisions.conftest import TODAY

pytestmark = pytest.mark.django_db

EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NOTICE_LINE = ("- Kallelse ska skickas ut minst 30 dagar före mötet, tillsammans med preliminär dagordning. "
               "Detsamma gäller för extrainsatta sammanträden.")


def errors_of(raw, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        rule_change.clean_parameters(raw, **kwargs)
    return error.value.message_dict


def test_the_form_offers_the_numbers_a_version_holds_in_the_order_of_the_arbetsordning():
    names = [name for name, _label in rule_change.PARAMETER_FIELDS]
    assert names == ["notice_days", "case_days_before_notice", "minutes_days", "quorum_fraction",
                     "qualified_majority", "committee_seats_per_sector", "member_mandate_years",
                     "member_reelections", "chair_mandate_years", "chair_reelections"]
    assert set(names) <= {f.name for f in fields(rules.Parameters)}
    assert all(str(label) for _name, label in rule_change.PARAMETER_FIELDS)


# Cleaning -------------------------------------------------------------------------------


def test_only_what_changes_is_kept(arbetsordning_v1):
    raw = {"notice_days": "30", "case_days_before_notice": " 21 ", "minutes_days": "",
           "quorum_fraction": "0,5", "qualified_majority": "3/4", "member_reelections": None,
           "csrfmiddlewaretoken": "x"}
    assert rule_change.clean_parameters(raw) == {"case_days_before_notice": 21, "qualified_majority": "3/4"}


@pytest.mark.parametrize(("typed", "stored"), [
    ("2/3", None), ("3/4", "3/4"), (" 3 / 5 ", "3/5"), ("0,6", "3/5"), ("0.6", "3/5"), ("60 %", "3/5"),
    ("1", "1/1"), ("6/9", None),
])
def test_a_majority_is_written_as_a_fraction_a_decimal_or_a_percentage(arbetsordning_v1, typed, stored):
    expected = {} if stored is None else {"qualified_majority": stored}
    assert rule_change.clean_parameters({"qualified_majority": typed}) == expected


def test_stored_values_read_back_the_same(arbetsordning_v1):
    stored = {"notice_days": 45, "quorum_fraction": "3/5"}
    assert rule_change.clean_parameters(stored) == stored


@pytest.mark.parametrize(("name", "typed", "says"), [
    ("notice_days", "-1", "Antalet dagar kan inte vara negativt."),
    ("case_days_before_notice", "-14", "Antalet dagar kan inte vara negativt."),
    ("minutes_days", "fjorton", "Ange ett heltal, till exempel 14."),
    ("minutes_days", "14,5", "Ange ett heltal, till exempel 14."),
    ("notice_days", "100000", "Antalet dagar får vara högst 365."),
    ("quorum_fraction", "3/2", "Andelen kan inte vara större än 1 (alla)."),
    ("quorum_fraction", "1,5", "Andelen kan inte vara större än 1 (alla)."),
    ("qualified_majority", "150 %", "Andelen kan inte vara större än 1 (alla)."),
    ("quorum_fraction", "0", "Andelen måste vara större än 0."),
    ("quorum_fraction", "-1/2", "Andelen måste vara större än 0."),
    ("quorum_fraction", "två tredjedelar", "Ange en andel som ett bråk eller ett decimaltal, till exempel 2/3 "
                                           "eller 0,5."),
    ("quorum_fraction", "1/0", "Ange en andel som ett bråk eller ett decimaltal, till exempel 2/3 eller 0,5."),
    ("qualified_majority", "1/2", "En kvalificerad majoritet måste vara mer än hälften av rösterna (över 1/2)."),
    ("committee_seats_per_sector", "0", "Värdet måste vara minst 1."),
    ("member_mandate_years", "0", "Värdet måste vara minst 1."),
    ("chair_reelections", "-1", "Värdet måste vara minst 0."),
    ("member_mandate_years", "50", "Värdet får vara högst 10."),
])
def test_a_value_the_arbetsordning_cannot_hold_is_refused_next_to_its_field(arbetsordning_v1, name, typed, says):
    assert errors_of({name: typed, "proposed_text": "Ny lydelse"}) == {name: [says]}


def test_every_wrong_value_is_named_at_once(arbetsordning_v1):
    errors = errors_of({"notice_days": "-3", "quorum_fraction": "2", "chair_mandate_years": "ett"})
    assert set(errors) == {"notice_days", "quorum_fraction", "chair_mandate_years"}


def test_a_refusal_of_the_rules_engine_is_shown_in_swedish_words_not_its_own(arbetsordning_v1, monkeypatch):
    # The checks above come first; should one ever let through what rules.Parameters refuses,
    # its developer's text ("... måste vara ett heltal >= 1, fick 0") is not shown.
    monkeypatch.setitem(rule_change.INT_BOUNDS, "committee_seats_per_sector", (0, 20))
    errors = errors_of({"committee_seats_per_sector": "0"})
    assert errors == {"committee_seats_per_sector": ["Värdet går inte ihop med arbetsordningens övriga regler."]}


def test_a_proposal_that_changes_nothing_is_refused(arbetsordning_v1):
    unchanged = arbetsordning_v1.text.replace("\n", "\r\n") + "\n\n"
    for text in ("", "   ", unchanged):
        errors = errors_of({"notice_days": "30", "qualified_majority": "2/3"}, text=text)
        assert list(errors) == ["proposed_text"]
        assert "ändrar varken arbetsordningens text eller något av dess värden" in errors["proposed_text"][0]
    assert errors_of({"proposed_text": ""}).keys() == {"proposed_text"}
    assert rule_change.clean_parameters({}, text=arbetsordning_v1.text + "\n\n## 10. Ny punkt") == {}
    assert rule_change.clean_parameters({"minutes_days": "10"}, text="") == {"minutes_days": 10}
    # Without a text to compare, only the numbers are checked.
    assert rule_change.clean_parameters({}) == {}


def test_a_change_is_judged_against_the_version_in_force_that_day(arbetsordning_v1):
    later = TODAY + datetime.timedelta(days=30)
    RulesOfProcedure.objects.create(number=2, effective_from=later, text=arbetsordning_v1.text,
                                    parameters={**arbetsordning_v1.parameters, "notice_days": 45})
    assert rule_change.clean_parameters({"notice_days": "45"}) == {"notice_days": 45}
    assert rule_change.clean_parameters({"notice_days": "45"}, on=later) == {}
    assert rule_change.clean_parameters({"notice_days": "30"}, on=later) == {"notice_days": 30}


# Hypothesis: the arithmetic of shares and counts ------------------------------------------

shares = st.fractions(min_value=Fraction(1, 10_000), max_value=1, max_denominator=10_000).filter(lambda f: f > 0)


@EXAMPLES
@given(shares)
def test_any_share_in_0_to_1_is_accepted_and_stored_as_its_fraction(arbetsordning_v1, share):
    cleaned = rule_change.clean_parameters({"quorum_fraction": f"{share.numerator}/{share.denominator}"})
    if share == Fraction(1, 2):
        assert cleaned == {}
    else:
        assert Fraction(cleaned["quorum_fraction"]) == share
        # And what is stored reads back as itself.
        assert rule_change.clean_parameters(cleaned) == cleaned


@EXAMPLES
@given(st.integers(1, 10_000), st.integers(1, 10_000))
def test_any_unreduced_fraction_is_stored_reduced(arbetsordning_v1, numerator, extra):
    denominator = numerator + extra - 1  # numerator/denominator in (0, 1]
    cleaned = rule_change.clean_parameters({"quorum_fraction": f"{numerator * 3}/{denominator * 3}"})
    share = Fraction(numerator, denominator)
    expected = {} if share == Fraction(1, 2) else {"quorum_fraction": f"{share.numerator}/{share.denominator}"}
    assert cleaned == expected


@EXAMPLES
@given(st.decimals(min_value="0.0001", max_value="1", places=4))
def test_a_decimal_with_a_comma_is_the_same_share(arbetsordning_v1, decimal):
    cleaned = rule_change.clean_parameters({"quorum_fraction": str(decimal).replace(".", ",")})
    assert Fraction(cleaned.get("quorum_fraction", "1/2")) == Fraction(decimal)


@EXAMPLES
@given(st.fractions(min_value=Fraction(10_001, 10_000), max_value=1000, max_denominator=10_000),
       st.sampled_from(["quorum_fraction", "qualified_majority"]))
def test_any_share_above_1_is_refused(arbetsordning_v1, share, name):
    assert errors_of({name: f"{share.numerator}/{share.denominator}"}) == {
        name: ["Andelen kan inte vara större än 1 (alla)."]}


@EXAMPLES
@given(st.fractions(min_value=Fraction(1, 10_000), max_value=Fraction(1, 2), max_denominator=10_000))
def test_a_majority_of_half_or_less_is_refused(arbetsordning_v1, share):
    assert list(errors_of({"qualified_majority": f"{share.numerator}/{share.denominator}"})) == [
        "qualified_majority"]


@EXAMPLES
@given(st.sampled_from(rule_change.DAY_FIELDS), st.integers(-10_000, 10_000))
def test_days_are_accepted_from_0_to_365_and_refused_otherwise(arbetsordning_v1, name, days):
    if 0 <= days <= 365:
        cleaned = rule_change.clean_parameters({name: str(days)})
        assert cleaned.get(name, getattr(arbetsordning_v1.params, name)) == days
    else:
        assert list(errors_of({name: str(days)})) == [name]


# The diff -------------------------------------------------------------------------------


def proposal(text="", parameters=None) -> Case:
    return Case(kind=Case.Kind.RULE_CHANGE, title="Längre kallelsetid", proposed_text=text,
                proposed_parameters=parameters or {})


def test_a_changed_number_in_the_text_is_marked_word_by_word(arbetsordning_v1):
    assert NOTICE_LINE in arbetsordning_v1.text
    text = arbetsordning_v1.text.replace(NOTICE_LINE, NOTICE_LINE.replace("30 dagar", "45 dagar"))
    diff = rule_change.diff(proposal(text.replace("\n", "\r\n")))

    assert diff.version == arbetsordning_v1 and diff.text_changed
    assert (diff.removed, diff.added) == (1, 1)
    removed = next(line for line in diff.lines if line.kind == "removed")
    added = next(line for line in diff.lines if line.kind == "added")
    assert removed.text == NOTICE_LINE and "45 dagar" in added.text
    assert [s.text for s in removed.segments if s.changed] == ["30"]
    assert [s.text for s in added.segments if s.changed] == ["45"]
    old_lines = arbetsordning_v1.text.rstrip().split("\n")
    assert old_lines[removed.old_number - 1] == NOTICE_LINE
    # Only a little context around the change; the rest is summarised as unchanged.
    assert len(diff.lines) < 10
    gaps = [line for line in diff.lines if line.kind == "gap"]
    assert len(gaps) == 2
    assert sum(g.skipped for g in gaps) + sum(line.kind == "same" for line in diff.lines) + 1 == len(old_lines)


def test_a_new_paragraph_is_shown_as_added_lines(arbetsordning_v1):
    text = arbetsordning_v1.text.rstrip("\n") + "\n\n## 10. Översyn\n\nArbetsordningen ses över varje år.\n"
    diff = rule_change.diff(proposal(text))
    assert [line.text for line in diff.lines if line.kind == "added"] == [
        "", "## 10. Översyn", "", "Arbetsordningen ses över varje år."]
    assert diff.removed == 0


def test_changed_numbers_are_listed_beside_the_numbers_in_force(arbetsordning_v1):
    diff = rule_change.diff(proposal(parameters={"notice_days": 45, "qualified_majority": "3/4",
                                                 "minutes_days": 14}))
    assert not diff.text_changed and diff.lines == []
    assert [(row.label, row.in_force, row.proposed) for row in diff.rows] == [
        ("Kallelse senast, antal dagar före sammanträdet", "30", "45"),
        ("Kvalificerad majoritet, andel av avgivna röster", "2/3", "3/4"),
    ]
    assert diff.has_changes


def test_the_diff_is_against_the_version_in_force_on_the_day_asked(arbetsordning_v1):
    later = TODAY + datetime.timedelta(days=30)
    v2 = RulesOfProcedure.objects.create(number=2, effective_from=later, text="### 1 Ny lydelse",
                                         parameters={**arbetsordning_v1.parameters, "notice_days": 45})
    case = proposal("### 1 Ny lydelse", {"notice_days": 45})
    assert rule_change.diff(case).has_changes
    on_later = rule_change.diff(case, on=later)
    assert on_later.version == v2 and not on_later.has_changes


def test_before_any_version_the_adopted_numbers_are_compared(arbetsordning_v1):
    before = arbetsordning_v1.effective_from - datetime.timedelta(days=1)
    diff = rule_change.diff(proposal("Första raden", {"quorum_fraction": "3/5"}), on=before)
    assert diff.version is None
    assert [(row.in_force, row.proposed) for row in diff.rows] == [("1/2", "3/5")]
    assert [line.kind for line in diff.lines] == ["removed", "added"]


def test_the_include_marks_changes_with_words_and_tags_not_colour_alone(arbetsordning_v1):
    text = arbetsordning_v1.text.replace(NOTICE_LINE, NOTICE_LINE.replace("30 dagar", "45 dagar"))
    html = render_to_string("decisions/includes/rule_change_diff.html",
                            {"diff": rule_change.diff(proposal(text, {"notice_days": 45}))})
    assert "Jämfört med arbetsordningen version 1, som gäller från och med den 1 januari 2026." in html
    assert '<th scope="col" class="num">Version 1</th>' in html
    assert '<th scope="row">Kallelse senast, antal dagar före sammanträdet</th>' in html
    assert "<del>30</del>" in html and "<ins>45</ins>" in html
    assert '<td class="diff-mark">Tas bort</td>' in html and '<td class="diff-mark">Läggs till</td>' in html
    assert "<del>- Kallelse ska skickas ut minst <strong>30</strong> dagar före mötet" in html
    assert "<ins>- Kallelse ska skickas ut minst <strong>45</strong> dagar före mötet" in html
    assert "1 rad tas bort, 1 rad läggs till." in html


def test_the_include_escapes_the_proposed_text(arbetsordning_v1):
    html = render_to_string("decisions/includes/rule_change_diff.html",
                            {"diff": rule_change.diff(proposal('<script>alert("x")</script>'))})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_proposal_without_changes_says_so(arbetsordning_v1):
    html = render_to_string("decisions/includes/rule_change_diff.html",
                            {"diff": rule_change.diff(proposal(arbetsordning_v1.text, {"notice_days": 30}))})
    assert "Förslaget ändrar varken texten eller några värden i den version som gäller." in html
    assert "<table" not in html
