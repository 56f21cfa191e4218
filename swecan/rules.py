"""The arbetsordning of SweCan as pure functions (rules R1-R9 of domain/rules.md).

Plain values in, a `Verdict` with the § and a Swedish reason out, so that forms, the
admin, background jobs and public pages give the same answer. Standard library only:
this module must import without Django. Thresholds use integers and `Fraction`, never
floats. Every number comes from `Parameters`, the version of the arbetsordning in force.
"""

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from fractions import Fraction

SECTORS = ("halso_sjukvard", "akademi", "myndigheter", "naringsliv", "civilsamhalle")

SECTOR_LABELS = {
    "halso_sjukvard": "Hälso- och sjukvård",
    "akademi": "Akademi och forskning",
    "myndigheter": "Myndigheter",
    "naringsliv": "Näringsliv",
    "civilsamhalle": "Civilsamhälle",
}

_ROLE_LABELS = {"member": "ledamot", "chair": "ordförande", "vice_chair": "vice ordförande"}


@dataclass(frozen=True)
class Verdict:
    """The answer of one rule: allowed or not, the § it comes from, and why in words."""

    ok: bool
    rule: str
    reason: str

    def __bool__(self) -> bool:
        return self.ok


class _FrozenMap(Mapping):
    """A read-only mapping that can be hashed, so `Parameters` stays frozen and hashable."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping) -> None:
        self._data = dict(data)

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return repr(self._data)


# § 8.1: the most partners Socialstyrelsen may invite per sector in operating year 1.
_YEAR1_CAPS = _FrozenMap(
    {"halso_sjukvard": 27, "akademi": 15, "myndigheter": 9, "naringsliv": 3, "civilsamhalle": 20}
)

# Smallest allowed value of each integer parameter.
_INT_MINIMUMS = {
    "notice_days": 0,
    "case_days_before_notice": 0,
    "minutes_days": 0,
    "committee_seats_per_sector": 1,
    "member_mandate_years": 1,
    "member_reelections": 0,
    "chair_mandate_years": 1,
    "chair_reelections": 0,
    "physical_meetings_per_year": 0,
}


@dataclass(frozen=True)
class Parameters:
    """The numbers of one version of the arbetsordning (changed by a § 9 decision).

    Invalid values raise ValueError. `year1_sector_caps` accepts any mapping with the
    five sectors and is stored read-only.
    """

    notice_days: int = 30
    case_days_before_notice: int = 14
    minutes_days: int = 14
    quorum_fraction: Fraction = Fraction(1, 2)
    quorum_every_sector: bool = True
    qualified_majority: Fraction = Fraction(2, 3)
    committee_seats_per_sector: int = 3
    member_mandate_years: int = 2
    member_reelections: int = 1
    chair_mandate_years: int = 1
    chair_reelections: int = 2
    year1_sector_caps: Mapping[str, int] = _YEAR1_CAPS
    physical_meetings_per_year: int = 2

    def __post_init__(self) -> None:
        for name, minimum in _INT_MINIMUMS.items():
            value = getattr(self, name)
            if not _is_int(value) or value < minimum:
                raise ValueError(f"{name} måste vara ett heltal >= {minimum}, fick {value!r}.")
        if not isinstance(self.quorum_every_sector, bool):
            raise ValueError(
                f"quorum_every_sector måste vara True eller False, fick {self.quorum_every_sector!r}."
            )
        _check_fraction("quorum_fraction", self.quorum_fraction, Fraction(0), "(0, 1]")
        _check_fraction("qualified_majority", self.qualified_majority, Fraction(1, 2), "(1/2, 1]")
        object.__setattr__(self, "year1_sector_caps", _frozen_caps(self.year1_sector_caps))

    @property
    def committee_seats(self) -> int:
        """Size of the AU (§ 2.2): the same number of seats for every sector."""
        return len(SECTORS) * self.committee_seats_per_sector

    def to_dict(self) -> dict:
        """JSON-ready values; fractions as "n/d" strings."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Fraction):
                value = f"{value.numerator}/{value.denominator}"
            elif isinstance(value, Mapping):
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> "Parameters":
        """Inverse of `to_dict`; missing keys take defaults, anything else raises ValueError."""
        if not isinstance(data, Mapping):
            raise ValueError(f"Parametrarna måste vara en mapping, fick {type(data).__name__}.")
        unknown = sorted(str(key) for key in set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"Okända parametrar: {', '.join(unknown)}.")
        values = dict(data)
        for name in ("quorum_fraction", "qualified_majority"):
            if name in values:
                values[name] = _parse_fraction(name, values[name])
        return cls(**values)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_fraction(name: str, value, lower: Fraction, interval: str) -> None:
    # The lower bound is exclusive: a quorum of 0, or a "qualified" majority that a tie
    # could meet, would make no sense.
    if not isinstance(value, Fraction) or not lower < value <= 1:
        raise ValueError(
            f"{name} måste vara ett Fraction i intervallet {interval}, fick {value!r}."
        )


