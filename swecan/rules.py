"""The arbetsordning of SweCan as pure functions (rules R1-R9 of domain/rules.md).

Plain values in, a `Verdict` with the § and a reason out, so that forms, the admin,
background jobs and public pages give the same answer. Standard library only: this module
must import without Django. Thresholds use integers and `Fraction`, never floats. Every
number comes from `Parameters`, the version of the arbetsordning in force.

A reason is a Swedish message id with named parameters, rendered when it is read
(`Verdict.reason`) through the translator that `swecan.apps` installs, so it follows the
reader's language; without Django it renders as written, dates in ISO form.
"""

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from fractions import Fraction


def gettext_noop(message: str) -> str:
    """Marks a message id for `makemessages` (one of its keywords); translated when rendered."""
    return message


SECTORS = ("halso_sjukvard", "akademi", "myndigheter", "naringsliv", "civilsamhalle")

# The one source of the sector names (glossary); `partnership.models.Sector` translates them.
SECTOR_LABELS = {
    "halso_sjukvard": gettext_noop("Hälso- och sjukvård"),
    "akademi": gettext_noop("Akademi och forskning"),
    "myndigheter": gettext_noop("Myndigheter"),
    "naringsliv": gettext_noop("Näringsliv"),
    "civilsamhalle": gettext_noop("Civilsamhälle"),
}

_ROLE_LABELS = {
    "member": gettext_noop("ledamot"),
    "chair": gettext_noop("ordförande"),
    "vice_chair": gettext_noop("vice ordförande"),
}


@dataclass(frozen=True)
class Plural:
    """A count with its words, e.g. Plural("%(n)s dag", "%(n)s dagar", 2); the language's
    plural rule picks the form when rendered (`makemessages` keyword `Plural:1,2`)."""

    singular: str
    plural: str
    n: int


@dataclass(frozen=True)
class Message:
    """A message id and its parameters, translated when rendered; a parameter of a reason."""

    msgid: str
    params: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    """Items read as a list: "a, b och c"."""

    items: tuple


def _identity_ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


_translator: dict[str, Callable] = {
    "gettext": lambda message: message,
    "ngettext": _identity_ngettext,
    "format_date": date.isoformat,
}


def set_translator(
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    format_date: Callable[[date], str],
) -> None:
    """Render reasons through these (the active language's); `swecan.apps` calls it."""
    _translator["gettext"] = gettext
    _translator["ngettext"] = ngettext
    _translator["format_date"] = format_date


def render(msgid: str, params: Mapping | None = None) -> str:
    """A message id with its parameters, translated into the active language."""
    text = _translator["gettext"](msgid)
    if not params:
        return text
    return text % {name: _render_value(value) for name, value in params.items()}


