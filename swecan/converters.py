"""URL converters for secrets in paths (calendar feeds, invitations).

A value that no token could ever be (a NUL byte, another alphabet, too long)
never reaches a view or the database: the URL does not match, so it is a 404.
Our tokens are `secrets.token_urlsafe(...)`: the URL-safe base64 alphabet, at
most 64 characters (the calendar_token column's length).
"""

import re

from django.urls import register_converter

SECRET_PATTERN = r"[A-Za-z0-9_-]{1,64}"
_SECRET = re.compile(SECRET_PATTERN)


def is_possible_secret(value: str) -> bool:
    return bool(_SECRET.fullmatch(value or ""))


class SecretConverter:
    regex = SECRET_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Registered on import; every urls.py that uses <secret:...> imports this module.
register_converter(SecretConverter, "secret")