def _parse_fraction(name: str, value) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if _is_int(value):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError(f'{name} måste vara ett bråk som "2/3", fick {value!r}.')


def _frozen_caps(caps) -> _FrozenMap:
    if not isinstance(caps, Mapping) or set(caps) != set(SECTORS):
        raise ValueError(
            f"year1_sector_caps måste ange tak för exakt sektorerna {', '.join(SECTORS)}, "
            f"fick {caps!r}."
        )
    for sector, cap in caps.items():
        if not _is_int(cap) or cap < 0:
            raise ValueError(f"Taket för {sector} måste vara ett heltal >= 0, fick {cap!r}.")
    return _FrozenMap({sector: caps[sector] for sector in SECTORS})


DEFAULT = Parameters()


def _date(value, name: str) -> date:
    # A datetime is refused rather than truncated: its .date() depends on the time zone,
    # and the rules count calendar days in Europe/Stockholm.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} måste vara ett datetime.date (inte datetime), fick {value!r}.")
    return value


def _count(value, name: str) -> int:
    if not _is_int(value):
        raise TypeError(f"{name} måste vara ett heltal, fick {value!r}.")
    if value < 0:
        raise ValueError(f"{name} får inte vara negativt, fick {value}.")
    return value


def _sector(code) -> str:
    if code not in SECTOR_LABELS:
        raise ValueError(f"Okänd sektor: {code!r}.")
    return code


def _sector_counts(counts: Mapping[str, int], name: str) -> dict[str, int]:
    """Counts for all five sectors; a sector missing from `counts` counts as zero."""
    for code, value in counts.items():
        _sector(code)
        _count(value, f"{name}[{code!r}]")
    return {code: counts.get(code, 0) for code in SECTORS}


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _days(n: int) -> str:
    return _plural(n, "dag", "dagar")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} och {items[-1]}"


def _days_relative(later: date, earlier: date, anchor: str) -> str:
    """E.g. "13 dagar före kallelsen", or "2 dagar efter kallelsen" when the order flips."""
    days = (later - earlier).days
    return f"{_days(days)} före {anchor}" if days >= 0 else f"{_days(-days)} efter {anchor}"


# R1 and R6: notice and meetings per year, § 3.1


def notice_deadline(meeting_date: date, params: Parameters = DEFAULT) -> date:
    """Last day to send the notice of a partnership meeting (§ 3.1)."""
    return _date(meeting_date, "meeting_date") - timedelta(days=params.notice_days)


def check_notice(meeting_date: date, notice_date: date, params: Parameters = DEFAULT) -> Verdict:
    """Whether a notice sent on `notice_date` is in time for the meeting (§ 3.1)."""
    deadline = notice_deadline(meeting_date, params)
    _date(notice_date, "notice_date")
    if notice_date > meeting_date:
        raise ValueError(
            f"Kallelsedatum {notice_date.isoformat()} ligger efter sammanträdet "
            f"{meeting_date.isoformat()}."
        )
    before = (meeting_date - notice_date).days
    required = _days(params.notice_days)
    if notice_date <= deadline:
        reason = (
            f"Kallelsen skickas {notice_date.isoformat()}, {_days(before)} före sammanträdet "
            f"{meeting_date.isoformat()}; kravet är minst {required} före "
            f"(senast {deadline.isoformat()})."
        )
        return Verdict(True, "§ 3.1", reason)
    reason = (
        f"Kallelsen måste skickas senast {required} före sammanträdet "
        f"(senast {deadline.isoformat()} för ett sammanträde {meeting_date.isoformat()}); "
        f"utskick {notice_date.isoformat()} är {_days(before)} före."
    )
    return Verdict(False, "§ 3.1", reason)


def check_meetings_per_year(
    physical_partnership_meetings: int, params: Parameters = DEFAULT
) -> Verdict:
    """Whether enough physical partnership meetings are planned for a calendar year (§ 3.1)."""
    planned = _count(physical_partnership_meetings, "physical_partnership_meetings")
    required = params.physical_meetings_per_year
    found = (
        "1 fysiskt sammanträde planerat"
        if planned == 1
        else f"{planned} fysiska sammanträden planerade"
    )
    if planned >= required:
        reason = f"Partnerskapet har {found} för kalenderåret; minst {required} krävs."
        return Verdict(True, "§ 3.1", reason)
    reason = (
        f"Partnerskapet ska träffas fysiskt minst {_plural(required, 'gång', 'gånger')} "
        f"per kalenderår; {found}."
    )
    return Verdict(False, "§ 3.1", reason)


