"""A secret in a path that no token could ever be is a 404, before the database sees it."""

import pytest
from django.urls import reverse

from swecan.demo_accounts import ensure_user

pytestmark = pytest.mark.django_db

IMPOSSIBLE = [
    "%00",  # PostgreSQL refuses NUL in a string: this was a 500
    "abc%00def",
    "a" * 65,  # longer than any token we make
    "v%C3%A5rd",  # outside the URL-safe base64 alphabet
    "a.b",
    "%20",
]
PATHS = [f"/kalender/{value}.ics" for value in IMPOSSIBLE] + [f"/inbjudan/{value}/" for value in IMPOSSIBLE]

# Secrets in allauth's paths: not ours to route, but they must never be a 500 either.
ALLAUTH_PATHS = ["/konto/password/reset/key/1-%00/", "/konto/password/reset/key/%00-abc/",
                 "/konto/confirm-email/%00/"]


def _assert_not_found(client):
    for path in PATHS:
        assert client.get(path).status_code == 404, path
    for path in ALLAUTH_PATHS:
        assert client.get(path).status_code < 500, path


def test_impossible_secrets_in_paths_are_not_found(client):
    _assert_not_found(client)


@pytest.mark.postgres
def test_impossible_secrets_in_paths_are_not_found_on_postgresql(client):
    _assert_not_found(client)


def test_real_secrets_still_open_their_pages(client):
    user = ensure_user(email="per@example.se", full_name="Per", password="x")

    assert client.get(reverse("personal_calendar", args=[user.calendar_token])).status_code == 200
    # A well-formed but unknown invitation link explains itself (410), as before.
    assert client.get("/inbjudan/finns-inte/").status_code == 410
    assert client.get("/kalender/finns-inte.ics").status_code == 404
