"""Settings come from the environment and bad values stop start-up with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from swecan.env import email_settings, env_bool

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://swecan:secret@db.internal:5432/swecan",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:pw@smtp.internal:587",
    "SECRET_KEY": "x7!Qm2#pLr9$Vb4&Nt6*Hs8@Kd3^Wf5(Zc1)Yg0_Ju-Ea+Ti=Ro~Pl",
    "ALLOWED_HOSTS": "portal.swecan.se",
    "DEBUG": "false",
}


def run_manage(*args, env_overrides):
    # Only what the overrides say: nothing leaks in from the test run's own settings.
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(env_overrides)
    env["DATA_DIR"] = env_overrides.get("DATA_DIR", "/tmp/swecan-settings-test")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_passes_in_production_shape():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_missing_production_secret_stops_start_up():
    env = dict(PRODUCTION_ENV)
    del env["SECRET_KEY"]
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY måste vara satt" in result.stderr


def test_a_bad_boolean_stops_start_up():
    result = run_manage("check", env_overrides={**PRODUCTION_ENV, "DEBUG": "kanske"})
    assert result.returncode != 0
    assert "DEBUG='kanske' är inget giltigt sanningsvärde" in result.stderr


def test_embedded_default_needs_nothing_set():
    result = run_manage("check", env_overrides={})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("ON", True), ("no", False), ("0", False)]
)
def test_env_bool_accepts_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "yep")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_email_url_becomes_smtp_settings():
    parsed = email_settings("smtp+tls://user%40x:p%40ss@smtp.example.se:2525")
    assert parsed["EMAIL_HOST"] == "smtp.example.se"
    assert parsed["EMAIL_PORT"] == 2525
    assert parsed["EMAIL_HOST_USER"] == "user@x"
    assert parsed["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert parsed["EMAIL_USE_TLS"] is True


def test_unknown_email_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="okänt schema"):
        email_settings("pigeon://coop")


def test_time_zone_and_language(settings):
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.LANGUAGE_CODE == "sv"
    from django.utils import translation

    with translation.override("sv"):
        assert ("en", "Engelska") in [(code, str(name)) for code, name in settings.LANGUAGES]


def test_rules_import_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", "import sys, swecan.rules; assert 'django' not in sys.modules"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("key", ["change-me-to-a-long-random-string-before-any-real-use", "kort"])
def test_a_placeholder_or_short_secret_is_refused(key):
    result = run_manage("check", env_overrides={**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "platshållare eller är för kort" in result.stderr


def test_a_public_host_name_turns_debug_off_by_default():
    # Without a database URL, but with a real host name, nothing insecure is the default.
    env = {"ALLOWED_HOSTS": "portal.swecan.se"}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY måste vara satt" in result.stderr


def test_access_logs_do_not_keep_invitation_or_calendar_secrets():
    import logging

    from swecan.logging import RedactSecretPaths, redact

    line = 'GET /inbjudan/Zx9_secret-token/ HTTP/1.1 "https://portal/kalender/abc123.ics"'
    redacted = redact(line)
    assert "Zx9_secret-token" not in redacted and "abc123" not in redacted
    assert "/inbjudan/[dolt]/" in redacted

    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Gone: %s",
                               ("/inbjudan/Zx9_secret-token/",), None)
    RedactSecretPaths().filter(record)
    assert record.getMessage() == "Gone: /inbjudan/[dolt]/"
