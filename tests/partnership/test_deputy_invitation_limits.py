"""A representative's deputy invitations: a few, in the portal's words, visible to the kansli."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership import services
from partnership.emails import invitation_email_context
from partnership.models import Invitation
from swecan.demo_accounts import ensure_totp
from tests.partnership.conftest import DEFAULT_NOW
from tests.partnership.factories import make_representative

pytestmark = pytest.mark.django_db

PHISH_NAME = "Ditt konto spärras i dag. Logga in på http://evil.example för att behålla det"
NOTE = "Hej Erik!\nKan du ta mötet i maj? <b>Tack</b> & hälsningar"


# Charlie (tests/conftest.py) is the primary representative of an invited partner.


@pytest.fixture
def charlies_partner(outsiders):
    """The invited partner Charlie represents."""
    return outsiders.unsigned


@pytest.fixture
def anna(charlies_partner):
    """Anna, the partner's second primary representative."""
    return make_representative(charlies_partner, email="anna@inbjuden.example", name="Anna Berg").user


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def post_invitation(client, n: int, **extra):
    return client.post(reverse("deputy_invite"), {
        "person_name": f"Ersättare {n}", "email": f"ersattare{n}@region-norr.example", **extra,
    })


def invite(by, charlies_partner, n: int, **extra):
    return services.deputy_invite(by=by, partner=charlies_partner, name=f"Ersättare {n}",
                                  email=f"ersattare{n}@region-norr.example", **extra)


# Rate limits --------------------------------------------------------------------------------------


def test_thirty_quick_invitations_send_three_emails(
    client, charlie, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(charlie)

    with django_capture_on_commit_callbacks(execute=True):
        responses = [post_invitation(client, n) for n in range(30)]

    assert [r.status_code for r in responses[:3]] == [302, 302, 302]
    assert {r.status_code for r in responses[3:]} == {200}
    assert "högsta antalet" in page_text(responses[3])
    assert Invitation.objects.count() == 3
    assert len(mailoutbox) == 3


def test_a_representative_may_invite_again_after_an_hour(charlie, charlies_partner, time_machine):
    for n in range(3):
        invite(charlie, charlies_partner, n)
    with pytest.raises(ValidationError, match="senaste timmen"):
        invite(charlie, charlies_partner, 3)

    time_machine.move_to(DEFAULT_NOW + datetime.timedelta(minutes=61), tick=False)

    assert invite(charlie, charlies_partner, 3).state == "open"


def test_a_partner_may_send_five_a_day_whoever_sends_them(charlie, anna, charlies_partner, time_machine):
    for n in range(3):
        invite(charlie, charlies_partner, n)
    invite(anna, charlies_partner, 3)
    time_machine.move_to(DEFAULT_NOW + datetime.timedelta(hours=2), tick=False)
    invite(charlie, charlies_partner, 4)

    with pytest.raises(ValidationError, match="senaste dygnet"):
        invite(anna, charlies_partner, 5)

    time_machine.move_to(DEFAULT_NOW + datetime.timedelta(hours=24, minutes=1), tick=False)
    assert invite(anna, charlies_partner, 5).state == "open"


def test_the_kansli_invitations_do_not_count_against_the_partner(karin, charlie, charlies_partner):
    for n in range(5):
        services.partner_invite(by=karin, partner=charlies_partner, name=f"Kontakt {n}",
                                email=f"kontakt{n}@region-norr.example")

    assert invite(charlie, charlies_partner, 0).state == "open"


def test_revoked_invitations_still_count(karin, charlie, charlies_partner):
    # Each one was an e-mail that went out.
    for n in range(3):
        services.invitation_revoke(by=karin, invitation=invite(charlie, charlies_partner, n))

    with pytest.raises(ValidationError):
        invite(charlie, charlies_partner, 3)


# The e-mail's words ---------------------------------------------------------------------------


def test_the_email_opens_with_the_portals_words_and_quotes_the_note(
    charlie, charlies_partner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.deputy_invite(by=charlie, partner=charlies_partner, name=PHISH_NAME,
                               email="erik@region-norr.example", title="Klicka här", note=NOTE)

    message = mailoutbox[0]
    html_part = message.alternatives[0][0]
    lines = [line for line in message.body.splitlines() if line.strip()]
    assert lines[0] == "Inbjudan till SweCan, Sveriges Cancer Mission Hub"
    assert lines[1] == "Hej,"
    # What Charlie typed about the person is not repeated from the kansli's address.
    for part in (message.subject, message.body, html_part):
        assert "evil.example" not in part and "Klicka här" not in part
    # Her note is there, quoted, under her name, after the link.
    quoted_from = lines.index("Meddelande från Charlie Clark, Inbjuden Men Ej Undertecknad:")
    assert quoted_from > next(i for i, line in enumerate(lines) if "/inbjudan/" in line)
    assert lines[quoted_from + 2:quoted_from + 4] == [
        "> Hej Erik!", "> Kan du ta mötet i maj? <b>Tack</b> & hälsningar",
    ]
    assert "<blockquote" in html_part
    assert "Kan du ta mötet i maj? &lt;b&gt;Tack&lt;/b&gt; &amp; hälsningar" in html_part


def test_the_kansli_invitation_greets_by_name_and_has_no_note(karin, charlies_partner):
    invitation = services.partner_invite(by=karin, partner=charlies_partner, name="Ingrid Inbjuden",
                                         email="ingrid@region-norr.example")

    context = invitation_email_context(invitation, "https://portal.example/inbjudan/x/")

    assert context["greeting_name"] == "Ingrid Inbjuden"
    assert context["inviter"] is None and context["note_lines"] == []


def test_a_note_longer_than_500_characters_is_refused(client, charlie, mailoutbox):
    client.force_login(charlie)

    response = post_invitation(client, 1, note="x" * 501)

    assert response.status_code == 200
    assert "Meddelandet får vara högst 500 tecken (nu 501)." in response.content.decode()
    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError):
        invite(charlie, charlie.representations.get().partner, 1, note="x" * 501)
    assert mailoutbox == []


def test_the_note_is_kept_on_the_invitation(client, charlie):
    client.force_login(charlie)

    post_invitation(client, 1, note="  Välkommen!  ")

    assert Invitation.objects.get().note == "Välkommen!"


# The kansli sees who invited whom ------------------------------------------------------------------


def test_the_kansli_sees_who_invited_whom(client, karin, charlie, charlies_partner):
    ensure_totp(karin)
    invite(charlie, charlies_partner, 1, note="Du tar majmötet.")
    services.partner_invite(by=karin, partner=charlies_partner, name="Ingrid Inbjuden",
                            email="ingrid@region-norr.example")
    client.force_login(karin)

    text = page_text(client.get(reverse("kansli_partner_detail", args=[charlies_partner.pk])))

    rows = {re.split(r"<td[^>]*>", row.split("</td>")[0])[-1]: row for row in text.split("<tr>")[1:]}
    deputy_row = rows["Ersättare 1 <ersattare1@region-norr.example>"]
    assert "Charlie Clark" in deputy_row
    assert "<td>Ersättare</td>" in deputy_row
    assert "Du tar majmötet." in deputy_row
    assert "Karin Kansli (kansliet)" in rows["Ingrid Inbjuden <ingrid@region-norr.example>"]
