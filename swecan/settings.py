"""Settings for the SweCan Portal, read from the environment.

With nothing set, the portal runs embedded: SQLite in ./data, Celery tasks
eagerly in-process, e-mail to the console. Setting DATABASE_URL, REDIS_URL (or
CELERY_BROKER_URL), EMAIL_URL, SECRET_KEY and ALLOWED_HOSTS gives the
production shape. See the configuration table in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from swecan.env import (
    email_settings,
    env_bool,
    env_date,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "data")))

DATABASE_URL = env_str("DATABASE_URL")
REDIS_URL = env_str("REDIS_URL")
EMBEDDED = DATABASE_URL is None

# Embedded runs are for a laptop: DEBUG on unless said otherwise. A real
# database or a public host name means production, where nothing insecure is
# the default.
DEBUG = env_bool("DEBUG", default=EMBEDDED and "ALLOWED_HOSTS" not in os.environ)

_DEV_KEY = "embedded-development-key-not-for-production"
SECRET_KEY = env_str("SECRET_KEY")
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY måste vara satt när DEBUG är av (produktionsläge).")
    if len(SECRET_KEY) < 40 or SECRET_KEY.startswith(("change-me", _DEV_KEY)):
        raise ImproperlyConfigured(
            "SECRET_KEY ser ut som en platshållare eller är för kort (minst 40 slumpmässiga tecken)."
        )
SECRET_KEY = SECRET_KEY or _DEV_KEY
# Encrypts TOTP secrets at rest (swecan.adapters.MFAAdapter). Derived from SECRET_KEY
# unless set; set it on its own before rotating SECRET_KEY, or the secrets cannot be read.
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY")
if MFA_ENCRYPTION_KEY and not DEBUG and len(MFA_ENCRYPTION_KEY) < 32:
    raise ImproperlyConfigured("MFA_ENCRYPTION_KEY är för kort (minst 32 slumpmässiga tecken).")
MFA_ENCRYPTION_KEY = MFA_ENCRYPTION_KEY or SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS måste vara satt när DEBUG är av.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "swecan",
    "partnership",
    "meetings",
    "decisions",
    "nominations",
    "outbox",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "swecan.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "swecan.middleware.RequireKansliMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "swecan.urls"
WSGI_APPLICATION = "swecan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Databases -----------------------------------------------------------------
if EMBEDDED:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "swecan.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
else:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: login rate limits must be shared between processes. With Redis down the
# cache falls back to each process's memory (swecan/cache.py): logging in keeps working.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "swecan.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "swecan",
            # A Redis that does not answer costs a login two seconds, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
        }
    }

# Celery ----------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "swecan")
# The outbox (outbox/services.py): every e-mail and PDF is retried until done or failed.
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 30)
OUTBOX_SWEEP_GRACE = min(20, OUTBOX_SWEEP_SECONDS)  # a fresh message is left to its own dispatch
OUTBOX_RETRY_AFTER = env_int("OUTBOX_RETRY_AFTER", 60)  # then doubling, at most an hour
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6)
# A claim older than this belongs to a worker that died (longer than a run's time limit).
OUTBOX_STALE_AFTER = env_int("OUTBOX_STALE_AFTER", 120)
OUTBOX_OVERDUE_AFTER = env_int("OUTBOX_OVERDUE_AFTER", 15 * 60)
# A task a worker took but never acknowledged (acks_late) goes back to the queue after
# this; longer than a run can take, so a slow run is never handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": max(300, 2 * OUTBOX_STALE_AFTER)}
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {
        "task": "outbox.tasks.sweep",
        "schedule": OUTBOX_SWEEP_SECONDS,
    },
    "meeting-reminders": {
        "task": "meetings.tasks.send_reminders",
        "schedule": 60 * 60 * 24,  # daily; reminders_due() is idempotent per person and meeting
    },
    "minutes-due-reminders": {
        "task": "decisions.tasks.remind_minutes_due",
        "schedule": 60 * 60 * 6,  # four times a day; once per meeting, day and officer (outbox key)
    },
    "mandates-ending-reminders": {
        "task": "nominations.tasks.remind_mandates_ending",
        "schedule": 60 * 60 * 24,  # daily; once per AU mandate and officer (outbox key)
    },
    "rules-review-reminder": {
        "task": "nominations.tasks.remind_rules_review",
        "schedule": 60 * 60 * 24,  # daily; sends once a year from 1 February (§ 9, a Reminder per year)
    },
}

# E-mail ----------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    globals().update(email_settings(EMAIL_URL))
elif env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SweCans kansli <kansli@swecan.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# Accounts --------------------------------------------------------------------
AUTH_USER_MODEL = "swecan.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_ADAPTER = "swecan.adapters.AccountAdapter"
# The password forms with the portal's labels ("Upprepa det nya lösenordet").
ACCOUNT_FORMS = {
    "change_password": "swecan.account_forms.ChangePasswordForm",
    "set_password": "swecan.account_forms.SetPasswordForm",
    "reset_password_from_key": "swecan.account_forms.ResetPasswordKeyForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# A reset request for an unknown address sends nothing (the page reads the same either way).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Accounts are created only from invitations, whose token proves the address.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
# Behind the TLS proxy every request comes from the proxy's address: allauth takes the
# client's address from X-Forwarded-For, counting this many proxies of ours from the right.
# Left at 0 behind a proxy, the per-address limits below are one limit for everyone.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
# Failed logins: per client address and per account (key = the e-mail address typed).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SweCan"
MFA_ADAPTER = "swecan.adapters.MFAAdapter"
# Only for the embedded demo on a laptop: a fixed second-factor code, so the
# demo kansli account can log in without an authenticator app. allauth itself
# refuses this setting unless DEBUG is on.
if DEBUG and EMBEDDED and env_str("DEMO_TOTP_CODE"):
    MFA_TOTP_INSECURE_BYPASS_CODE = env_str("DEMO_TOTP_CODE")

# Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# Static and uploaded files ------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Uploaded files are never served directly: views check who may read them.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Files browsers ask for at the site's root (/favicon.ico), served as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# Security ----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Send the Content-Security-Policy as Report-Only (violations reported, nothing blocked).
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Only for trying the production shape on plain http (docker compose locally).
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# SweCan ------------------------------------------------------------------------
# The first day of operating year 1 (§ 8); years count from here.
SWECAN_YEAR1_START = env_date("SWECAN_YEAR1_START", "2026-01-01")
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 30)
# Every deputy invitation is an e-mail from the kansli's address with a representative's
# words in it: a representative may send a few, not a stream (the kansli has no limit).
DEPUTY_INVITATIONS_PER_USER_PER_HOUR = 3
DEPUTY_INVITATIONS_PER_PARTNER_PER_DAY = 5
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "swecan.logging.RedactSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

DATA_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
