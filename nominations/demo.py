"""Demo data of the AU, its working groups and the nomination round, through the services.

The partnership appoints a full AU (15 seats, three per sector) at its June 2026 meeting (the
seats go on that agenda before its kallelse: swecan/demo.py hands `propose_seats` to the decisions
demo); the AU elects its chair by a vote and its vice chair by consensus at its August meeting.
"""

import datetime
from zoneinfo import ZoneInfo

from decisions import minutes as minutes_service
from decisions import voting
from meetings import services as meeting_services
from meetings.models import Meeting
from nominations import seats
from nominations.models import Officer, Seat
from partnership.models import Partner, Representative, Sector
from swecan.demo_accounts import ensure_totp

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SEATS_FROM = datetime.date(2026, 7, 1)
AU_MEETING_TITLE = "Arbetsutskottets konstituerande möte"
AU_MEETING_DAY = datetime.date(2026, 8, 26)
# Partners whose representatives one logs in as (partnership/demo_data.py) hold seats, so the
# demo shows the AU from the inside: Region Örebro län's representative chairs it.
PREFERRED = ("Region Örebro län", "Karolinska institutet", "Cancerfonden")
CHAIR_PARTNER = "Region Örebro län"
VICE_CHAIR_PARTNER = "Cancerfonden"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def _travel(moment: datetime.datetime):
    import time_machine

    return time_machine.travel(moment, tick=False)


def _seat_holders() -> list[Representative]:
    """Three partners per sector, the preferred ones first, each with its primary representative."""
    chosen = []
    for code, _label in Sector.choices:
        partners = sorted(Partner.objects.filter(sector=code, status=Partner.Status.ACTIVE),
                          key=lambda p: (p.name not in PREFERRED, p.name))
        picked = 0
        for partner in partners:
            rep = (Representative.objects.filter(partner=partner, active=True, user__isnull=False)
                   .order_by("-role", "name").first())  # the primary ("primary" > "deputy")
            if rep is not None:
                chosen.append(rep)
                picked += 1
            if picked == 3:
                break
    return chosen


def propose_seats(kansli, meeting: Meeting) -> None:
    """On the June meeting's agenda: the fifteen seats from 1 July 2026 (two years)."""
    if Seat.objects.exists():
        return
    for rep in _seat_holders():
        seats.seat_propose(by=kansli, meeting=meeting, partner=rep.partner, representative=rep, starts_on=SEATS_FROM)


