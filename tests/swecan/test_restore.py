"""swecan.restore: what someone posted after their session expired waits for them behind the login."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from swecan.restore import MAX_CHARS, SESSION_KEY, login_required_keeping_post, restored_post

pytestmark = pytest.mark.django_db


@login_required_keeping_post
def form_view(request):
    return HttpResponse(repr(restored_post(request)))


def _request(method, path, data=None, *, user=None, session=None):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = user or AnonymousUser()
    request.session = session if session is not None else SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_logged_out_post_is_kept_without_its_csrf_token_and_given_back_once(alice):
    session = SessionStore()
    response = form_view(_request("post", "/formular/", {"title": "Text", "csrfmiddlewaretoken": "x",
                                                         "tags": ["a", "b"]}, session=session))
    assert response.status_code == 302 and "next=/formular/" in response["Location"]
    assert session[SESSION_KEY] == {"path": "/formular/", "data": {"title": ["Text"], "tags": ["a", "b"]}}
    # Another page does not take it.
    assert form_view(_request("get", "/annat/", user=alice, session=session)).content == b"None"
    restored = form_view(_request("get", "/formular/", user=alice, session=session)).content.decode()
    assert restored == repr({"title": "Text", "tags": ["a", "b"]})
    assert form_view(_request("get", "/formular/", user=alice, session=session)).content == b"None"


def test_a_logged_out_get_keeps_nothing():
    session = SessionStore()
    assert form_view(_request("get", "/formular/", session=session)).status_code == 302
    assert SESSION_KEY not in session


def test_more_than_a_templates_worth_of_text_is_not_kept():
    session = SessionStore()
    form_view(_request("post", "/formular/", {"title": "x" * (MAX_CHARS + 1)}, session=session))
    assert SESSION_KEY not in session
