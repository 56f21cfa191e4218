"""A signed declaration's PDF keeps a long unbroken title on the page (it ran off the edge)."""

import io

import pytest
from pypdf import PdfReader

from swecan.pdf import render_pdf
from tests.partnership.factories import signed_partner

pytestmark = pytest.mark.django_db

LONG = ("Cancerrehabiliteringsutvecklingssamordningsansvarig" * 4)[:200]


def runs(pdf: bytes) -> list[tuple[float, float, str]]:
    """Every piece of text on the pages, with where it starts (x, y) in points."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text))
        page.extract_text(visitor_text=visit)
    return found


def test_a_200_character_title_is_wrapped_inside_the_page():
    declaration = signed_partner(signer_title=LONG, signer_name="Alice Exempel").declaration

    pdf = render_pdf("pdf/declaration.html", {"declaration": declaration})

    pieces = [(x, y, text) for x, y, text in runs(pdf) if "Cancerrehab" in text or "samordnings" in text]
    assert pieces, "the title is not in the PDF"
    # A4 is 595 pt wide with 22 mm (62 pt) margins: at 11 pt no line holds more than about
    # 75 characters, so an unwrapped 200-character word would run off the page.
    assert max(len(text.strip()) for _, _, text in pieces) <= 75, pieces
    assert len({round(y) for _, y, _ in pieces}) >= 3, "the title is not broken over lines"
    assert all(62 <= x < 595 - 62 for x, _, _ in pieces), pieces