def seed_committee(kansli) -> bool:
    """The AU's first meeting in August 2026: it elects its chair by a vote and its vice chair by
    consensus, and its minutes are finished. False if already done or if no seats were appointed."""
    if Officer.objects.exists() or not Seat.objects.appointed().exists():
        return False
    held = {seat.partner.name: seat for seat in Seat.objects.appointed().select_related("partner", "representative")}
    for seat in held.values():
        ensure_totp(seat.representative.user)  # AU members use two-factor authentication (demo code works)
    with _travel(_at(AU_MEETING_DAY - datetime.timedelta(days=20), 9)):
        meeting = meeting_services.meeting_plan(by=kansli, fields={
            "title": AU_MEETING_TITLE, "body": Meeting.Body.COMMITTEE, "kind": Meeting.Kind.ORDINARY,
            "form": Meeting.Form.DIGITAL, "starts_at": _at(AU_MEETING_DAY, 13), "ends_at": _at(AU_MEETING_DAY, 15),
            "place": "", "online_link": "https://moten.swecan.example/au", "planned_notice_date": None,
            "chair": None})
        chair = seats.election_propose(by=kansli, meeting=meeting, seat=held[CHAIR_PARTNER], role="chair",
                                       starts_on=AU_MEETING_DAY)
        vice = seats.election_propose(by=kansli, meeting=meeting, seat=held[VICE_CHAIR_PARTNER], role="vice_chair",
                                      starts_on=AU_MEETING_DAY)
        from django.test import override_settings

        from meetings.demo import _send_notice

        # Kallelser in the demo go nowhere; their deliveries are still recorded as sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            _send_notice(kansli, meeting)
    starts = meeting.starts_at
    with _travel(starts - datetime.timedelta(minutes=10)):
        meeting_services.meeting_set_state(by=kansli, meeting=meeting, state=Meeting.State.OPEN)
    present = [seat for index, seat in enumerate(held.values()) if index % 5 != 3]  # three sent apologies
    with _travel(starts + datetime.timedelta(minutes=2)):
        for seat in present:
            meeting_services.attendance_register(by=kansli, meeting=meeting, partner=seat.partner, arrived_at=starts,
                                                 representatives=[seat.representative])
    with _travel(starts + datetime.timedelta(minutes=15)):
        vote = voting.vote_open(by=kansli, item=chair.elected_on_item, question=chair.elected_on_item.description)
    with _travel(starts + datetime.timedelta(minutes=17)):
        for index, seat in enumerate(present):
            choice = "abstain" if seat.partner.name == CHAIR_PARTNER else ("no" if index % 6 == 1 else "yes")
            voting.ballot_cast(by=seat.representative.user, vote=vote, partner=seat.partner, choice=choice)
    with _travel(starts + datetime.timedelta(minutes=20)):
        decision = voting.vote_close(by=kansli, vote=vote)
        voting.vote_publish(by=kansli, vote=vote)
    with _travel(starts + datetime.timedelta(minutes=30)):
        voting.decision_by_consensus(by=kansli, item=vice.elected_on_item, wording=vice.elected_on_item.description)
    with _travel(starts + datetime.timedelta(hours=2)):
        meeting_services.meeting_set_state(by=kansli, meeting=meeting, state=Meeting.State.HELD)
        meeting_services.meeting_set_state(by=kansli, meeting=meeting, state=Meeting.State.CLOSED)
    meeting.refresh_from_db()
    with _travel(_at(AU_MEETING_DAY + datetime.timedelta(days=1), 9)):
        record = minutes_service.minutes_start(by=kansli, meeting=meeting)
        minutes_service.minutes_edit(by=kansli, minutes=record, fields={
            "keeper": kansli.get_full_name(), "adjuster": held[VICE_CHAIR_PARTNER].representative.name,
            "introduction": "Kansliet öppnade arbetsutskottets första möte och ledde valet av ordförande.",
            "closing": "Den nyvalda ordföranden tackade för förtroendet och avslutade mötet.", "item_notes": {}})
    with _travel(_at(AU_MEETING_DAY + datetime.timedelta(days=5), 15)):
        minutes_service.minutes_finish(by=kansli, minutes=record)
    return decision.outcome == decision.Outcome.ADOPTED


def committee_logins() -> list[tuple[str, str]]:
    """(label, e-mail) of the AU's chair and vice chair, for the demo's list of logins."""
    chair, vice = seats.chairs_on(datetime.date.today())
    return [(label, rep.user.email) for label, rep in
            (("Ordförande i arbetsutskottet", chair), ("Vice ordförande i arbetsutskottet", vice)) if rep and rep.user]


# Working groups ------------------------------------------------------------------------------

GROUP_NAME = "Arbetsgrupp för kompetensförsörjning inom cancervården"
PANEL_NAME = "Expertpanel för precisionsmedicin"
GROUP_DOCUMENT_TITLE = "Nulägesbeskrivning: kompetensförsörjning inom cancervården"
GROUP_DOCUMENT_LINES = (
    "Arbetsgrupp för kompetensförsörjning inom cancervården",
    "Nulägesbeskrivning, oktober 2026 (utkast för beredning)",
    "",
    "1. Bristen på specialistsjuksköterskor i onkologi är störst i norra sjukvårdsregionen.",
    "2. Väntetiderna till strålbehandling påverkas av brist på medicinska fysiker.",
    "3. Cancerrehabilitering saknas i flera vårdutbildningars kursplaner.",
    "",
    "Arbetsgruppen föreslår att frågan om utbildningarnas innehåll bereds tillsammans",
    "med lärosätena inför partnerskapets första sammanträde 2027.",
)
# The prepared case the group's output goes with (decisions/demo.py's EDUCATION).
EDUCATION_CASE = "Cancerrehabilitering i vårdutbildningarna"


