"""Static lists for `manage.py seed_demo`: the demo partnership of SweCan's first year.

The organisations are those of Bilaga 4 of Socialstyrelsen's report, plus the 21 regions,
the six regional cancer centres and two clearly fictitious academic organisations. Everything
else is invented for the demo: organisation numbers, contact addresses (all under the reserved
`.example` domain), people, titles and phone numbers (PTS's range for fiction, 070-174 06 05 to
070-174 06 99). Websites of real organisations are their plausible public addresses.
"""

import datetime
import unicodedata
from typing import NamedTuple

from partnership import orgnr

# Our own wording of the four commitments of the declaration of intent (Bilaga 3); the seed
# report's sentences are deliberately not reused. `{organisation}` is the partner's name.
DECLARATION_TEXT = """\
Med denna avsiktsförklaring intygar {organisation} att organisationen vill medverka i SweCan, \
Sveriges nationella plattform för samverkan mot cancer.

{organisation} förbinder sig att:
• arbeta enligt SweCans arbetsordning och de principer för samverkan som plattformen bygger på;
• bidra till ett nytänkande samarbete som blickar framåt, där nyttan för patienter och \
medborgare är det viktigaste målet;
• ta aktiv del i plattformens sammanträden och arbetsgrupper och i de initiativ som partnerna \
driver tillsammans;
• hjälpa till att bygga SweCan till en arena som står sig på lång sikt, för utveckling som \
drivs av missionen och för utbyte av kunskap och erfarenheter mellan aktörerna.

Förklaringen binder inte {organisation} juridiskt. Den är ett åtagande från organisationens \
sida att arbeta i den anda som SweCan står för.
"""


class Org(NamedTuple):
    name: str
    short_name: str
    sector: str
    category: str
    county: str
    city: str
    website: str
    slug: str  # for the invented e-mail addresses: info@<slug>.example


def _orgs(sector: str, category: str, rows) -> list[Org]:
    return [Org(name, short, sector, category, county, city, web, slug)
            for name, short, county, city, web, slug in rows]


REGIONS = _orgs("halso_sjukvard", "region", [
    ("Region Stockholm", "", "Stockholms län", "Stockholm",
     "https://www.regionstockholm.se", "regionstockholm"),
    ("Region Uppsala", "", "Uppsala län", "Uppsala", "https://www.regionuppsala.se", "regionuppsala"),
    ("Region Sörmland", "", "Södermanlands län", "Nyköping",
     "https://www.regionsormland.se", "regionsormland"),
    ("Region Östergötland", "", "Östergötlands län", "Linköping",
     "https://www.regionostergotland.se", "regionostergotland"),
    ("Region Jönköpings län", "", "Jönköpings län", "Jönköping", "https://www.rjl.se", "rjl"),
    ("Region Kronoberg", "", "Kronobergs län", "Växjö",
     "https://www.regionkronoberg.se", "regionkronoberg"),
    ("Region Kalmar län", "", "Kalmar län", "Kalmar", "https://www.regionkalmar.se", "regionkalmar"),
    ("Region Gotland", "", "Gotlands län", "Visby", "https://www.gotland.se", "gotland"),
    ("Region Blekinge", "", "Blekinge län", "Karlskrona",
     "https://www.regionblekinge.se", "regionblekinge"),
    ("Region Skåne", "", "Skåne län", "Kristianstad", "https://www.skane.se", "skane"),
    ("Region Halland", "", "Hallands län", "Halmstad", "https://www.regionhalland.se", "regionhalland"),
    ("Västra Götalandsregionen", "VGR", "Västra Götalands län", "Vänersborg",
     "https://www.vgregion.se", "vgregion"),
    ("Region Värmland", "", "Värmlands län", "Karlstad",
     "https://www.regionvarmland.se", "regionvarmland"),
    ("Region Örebro län", "", "Örebro län", "Örebro",
     "https://www.regionorebrolan.se", "regionorebrolan"),
    ("Region Västmanland", "", "Västmanlands län", "Västerås",
     "https://www.regionvastmanland.se", "regionvastmanland"),
    ("Region Dalarna", "", "Dalarnas län", "Falun", "https://www.regiondalarna.se", "regiondalarna"),
    ("Region Gävleborg", "", "Gävleborgs län", "Gävle",
     "https://www.regiongavleborg.se", "regiongavleborg"),
    ("Region Västernorrland", "", "Västernorrlands län", "Härnösand", "https://www.rvn.se", "rvn"),
    ("Region Jämtland Härjedalen", "", "Jämtlands län", "Östersund",
     "https://www.regionjh.se", "regionjh"),
    ("Region Västerbotten", "", "Västerbottens län", "Umeå",
     "https://www.regionvasterbotten.se", "regionvasterbotten"),
    ("Region Norrbotten", "", "Norrbottens län", "Luleå", "https://www.norrbotten.se", "norrbotten"),
])