def _render_value(value):
    if isinstance(value, Message):
        return render(value.msgid, value.params)
    if isinstance(value, Plural):
        return _translator["ngettext"](value.singular, value.plural, value.n) % {"n": value.n}
    if isinstance(value, Listing):
        items = [_render_value(item) for item in value.items]
        if len(items) < 2:
            return "".join(items)
        return render(gettext_noop("%(items)s och %(last)s"),
                      {"items": ", ".join(items[:-1]), "last": items[-1]})
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return _translator["format_date"](value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return value


@dataclass(frozen=True)
class Verdict:
    """The answer of one rule: allowed or not, the § it comes from, and why.

    `message` is a Swedish message id with %(name)s placeholders filled from `params`;
    `reason` is that text in the active language.
    """

    ok: bool
    rule: str
    message: str
    params: Mapping = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.ok

    def __hash__(self) -> int:
        return hash((self.ok, self.rule, self.message, tuple(sorted(self.params))))

    @property
    def reason(self) -> str:
        return render(self.message, self.params)


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


def _days(n: int) -> Plural:
    return Plural("%(n)s dag", "%(n)s dagar", n)


def _partners(n: int) -> Plural:
    """E.g. "1 partner", "64 partners" (glossary: the plural of partner is partners)."""
    return Plural("%(n)s partner", "%(n)s partners", n)


def _times(n: int) -> Plural:
    return Plural("%(n)s gång", "%(n)s gånger", n)


def _sector_name(code: str) -> Message:
    return Message(SECTOR_LABELS[code])


def _days_relative(later: date, earlier: date) -> Message:
    """E.g. "13 dagar före kallelsen", or "2 dagar efter kallelsen" when the order flips."""
    days = (later - earlier).days
    if days >= 0:
        return Message(gettext_noop("%(days)s före kallelsen"), {"days": _days(days)})
    return Message(gettext_noop("%(days)s efter kallelsen"), {"days": _days(-days)})


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
    values = {
        "notice_date": notice_date,
        "meeting_date": meeting_date,
        "deadline": deadline,
        "before": _days((meeting_date - notice_date).days),
        "required": _days(params.notice_days),
    }
    if notice_date <= deadline:
        return Verdict(True, "§ 3.1", gettext_noop(
            "Kallelsen skickas %(notice_date)s, %(before)s före sammanträdet %(meeting_date)s; "
            "kravet är minst %(required)s före (senast %(deadline)s)."), values)
    return Verdict(False, "§ 3.1", gettext_noop(
        "Kallelsen måste skickas senast %(required)s före sammanträdet (senast %(deadline)s "
        "för ett sammanträde %(meeting_date)s); utskick %(notice_date)s är %(before)s före."),
        values)


def check_notice_sent(meeting_date: date, sent_on: date, params: Parameters = DEFAULT) -> Verdict:
    """check_notice for the record of a meeting held (the minutes): the same verdict, told in
    the past tense."""
    verdict = check_notice(meeting_date, sent_on, params)
    if verdict:
        return Verdict(True, "§ 3.1", gettext_noop(
            "Kallelsen skickades %(notice_date)s, %(before)s före sammanträdet %(meeting_date)s; "
            "kravet är minst %(required)s före (senast %(deadline)s)."), verdict.params)
    return Verdict(False, "§ 3.1", gettext_noop(
        "Kallelsen skickades %(notice_date)s, %(before)s före sammanträdet %(meeting_date)s; den "
        "skulle ha skickats senast %(required)s före (senast %(deadline)s)."), verdict.params)


def check_meetings_per_year(
    physical_partnership_meetings: int, params: Parameters = DEFAULT
) -> Verdict:
    """Whether enough physical partnership meetings are planned for a calendar year (§ 3.1)."""
    planned = _count(physical_partnership_meetings, "physical_partnership_meetings")
    required = params.physical_meetings_per_year
    values = {
        "found": Plural("%(n)s fysiskt sammanträde planerat",
                        "%(n)s fysiska sammanträden planerade", planned),
        "required": required,
        "times": _times(required),
    }
    if planned >= required:
        return Verdict(True, "§ 3.1", gettext_noop(
            "Partnerskapet har %(found)s för kalenderåret; minst %(required)s krävs."), values)
    return Verdict(False, "§ 3.1", gettext_noop(
        "Partnerskapet ska träffas fysiskt minst %(times)s per kalenderår; %(found)s."), values)


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
    values = {
        "submitted_on": submitted_on,
        "relative": _days_relative(notice_date, submitted_on),
        "deadline": deadline,
        "notice_date": notice_date,
        "required": _days(params.case_days_before_notice),
    }
    if submitted_on <= deadline:
        return Verdict(True, "§ 4.2", gettext_noop(
            "Ärendet lämnades in %(submitted_on)s (%(relative)s); sista dag är %(deadline)s, "
            "%(required)s före kallelsen %(notice_date)s."), values)
    return Verdict(False, "§ 4.2", gettext_noop(
        "Ärenden måste lämnas in senast %(required)s före kallelsen (senast %(deadline)s för "
        "kallelse %(notice_date)s); ärendet lämnades in %(submitted_on)s (%(relative)s). Det "
        "tas i stället upp vid första följande sammanträde vars sista dag för ärenden det "
        "hinner till."), values)


# R5: minutes, § 3.2


def minutes_due(meeting_date: date, params: Parameters = DEFAULT) -> date:
    """Last day to finish the minutes of a meeting (§ 3.2)."""
    return _date(meeting_date, "meeting_date") + timedelta(days=params.minutes_days)


def check_minutes_finalised(
    meeting_date: date, finalised_on: date, params: Parameters = DEFAULT
) -> Verdict:
    """Whether minutes finished (färdigställt) on `finalised_on` were in time (§ 3.2)."""
    due = minutes_due(meeting_date, params)
    _date(finalised_on, "finalised_on")
    if finalised_on < meeting_date:
        raise ValueError(
            f"Protokollet kan inte färdigställas {finalised_on.isoformat()}, före sammanträdet "
            f"{meeting_date.isoformat()}."
        )
    values = {
        "finalised_on": finalised_on,
        "meeting_date": meeting_date,
        "due": due,
        "after": _days((finalised_on - meeting_date).days),
        "required": _days(params.minutes_days),
    }
    if finalised_on <= due:
        return Verdict(True, "§ 3.2", gettext_noop(
            "Protokollet färdigställdes %(finalised_on)s, %(after)s efter sammanträdet "
            "%(meeting_date)s; det ska vara färdigställt senast %(required)s efter (%(due)s)."),
            values)
    return Verdict(False, "§ 3.2", gettext_noop(
        "Protokollet ska vara färdigställt senast %(required)s efter sammanträdet (senast "
        "%(due)s för ett sammanträde %(meeting_date)s); det färdigställdes %(finalised_on)s, "
        "%(after)s efter."), values)


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
            f"Fler närvarande partners ({total}) än partners på röstlängden ({roll_size})."
        )
    numbers = Message(gettext_noop(
        "%(present)s av %(roll)s på röstlängden närvarar, minst %(needed)s krävs "
        "(%(fraction)s av röstlängden)"),
        {"present": total, "roll": _partners(roll_size), "needed": needed,
         "fraction": params.quorum_fraction})
    missing = [_sector_name(code) for code, n in present.items() if n == 0]
    if not params.quorum_every_sector:
        missing = []
    if total >= needed and not missing:
        if params.quorum_every_sector:
            return Verdict(True, "§ 3.3", gettext_noop(
                "Beslutsfört: %(numbers)s; alla fem sektorer är företrädda."), {"numbers": numbers})
        return Verdict(True, "§ 3.3", gettext_noop(
            "Beslutsfört: %(numbers)s; närvaro från varje sektor krävs inte i denna version av "
            "arbetsordningen."), {"numbers": numbers})
    if missing:
        return Verdict(False, "§ 3.3", gettext_noop(
            "Inte beslutsfört: ingen partner närvarar från %(missing)s (varje sektor måste vara "
            "företrädd); %(numbers)s."), {"missing": Listing(tuple(missing)), "numbers": numbers})
    return Verdict(False, "§ 3.3", gettext_noop("Inte beslutsfört: %(numbers)s."),
                   {"numbers": numbers})


