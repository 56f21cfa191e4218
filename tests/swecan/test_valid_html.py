"""Every main page of the three personas is well-formed HTML: no stray or unclosed tags, and
htmx attributes written as data-hx-* (HTML has no hx-* attributes)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.meetings.factories import add_document, add_item, noticed

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# End tags HTML lets an author leave out (the parser closes them); never reported as unclosed.
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
                "caption", "colgroup", "rt", "rp", "html", "head", "body"}
# A start tag of one of these closes an open <p> (HTML's "close a p element").
CLOSES_P = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption",
            "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "menu",
            "nav", "ol", "p", "pre", "section", "table", "ul"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def where(self) -> str:
        return f"line {self.getpos()[0]}"

    def handle_starttag(self, tag, attrs):
        for name, _ in attrs:
            if name.startswith("hx-"):
                self.problems.append(f"{self.where()}: <{tag} {name}>: write data-{name}")
        if tag in CLOSES_P and "p" in self.stack and self.stack[-1] == "p":
            self.stack.pop()
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag not in self.stack:
            self.problems.append(f"{self.where()}: stray </{tag}> (no open <{tag}>)")
            return
        while (top := self.stack.pop()) != tag:
            if top not in OPTIONAL_END:
                self.problems.append(f"{self.where()}: <{top}> is not closed before </{tag}>")

    def close(self):
        super().close()
        self.problems += [f"<{t}> never closed" for t in self.stack if t not in OPTIONAL_END]


def problems(html: str) -> list[str]:
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


def test_the_checker_finds_what_the_w3c_checker_found():
    assert problems('<div><p class="help"><ul><li>x</li></ul></p></div>') == [
        "line 1: stray </p> (no open <p>)"]
    assert problems('<section hx-get="/x"></section>') == ['line 1: <section hx-get>: write data-hx-get']
    assert problems("<main><div></main>") == ["line 1: <div> is not closed before </main>"]
    assert problems("<p>a<p>b</p><ul><li>c</ul>") == []


def assert_valid(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert problems(response.content.decode()) == [], path


def test_the_public_pages_are_valid(client, roll):
    for path in ["/", reverse("public_partner_list"), reverse("public_partner_detail", args=[roll[0].partner.pk]),
                 reverse("public_meetings"), reverse("account_login"), reverse("account_reset_password")]:
        assert_valid(client, path)


def test_the_case_register_pages_are_valid(client, roll, alice, arbetsordning_v1):
    from decisions.models import Case
    from tests.decisions.factories import received

    text = arbetsordning_v1.text.replace("inom 14 dagar", "inom 10 dagar")
    cases = [received(by=alice, partner=roll[0].partner),
             received(by=alice, partner=roll[0].partner, kind=Case.Kind.RULE_CHANGE, proposed_text=text,
                      proposed_parameters={"minutes_days": 10})]
    for path in [reverse("public_cases"), reverse("public_cases") + "?ar=x&status=received"] + [
            reverse("public_case", args=[case.year, case.number]) for case in cases]:
        assert_valid(client, path)


def test_a_representatives_pages_are_valid(client, karin, alice):
    meeting = noticed(by=karin, days_ahead=40)
    client.force_login(alice)
    for path in [reverse("dashboard"), reverse("my_partner"), reverse("deputy_invite"), reverse("my_meetings"),
                 reverse("meeting_detail", args=[meeting.pk]), reverse("account_change_password"),
                 reverse("mfa_index")]:
        assert_valid(client, path)


def test_the_kansli_pages_are_valid(client, karin, roll):
    meeting = noticed(by=karin, days_ahead=40)
    add_item(meeting, by=karin, title="Godkännande av föregående protokoll", kind="minutes_approval")
    add_document(meeting, by=karin)
    client.force_login(karin)
    for path in [reverse("dashboard"), reverse("kansli_partner_list"),
                 reverse("kansli_partner_detail", args=[roll[0].partner.pk]), reverse("kansli_meetings"),
                 reverse("kansli_meeting", args=[meeting.pk]), reverse("kansli_voting_roll"),
                 reverse("account_change_password"), reverse("mfa_index")]:
        assert_valid(client, path)