RCCS = _orgs("halso_sjukvard", "rcc", [
    ("RCC Stockholm Gotland", "", "Stockholms län", "Stockholm",
     "https://cancercentrum.se/stockholmgotland/", "rcc-stockholmgotland"),
    ("RCC Mellansverige", "", "Uppsala län", "Uppsala",
     "https://cancercentrum.se/mellansverige/", "rcc-mellansverige"),
    ("RCC Sydöst", "", "Östergötlands län", "Linköping",
     "https://cancercentrum.se/sydost/", "rcc-sydost"),
    ("RCC Syd", "", "Skåne län", "Lund", "https://cancercentrum.se/syd/", "rcc-syd"),
    ("RCC Väst", "", "Västra Götalands län", "Göteborg",
     "https://cancercentrum.se/vast/", "rcc-vast"),
    ("RCC Norr", "", "Västerbottens län", "Umeå", "https://cancercentrum.se/norr/", "rcc-norr"),
])

UNIVERSITIES = _orgs("akademi", "university", [
    ("Göteborgs universitet", "GU", "Västra Götalands län", "Göteborg", "https://www.gu.se", "gu"),
    ("Karolinska institutet", "KI", "Stockholms län", "Solna", "https://ki.se", "ki"),
    ("Linköpings universitet", "LiU", "Östergötlands län", "Linköping", "https://liu.se", "liu"),
    ("Uppsala universitet", "UU", "Uppsala län", "Uppsala", "https://www.uu.se", "uu"),
    ("Örebro universitet", "ORU", "Örebro län", "Örebro", "https://www.oru.se", "oru"),
])

RESEARCH_INFRASTRUCTURES = _orgs("akademi", "research_infrastructure", [
    ("Genomic Medicine Sweden (GMS)", "GMS", "Stockholms län", "Solna",
     "https://genomicmedicine.se", "genomicmedicine"),
    ("Science for Life Laboratory (SciLifeLab)", "SciLifeLab", "Stockholms län", "Solna",
     "https://www.scilifelab.se", "scilifelab"),
])

FICTITIOUS_ACADEMY = [
    Org("Norrlands forskningsinstitut för onkologi (fiktiv)", "NFO", "akademi",
        "research_infrastructure", "Norrbottens län", "Luleå",
        "https://fiktiv.example/norrlands-forskningsinstitut", "nfo-fiktiv"),
    Org("Bergslagens högskola (fiktiv)", "", "akademi", "university", "Dalarnas län", "Ludvika",
        "https://fiktiv.example/bergslagens-hogskola", "bergslagen-fiktiv"),
]

