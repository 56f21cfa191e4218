"""A proposal to change the arbetsordning (§ 9, R9): its numbers checked, and what it changes
shown against the version in force, text line by line and numbers side by side."""

import datetime
import difflib
import re
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from swecan import rules
from swecan.arbetsordning import version_in_force

# The numbers a proposal may change, in the order the form offers them (rules.Parameters names).
PARAMETER_FIELDS = [
    ("notice_days", _("Kallelse senast, antal dagar före sammanträdet")),
    ("case_days_before_notice", _("Ärenden senast, antal dagar före kallelsen")),
    ("minutes_days", _("Protokoll färdigställt senast, antal dagar efter sammanträdet")),
    ("quorum_fraction", _("Beslutsförhet, andel av partnerna i röstlängden som deltar")),
    ("qualified_majority", _("Kvalificerad majoritet, andel av avgivna röster")),
    ("committee_seats_per_sector", _("Platser i arbetsutskottet per sektor")),
    ("member_mandate_years", _("Mandatperiod för arbetsutskottets ledamöter, år")),
    ("member_reelections", _("Antal omval för arbetsutskottets ledamöter")),
    ("chair_mandate_years", _("Mandatperiod för arbetsutskottets ordförande och vice ordförande, år")),
    ("chair_reelections", _("Antal omval för arbetsutskottets ordförande och vice ordförande")),
]
LABELS = dict(PARAMETER_FIELDS)

DAY_FIELDS = ("notice_days", "case_days_before_notice", "minutes_days")
FRACTION_FIELDS = ("quorum_fraction", "qualified_majority")
# Whole numbers: the smallest rules.Parameters accepts, and a largest that still makes sense
# (a deadline years away would also overflow the date arithmetic of every page that shows it).
INT_BOUNDS = {
    "notice_days": (0, 365),
    "case_days_before_notice": (0, 365),
    "minutes_days": (0, 365),
    "committee_seats_per_sector": (1, 20),
    "member_mandate_years": (1, 10),
    "member_reelections": (0, 10),
    "chair_mandate_years": (1, 10),
    "chair_reelections": (0, 10),
}

_INTEGER = re.compile(r"[+-]?\d{1,9}")
_FRACTION = re.compile(r"(?P<num>[+-]?\d{1,9})\s*/\s*(?P<den>\d{1,9})")
_DECIMAL = re.compile(r"(?P<int>[+-]?\d{0,9})[.,](?P<dec>\d{1,9})")
_PERCENT = re.compile(r"(?P<value>[+-]?\d{1,9}(?:[.,]\d{1,9})?)\s*%")


def clean_parameters(raw, *, text: str | None = None, on: datetime.date | None = None) -> dict:
    """The numbers a proposal changes, from what was typed (or stored): {name: value} with
    integers as int and fractions as "n/d", only those that differ from the version in force
    on `on` (today by default). Blank means unchanged; keys other than PARAMETER_FIELDS are not
    read. Raises ValidationError({name: Swedish message}) for anything the arbetsordning could
    not hold, and on "proposed_text" when neither the text (`text`, or raw["proposed_text"])
    nor any number changes; the text is only compared when one of them is given."""
    if text is None and "proposed_text" in raw:
        text = raw.get("proposed_text")
    version = version_in_force(on)
    in_force = version.params if version else rules.DEFAULT
    errors, values = {}, {}
    for name, _label in PARAMETER_FIELDS:
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            values[name] = _fraction(name, value) if name in FRACTION_FIELDS else _integer(name, value)
        except ValidationError as error:
            errors[name] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    changed = {name: value for name, value in values.items() if value != getattr(in_force, name)}
    try:
        rules.Parameters.from_dict({**in_force.to_dict(), **_stored(changed)})
    except ValueError as error:
        raise ValidationError(_refusal(str(error))) from error
    if text is not None and not changed and not text_changes(version, text):
        raise ValidationError({"proposed_text": gettext(
            "Förslaget ändrar varken arbetsordningens text eller något av dess värden. Skriv den nya "
            "lydelsen eller ändra minst ett värde.")})
    return _stored(changed)


def _stored(values: dict) -> dict:
    """JSON-ready, as Case.proposed_parameters holds them: fractions as "n/d"."""
    return {name: f"{value.numerator}/{value.denominator}" if isinstance(value, Fraction) else value
            for name, value in values.items()}


