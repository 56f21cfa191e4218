"""E-mail subjects and text parts read as typed; only the HTML part is escaped."""

import pytest
from django.test import TestCase

from meetings import emails
from meetings.models import NoticeDelivery
from partnership import services as partnership_services
from tests.meetings import factories as f
from tests.partnership.factories import next_org_number

pytestmark = pytest.mark.django_db

TITLE = "Barn- & ungdomscancer: 'Vård'"
NAME = "Per & Kari O'Neil"


def _html(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


@pytest.mark.parametrize("kind", ["notice", "reminder", "change"])
def test_the_kallelse_says_the_title_and_name_as_typed(karin, roll, kind):
    meeting = f.plan(by=karin, days_ahead=40, title=TITLE)
    f.add_item(meeting, by=karin, title="Q&A om 'budget' <utkast>")
    delivery = NoticeDelivery(meeting=meeting, kind=kind, email="per@example.se", name=NAME)

    message = emails.build_notice(meeting, delivery, emails.notice_context(meeting))

    assert TITLE in message.subject
    assert "&amp;" not in message.subject and "&#x27;" not in message.subject
    assert TITLE.lower() in message.body.lower()  # the intro may lower-case it
    assert "Q&A om 'budget' <utkast>" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    if kind == "notice":
        assert f"Hej {NAME}," in message.body
        assert "Hej Per &amp; Kari O&#x27;Neil," in _html(message)
    assert "Q&amp;A om &#x27;budget&#x27; &lt;utkast&gt;" in _html(message)


def test_the_invitation_says_the_organisation_and_name_as_typed(karin, mailoutbox):
    with TestCase.captureOnCommitCallbacks(execute=True):
        partnership_services.partner_create_and_invite(
            by=karin,
            partner_fields={"name": TITLE, "org_number": next_org_number(), "sector": "civilsamhalle",
                            "category": "patient_org"},
            name=NAME, email="per@example.se",
        )

    [message] = mailoutbox
    assert message.subject == f"Inbjudan att företräda {TITLE} i SweCan"
    assert f"Hej {NAME}," in message.body
    assert f"{TITLE} är inbjuden" in message.body
    assert "Barn- &amp; ungdomscancer: &#x27;Vård&#x27;" in _html(message)
