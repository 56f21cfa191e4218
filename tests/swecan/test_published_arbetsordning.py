"""/arbetsordning/ publishes the adopted text word for word, as a document, with the
portal's readings beside it as marked application notes (R12; rules.md "Interpretations
are labelled")."""

import difflib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from swecan.models import RulesOfProcedure

pytestmark = pytest.mark.django_db

# Bilaga 1 exactly as extracted from the seed report (lines 946-1314), PDF line breaks
# and page footers included.
SEED = Path(__file__).parent / "seeds" / "bilaga1_seed.txt"


def seed_words() -> list[str]:
    """The seed's words in reading order: list marks dropped, and the two footnotes (printed
    at the foot of a page in the middle of § 2.1) moved to the end, where the page shows them,
    without their numbers (the list numbers them; asserted apart)."""
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("5 Uppdrag till"))
    footnotes = lines[start:start + 4]
    body = lines[:start] + lines[start + 4:]
    footnotes[0] = footnotes[0].removeprefix("5 ")
    footnotes[2] = footnotes[2].removeprefix("6 ")
    words = []
    for line in body + footnotes:
        words += re.sub(r"^(•|o)\s+", "", line).split()
    return words


class _AdoptedText(HTMLParser):
    """The words of the <article>, leaving out what the portal adds: application notes
    and the footnotes' way back."""

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self.inside = False
        self.skip_depth = 0
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.inside = True
        if not self.inside or tag in ("hr", "br"):
            return
        self.depth += 1
        classes = (attrs.get("class") or "").split()
        if self.skip_depth == 0 and ("application-note" in classes or "footnote-backref" in classes):
            self.skip_depth = self.depth

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside = False
            return
        if not self.inside or tag in ("hr", "br"):
            return
        if self.skip_depth == self.depth:
            self.skip_depth = 0
        self.depth -= 1

    def handle_data(self, data):
        if self.inside and not self.skip_depth:
            self.words.append(data)

    def text_words(self) -> list[str]:
        return "".join(self.words).split()


def adopted_words(body: str) -> list[str]:
    parser = _AdoptedText()
    parser.feed(body)
    return parser.text_words()


def test_version_1_is_the_seeds_bilaga_1_word_for_word(client):
    body = client.get(reverse("rules_of_procedure_version", args=[1])).content.decode()
    rendered, seed = adopted_words(body), seed_words()
    assert rendered == seed, "\n".join(difflib.unified_diff(seed, rendered, "seed", "sidan", lineterm=""))


def test_the_text_names_what_the_summary_used_to_rewrite_or_leave_out(client):
    body = client.get(reverse("rules_of_procedure")).content.decode()
    assert "Innovation och forskning: 15" in body
    assert "kvalificerad majoritet (2/3)" in body
    assert "Arbetsordningen ska ses över årligen av arbetsutskottet." in body
    assert '<h4 id="punkt-8-3">8.3 Revision och uppföljning</h4>' in body
    assert "15 inom akademi och forskning" not in body
    assert "två tredjedelar av de avgivna rösterna stöder" not in body


def test_it_is_a_document_with_headings_and_a_table_of_contents(client):
    body = client.get(reverse("rules_of_procedure")).content.decode()
    assert "###" not in body
    assert '<h3 id="punkt-3">3. SweCans sammanträden</h3>' in body
    assert '<h4 id="punkt-3-3">3.3 Beslutsförhet</h4>' in body
    toc = body[body.index('<nav class="toc"'):body.index("</nav>", body.index('<nav class="toc"'))]
    for anchor in ("punkt-1", "punkt-2-1", "punkt-3-3", "punkt-8-3", "punkt-9"):
        assert f'href="#{anchor}"' in toc
    # The footnote marks keep the report's numbers: "regeringsbeslut5", "Partnerskap6".
    assert 'regeringsbeslut<sup id="fnref:5"><a class="footnote-ref" href="#fn:5">5</a></sup>' in body
    assert '<ol start="5">' in body
    assert ">2.1 Partnerskap</a>" in toc


def _section(body: str, anchor: str) -> str:
    start = body.index(f'id="{anchor}"')
    following = re.search(r"<h[2-4] ", body[start:])
    return body[start:start + following.start()] if following else body[start:]


def test_the_portals_readings_stand_at_the_section_they_concern_marked_as_not_the_text(client):
    body = client.get(reverse("rules_of_procedure")).content.decode()
    quorum = _section(body, "punkt-3-3")
    assert 'class="application-note"' in quorum
    assert "Tillämpningsanvisning" in quorum
    assert "inte en del av den antagna texten" in quorum
    assert "med 65 partners på röstlängden krävs 33 närvarande" in quorum
    assert "räknas inte som närvaro" in quorum
    amendment = _section(body, "punkt-9")
    assert "räknas på avgivna röster" in amendment
    assert "Exakt 2/3 räcker" in amendment
    assert "per kalenderår" in _section(body, "punkt-3-1")
    assert "röstar inte i det, om inte ordföranden beslutar annat" in _section(body, "punkt-4-3")
    # Not beside sections the portal reads as written.
    assert "application-note" not in _section(body, "punkt-6-2")


def test_the_notes_take_their_numbers_from_the_version_shown(client):
    import datetime

    from swecan import rules

    v1 = RulesOfProcedure.objects.get(number=1)
    RulesOfProcedure.objects.create(
        number=2, effective_from=datetime.date(2099, 1, 1),
        parameters=rules.Parameters(qualified_majority=rules.Fraction(3, 4)).to_dict(),
        text=v1.text,
    )
    body = client.get(reverse("rules_of_procedure_version", args=[2])).content.decode()
    assert "Exakt 3/4 räcker" in _section(body, "punkt-9")


def test_a_data_migration_puts_the_adopted_text_into_a_database_made_before(django_user_model):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("swecan.migrations.0005_version_1_adopted_text")
    v1 = RulesOfProcedure.objects.get(number=1)
    adopted = v1.text
    v1.text = "# Arbetsordning för SweCan\n\nPortalens sammanfattning med egna ord."
    v1.save()

    migration.use_adopted_text(apps, None)
    v1.refresh_from_db()
    assert v1.text == adopted
    latest = v1.history.first()
    assert latest.history_change_reason == migration.REASON
    assert latest.text == adopted

    count = v1.history.count()
    migration.use_adopted_text(apps, None)  # already the adopted text: nothing recorded
    assert v1.history.count() == count


def test_markdown_in_a_version_cannot_link_or_inject(client):
    v1 = RulesOfProcedure.objects.get(number=1)
    v1.text = "# Rubrik\n\n<img src=x onerror=alert(1)>\n\n[klicka](javascript:alert(1))"
    v1.save()
    body = client.get(reverse("rules_of_procedure_version", args=[1])).content.decode()
    assert "<img src=x" not in body
    assert 'href="javascript:' not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