def _integer(name: str, value) -> int:
    if isinstance(value, bool):
        raise ValidationError(gettext("Ange ett heltal."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise ValidationError(gettext("Ange ett heltal, till exempel 14."))
    low, high = INT_BOUNDS[name]
    if number < 0 and name in DAY_FIELDS:
        raise ValidationError(gettext("Antalet dagar kan inte vara negativt."))
    if number < low:
        raise ValidationError(gettext("Värdet måste vara minst %(low)s.") % {"low": low})
    if number > high:
        if name in DAY_FIELDS:
            raise ValidationError(gettext("Antalet dagar får vara högst %(high)s.") % {"high": high})
        raise ValidationError(gettext("Värdet får vara högst %(high)s.") % {"high": high})
    return number


def parse_fraction(value) -> Fraction | None:
    """A share as people write it: "2/3", "0,5", "0.5", "1", "50 %"; None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if not isinstance(value, str):
        return None
    value = value.strip()
    if match := _FRACTION.fullmatch(value):
        denominator = int(match["den"])
        return Fraction(int(match["num"]), denominator) if denominator else None
    if _INTEGER.fullmatch(value) or _DECIMAL.fullmatch(value):
        return Fraction(value.replace(",", "."))
    if match := _PERCENT.fullmatch(value):
        return Fraction(match["value"].replace(",", ".")) / 100
    return None


def _fraction(name: str, value) -> Fraction:
    share = parse_fraction(value)
    if share is None:
        raise ValidationError(gettext("Ange en andel som ett bråk eller ett decimaltal, till exempel 2/3 eller "
                                      "0,5."))
    if share > 1:
        raise ValidationError(gettext("Andelen kan inte vara större än 1 (alla)."))
    if share <= 0:
        raise ValidationError(gettext("Andelen måste vara större än 0."))
    if name == "qualified_majority" and share <= Fraction(1, 2):
        raise ValidationError(gettext("En kvalificerad majoritet måste vara mer än hälften av rösterna "
                                      "(över 1/2)."))
    return share


def _refusal(message: str) -> dict:
    """rules.Parameters' refusal (its text is for developers) as a Swedish message on its field."""
    for name, _label in PARAMETER_FIELDS:
        if message.startswith(name):
            return {name: gettext("Värdet går inte ihop med arbetsordningens övriga regler.")}
    return {"proposed_text": gettext("De föreslagna värdena går inte ihop med arbetsordningens övriga regler.")}


# The diff ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class DiffLine:
    """One line of the text diff: kind "same", "removed" or "added", or "gap" for unchanged
    lines left out. `segments` mark the words that changed within a changed line."""

    kind: str
    text: str = ""
    old_number: int | None = None
    new_number: int | None = None
    segments: tuple = ()
    skipped: int = 0


@dataclass(frozen=True)
class ParameterRow:
    name: str
    label: str
    in_force: str
    proposed: str


@dataclass(frozen=True)
class RuleChangeDiff:
    """What a proposal changes against the version in force (`version`, None before any)."""

    version: object
    lines: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    text_changed: bool = False
    added: int = 0
    removed: int = 0

    @property
    def has_changes(self) -> bool:
        return self.text_changed or bool(self.rows)


CONTEXT = 2  # unchanged lines shown around each change


def _lines(text: str) -> list[str]:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return [line.rstrip() for line in text.split("\n")]


def text_changes(version, text: str) -> bool:
    """Whether `text` (blank: the text stays) differs from the version's text, ignoring line
    endings and trailing spaces."""
    if not (text or "").strip():
        return False
    return _lines(text) != _lines(version.text if version else "")


def diff(case, on: datetime.date | None = None) -> RuleChangeDiff:
    """The case's proposed text and numbers against the version in force on `on` (today)."""
    version = version_in_force(on)
    in_force = version.params if version else rules.DEFAULT
    rows = _rows(case.proposed_parameters or {}, in_force)
    if not text_changes(version, case.proposed_text):
        return RuleChangeDiff(version=version, rows=rows)
    old, new = _lines(version.text if version else ""), _lines(case.proposed_text)
    lines = _text_diff(old, new)
    return RuleChangeDiff(version=version, lines=lines, rows=rows, text_changed=True,
                          added=sum(line.kind == "added" for line in lines),
                          removed=sum(line.kind == "removed" for line in lines))


def _text_diff(old: list[str], new: list[str]) -> list[DiffLine]:
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(CONTEXT))
    for index, group in enumerate(groups):
        first_old = group[0][1]
        if first_old > 0 and index == 0:
            out.append(DiffLine("gap", skipped=first_old))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [DiffLine("same", old[i], old_number=i + 1, new_number=j1 + i - i1 + 1)
                        for i in range(i1, i2)]
                continue
            removed, added = old[i1:i2], new[j1:j2]
            marks = _word_marks(removed, added) if tag == "replace" else (None, None)
            out += [DiffLine("removed", line, old_number=i1 + n + 1, segments=marks[0][n] if marks[0] else ())
                    for n, line in enumerate(removed)]
            out += [DiffLine("added", line, new_number=j1 + n + 1, segments=marks[1][n] if marks[1] else ())
                    for n, line in enumerate(added)]
        last_old = group[-1][2]
        following = groups[index + 1][0][1] if index + 1 < len(groups) else len(old)
        if following > last_old:
            out.append(DiffLine("gap", skipped=following - last_old))
    return out


_WORDS = re.compile(r"\s+|[^\s]+")


def _word_marks(removed: list[str], added: list[str]):
    """For a block of lines replaced one for one, which words changed in each (a number in a
    sentence, most often); other blocks are shown as whole lines."""
    if len(removed) != len(added):
        return None, None
    old_marks, new_marks = [], []
    for before, after in zip(removed, added, strict=True):
        a, b = _WORDS.findall(before), _WORDS.findall(after)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.ratio() < 0.5:  # mostly rewritten: mark the whole line
            old_marks.append(())
            new_marks.append(())
            continue
        old_segments, new_segments = [], []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if i2 > i1:
                old_segments.append(Segment("".join(a[i1:i2]), tag != "equal"))
            if j2 > j1:
                new_segments.append(Segment("".join(b[j1:j2]), tag != "equal"))
        old_marks.append(tuple(old_segments))
        new_marks.append(tuple(new_segments))
    return old_marks, new_marks


def display(name: str, value) -> str:
    """A parameter's value as the table shows it: "2/3", "14"."""
    if name in FRACTION_FIELDS:
        share = parse_fraction(value)
        return f"{share.numerator}/{share.denominator}" if share is not None else str(value)
    return str(value)


def _rows(proposed: dict, in_force: rules.Parameters) -> list[ParameterRow]:
    rows = []
    for name, label in PARAMETER_FIELDS:
        if name not in proposed:
            continue
        current, value = display(name, getattr(in_force, name)), display(name, proposed[name])
        if current != value:  # a value the version in force already has is no change
            rows.append(ParameterRow(name, str(label), current, value))
    return rows


# Adoption (§ 9): a change adopted with a qualified majority becomes a new version ---------------


def effective_from(case, decided_on: datetime.date) -> datetime.date:
    """The day the new version takes effect: the one the case proposes, but never before the day
    after the decision (an act is judged by the version in force on its own day)."""
    earliest = decided_on + datetime.timedelta(days=1)
    return max(case.proposed_effective_from or earliest, earliest)


def adopt(case, decided_on: datetime.date):
    """The new version of the arbetsordning an adopted rule-change case makes: the numbers in force
    on the day of the decision with the case's changes, its text (or the text in force, when only
    numbers change), from `effective_from`. Not saved: the caller saves it with who acted and
    links it to the decision."""
    from django.core.exceptions import ValidationError
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    from swecan.models import RulesOfProcedure

    in_force = version_in_force(decided_on)
    starts = effective_from(case, decided_on)
    if RulesOfProcedure.objects.filter(effective_from__gte=starts).exists():
        raise ValidationError(gettext(
            "Det finns redan en version av arbetsordningen som gäller från %(day)s eller senare; "
            "ändringen kan inte träda i kraft före den.") % {"day": date_format(starts, "j F Y")})
    parameters = {**(in_force.params.to_dict() if in_force else rules.Parameters().to_dict()),
                  **_stored(case.proposed_parameters)}
    rules.Parameters.from_dict(parameters)  # refused here rather than on every page that reads it
    number = (RulesOfProcedure.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = RulesOfProcedure(
        number=number, effective_from=starts, parameters=parameters,
        text=case.proposed_text.strip() or (in_force.text if in_force else ""),
        adopted_note=gettext("Antagen genom beslut om ärende %(reference)s den %(day)s (§ 9).") % {
            "reference": case.reference, "day": date_format(decided_on, "j F Y")},
    )
    version.full_clean()
    return version