# R4 and R9: votes, § 4.3 and § 9


def tally(
    yes: int, no: int, abstain: int = 0, qualified: bool = False, params: Parameters = DEFAULT
) -> Verdict:
    """Whether a vote adopts a proposal: simple majority (§ 4.3) or qualified majority (§ 9).

    Abstentions are not votes cast; a tie is not adopted (no casting vote); with no yes and no
    no at all (everyone abstained, or no one voted) the proposal is not adopted: a verdict, not
    an error (R4).
    """
    for name, value in (("yes", yes), ("no", no), ("abstain", abstain)):
        _count(value, name)
    cast = yes + no
    figures = Message(gettext_noop("%(yes)s ja mot %(no)s nej (%(abstain)s avstod)"),
                      {"yes": yes, "no": no, "abstain": abstain})
    if cast == 0:
        return Verdict(False, "§ 9" if qualified else "§ 4.3", gettext_noop(
            "Förslaget antogs inte: %(figures)s; ingen röst avgavs för eller emot förslaget."),
            {"figures": figures})
    if qualified:
        q = params.qualified_majority
        adopted = yes * q.denominator >= q.numerator * cast
        rule = "§ 9"
        requirement = Message(gettext_noop(
            "kvalificerad majoritet kräver minst %(fraction)s av avgivna ja- och nej-röster, "
            "alltså minst %(needed)s ja av %(cast)s"),
            {"fraction": q, "needed": math.ceil(q * cast), "cast": cast})
    else:
        adopted = yes > no
        rule = "§ 4.3"
        requirement = Message(
            gettext_noop("enkel majoritet kräver fler ja än nej; vid lika röstetal antas "
                         "förslaget inte") if yes == no
            else gettext_noop("enkel majoritet kräver fler ja än nej"))
    values = {"figures": figures, "requirement": requirement}
    if adopted:
        return Verdict(True, rule, gettext_noop("Förslaget antogs: %(figures)s; %(requirement)s."),
                       values)
    return Verdict(False, rule, gettext_noop(
        "Förslaget antogs inte: %(figures)s; %(requirement)s."), values)