AGENCIES = _orgs("myndigheter", "agency", [
    ("Myndigheten för digital förvaltning (DIGG)", "DIGG", "Västernorrlands län", "Sundsvall",
     "https://www.digg.se", "digg"),
    ("E-hälsomyndigheten", "", "Stockholms län", "Stockholm",
     "https://www.ehalsomyndigheten.se", "ehalsomyndigheten"),
    ("Folkhälsomyndigheten", "", "Stockholms län", "Solna",
     "https://www.folkhalsomyndigheten.se", "folkhalsomyndigheten"),
    ("Läkemedelsverket", "", "Uppsala län", "Uppsala",
     "https://www.lakemedelsverket.se", "lakemedelsverket"),
    ("Myndigheten för vård- och omsorgsanalys (Vårdanalys)", "Vårdanalys", "Stockholms län",
     "Stockholm", "https://www.vardanalys.se", "vardanalys"),
    ("Strålsäkerhetsmyndigheten (SSM)", "SSM", "Stockholms län", "Solna",
     "https://www.stralsakerhetsmyndigheten.se", "ssm"),
    ("Vetenskapsrådet", "VR", "Stockholms län", "Stockholm", "https://www.vr.se", "vr"),
    ("Vinnova", "", "Stockholms län", "Stockholm", "https://www.vinnova.se", "vinnova"),
])

INDUSTRY = _orgs("naringsliv", "industry_association", [
    ("Lif – de forskande läkemedelsföretagen", "Lif", "Stockholms län", "Stockholm",
     "https://www.lif.se", "lif"),
    ("SwedenBIO", "", "Stockholms län", "Stockholm", "https://www.swedenbio.se", "swedenbio"),
    ("Swedish Medtech", "", "Stockholms län", "Stockholm",
     "https://www.swedishmedtech.se", "swedishmedtech"),
])

CIVIL_SOCIETY = _orgs("civilsamhalle", "other_civil_society", [
    ("Barncancerfonden", "", "Stockholms län", "Stockholm",
     "https://www.barncancerfonden.se", "barncancerfonden"),
    ("Cancerfonden", "", "Stockholms län", "Stockholm", "https://www.cancerfonden.se", "cancerfonden"),
    ("Ung Cancer", "", "Stockholms län", "Stockholm", "https://www.ungcancer.se", "ungcancer"),
])

PROFESSIONAL_ASSOCIATIONS = _orgs("civilsamhalle", "professional_association", [
    ("Dietister inom onkologi (DiO)", "DiO", "Stockholms län", "Stockholm",
     "https://www.drf.nu", "dio"),
    ("Fysioterapeuterna", "", "Stockholms län", "Stockholm",
     "https://www.fysioterapeuterna.se", "fysioterapeuterna"),
    ("Sektionen för onkologisk och palliativ fysioterapi", "", "Skåne län", "Lund",
     "https://www.fysioterapeuterna.se", "onkpalfys"),
    ("Sjuksköterskor i cancervård", "", "Västra Götalands län", "Göteborg",
     "https://www.sjukskoterskoricancervard.se", "sjukskoterskoricancervard"),
    ("Svensk Kirurgisk Förening", "SKF", "Stockholms län", "Stockholm",
     "https://www.svenskkirurgi.se", "svenskkirurgi"),
    ("Svensk Onkologisk Förening (SOF)", "SOF", "Uppsala län", "Uppsala",
     "https://www.svenskonkologi.se", "svenskonkologi"),
    ("Svensk sjuksköterskeförening", "", "Stockholms län", "Stockholm",
     "https://www.swenurse.se", "swenurse"),
    ("Svenska Läkaresällskapet", "SLS", "Stockholms län", "Stockholm", "https://www.sls.se", "sls"),
    ("Sveriges Arbetsterapeuter", "", "Stockholms län", "Stockholm",
     "https://www.arbetsterapeuterna.se", "arbetsterapeuterna"),
    ("Svensk förening för psykosocial onkologi och rehabilitering (SWEDPOS)", "SWEDPOS",
     "Västra Götalands län", "Göteborg", "https://www.swedpos.se", "swedpos"),
])