def _pdf(lines) -> bytes:
    """A one-page PDF of text lines (Helvetica, WinAnsi: Swedish letters are Latin-1)."""

    def escaped(text: str) -> bytes:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")

    text = b"BT /F1 11 Tf 56 780 Td 16 TL " + b" ".join(b"(" + escaped(line) + b") '" for line in lines) + b" ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        b"<</Length %d>>stream\n" % len(text) + text + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _seat_rep(partner_name: str) -> Representative:
    return Seat.objects.appointed().select_related("representative").get(partner__name=partner_name).representative


def _other_seat_reps(count: int, *, skip: tuple[str, ...]) -> list[Representative]:
    """Seat holders other than `skip`, one per sector in turn, for a group's members."""
    held = (Seat.objects.appointed().exclude(partner__name__in=skip).select_related("representative", "partner")
            .order_by("partner__name"))
    chosen, sectors = [], set()
    for seat in held:
        if seat.sector not in sectors:
            chosen.append(seat.representative)
            sectors.add(seat.sector)
        if len(chosen) == count:
            break
    return chosen


def seed_groups(kansli) -> bool:
    """Two groups initiated by the AU's chair, each with the kansli's agreement: a temporary working
    group, established, with members, a document attached to a prepared case and a meeting ahead;
    and a permanent expert panel, the partnership's chair consulted, proposed to the autumn meeting
    (awaiting its decision). False if they exist or if the AU has no chair."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from decisions import preparation
    from decisions.models import Case
    from meetings.demo import AUTUMN_TITLE
    from nominations import groups
    from nominations.models import WorkingGroup

    if WorkingGroup.objects.filter(name__in=(GROUP_NAME, PANEL_NAME)).exists() or not Officer.objects.exists():
        return False
    chair_rep = _seat_rep(CHAIR_PARTNER)
    chair = chair_rep.user
    members = _other_seat_reps(3, skip=(CHAIR_PARTNER,))

    # The expert panel: initiated at the start of the autumn term, permanent from 2027.
    with _travel(_at(datetime.date(2026, 9, 3), 10)):
        panel = groups.group_initiate(
            by=chair, name=PANEL_NAME, kind=WorkingGroup.Kind.EXPERT_PANEL, duration=WorkingGroup.Duration.PERMANENT,
            purpose="Ge partnerskapet och arbetsutskottet stöd i frågor om precisionsmedicin: molekylär "
                    "diagnostik, tillgång till målriktade läkemedel och jämlik introduktion i regionerna.",
            goal="Årliga kunskapsunderlag till partnerskapet och yttranden över ärenden om precisionsmedicin "
                 "på arbetsutskottets begäran.",
            starts_on=datetime.date(2027, 1, 1), ends_on=None)
    with _travel(_at(datetime.date(2026, 9, 7), 14)):
        groups.group_agree(by=kansli, group=panel, note="Kansliet tillstyrker; panelen kopplas till "
                                                        "kansliets analysfunktion.")
        groups.group_member_add(by=chair, group=panel, representative=members[0], is_leader=True)
        groups.group_member_add(by=chair, group=panel, representative=members[1])
        groups.group_member_add(by=chair, group=panel, name="Anders Wikström",
                                organisation="Genomic Medicine Sweden (nationell samordning)",
                                email="anders.wikstrom@gms.example")
    with _travel(_at(datetime.date(2026, 10, 14), 11)):
        groups.group_record_chair_consultation(
            by=kansli, group=panel, consulted_on=datetime.date(2026, 10, 13),
            note="Partnerskapets ordförande tillstyrker att panelen inrättas som permanent.")
    # After the autumn meeting's kallelse: the agenda marks the item as added after it.
    with _travel(_at(timezone.localdate() - datetime.timedelta(days=6), 10)):
        groups.group_propose_to_partnership(by=kansli, group=panel,
                                            meeting=Meeting.objects.get(title=AUTUMN_TITLE))

    # The temporary working group: established by the kansli's agreement.
    with _travel(_at(datetime.date(2026, 9, 10), 10)):
        group = groups.group_initiate(
            by=chair, name=GROUP_NAME, kind=WorkingGroup.Kind.WORKING_GROUP, duration=WorkingGroup.Duration.TEMPORARY,
            purpose="Kartlägga bristen på personal med cancerkompetens i vården och föreslå gemensamma åtgärder "
                    "för utbildning, vidareutbildning och rekrytering.",
            goal="En nulägesbeskrivning till arbetsutskottet under hösten 2026 och förslag till åtgärder till "
                 "partnerskapets sommarmöte 2027.",
            starts_on=datetime.date(2026, 9, 15), ends_on=datetime.date(2027, 6, 30))
    with _travel(_at(datetime.date(2026, 9, 14), 15)):
        groups.group_agree(by=kansli, group=group, note="Kansliet står för sekretariatet.")
    with _travel(_at(datetime.date(2026, 9, 15), 10)):
        groups.group_member_add(by=chair, group=group, representative=chair_rep, is_leader=True)
        for rep in _other_seat_reps(4, skip=(CHAIR_PARTNER,))[1:]:
            groups.group_member_add(by=chair, group=group, representative=rep)
        groups.group_member_add(by=chair, group=group, name="Maria Sundqvist",
                                organisation="Sjuksköterskor i cancervård (yrkesförening)",
                                email="maria.sundqvist@cancervardsskoterskor.example")
    with _travel(_at(datetime.date(2026, 10, 20), 9)):
        document = groups.group_document_upload(
            by=chair, group=group, title=GROUP_DOCUMENT_TITLE,
            file=SimpleUploadedFile("nulagesbeskrivning-kompetensforsorjning.pdf", _pdf(GROUP_DOCUMENT_LINES),
                                    content_type="application/pdf"))
    case = Case.objects.filter(title=EDUCATION_CASE).first()
    if case is not None and case.state in (Case.State.IN_PREPARATION, Case.State.PREPARED):
        with _travel(_at(timezone.localdate() - datetime.timedelta(days=1), 11)):
            if case.state == Case.State.IN_PREPARATION:  # the group prepares the case it reports on
                preparation.case_assign_group(by=kansli, case=case, group=group.preparation_group)
            groups.group_document_attach_to_case(by=kansli, document=document, case=case)
    now = timezone.now()
    with _travel(now - datetime.timedelta(days=1)):
        day = timezone.localdate() + datetime.timedelta(days=21)
        groups.group_meeting_plan(by=chair, group=group, fields={
            "title": "Arbetsgruppens möte om kompetensförsörjning", "form": Meeting.Form.DIGITAL,
            "starts_at": _at(day, 13), "ends_at": _at(day, 15), "place": "",
            "online_link": "https://moten.swecan.example/kompetens"})
    return True


# The nomination round for 2027 ----------------------------------------------------------------

ROUND_YEAR = 2027
ROUND_OPENED = datetime.date(2026, 9, 15)
ROUND_DEADLINE = datetime.date(2026, 11, 15)
FIRST_MEETING_2027 = "Partnerskapets första sammanträde 2027"
ROLL_PLACEHOLDER = "Fastställande av röstlängd för 2027"

_CALL_SELECTION = {
    "halso_sjukvard": "Vårdgivare och vårdorganisationer med ansvar för cancervård eller cancerrehabilitering, "
                      "offentliga eller privata, som bedriver verksamhet i Sverige.",
    "akademi": "Lärosäten, forskningsinstitut och forskningsinfrastrukturer med forskning eller utbildning "
               "inom cancerområdet.",
    "myndigheter": "Statliga myndigheter och kommunala organ vars uppdrag berör cancerprevention, cancervård "
                   "eller uppföljning av cancerstrategin.",
    "naringsliv": "Företag och branschorganisationer som utvecklar diagnostik, läkemedel, medicinteknik eller "
                  "digitala tjänster för cancervården.",
    "civilsamhalle": "Patient- och närståendeföreningar, professionsföreningar och ideella organisationer "
                     "med verksamhet för personer som berörs av cancer.",
}
_COMPETENCE = ("Organisationen har dokumenterad kompetens inom minst ett av den nationella cancerstrategins "
               "områden och kan bidra till partnerskapets beredning av ärenden.")
_EXPERIENCE = ("Minst två års verksamhet inom cancerområdet och erfarenhet av samverkan med andra "
               "aktörer, till exempel regionala cancercentrum eller patientorganisationer.")
_GEOGRAPHY = ("Kansliet strävar efter att partnerskapet speglar hela landet; nomineringar från "
              "sjukvårdsregioner som i dag har få partners inom sektorn väger tyngre vid lika meriter.")


def _calls() -> list[dict]:
    return [{"sector": code, "selection": _CALL_SELECTION[code], "competence": _COMPETENCE,
             "experience": _EXPERIENCE, "geographic_spread": _GEOGRAPHY, "deadline": ROUND_DEADLINE}
            for code, _label in Sector.choices]


def _fictitious_org_number(first_digit: str, running: int) -> str:
    """Numbers like partnership/demo_data.py's (X99999NNN), in a series of their own (X99998NNN)."""
    from partnership import orgnr

    nine = f"{first_digit}99998{running:03d}"
    return orgnr.normalise(f"{nine}{orgnr.luhn_check_digit(nine)}")