# R8: the AU, § 2.2


def check_committee_composition(
    seats_by_sector: Mapping[str, int], params: Parameters = DEFAULT
) -> Verdict:
    """Whether the AU has exactly its number of seats filled in every sector (§ 2.2)."""
    seats = _sector_counts(seats_by_sector, "seats_by_sector")
    per_sector = params.committee_seats_per_sector
    requirement = Message(gettext_noop(
        "Arbetsutskottet ska ha exakt %(members)s från varje sektor (%(seats)s platser)"),
        {"members": Plural("%(n)s ledamot", "%(n)s ledamöter", per_sector),
         "seats": params.committee_seats})
    vacant = Listing(tuple(
        Message(gettext_noop("%(sector)s %(places)s"), {
            "sector": _sector_name(code),
            "places": Plural("%(n)s plats", "%(n)s platser", per_sector - n)})
        for code, n in seats.items() if n < per_sector
    ))
    over = Listing(tuple(
        Message(gettext_noop("%(sector)s har %(n)s"), {"sector": _sector_name(code), "n": n})
        for code, n in seats.items() if n > per_sector
    ))
    values = {"requirement": requirement, "vacant": vacant, "over": over}
    if not vacant.items and not over.items:
        return Verdict(True, "§ 2.2", gettext_noop(
            "%(requirement)s, och alla platser är tillsatta."), values)
    if vacant.items and over.items:
        message = gettext_noop(
            "%(requirement)s; vakanta platser: %(vacant)s; för många ledamöter: %(over)s.")
    elif vacant.items:
        message = gettext_noop("%(requirement)s; vakanta platser: %(vacant)s.")
    else:
        message = gettext_noop("%(requirement)s; för många ledamöter: %(over)s.")
    return Verdict(False, "§ 2.2", message, values)


def check_committee_seat_available(
    sector: str, seats_in_sector: int, params: Parameters = DEFAULT
) -> Verdict:
    """Whether one more AU seat may be filled in `sector` (§ 2.2)."""
    values = {
        "sector": _sector_name(_sector(sector)),
        "filled": _count(seats_in_sector, "seats_in_sector"),
        "per_sector": params.committee_seats_per_sector,
    }
    if values["filled"] < params.committee_seats_per_sector:
        return Verdict(True, "§ 2.2", gettext_noop(
            "%(sector)s har %(filled)s av %(per_sector)s platser i arbetsutskottet tillsatta; "
            "ytterligare en plats kan tillsättas."), values)
    return Verdict(False, "§ 2.2", gettext_noop(
        "%(sector)s har redan %(filled)s av %(per_sector)s platser i arbetsutskottet "
        "tillsatta; inga fler platser kan tillsättas."), values)


