"""From a nomination round to the AU's first working group, in real browsers (issue 11, § 2.2, § 5).

Karin at the kansli opens the nomination round for the voting roll of 2027 (operating year 2).
Two organisations nominate through the public form, each from its own browser: one nominates
itself (its first try, with a mistyped organisationsnummer, is refused next to the field and
keeps what was typed), the other is nominated by someone else. Karin reviews both against the
criteria (one meets them, one does not), proposes a representative for a seat in the
arbetsutskott, and once the deadline has passed compiles the list as a decision item of the
first partnership meeting of 2027. At that meeting she records the list by consensus in the
room: the nominated organisation is invited by e-mail, and its contact person follows the link,
makes an account and signs the declaration of intent. The partnership then appoints the AU's
members by consensus. Karin puts the election of the AU's chair on the AU's first meeting; the
members vote from their own browsers and elect Alice, who, logged in with her authenticator,
initiates a working group; Karin records the kansli's agreement, and the group is set up. The
public sees the AU, the outcome of the round and the group.

Set-up that is not part of the journey goes through the services as the kansli would: planning
the meetings, sending the kallelse, moving the clock to the meeting, opening it and checking the
partners in. Every main page is checked with axe (the room, the public AU and nomination pages
on a phone too) and kept as a screenshot; the public AU and nomination pages once in English.
"""

import datetime
import re
import zoneinfo

import pytest
from django.core import mail

from decisions.models import Decision, Vote
from meetings.models import Meeting
from nominations import seats
from nominations.models import Nomination, NominationRound, Officer, Seat, WorkingGroup
from partnership.models import Partner
from swecan.demo_accounts import ensure_totp
from tests.browser.helpers import eager_tasks_and_locmem_mail, label, log_in_kansli
from tests.conftest import assert_accessible
from tests.decisions.helpers_roll import under_way
from tests.meetings import factories as mf
from tests.partnership.factories import PASSWORD, next_org_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
D = datetime.date
TODAY = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=STOCKHOLM)  # operating year 1
DEADLINE = D(2026, 12, 15)
AFTER_DEADLINE = datetime.datetime(2026, 12, 16, 9, 0, tzinfo=STOCKHOLM)
FIRST_DAY = D(2027, 1, 20)  # the first partnership meeting of 2027 (operating year 2)
AU_DAY = D(2027, 1, 27)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

FIRST_MEETING = "Partnerskapets första sammanträde 2027"
AU_MEETING = "Arbetsutskottets första sammanträde"
CANDIDATE = "Onkologiteknik Exempel AB"  # nominates itself, in Näringsliv: accepted
CANDIDATE_CONTACT = ("Olle Onkolog", "olle@onkologiteknik.example")
OTHER = "Föreningen Cancerstöd Exempel"  # nominated by someone else, in Civilsamhälle: rejected
GROUP = "Arbetsgrupp för jämlik cancerrehabilitering"


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


@pytest.fixture(autouse=True)
def _operating_year_1(settings, time_machine):
    """Operating year 1 began on 1 January 2026; "today" is 25 November 2026. The clock ticks, so
    that codes from the authenticator app change as they would."""
    settings.SWECAN_YEAR1_START = D(2026, 1, 1)
    time_machine.move_to(TODAY, tick=True)