PATIENT_ASSOCIATIONS = _orgs("civilsamhalle", "patient_association", [
    ("Bröstcancerföreningen Johanna", "", "Stockholms län", "Stockholm",
     "https://www.johanna.nu", "johanna"),
    ("Bröstcancerförbundet", "BRO", "Stockholms län", "Stockholm", "https://www.bro.org.se", "bro"),
    ("Cancerkompisar", "", "Västra Götalands län", "Göteborg",
     "https://www.cancerkompisar.se", "cancerkompisar"),
    ("ILCO – Tarm-, uro- och stomiförbundet", "ILCO", "Stockholms län", "Stockholm",
     "https://www.ilco.nu", "ilco"),
    ("Lungcancerföreningen", "", "Skåne län", "Malmö",
     "https://www.lungcancerforeningen.se", "lungcancerforeningen"),
    ("Nätverket mot cancer", "", "Stockholms län", "Stockholm",
     "https://www.natverketmotcancer.se", "natverketmotcancer"),
    ("Nätverket mot gynekologisk cancer", "", "Stockholms län", "Stockholm",
     "https://www.gyncancer.se", "gyncancer"),
    ("ProLiv Kronoberg", "", "Kronobergs län", "Växjö", "https://www.prolivkronoberg.se", "proliv"),
    ("Prostatacancerförbundet", "", "Stockholms län", "Stockholm",
     "https://www.prostatacancerforbundet.se", "prostatacancerforbundet"),
    ("Svenska cancercoachföreningen", "", "Uppsala län", "Uppsala",
     "https://www.cancercoachforeningen.se", "cancercoachforeningen"),
])

# Bilaga 4 names 23 civil-society organisations, the year-1 cap is 20 (§ 8.1): the last three
# patient associations in list order wait as prospects for the year-2 nomination round.
PROSPECTS = PATIENT_ASSOCIATIONS[-3:]

# Invited through the services, in this order (the caps are checked on every invitation).
INVITED = (
    REGIONS + RCCS + UNIVERSITIES + RESEARCH_INFRASTRUCTURES + FICTITIOUS_ACADEMY + AGENCIES
    + INDUSTRY + CIVIL_SOCIETY + PROFESSIONAL_ASSOCIATIONS + PATIENT_ASSOCIATIONS[:-3]
)

# The first partner created; its existence means the demo partnership is already seeded.
SEEDED_MARKER = "Region Stockholm"

# Invited, invitation still open, declaration not signed.
UNSIGNED = (
    "Bergslagens högskola (fiktiv)",
    "Myndigheten för vård- och omsorgsanalys (Vårdanalys)",
    "Nätverket mot gynekologisk cancer",
)

# Signed, then asked in writing to leave (§ 5.3).
WITHDRAWN = "Sektionen för onkologisk och palliativ fysioterapi"
WITHDRAWAL_RECEIVED_ON = datetime.date(2026, 9, 15)
WITHDRAWAL_NOTE = "Skriftlig begäran från styrelsen."

# Partners whose primary representative invites a deputy.
WITH_DEPUTY = (
    "Region Örebro län",
    "Karolinska institutet",
    "Cancerfonden",
    "Folkhälsomyndigheten",
    "Lif – de forskande läkemedelsföretagen",
)

# Demo logins printed at the end: (label, partner, role).
LOGIN_REPRESENTATIVES = (
    ("Representant, Region Örebro län", "Region Örebro län", "primary"),
    ("Representant, Cancerfonden", "Cancerfonden", "primary"),
    ("Representant, Karolinska institutet", "Karolinska institutet", "primary"),
    ("Ersättare, Region Örebro län", "Region Örebro län", "deputy"),
)

# Signatures fall on weekdays between these dates, all before the roll is fixed.
SIGNING_FIRST_DAY = datetime.date(2026, 1, 15)
SIGNING_LAST_DAY = datetime.date(2026, 3, 5)