# (submitted on, sector, form data, review): reviews are (outcome, selection, competence,
# experience, geography, note).
_ACCEPT = "accepted"
_REJECT = "rejected"
NOMINATIONS = [
    (datetime.date(2026, 9, 22), "akademi", {
        "organisation": "Norrlands högskola för vårdvetenskap (fiktiv)", "org_number": ("2", 1),
        "category": "university", "county": "Västernorrlands län", "website": "https://www.nhv.example",
        "motivation": "Högskolan utbildar specialistsjuksköterskor i onkologi och palliativ vård för hela "
                      "norra sjukvårdsregionen och driver forskning om cancerrehabilitering på distans.",
        "contact_name": "Ulrika Norberg", "contact_title": "Prorektor", "contact_email": "ulrika.norberg@nhv.example",
        "contact_phone": "060-000 12 34", "self_nomination": True},
     (_ACCEPT, "Lärosäte med utbildning och forskning inom cancerområdet.",
      "Specialistutbildningar i onkologi och forskning om rehabilitering.",
      "Utbildar sedan 2014 och samverkar med RCC Norr.",
      "Stärker norra sjukvårdsregionen, där akademin i dag har få partners.", "")),
    (datetime.date(2026, 10, 2), "halso_sjukvard", {
        "organisation": "Mälardalens cancerrehabilitering (fiktiv)", "org_number": ("8", 2),
        "category": "professional_association", "county": "Västmanlands län",
        "website": "https://www.malardalenscancerrehab.example",
        "motivation": "Ett regionalt nätverk av rehabiliteringsenheter som följer över 2 000 patienter om året "
                      "efter avslutad cancerbehandling.",
        "contact_name": "Peter Lundin", "contact_title": "Verksamhetschef",
        "contact_email": "peter.lundin@malardalenscancerrehab.example", "self_nomination": False,
        "nominator_name": "Karin Åström", "nominator_organisation": "Region Västmanland",
        "nominator_email": "karin.astrom@regionvastmanland.example"},
     (_ACCEPT, "Vårdorganisation med ansvar för cancerrehabilitering.",
      "Multiprofessionella team inom rehabilitering efter cancer.",
      "Verksamhet sedan 2018 i samverkan med RCC Mellansverige.",
      "Bidrar med Mälardalen, som inom sektorn företräds av regionerna.", "")),
    (datetime.date(2026, 10, 9), "civilsamhalle", {
        "organisation": "Unga vuxna med cancer – riksförening (fiktiv)", "org_number": ("8", 3),
        "category": "patient_association", "county": "Skåne län", "website": "https://www.ungavuxnamedcancer.example",
        "motivation": "Föreningen samlar unga vuxna som fått cancer och deras närstående i hela landet och "
                      "saknas i dag i partnerskapet.",
        "contact_name": "Ida Fransson", "contact_title": "Ordförande",
        "contact_email": "ida.fransson@ungavuxnamedcancer.example", "self_nomination": True},
     (_ACCEPT, "Riksförening för patienter och närstående.",
      "Erfarenhetskunskap om unga vuxnas behov under och efter behandling.",
      "Verksamhet sedan 2016 med lokalavdelningar i sex regioner.",
      "Riksorganisation med medlemmar i hela landet.", "")),
    (datetime.date(2026, 10, 21), "naringsliv", {
        "organisation": "Nordisk molekylärdiagnostik AB (fiktiv)", "org_number": ("5", 4),
        "category": "company", "county": "Uppsala län", "website": "https://www.nordiskmolekylar.example",
        "motivation": "Företaget utvecklar sekvenseringsbaserad diagnostik för solida tumörer och samarbetar "
                      "med flera regioner om precisionsmedicin.",
        "contact_name": "Henrik Wall", "contact_title": "Vd", "contact_email": "henrik.wall@nordiskmolekylar.example",
        "self_nomination": True},
     (_ACCEPT, "Företag inom diagnostik för cancervården.",
      "Molekylär diagnostik och erfarenhet av kliniska valideringar.",
      "Samarbeten med tre regioner sedan 2021.",
      "Uppsala län saknar i dag partner inom näringslivet.", "")),
    (datetime.date(2026, 11, 3), "naringsliv", {
        "organisation": "Onkologikonsult Sverige AB (fiktiv)", "org_number": ("5", 5),
        "category": "company", "county": "Stockholms län", "website": "https://www.onkologikonsult.example",
        "motivation": "Vi erbjuder konsulttjänster till läkemedelsföretag och vill bidra till partnerskapets arbete.",
        "contact_name": "Johan Ek", "contact_title": "Delägare", "contact_email": "johan.ek@onkologikonsult.example",
        "self_nomination": True},
     (_REJECT, "Konsultföretag utan egen verksamhet i cancervården.",
      "Ingen dokumenterad kompetens inom strategins områden utöver försäljningsstöd.",
      "Bolaget bildades 2025; kravet på två års verksamhet är inte uppfyllt.",
      "Stockholms län är redan väl företrätt inom sektorn.",
      "Uppfyller inte kriterierna för erfarenhet och kompetens; organisationen kan nomineras på nytt.")),
    (datetime.date(2026, 11, 10), "myndigheter", {
        "organisation": "Myndigheten för hälsodata (fiktiv)", "org_number": ("2", 6),
        "category": "agency", "county": "Stockholms län", "website": "https://www.halsodata.example",
        "motivation": "Myndigheten ansvarar för nationella hälsodataregister som används för uppföljningen "
                      "av cancerstrategin.",
        "contact_name": "Sofia Rehn", "contact_title": "Avdelningschef", "contact_email": "sofia.rehn@halsodata.example",
        "self_nomination": False, "nominator_name": "Lars Vikander", "nominator_organisation": "RCC Norr",
        "nominator_email": "lars.vikander@rccnorr.example"},
     (_ACCEPT, "Statlig myndighet vars uppdrag berör uppföljning av cancervården.",
      "Registerkompetens och statistik för uppföljning.",
      "Ansvarar för register sedan 2019.",
      "Nationellt uppdrag.", "")),
    (datetime.date(2026, 11, 14), "civilsamhalle", {
        "organisation": "Cancerstödet i Hjo (fiktiv)", "org_number": ("8", 7),
        "category": "patient_association", "county": "Västra Götalands län", "website": "",
        "motivation": "En lokal stödgrupp som ordnar samtalsträffar för cancersjuka och närstående i kommunen.",
        "contact_name": "Birgitta Holmqvist", "contact_title": "Sammankallande",
        "contact_email": "birgitta.holmqvist@cancerstodethjo.example", "self_nomination": False,
        "nominator_name": "Gunnar Lind", "nominator_organisation": "",
        "nominator_email": "gunnar.lind@post.example"},
     (_REJECT, "Ideell verksamhet för personer som berörs av cancer.",
      "Värdefull lokal erfarenhet men ingen kompetens för nationell beredning.",
      "Verksamhet sedan 2020, lokalt.",
      "Lokal verksamhet i en kommun; en regional eller nationell organisation behövs för spridningen.",
      "Kansliet tipsar gruppen om att samverka med en rikstäckande patientförening som är partner.")),
]


