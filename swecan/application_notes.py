"""How the portal applies the arbetsordning where its text leaves a question open.

These are the readings of domain/rules.md ("Interpretations are labelled"), shown
beside the § they concern on the published arbetsordning and never part of its text.
Numbers come from the version being shown, so a note never contradicts its text.
"""

from django.utils.translation import gettext, ngettext

from swecan import rules


def _fraction(value) -> str:
    return f"{value.numerator}/{value.denominator}"


def general_note() -> str:
    return gettext(
        "En handling prövas mot den version av arbetsordningen som gäller den dag handlingen "
        "sker (kallelsen skickas, ärendet kommer in, omröstningen avslutas, protokollet "
        "färdigställs). Dagar räknas som kalenderdagar i svensk tid. En frist som infaller en "
        "lördag, söndag eller helgdag flyttas inte; portalen visar veckodagen och den sista "
        "vardagen före."
    )


def notes_for(params: rules.Parameters) -> dict[str, list[str]]:
    """{section number: [note, ...]} for a version with these parameters."""
    example_roll = 65
    quorum_example = rules.quorum_needed(example_roll, params)
    caps = params.year1_sector_caps
    return {
        "2.2": [
            ngettext(
                "Ordförande och vice ordförande i arbetsutskottet kan väljas om %(n)s gång. "
                "Rapportens huvudtext nämner omval en gång för alla uppdrag; arbetsordningen gäller.",
                "Ordförande och vice ordförande i arbetsutskottet kan väljas om %(n)s gånger. "
                "Rapportens huvudtext nämner omval en gång för alla uppdrag; arbetsordningen gäller.",
                params.chair_reelections,
            ) % {"n": params.chair_reelections},
            gettext(
                "Arbetsutskottet bestämmer själv när och hur det sammanträder; kravet på kallelse "
                "%(days)s dagar före i punkt 3.1 gäller partnerskapets sammanträden."
            ) % {"days": params.notice_days},
        ],
        "3.1": [
            ngettext(
                "”Per år” läses som per kalenderår, samma period som röstlängden gäller för. "
                "Kansliets årsöversikt varnar när färre än %(n)s fysiskt sammanträde är planerat.",
                "”Per år” läses som per kalenderår, samma period som röstlängden gäller för. "
                "Kansliets årsöversikt varnar när färre än %(n)s fysiska sammanträden är planerade.",
                params.physical_meetings_per_year,
            ) % {"n": params.physical_meetings_per_year},
            gettext(
                "Kallelsen får skickas senast %(days)s kalenderdagar före mötesdagen; exakt "
                "%(days)s dagar räcker. Flyttas ett kallat sammanträde behåller det kallelsen bara "
                "om den nya dagen ligger minst %(days)s dagar efter den dag kallelsen skickades, "
                "och alla kallade får besked om ändringen."
            ) % {"days": params.notice_days},
        ],
        "3.2": [
            gettext(
                "Protokollet ska vara färdigställt senast %(days)s kalenderdagar efter mötesdagen. "
                "Underlag som läggs till efter att kallelsen skickats markeras som sent inkomna."
            ) % {"days": params.minutes_days},
        ],
        "3.3": [
            gettext(
                "”Partnerskapets medlemmar” räknas som partnerna på röstlängden, och ”en "
                "representant från varje sektor” som minst en närvarande partner från varje "
                "sektor. Varje partner räknas en gång, hur många av dess representanter som än är "
                "på plats."
            ),
            ngettext(
                "Minst hälften gäller andelen %(fraction)s: med %(roll)s partner på röstlängden "
                "krävs %(needed)s närvarande.",
                "Minst hälften gäller andelen %(fraction)s: med %(roll)s partners på röstlängden "
                "krävs %(needed)s närvarande.",
                example_roll,
            ) % {"fraction": _fraction(params.quorum_fraction), "roll": example_roll,
                 "needed": quorum_example},
            gettext(
                "Beslutsförheten prövas vid varje beslut, utifrån de ankomst- och avgångstider som "
                "registreras under sammanträdet. Ett besked i förväg om att man kommer räknas inte "
                "som närvaro."
            ),
        ],
        "4.2": [
            gettext(
                "Ett ärende ska ha kommit in senast %(days)s kalenderdagar före kallelsedagen: "
                "den planerade så länge kallelsen inte är skickad, därefter den faktiska. Ett "
                "ärende som kommer in senare tas emot och förs till nästa sammanträde vars frist "
                "det klarar."
            ) % {"days": params.case_days_before_notice},
        ],
        "4.3": [
            gettext(
                "Enkel majoritet betyder fler ja- än nej-röster. Den som avstår har inte avgett "
                "någon röst. Vid lika röstetal är förslaget inte antaget; arbetsordningen ger "
                "ingen utslagsröst."
            ),
            gettext(
                "Jäv (Bilaga 2, princip 5): en partner som anmält jäv i ett ärende röstar inte i "
                "det, om inte ordföranden beslutar annat; beslutet och skälet protokollförs. "
                "Partnern räknas ändå som närvarande för beslutsförheten."
            ),
        ],
        "5.2": [
            gettext(
                "En partner som tillkommer under året genom beslut av partnerskapet ingår i "
                "röstlängden från beslutet."
            ),
        ],
        "5.3": [
            gettext("En partner som begär utträde lämnar röstlängden den dag begäran kommer in."),
        ],
        "7": [
            gettext(
                "Ordförandens och vice ordförandens kontaktuppgifter finns på sidan Kontakt, "
                "länkad längst ned på varje sida."
            ),
        ],
        "8.1": [
            gettext(
                "I portalen heter sektorerna Hälso- och sjukvård (högst %(halso_sjukvard)s), "
                "Akademi och forskning (”Innovation och forskning” ovan, högst %(akademi)s), "
                "Myndigheter (högst %(myndigheter)s), Civilsamhälle (”Patientföreningar och "
                "civilsamhälle” ovan, högst %(civilsamhalle)s) och Näringsliv (högst "
                "%(naringsliv)s). En inbjudan utöver en sektors tak avvisas."
            ) % dict(caps),
        ],
        "9": [
            gettext(
                "Kvalificerad majoritet (%(fraction)s) räknas på avgivna röster, ja och nej; den "
                "som avstår räknas inte, som i svensk föreningspraxis. Exakt %(fraction)s räcker, "
                "och partnerskapet måste vara beslutsfört när omröstningen sker. Protokollet "
                "redovisar ja, nej, avstår och frånvarande."
            ) % {"fraction": _fraction(params.qualified_majority)},
            gettext(
                "Ett förslag till ändring är ett ärende och följer fristen i punkt 4.2. En antagen "
                "ändring blir en ny version från den dag beslutet anger; tidigare versioner finns "
                "kvar på den här sidan."
            ),
        ],
    }