VOTING_ROLL_YEAR = 2026
VOTING_ROLL_FIXED_ON = datetime.date(2026, 3, 10)
VOTING_ROLL_NOTE = "Fastställd vid årets första sammanträde 2026-03-10."

# People. Invented; combined deterministically (40 and 37 are coprime, so the first
# 1480 combinations are all different).
FIRST_NAMES = (
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Anders", "Sara", "Mikael",
    "Lena", "Per", "Emma", "Fredrik", "Kristina", "Jonas", "Ingrid", "Magnus", "Elin", "Henrik",
    "Sofia", "Ola", "Malin", "Björn", "Helena", "Ahmed", "Linnéa", "Gustav", "Amira", "Tomas",
    "Åsa", "Nils", "Ebba", "Stefan", "Leila", "Oskar", "Annika", "Mats", "Ida", "Dragan",
)
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Lindqvist", "Berglund",
    "Axelsson", "Sandberg", "Forsberg", "Sjöberg", "Lundgren", "Ali", "Öberg", "Hedlund",
    "Holm", "Mattsson", "Åberg", "Nyström", "Korhonen", "Ekström", "Hussein", "Dahlgren",
)

PRIMARY_TITLES = {
    "region": ("Hälso- och sjukvårdsdirektör", "Regiondirektör", "Chef för cancervården"),
    "rcc": ("Verksamhetschef", "Biträdande verksamhetschef"),
    "university": ("Rektor", "Prorektor", "Dekan, medicinska fakulteten"),
    "research_infrastructure": ("Föreståndare", "Nationell samordnare"),
    "agency": ("Generaldirektör", "Avdelningschef", "Enhetschef"),
    "industry_association": ("Vd", "Näringspolitisk chef"),
    "other_civil_society": ("Generalsekreterare", "Forskningschef"),
    "professional_association": ("Ordförande", "Vice ordförande"),
    "patient_association": ("Ordförande", "Förbundsordförande"),
}
DEPUTY_TITLES = ("Utvecklingsstrateg", "Samordnare", "Handläggare", "Verksamhetsutvecklare")


def person_name(index: int) -> str:
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index % len(LAST_NAMES)]}"


def ascii_slug(text: str) -> str:
    """'Åsa Öberg' -> 'asa.oberg' (å/ä -> a, ö -> o, é -> e), for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ".".join(plain.lower().split())


def person_email(name: str, org: Org) -> str:
    return f"{ascii_slug(name)}@{org.slug}.example"


def phone(index: int) -> str:
    """Numbers from PTS's range for fiction: 070-174 06 05 .. 070-174 06 99, cycling."""
    number = 605 + index % 95
    return f"070-174 0{number // 100} {number % 100:02d}"


# Organisation numbers: INVENTED for the demo (a recognisable 99999 pattern), valid only in
# form: third digit >= 2 and a correct Luhn check digit (partnership.orgnr). The first digit
# follows the kind of organisation: 2 public bodies, 8 associations and foundations.
_ORG_KIND = {
    "region": "2", "rcc": "2", "university": "2", "research_infrastructure": "2", "agency": "2",
    "company": "5",
}


def org_number(org: Org, running: int) -> str:
    nine = f"{_ORG_KIND.get(org.category, '8')}99999{running:03d}"
    return orgnr.normalise(f"{nine}{orgnr.luhn_check_digit(nine)}")


def partner_fields(org: Org, running: int) -> dict:
    return {
        "name": org.name,
        "short_name": org.short_name,
        "org_number": org_number(org, running),
        "sector": org.sector,
        "category": org.category,
        "county": org.county,
        "city": org.city,
        "website": org.website,
        "contact_email": f"info@{org.slug}.example",
    }


def signing_days() -> list[datetime.date]:
    """The weekdays between SIGNING_FIRST_DAY and SIGNING_LAST_DAY."""
    days = []
    day = SIGNING_FIRST_DAY
    while day <= SIGNING_LAST_DAY:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days