# R2: case submission, § 4.2


def case_deadline(notice_date: date, params: Parameters = DEFAULT) -> date:
    """Last day to submit a case for the meeting whose notice goes out on `notice_date` (§ 4.2)."""
    return _date(notice_date, "notice_date") - timedelta(days=params.case_days_before_notice)


def last_case_day_for_meeting(meeting_date: date, params: Parameters = DEFAULT) -> date:
    """Last day to submit a case if the notice goes out on its last allowed day (§ 4.2)."""
    return case_deadline(notice_deadline(meeting_date, params), params)


def check_case_submission(
    submitted_on: date, notice_date: date, params: Parameters = DEFAULT
) -> Verdict:
    """Whether a case submitted on `submitted_on` makes the meeting with this notice date.

    A late case is not refused as a case: it waits for the next meeting it is in time for.
    """
    deadline = case_deadline(notice_date, params)
    _date(submitted_on, "submitted_on")
    when = f"{submitted_on.isoformat()} ({_days_relative(notice_date, submitted_on, 'kallelsen')})"
    required = _days(params.case_days_before_notice)
    if submitted_on <= deadline:
        reason = (
            f"Ärendet lämnades in {when}; sista dag är {deadline.isoformat()}, "
            f"{required} före kallelsen {notice_date.isoformat()}."
        )
        return Verdict(True, "§ 4.2", reason)
    reason = (
        f"Ärenden måste lämnas in senast {required} före kallelsen (senast "
        f"{deadline.isoformat()} för kallelse {notice_date.isoformat()}); ärendet lämnades in "
        f"{when}. Det tas i stället upp vid första följande sammanträde vars sista "
        f"inlämningsdag det hinner till."
    )
    return Verdict(False, "§ 4.2", reason)


# R5: minutes, § 3.2


def minutes_due(meeting_date: date, params: Parameters = DEFAULT) -> date:
    """Last day to finalise the minutes of a meeting (§ 3.2)."""
    return _date(meeting_date, "meeting_date") + timedelta(days=params.minutes_days)


def check_minutes_finalised(
    meeting_date: date, finalised_on: date, params: Parameters = DEFAULT
) -> Verdict:
    """Whether minutes finalised on `finalised_on` were in time (§ 3.2)."""
    due = minutes_due(meeting_date, params)
    _date(finalised_on, "finalised_on")
    if finalised_on < meeting_date:
        raise ValueError(
            f"Protokollet kan inte justeras {finalised_on.isoformat()}, före sammanträdet "
            f"{meeting_date.isoformat()}."
        )
    after = _days((finalised_on - meeting_date).days)
    required = _days(params.minutes_days)
    if finalised_on <= due:
        reason = (
            f"Protokollet justerades {finalised_on.isoformat()}, {after} efter sammanträdet "
            f"{meeting_date.isoformat()}; det ska vara klart senast {required} efter "
            f"({due.isoformat()})."
        )
        return Verdict(True, "§ 3.2", reason)
    reason = (
        f"Protokollet ska vara klart senast {required} efter sammanträdet (senast "
        f"{due.isoformat()} för ett sammanträde {meeting_date.isoformat()}); det justerades "
        f"{finalised_on.isoformat()}, {after} efter."
    )
    return Verdict(False, "§ 3.2", reason)


# R3: quorum, § 3.3


def quorum_needed(roll_size: int, params: Parameters = DEFAULT) -> int:
    """Fewest partners present for quorum: at least `quorum_fraction` of the roll (§ 3.3)."""
    if _count(roll_size, "roll_size") == 0:
        raise ValueError("Röstlängden måste ha minst en partner.")
    return math.ceil(params.quorum_fraction * roll_size)


