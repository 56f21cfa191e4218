"""No secret in a path reaches a log: gunicorn's access and error logs, Django's own."""

import datetime
import logging
import re
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver, reverse
from gunicorn.config import Config

from swecan.gunicorn_conf import RedactingLogger
from swecan.logging import RedactSecretPaths, redact

# Every URL with a secret in its path, with a made-up secret. A new one must be listed here
# and its prefix in swecan.logging.SECRET_PREFIXES (the last test below insists).
SECRET_URLS = [
    ("invitation_accept", {"token": "Zx9_inbjudan-hemlighet"}, "Zx9_inbjudan-hemlighet"),
    ("personal_calendar", {"token": "kalender_Hemlighet-42"}, "kalender_Hemlighet-42"),
    ("account_reset_password_from_key", {"uidb36": "3k", "key": "cz3b4e-9a1f2b3c4d5e6f7a8b9c"},
     "9a1f2b3c4d5e6f7a8b9c"),
    ("account_confirm_email", {"key": "MTI:1vAbcD:s3cretSignatur"}, "s3cretSignatur"),
]
# Parameters in these paths are ids or a fixed word (the kind of voting-roll list), not secrets.
NOT_SECRET = re.compile(r"^admin/|^kansli/moten/<int:pk>/rostlangd/<str:kind>/$")


def access_log_line(path: str) -> str:
    """The line gunicorn writes for a request to `path`, arriving from a page at `path`,
    with `path` again in ?next= (percent-encoded, as a browser sends it)."""
    query = "next=" + quote(path, safe="")
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"{path}?{query}", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://portal.example{path}", "HTTP_USER_AGENT": "test",
    }
    cfg = Config()
    cfg.set("access_log_format", cfg.access_log_format + ' "%(q)s" "%({referer}i)s"')
    logger = RedactingLogger(cfg)
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", headers=[], sent=100)
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=20))
    return cfg.access_log_format % logger.atoms_wrapper_class(atoms)


@pytest.mark.parametrize(("name", "kwargs", "secret"), SECRET_URLS, ids=[u[0] for u in SECRET_URLS])
def test_no_log_keeps_the_secret_in_the_path(name, kwargs, secret):
    path = reverse(name, kwargs=kwargs)
    assert secret in path

    line = access_log_line(path)
    assert secret not in line and quote(secret, safe="") not in line
    assert "[dolt]" in line

    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", (path,), None)
    RedactSecretPaths().filter(record)
    assert secret not in record.getMessage()


def test_the_gunicorn_error_log_does_not_keep_the_secret(caplog):
    path = reverse("invitation_accept", kwargs={"token": "Zx9_inbjudan-hemlighet"})
    logger = RedactingLogger(Config())
    logger.error_log.propagate = True  # let caplog see it
    try:
        with caplog.at_level(logging.ERROR, logger="gunicorn.error"):
            logger.error_log.error("Error handling request %s", path)
    finally:
        logger.error_log.propagate = False

    assert "Zx9_inbjudan-hemlighet" not in caplog.text
    assert "/inbjudan/[dolt]/" in caplog.text


@pytest.mark.django_db
def test_the_emailed_password_reset_link_is_redacted(client, mailoutbox):
    from swecan.demo_accounts import ensure_user

    ensure_user(email="alice@region.example", full_name="Alice Andersson", password="x-x-x-x-x-x-x")
    client.post(reverse("account_reset_password"), {"email": "alice@region.example"})

    link = re.search(r"https?://\S+/password/reset/key/\S+", mailoutbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    key = path.rstrip("/").rsplit("/", 1)[1].split("-", 1)[1]
    assert key not in redact(f'"GET /{path} HTTP/1.1" 200')


def test_the_password_reset_done_page_is_left_alone():
    done = reverse("account_reset_password_from_key_done")
    assert redact(done) == done


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.name, getattr(pattern.pattern, "converters", {})


def test_every_url_with_a_text_parameter_is_listed_as_secret_or_not():
    listed = {name for name, _kwargs, _secret in SECRET_URLS}
    unlisted = []
    for route, name, converters in _routes(get_resolver().url_patterns):
        has_text_parameter = "(?P<" in route or any(
            type(converter).__name__ != "IntConverter" for converter in converters.values()
        )
        if has_text_parameter and not NOT_SECRET.match(route) and name not in listed:
            unlisted.append(f"{name}: {route}")
    assert unlisted == [], (
        "A URL takes a text parameter: if it is a secret, add its prefix to "
        "swecan.logging.SECRET_PREFIXES and the URL to SECRET_URLS here."
    )