def check_group_established(
    *, permanent: bool, kansli_agreed: bool, chair_consulted: bool, decided: bool
) -> Verdict:
    """Whether a working group or expert panel is established (§ 2.2): initiated by the AU in
    consultation with the kansli; a permanent or semi-permanent one also after a consultation
    with the partnership's chair and by the partnership's decision."""
    if not kansli_agreed:
        return Verdict(False, "§ 2.2", gettext_noop(
            "Arbetsutskottet inrättar arbetsgrupper och expertpaneler i samråd med kansliet; "
            "kansliets samråd är inte registrerat än."))
    if permanent and not chair_consulted:
        return Verdict(False, "§ 2.2", gettext_noop(
            "En permanent eller halvpermanent arbetsgrupp kräver samråd med partnerskapets "
            "ordförande och partnerskapets beslut; samrådet är inte registrerat än."))
    if permanent and not decided:
        return Verdict(False, "§ 2.2", gettext_noop(
            "En permanent eller halvpermanent arbetsgrupp kräver partnerskapets beslut; gruppen "
            "väntar på partnerskapets beslut."))
    if permanent:
        return Verdict(True, "§ 2.2", gettext_noop(
            "Gruppen är inrättad genom partnerskapets beslut, efter samråd med kansliet och "
            "partnerskapets ordförande."))
    return Verdict(True, "§ 2.2", gettext_noop(
        "Den tillfälliga gruppen är inrättad av arbetsutskottet i samråd med kansliet."))


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
    _role(role)
    served = _count(consecutive_terms_served, "consecutive_terms_served")
    reelections = params.member_reelections if role == "member" else params.chair_reelections
    max_terms = 1 + reelections
    limit = Message(gettext_noop(
        "som %(role)s i arbetsutskottet är mandattiden %(years)s med omval %(times)s, alltså "
        "högst %(max_terms)s i följd"), {
        "role": Message(_ROLE_LABELS[role]),
        "years": Plural("%(n)s år", "%(n)s år", mandate_years(role, params)),
        "times": _times(reelections),
        "max_terms": Plural("%(n)s mandatperiod", "%(n)s mandatperioder", max_terms),
    })
    values = {"limit": limit,
              "served": Plural("%(n)s mandatperiod", "%(n)s mandatperioder", served)}
    if served == 0:
        return Verdict(True, "§ 2.2", gettext_noop("Första val tillåts: %(limit)s."), values)
    if served < max_terms:
        return Verdict(True, "§ 2.2", gettext_noop(
            "Omval efter %(served)s i följd tillåts: %(limit)s."), values)
    return Verdict(False, "§ 2.2", gettext_noop(
        "Omval tillåts inte: %(limit)s, och %(served)s i följd är redan fullgjorda."), values)


def check_committee_quorum(present: int, seats_held: int, params: Parameters = DEFAULT) -> Verdict:
    """Whether the AU may decide with `present` of the partners holding its seats (§ 2.2).

    *Interpretation*: the AU decides its own forms (§ 2.2) and has set none in the portal, so
    the partnership's fraction of § 3.3 is applied to the seats held that day (vacancies do not
    count); the demand that every sector be present is the partnership's and is not applied.
    """
    held = _count(seats_held, "seats_held")
    here = _count(present, "present")
    if here > held:
        raise ValueError(f"Fler närvarande ({here}) än tillsatta platser ({held}).")
    if held == 0:
        return Verdict(False, "§ 2.2", gettext_noop(
            "Inte beslutsfört: inga platser i arbetsutskottet är tillsatta."))
    needed = math.ceil(params.quorum_fraction * held)
    values = {"present": here, "held": Plural("%(n)s tillsatt plats", "%(n)s tillsatta platser", held),
              "needed": needed, "fraction": params.quorum_fraction}
    if here >= needed:
        return Verdict(True, "§ 2.2", gettext_noop(
            "Arbetsutskottet är beslutsfört: %(present)s av %(held)s närvarar, minst %(needed)s "
            "krävs (%(fraction)s av de tillsatta platserna)."), values)
    return Verdict(False, "§ 2.2", gettext_noop(
        "Arbetsutskottet är inte beslutsfört: %(present)s av %(held)s närvarar, minst %(needed)s "
        "krävs (%(fraction)s av de tillsatta platserna)."), values)


def consecutive_terms(terms: Iterable[tuple[date, date]], new_start: date) -> int:
    """How many mandates (start, end) run back to back up to the day before `new_start` (§ 2.2):
    a mandate follows another when it starts at most a day after the other ends. The count the
    re-election limit is judged by."""
    _date(new_start, "new_start")
    ordered = sorted(((_date(a, "start"), _date(b, "end")) for a, b in terms), key=lambda t: t[1], reverse=True)
    count, boundary = 0, new_start
    for start, end in ordered:
        if end >= boundary:
            continue  # overlaps the new mandate or a later one already counted
        if (boundary - end).days > 1:
            break
        count, boundary = count + 1, start
    return count


def last_day_of_years(start: date, years: int) -> date:
    """The last day of a span of `years` years from `start`: the day before the same date that many
    years later (a 29 February start ends on 27 February in a common year)."""
    _date(start, "start")
    return _anniversary(start, start.year + _count(years, "years")) - timedelta(days=1)