def check_quorum(
    present_by_sector: Mapping[str, int], roll_size: int, params: Parameters = DEFAULT
) -> Verdict:
    """Whether the partnership may decide with these partners present (§ 3.3).

    Counts are partners on the voting roll, each once, not persons in the room.
    """
    needed = quorum_needed(roll_size, params)
    present = _sector_counts(present_by_sector, "present_by_sector")
    total = sum(present.values())
    if total > roll_size:
        raise ValueError(
            f"Fler närvarande partner ({total}) än partner på röstlängden ({roll_size})."
        )
    numbers = (
        f"{total} av {roll_size} partner på röstlängden närvarar, minst {needed} krävs "
        f"({params.quorum_fraction} av röstlängden)"
    )
    missing = [SECTOR_LABELS[code] for code, n in present.items() if n == 0]
    if not params.quorum_every_sector:
        missing = []
    if total >= needed and not missing:
        sectors = (
            "alla fem sektorer är företrädda"
            if params.quorum_every_sector
            else "närvaro från varje sektor krävs inte i denna version av arbetsordningen"
        )
        return Verdict(True, "§ 3.3", f"Beslutsför: {numbers}; {sectors}.")
    problems = []
    if missing:
        problems.append(
            f"ingen partner närvarar från {_join(missing)} (varje sektor måste vara företrädd)"
        )
    problems.append(numbers)
    return Verdict(False, "§ 3.3", f"Inte beslutsför: {'; '.join(problems)}.")


# R4 and R9: votes, § 4.3 and § 9


def tally(
    yes: int, no: int, abstain: int = 0, qualified: bool = False, params: Parameters = DEFAULT
) -> Verdict:
    """Whether a vote adopts a proposal: simple majority (§ 4.3) or qualified majority (§ 9).

    Abstentions are not votes cast; a tie is not adopted (no casting vote).
    """
    for name, value in (("yes", yes), ("no", no), ("abstain", abstain)):
        _count(value, name)
    cast = yes + no
    if cast == 0:
        raise ValueError("Inga ja- eller nej-röster avgivna; omröstningen kan inte avgöras.")
    figures = f"{yes} ja mot {no} nej ({abstain} avstod)"
    if qualified:
        q = params.qualified_majority
        adopted = yes * q.denominator >= q.numerator * cast
        rule = "§ 9"
        requirement = (
            f"kvalificerad majoritet kräver minst {q} av avgivna ja- och nej-röster, "
            f"alltså minst {math.ceil(q * cast)} ja av {cast}"
        )
    else:
        adopted = yes > no
        rule = "§ 4.3"
        requirement = "enkel majoritet kräver fler ja än nej"
        if yes == no:
            requirement += "; vid lika röstetal antas förslaget inte"
    outcome = "Förslaget antogs" if adopted else "Förslaget antogs inte"
    return Verdict(adopted, rule, f"{outcome}: {figures}; {requirement}.")


# R8: the AU, § 2.2


def check_committee_composition(
    seats_by_sector: Mapping[str, int], params: Parameters = DEFAULT
) -> Verdict:
    """Whether the AU has exactly its number of seats filled in every sector (§ 2.2)."""
    seats = _sector_counts(seats_by_sector, "seats_by_sector")
    per_sector = params.committee_seats_per_sector
    requirement = (
        f"Arbetsutskottet ska ha exakt {_plural(per_sector, 'ledamot', 'ledamöter')} från varje "
        f"sektor "
        f"({params.committee_seats} platser)"
    )
    vacant = [
        f"{SECTOR_LABELS[code]} {_plural(per_sector - n, 'plats', 'platser')}"
        for code, n in seats.items()
        if n < per_sector
    ]
    over = [f"{SECTOR_LABELS[code]} har {n}" for code, n in seats.items() if n > per_sector]
    if not vacant and not over:
        return Verdict(True, "§ 2.2", f"{requirement}, och alla platser är tillsatta.")
    problems = []
    if vacant:
        problems.append(f"vakanta platser: {_join(vacant)}")
    if over:
        problems.append(f"för många ledamöter: {_join(over)}")
    return Verdict(False, "§ 2.2", f"{requirement}; {'; '.join(problems)}.")


def check_committee_seat_available(
    sector: str, seats_in_sector: int, params: Parameters = DEFAULT
) -> Verdict:
    """Whether one more AU seat may be filled in `sector` (§ 2.2)."""
    label = SECTOR_LABELS[_sector(sector)]
    filled = _count(seats_in_sector, "seats_in_sector")
    per_sector = params.committee_seats_per_sector
    if filled < per_sector:
        reason = (
            f"{label} har {filled} av {per_sector} platser i arbetsutskottet tillsatta; "
            f"ytterligare en plats kan tillsättas."
        )
        return Verdict(True, "§ 2.2", reason)
    reason = (
        f"{label} har redan {filled} av {per_sector} platser i arbetsutskottet tillsatta; "
        f"ingen fler plats kan tillsättas."
    )
    return Verdict(False, "§ 2.2", reason)


def _role(role) -> str:
    if role not in _ROLE_LABELS:
        raise ValueError(f"Okänd roll: {role!r} (giltiga: {', '.join(_ROLE_LABELS)}).")
    return role