def click(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def status_says(page, text: str) -> bool:
    return page.get_by_role("status").get_by_text(text).first.is_visible()


def checked(page, name: str, *, phone: bool = False) -> None:
    """axe and a screenshot; with `phone`, once more at 390 px, where nothing may scroll sideways."""
    assert_accessible(page, name)
    if phone:
        page.set_viewport_size(PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{name} scrolls sideways"
        assert_accessible(page, f"{name}-390")
        page.set_viewport_size(DESKTOP)


def choose(select, prefix: str) -> None:
    """Select the option whose text starts with `prefix` (a meeting is listed with its date)."""
    texts = [text.strip() for text in select.locator("option").all_inner_texts()]
    [text] = [t for t in texts if t.startswith(prefix)]
    select.select_option(label=text)


def travel(clock, when: datetime.datetime) -> None:
    clock.move_to(when, tick=True)


def open_and_check_in(meeting, *, karin, clock, present) -> Meeting:
    """The kallelse sent (if not yet), the clock running from the start, the meeting opened, `present` in."""
    return under_way(meeting, karin=karin, clock=clock, present=present, tick=True)


def nominate(page, *, sector: str, fill) -> None:
    page.goto("/nominering/")
    click(page, page.get_by_role("link", name=f"Nominera inom {sector}"))
    assert page.get_by_role("heading", level=1, name=f"Nominera inom {sector}").is_visible()
    fill(page)


def fill_common(page, *, organisation, org_number, category, motivation, contact):
    page.get_by_label(label("Organisationens namn")).fill(organisation)
    page.get_by_label(label("Organisationsnummer")).fill(org_number)
    page.get_by_label(label("Kategori")).select_option(label=category)
    page.get_by_label(label("Län")).fill("Västra Götalands län")
    page.get_by_label(label("Motivering")).fill(motivation)
    page.get_by_label(label("Kontaktperson")).fill(contact[0])
    page.get_by_label(label("Kontaktpersonens e-post")).fill(contact[1])


def review(page, organisation: str, *, accept: bool) -> None:
    click(page, page.get_by_role("link", name=organisation, exact=True))
    assert page.get_by_role("heading", level=1, name=organisation).is_visible()
    choice = "Uppfyller kriterierna" if accept else "Uppfyller inte kriterierna"
    page.get_by_label(choice, exact=True).check()
    verdict = "Uppfyllt." if accept else "Inte uppfyllt."
    for criterion in ("urval", "kompetens", "erfarenhet", "geografisk spridning"):
        page.get_by_label(label(f"Bedömning: {criterion}")).fill(verdict)
    page.get_by_label(label("Motivering av bedömningen")).fill(
        "Stark koppling till cancervården." if accept else "Verksamheten ligger utanför uppdraget.")
    click(page, page.get_by_role("button", name="Spara bedömningen"))
    assert status_says(page, f"Bedömningen av {organisation} är sparad.")


def consensus(room, item) -> None:
    section = room.locator(f"#punkt-{item.pk}")
    click(room, section.get_by_role("button", name="Beslut med konsensus"))
    assert status_says(room, "Beslutet är registrerat med konsensus.")


def test_a_round_ends_in_new_partners_an_au_with_its_chair_and_a_working_group(
        open_window, karin, karin_totp_secret, roll, arbetsordning_v1, time_machine):
    alice, bob, third = roll[0], roll[1], roll[2]
    first = mf.plan(by=karin, day=FIRST_DAY, title=FIRST_MEETING)
    # Two members' seats are proposed as the kansli would; the third from the AU's page below.
    for signed in (bob, third):
        seats.seat_propose(by=karin, meeting=first, partner=signed.partner, representative=signed.representative,
                           starts_on=FIRST_DAY)

    # 1. Karin opens the round for the roll of 2027. ----------------------------------------------
    kansli = open_window()
    log_in_kansli(kansli, karin.email, PASSWORD, karin_totp_secret)
    kansli.goto("/mina-sidor/")
    click(kansli, kansli.get_by_role("link", name="Nominering till partnerskapet"))
    assert kansli.get_by_role("heading", level=1, name="Nomineringsomgångar").is_visible()
    assert kansli.get_by_label(label("Röstlängd för år")).input_value() == "2027"
    checked(kansli, "issue11-01-kansli-rounds")
    kansli.get_by_label(label("Inledning")).fill("Välkommen att nominera organisationer till SweCan 2027.")
    for fieldset in kansli.locator("form fieldset").all():
        sector = fieldset.locator("legend").inner_text()
        for textarea in fieldset.locator("textarea").all():
            textarea.fill(f"Kriterium för {sector}: bidrar till målen i den nationella cancerstrategin.")
        fieldset.locator("input[type=date]").fill(DEADLINE.isoformat())
    click(kansli, kansli.get_by_role("button", name="Öppna omgången och publicera inbjudan"))
    assert status_says(kansli, "Nomineringsomgången för 2027 är öppnad")
    round_ = NominationRound.objects.get(year=2027)
    assert round_.calls.count() == 5 and {c.deadline for c in round_.calls.all()} == {DEADLINE}

    # 2. Two organisations nominate through the public form, each from its own browser. ---------
    candidate_number = next_org_number()
    company = open_window()
    company.goto("/")  # from the start page, as a visitor finds it
    click(company, company.get_by_role("main").get_by_role("link", name="Nominering till partnerskapet"))
    assert company.get_by_role("heading", level=2, name="Nominering till partnerskapet 2027").is_visible()
    checked(company, "issue11-02-public-nominations-open")

    def first_try(page):
        fill_common(page, organisation=CANDIDATE, org_number=candidate_number[:-1] + str(
            (int(candidate_number[-1]) + 1) % 10), category="Företag",
            motivation="Vi utvecklar strålbehandlingsteknik tillsammans med regionerna.", contact=CANDIDATE_CONTACT)
        page.get_by_label(label("Kontaktpersonens titel")).fill("VD")
        page.get_by_label("Vi nominerar vår egen organisation").check()
        click(page, page.get_by_role("button", name="Skicka nomineringen"))

    nominate(company, sector="Näringsliv", fill=first_try)
    # The check digit is wrong: refused next to the field, and what was typed is kept.
    number = company.get_by_label(label("Organisationsnummer"))
    assert "Kontrollsiffran stämmer inte" in company.locator(".field").filter(has=number).inner_text()
    assert company.get_by_label(label("Organisationens namn")).input_value() == CANDIDATE
    assert "strålbehandlingsteknik" in company.get_by_label(label("Motivering")).input_value()
    checked(company, "issue11-03-nomination-form-error")
    number.fill(candidate_number)
    click(company, company.get_by_role("button", name="Skicka nomineringen"))
    assert company.get_by_role("heading", level=1, name="Tack för nomineringen").is_visible()
    assert f"Nomineringen av {CANDIDATE} inom Näringsliv" in company.get_by_role("main").inner_text()
    checked(company, "issue11-04-nomination-receipt")

    def nominated_by_someone_else(page):
        fill_common(page, organisation=OTHER, org_number=next_org_number(), category="Patientförening",
                    motivation="Föreningen stöder anhöriga i hela landet.",
                    contact=("Cecilia Cancerstöd", "cecilia@cancerstod.example"))
        page.get_by_label("Jag nominerar en annan organisation").check()
        page.get_by_label(label("Ditt namn")).fill("Nils Nominerare")
        page.get_by_label(label("Din organisation")).fill("Anhörigföreningen Exempel")
        page.get_by_label(label("Din e-post")).fill("nils@anhorig.example")
        click(page, page.get_by_role("button", name="Skicka nomineringen"))

    association = open_window()
    nominate(association, sector="Civilsamhälle", fill=nominated_by_someone_else)
    assert association.get_by_role("heading", level=1, name="Tack för nomineringen").is_visible()
    assert Nomination.objects.filter(call__round=round_).count() == 2

    # 3. Karin reviews both against the criteria. -----------------------------------------------
    kansli.goto("/kansli/nominering/2027/")
    assert kansli.get_by_role("heading", level=1).is_visible()
    checked(kansli, "issue11-05-kansli-round")
    review(kansli, CANDIDATE, accept=True)
    review(kansli, OTHER, accept=False)
    kansli.goto(f"/kansli/nominering/nominering/{Nomination.objects.get(organisation=OTHER).pk}/")
    assert "Nils Nominerare" in kansli.get_by_role("main").inner_text()  # the kansli sees who nominated
    checked(kansli, "issue11-06-kansli-nomination")

    # 4. Karin proposes Alice for a seat in the AU, on the first meeting of 2027. -----------------
    kansli.goto("/mina-sidor/")
    click(kansli, kansli.get_by_role("link", name="Arbetsutskottet: platser, val och mandat"))
    assert kansli.get_by_role("heading", level=1, name="Arbetsutskottet").is_visible()
    click(kansli, kansli.get_by_role("link", name="Föreslå en ledamot"))
    choose(kansli.get_by_label(label("Partnerskapets sammanträde")), f"{FIRST_MEETING}, ")
    kansli.get_by_label(label("Ledamot")).select_option(label=f"{alice.representative.name} – {alice.partner.name}")
    kansli.get_by_label(label("Mandatet börjar")).fill(FIRST_DAY.isoformat())
    checked(kansli, "issue11-07-seat-form")
    click(kansli, kansli.get_by_role("button", name="Föreslå ledamoten"))
    assert status_says(kansli, f"{alice.representative.name} ({alice.partner.name}) är föreslagen som ledamot")
    seat_item = Seat.objects.get(partner=alice.partner).proposed_on_item
    assert Seat.objects.filter(proposed_on_item=seat_item).count() == 3

    # 5. After the deadline Karin compiles the list on the first meeting of 2027. ------------------
    travel(time_machine, AFTER_DEADLINE)
    kansli = open_window()  # a new day: the session of 25 November has ended
    log_in_kansli(kansli, karin.email, PASSWORD, karin_totp_secret)
    kansli.goto("/kansli/nominering/2027/")
    click(kansli, kansli.get_by_role("button", name="Sammanställ förteckningen som beslutspunkt"))
    assert status_says(kansli, f"Förteckningen är sammanställd som beslutspunkt på {FIRST_MEETING}.")
    round_.refresh_from_db()
    list_item = round_.list_item
    assert list_item.meeting_id == first.pk and CANDIDATE in list_item.description and OTHER not in list_item.description
    checked(kansli, "issue11-08-kansli-round-compiled")

    # 6. The partnership decides at its first meeting of 2027: the list, by consensus. -------------
    first = open_and_check_in(first, karin=karin, clock=time_machine, present=roll)
    mail.outbox.clear()
    room = open_window()
    log_in_kansli(room, karin.email, PASSWORD, karin_totp_secret)
    room.goto(f"/kansli/moten/{first.pk}/sammantradet/")
    assert room.get_by_role("heading", level=1, name=f"Sammanträdet: {FIRST_MEETING}").is_visible()
    checked(room, "issue11-09-room-first-meeting", phone=True)
    consensus(room, list_item)
    round_.refresh_from_db()
    assert round_.decision is not None and round_.decision.outcome == Decision.Outcome.ADOPTED
    new_partner = Partner.objects.get(name=CANDIDATE)
    assert new_partner.status == Partner.Status.INVITED and new_partner.sector == "naringsliv"

    # 7. The new partner's contact person follows the invitation and signs the declaration. ------
    [invitation] = [m for m in mail.outbox if m.to == [CANDIDATE_CONTACT[1]]]
    path = re.search(r"(/inbjudan/[^/\s]+/)", invitation.body).group(1)
    newcomer = open_window()
    newcomer.goto(path)
    assert newcomer.get_by_role("heading", level=1, name=f"Välkommen som representant för {CANDIDATE}").is_visible()
    checked(newcomer, "issue11-10-invitation")
    newcomer.get_by_label(label("Välj lösenord")).fill("Strål-Kanel-Hamn-2027")
    newcomer.get_by_label(label("Upprepa lösenordet")).fill("Strål-Kanel-Hamn-2027")
    click(newcomer, newcomer.get_by_role("button", name="Skapa konto"))
    assert newcomer.get_by_role("heading", level=1, name="Underteckna avsiktsförklaringen").is_visible()
    checked(newcomer, "issue11-11-sign")
    newcomer.get_by_label(label("Ort")).fill("Göteborg")
    newcomer.get_by_label(label("Titel")).fill("VD")
    newcomer.get_by_label(re.compile("^Jag bekräftar att jag har behörighet")).check()
    click(newcomer, newcomer.get_by_role("button", name="Underteckna"))
    assert newcomer.get_by_role("heading", level=1, name=CANDIDATE).is_visible()
    assert status_says(newcomer, "Avsiktsförklaringen är undertecknad")
    new_partner.refresh_from_db()
    assert new_partner.status == Partner.Status.ACTIVE

    # 8. The partnership appoints the AU's members, by consensus. ----------------------------------
    room.reload()
    assert alice.partner.name in room.locator(f"#punkt-{seat_item.pk}").inner_text()
    consensus(room, seat_item)
    appointed = {s.partner_id: s for s in Seat.objects.filter(proposed_on_item=seat_item)}
    assert all(s.is_appointed for s in appointed.values()) and len(appointed) == 3

    # 9. The AU's first meeting: Karin puts the election of its chair on the agenda. -------------
    au = mf.plan(by=karin, day=AU_DAY, body=Meeting.Body.COMMITTEE, title=AU_MEETING)
    kansli = room  # Karin's session of this morning; December's has ended
    kansli.goto("/kansli/arbetsutskott/")
    checked(kansli, "issue11-12-kansli-committee")
    click(kansli, kansli.get_by_role("link", name="Förbered val av ordförande eller vice ordförande"))
    choose(kansli.get_by_label(label("Arbetsutskottets sammanträde")), f"{AU_MEETING}, ")
    kansli.get_by_label(label("Ledamot")).select_option(
        label=f"{alice.representative.name} – {alice.partner.name} (Hälso- och sjukvård)")
    kansli.get_by_label(label("Uppdrag")).select_option(label="Ordförande")
    kansli.get_by_label(label("Mandatet börjar")).fill(AU_DAY.isoformat())
    click(kansli, kansli.get_by_role("button", name="För upp valet på dagordningen"))
    assert status_says(kansli, f"Valet står på dagordningen för {AU_MEETING}")
    election = Officer.objects.get(seat=appointed[alice.partner.pk], role=Officer.Role.CHAIR)
    assert election.decision_id is None

    # 10. At the AU's meeting the members elect Alice by a vote, each from their own browser. ------
    members = (alice, bob, third)
    secrets = {m.user.pk: ensure_totp(m.user) for m in members}  # AU members use two factors (R8)
    au = open_and_check_in(au, karin=karin, clock=time_machine, present=members)
    room = open_window()
    log_in_kansli(room, karin.email, PASSWORD, karin_totp_secret)
    room.goto(f"/kansli/moten/{au.pk}/sammantradet/")
    assert room.get_by_role("heading", level=1, name=f"Sammanträdet: {AU_MEETING}").is_visible()
    click(room, room.locator(f"#punkt-{election.elected_on_item.pk}").get_by_role("button", name="Öppna omröstning"))
    assert status_says(room, "Omröstningen är öppen.")
    checked(room, "issue11-13-room-au-vote-open")
    vote = Vote.objects.get(agenda_item=election.elected_on_item)
    windows = {}
    for member, choice in zip(members, ("Ja", "Ja", "Nej"), strict=True):
        window = open_window()
        log_in_kansli(window, member.user.email, PASSWORD, secrets[member.user.pk])
        window.goto(f"/moten/{au.pk}/")
        click(window, window.get_by_role("link", name=re.compile(
            rf"Omröstning pågår: § {election.elected_on_item.position} ")))
        if member is alice:
            checked(window, "issue11-14-au-ballot", phone=True)
        click(window, window.get_by_role("button", name=choice, exact=True))
        assert status_says(window, f"Er röst är registrerad: {choice}.")
        windows[member.user.pk] = window
    room.reload()
    click(room, room.locator(f"#punkt-{election.elected_on_item.pk}").get_by_role("button",
                                                                                 name="Avsluta omröstningen"))
    assert status_says(room, "Omröstningen är avslutad: antaget.")
    assert "Ja 2, nej 1, avstår 0." in room.locator(f"#punkt-{election.elected_on_item.pk}").inner_text()
    election.refresh_from_db()
    assert election.is_elected
    assert Vote.objects.get(pk=vote.pk).state == Vote.State.CLOSED

    # 11. Alice, now the AU's chair, initiates a working group; Karin records the agreement. -----
    chair = windows[alice.user.pk]
    chair.goto("/mina-sidor/")
    au_section = chair.get_by_role("main").get_by_role("list").filter(
        has=chair.get_by_role("link", name="Ärenden att bereda"))
    click(chair, au_section.get_by_role("link", name="Arbetsgrupper och expertpaneler"))
    assert chair.get_by_role("heading", level=1, name="Arbetsgrupper och expertpaneler").is_visible()
    click(chair, chair.get_by_role("link", name="Initiera en arbetsgrupp eller expertpanel"))
    checked(chair, "issue11-15-group-new")
    chair.get_by_label(label("Namn")).fill(GROUP)
    chair.get_by_label(label("Syfte")).fill("Kartlägga skillnader i tillgång till rehabilitering efter cancer.")
    chair.get_by_label(label("Mål")).fill("En rapport med förslag till partnerskapet.")
    chair.get_by_label(label("Från")).fill("2027-02-01")
    chair.get_by_label(label("Till")).fill("2027-12-31")
    click(chair, chair.get_by_role("button", name="Initiera gruppen"))
    assert chair.get_by_role("heading", level=1, name=GROUP).is_visible()
    assert status_says(chair, f"{GROUP} är initierad.")
    group = WorkingGroup.objects.get(name=GROUP)
    assert group.initiated_by_id == alice.user.pk and not group.is_agreed

    room.goto(f"/arbetsutskott/arbetsgrupper/{group.pk}/")
    room.get_by_label(label("Kansliets anteckning")).fill("Kansliet stöder gruppen med en handläggare.")
    click(room, room.get_by_role("button", name="Registrera kansliets samråd"))
    assert "Kansliet registrerade sitt samråd" in room.get_by_role("main").inner_text()
    checked(room, "issue11-16-group-agreed")
    group.refresh_from_db()
    assert group.is_agreed and group.kansli_agreed_by_id == karin.pk

    # 12. The public sees the AU, the round's outcome and the group; once in English. -------------
    visitor = open_window()
    visitor.goto("/arbetsutskott/")
    assert visitor.get_by_role("heading", level=1, name="Arbetsutskottet").is_visible()
    public = visitor.get_by_role("main").inner_text()
    assert alice.partner.name in public and bob.partner.name in public and third.partner.name in public
    assert "Arbetsutskottets ordförande" in public and alice.representative.email in public  # R12
    rows = visitor.request.get("/arbetsutskott.json").json()
    assert len(rows) == 15
    assert {"sektor": "halso_sjukvard", "organisation": alice.partner.name, "roll": "ordforande",
            "mandat_fran": "2027-01-20", "mandat_till": "2029-01-19"} in rows
    checked(visitor, "issue11-17-public-committee", phone=True)
    visitor.goto("/nominering/")
    outcome = visitor.get_by_role("table", name="Organisationer som antogs efter nominering 2027")
    assert CANDIDATE in outcome.inner_text() and OTHER not in outcome.inner_text()
    assert "Nils Nominerare" not in visitor.get_by_role("main").inner_text()  # nominators are never public
    checked(visitor, "issue11-18-public-nominations-decided", phone=True)
    visitor.goto("/arbetsgrupper/")
    assert GROUP in visitor.get_by_role("main").inner_text()
    checked(visitor, "issue11-19-public-groups")

    english = open_window(locale="en-GB")
    for path, name in (("/arbetsutskott/", "issue11-20-public-committee-en"),
                       ("/nominering/", "issue11-21-public-nominations-en")):
        english.goto(path)
        assert english.locator("html").get_attribute("lang") == "en"
        checked(english, name)