def mandate_end(role: str, starts_on: date, params: Parameters = DEFAULT) -> date:
    """The last day of a mandate of `role` starting on `starts_on` (§ 2.2)."""
    return last_day_of_years(starts_on, mandate_years(role, params))


# R7: composition in operating year 1, § 8.1


def check_sector_cap(
    sector: str, partners_in_sector: int, operating_year: int, params: Parameters = DEFAULT
) -> Verdict:
    """Whether one more partner of `sector` may be invited in this operating year (§ 8.1)."""
    values = {
        "sector": _sector_name(_sector(sector)),
        "partners": _count(partners_in_sector, "partners_in_sector"),
        "count": _partners(partners_in_sector),
        "year": operating_year,
    }
    if _count(operating_year, "operating_year") < 1:
        raise ValueError("Verksamhetsåret måste vara minst 1, fick 0.")
    if operating_year >= 2:
        return Verdict(True, "§ 8.1", gettext_noop(
            "Verksamhetsår %(year)s: från år 2 tillkommer nya partners genom nominering och "
            "beslut av partnerskapet; inget tak per sektor (%(sector)s har %(count)s)."), values)
    cap = params.year1_sector_caps[sector]
    values["cap"] = _partners(cap)
    if values["partners"] < cap:
        return Verdict(True, "§ 8.1", gettext_noop(
            "Verksamhetsår 1: högst %(cap)s från %(sector)s; sektorn har %(partners)s, "
            "så ytterligare en kan bjudas in."), values)
    return Verdict(False, "§ 8.1", gettext_noop(
        "Verksamhetsår 1: högst %(cap)s från %(sector)s; sektorn har redan "
        "%(partners)s, så inga fler kan bjudas in."), values)


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
        return Verdict(False, "§ 3.1", gettext_noop(
            "Kallelsen kan inte skickas utan en preliminär dagordning; lägg till minst en punkt."))
    if notice_date > meeting_date:
        return Verdict(False, "§ 3.1", gettext_noop(
            "Mötet var %(meeting_date)s; kallelsen kan inte skickas efteråt."),
            {"meeting_date": meeting_date})
    if binding:
        return check_notice(meeting_date, notice_date, params)
    return Verdict(True, "§ 2.2", gettext_noop(
        "Arbetsutskottet och arbetsgrupper bestämmer själva om tider och former; kravet på "
        "%(days)s gäller inte."), {"days": _days(params.notice_days)})


# The nomination round (§ 5, § 8.1; R10) -----------------------------------------------------------


def check_nomination_round(roll_year_operating_year: int) -> Verdict:
    """Whether a nomination round may prepare the voting roll of a calendar year whose first day
    (1 January) falls in operating year `roll_year_operating_year` (§ 8.1): in operating year 1 the
    partnership is made up by Socialstyrelsen's invitations, without nominations."""
    year = _count(roll_year_operating_year, "roll_year_operating_year")
    if year < 1:
        raise ValueError("Verksamhetsåret måste vara minst 1, fick 0.")
    if year == 1:
        return Verdict(False, "§ 8.1", gettext_noop(
            "Under SweCans första verksamhetsår tillsätts partnerskapet utan nominering, efter "
            "inbjudan från Socialstyrelsen (§ 8.1)."))
    return Verdict(True, "§ 5", gettext_noop(
        "Från verksamhetsår 2 tillkommer nya partners genom nominering: kansliet bjuder in till "
        "nominering per sektor och partnerskapet beslutar om förteckningen vid årets första "
        "sammanträde (§ 5)."), {"year": year})


def check_nomination_open(roll_year_operating_year: int, today: date, deadline: date) -> Verdict:
    """Whether an organisation may be nominated today to a call with this deadline (§ 5): never
    for a roll of operating year 1 (§ 8.1); the deadline day itself is open, the day after closed."""
    _date(today, "today")
    _date(deadline, "deadline")
    round_verdict = check_nomination_round(roll_year_operating_year)
    if not round_verdict:
        return round_verdict
    values = {"deadline": deadline}
    if today > deadline:
        return Verdict(False, "§ 5", gettext_noop(
            "Sista dag att nominera var %(deadline)s; nomineringen är stängd (§ 5)."), values)
    return Verdict(True, "§ 5", gettext_noop(
        "Nomineringen är öppen till och med %(deadline)s (§ 5)."), values)