def seed_round(kansli) -> bool:
    """The round for the roll of 2027: opened on 15 September 2026 with calls for all five sectors
    (deadline 15 November), nominations through the public form's service, the kansli's reviews and
    the list compiled on the first 2027 meeting, where it awaits the partnership's decision. False
    if the round exists or that meeting is not planned."""
    from django.utils import timezone

    from meetings import services as meeting_services
    from nominations import rounds
    from nominations.models import Nomination, NominationRound

    if NominationRound.objects.filter(year=ROUND_YEAR).exists():
        return False
    first = Meeting.objects.filter(title=FIRST_MEETING_2027).first()
    if first is None:
        return False
    with _travel(_at(ROUND_OPENED, 9)):
        round_ = rounds.round_open(
            by=kansli, year=ROUND_YEAR, calls=_calls(),
            introduction="Från verksamhetsår 2 blir nya partners en del av SweCan genom nominering (§ 5). "
                         "Organisationer kan nominera sig själva eller andra inom en sektor. Partnerskapet "
                         "beslutar om förteckningen vid sitt första sammanträde 2027.")
    calls = {call.sector: call for call in round_.calls.all()}
    reviews = []
    # Each tells the kansli through the outbox ("nomination_received", not mailed in the demo).
    for day, sector, data, review in NOMINATIONS:
        first_digit, running = data["org_number"]
        with _travel(_at(day, 14)):
            nomination = rounds.nomination_submit(calls[sector], {
                **data, "org_number": _fictitious_org_number(first_digit, running)})
        reviews.append((nomination, review))
    for index, (nomination, (outcome, selection, competence, experience, geography, note)) in enumerate(reviews):
        with _travel(_at(ROUND_DEADLINE + datetime.timedelta(days=2 + index // 3), 10 + index % 3)):
            rounds.nomination_review(by=kansli, nomination=nomination, review=Nomination.Review(outcome),
                                     assessment_selection=selection, assessment_competence=competence,
                                     assessment_experience=experience, assessment_geography=geography, note=note)
    with _travel(_at(timezone.localdate() - datetime.timedelta(days=1), 14)):
        # The meeting plan's placeholder item gives way to the compiled list (the same decision).
        placeholder = first.agenda_items.filter(title=ROLL_PLACEHOLDER).first()
        if placeholder is not None and meeting_services.agenda_item_removal_refusal(placeholder) is None:
            meeting_services.agenda_item_remove(by=kansli, item=placeholder)
        round_ = rounds.round_compile(by=kansli, round=round_, meeting=first)
        # Where the placeholder stood: right after the opening, before the cases.
        if round_.list_item.position > 2:
            meeting_services.agenda_item_move(by=kansli, item=round_.list_item, direction=-1)
    return True