def mandate_years(role: str, params: Parameters = DEFAULT) -> int:
    """Length of one AU mandate in years for "member", "chair" or "vice_chair" (§ 2.2)."""
    if _role(role) == "member":
        return params.member_mandate_years
    return params.chair_mandate_years


def check_reelection(
    role: str, consecutive_terms_served: int, params: Parameters = DEFAULT
) -> Verdict:
    """Whether someone who served these consecutive AU terms may be elected once more (§ 2.2)."""
    label = _ROLE_LABELS[_role(role)]
    served = _count(consecutive_terms_served, "consecutive_terms_served")
    reelections = params.member_reelections if role == "member" else params.chair_reelections
    max_terms = 1 + reelections
    years = mandate_years(role, params)
    limit = (
        f"som {label} i arbetsutskottet är mandattiden {_plural(years, 'år', 'år')} med omval "
        f"{_plural(reelections, 'gång', 'gånger')}, alltså högst "
        f"{_plural(max_terms, 'mandatperiod', 'mandatperioder')} i följd"
    )
    served_text = _plural(served, "mandatperiod", "mandatperioder")
    if served < max_terms:
        start = "Första val" if served == 0 else f"Omval efter {served_text} i följd"
        return Verdict(True, "§ 2.2", f"{start} tillåts: {limit}.")
    reason = f"Omval tillåts inte: {limit}, och {served_text} i följd är redan fullgjorda."
    return Verdict(False, "§ 2.2", reason)


# R7: composition in operating year 1, § 8.1


def check_sector_cap(
    sector: str, partners_in_sector: int, operating_year: int, params: Parameters = DEFAULT
) -> Verdict:
    """Whether one more partner of `sector` may be invited in this operating year (§ 8.1)."""
    label = SECTOR_LABELS[_sector(sector)]
    partners = _count(partners_in_sector, "partners_in_sector")
    if _count(operating_year, "operating_year") < 1:
        raise ValueError("Verksamhetsåret måste vara minst 1, fick 0.")
    if operating_year >= 2:
        reason = (
            f"Verksamhetsår {operating_year}: från år 2 tillkommer partner genom nominering "
            f"och beslut av partnerskapet; inget tak per sektor ({label} har {partners})."
        )
        return Verdict(True, "§ 8.1", reason)
    cap = params.year1_sector_caps[sector]
    if partners < cap:
        reason = (
            f"Verksamhetsår 1: högst {cap} partner från {label}; sektorn har {partners}, "
            f"så ytterligare en kan bjudas in."
        )
        return Verdict(True, "§ 8.1", reason)
    reason = (
        f"Verksamhetsår 1: högst {cap} partner från {label}; sektorn har redan {partners}, "
        f"så ingen fler kan bjudas in."
    )
    return Verdict(False, "§ 8.1", reason)


def _anniversary(start: date, year: int) -> date:
    # A 29 February start has its anniversary on 28 February in common years, as a
    # period of years ends on the last day of the month when the day is missing.
    try:
        return start.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def operating_year(on: date, year1_start: date) -> int:
    """Operating year containing `on`: year 1 is [year1_start, year1_start + 1 year) (§ 8.1)."""
    _date(on, "on")
    _date(year1_start, "year1_start")
    if on < year1_start:
        raise ValueError(
            f"{on.isoformat()} ligger före verksamhetsår 1, som börjar {year1_start.isoformat()}."
        )
    years = on.year - year1_start.year
    if on < _anniversary(year1_start, on.year):
        years -= 1
    return years + 1


def check_notice_sendable(
    meeting_date: date,
    notice_date: date,
    agenda_items: int,
    binding: bool = True,
    params: Parameters = DEFAULT,
) -> Verdict:
    """§ 3.1, § 3.2: a notice carries a preliminary agenda, goes out before the meeting and, for
    the partnership (`binding`), in time; the AU decides its own forms (§ 2.2)."""
    _date(meeting_date, "meeting_date")
    _date(notice_date, "notice_date")
    _count(agenda_items, "agenda_items")
    if agenda_items == 0:
        return Verdict(False, "§ 3.1", "Kallelsen kan inte skickas utan en preliminär dagordning; "
                                       "lägg till minst en punkt.")
    if notice_date > meeting_date:
        return Verdict(False, "§ 3.1", f"Mötet var {meeting_date.isoformat()}; kallelsen kan inte "
                                       "skickas efteråt.")
    if binding:
        return check_notice(meeting_date, notice_date, params)
    return Verdict(True, "§ 2.2", "Arbetsutskottet och arbetsgrupper bestämmer själva om tider och "
                                  f"former; kravet på {_days(params.notice_days)} gäller inte.")
