"""Public pages served from memory until something they show changes (issue 8 § 5).

`@public_page` keeps the rendered page for anonymous GET and HEAD requests, per host,
path + query, language and day, in this process's memory. Each entry remembers the
*generation* it was rendered at; the generation lives in the shared cache (Redis, or the
embedded file cache), and any save or delete of a model in PUBLIC_MODELS replaces it, so
every process re-renders on its next request. Never a stale page:

- the generation is read before the page is rendered, so a change that commits during a
  render leaves an entry that is already out of date;
- a change bumps the generation at once and again on commit: a page rendered between the
  two (from the data before the commit) is dropped by the second bump;
- the day is in the key (the arbetsordning in force, year caps, "genomfört" by date), and a
  view that shows something finer than the day passes `max_age` (/sammantraden/: 60 s);
- while Redis cannot be reached the shared generation is not shared, so nothing is cached
  or served from cache; a change made then is bumped again once Redis answers.
Entries are per process, so a new release (new processes) never serves an old template.

Logged-in users are never served from or stored into the cache (their header differs).
Flash messages bypass it too. The CSP is one fixed string (swecan/headers.py): pages carry
no nonce. The one per-visitor value in a public page is the CSRF token of the header's
forms: it is stored as a placeholder and each response gets the visitor's own token.

Responses carry ETag (a hash of the page) and Last-Modified (when it was rendered) and
`Cache-Control: no-cache`, so a browser asks again each time and gets a 304 when unchanged.
"""

import collections
import functools
import hashlib
import re
import secrets
import threading
import time

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _unmask_cipher_token,
    get_token,
)
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

# Everything a public page shows comes from these models: a save, delete or m2m change of
# any of them invalidates every public page. Add a model here when a public page shows it.
PUBLIC_MODELS = (
    "partnership.Partner",          # /partner/, /partner/<id>/, .csv, .json
    "meetings.Meeting",             # /sammantraden/, /kalender.ics
    "meetings.AgendaItem",          # agendas on /sammantraden/ and in the calendar
    "meetings.Document",            # public documents on /sammantraden/
    "swecan.RulesOfProcedure",      # /arbetsordning/ and its versions
    "swecan.ChairContact",          # /kontakt/ and the chair named on public pages (§ 7)
    "decisions.Case",               # /arenden/, /arenden/<år>/<nr>/, /arenden.json
    "decisions.CoSignature",        # the submitting partners in the case register
    "decisions.CaseDocument",       # a case's public attachments
    "decisions.Consultation",       # a consultation's summary on the case's page
    "decisions.PreparationGroup",   # the group preparing a case, named on its page
    "decisions.Decision",           # /beslut/, /beslut/<pk>/, /beslut.json, /beslut/atom.xml
    "decisions.Vote",               # a vote's decision is public once its result or minutes are
    "decisions.ConflictDeclaration",  # conflicts and the chair's rulings on a decision's page
    "decisions.Minutes",            # /protokoll/ and the state of each meeting's minutes
    "decisions.MinutesRevision",    # /protokoll/<id>/ and its versions
    "nominations.NominationRound",  # /nominering/: the round and, once decided, its outcome
    "nominations.Call",             # /nominering/: each sector's criteria and deadline
    "nominations.Nomination",       # /nominering/: the organisations admitted (on the list)
    "nominations.Seat",             # /arbetsutskott/, /arbetsutskott.json
    "nominations.Officer",          # the AU's chair and vice chair and their contact (§ 7)
    "partnership.Representative",   # the AU chair's name on /arbetsutskott/
    "nominations.WorkingGroup",     # /arbetsgrupper/
    "nominations.GroupMember",      # the members' organisations on /arbetsgrupper/
)

GENERATION_KEY = "public-pages:generation"
DEFAULT_MAX_AGE = 15 * 60  # also bounds a change lost while Redis was down (see _bump)
MAX_ENTRIES = 500  # path + query is in the key: many distinct queries only evict

_PLACEHOLDER = b"@@swecan-csrf-token@@"
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

_entries: collections.OrderedDict = collections.OrderedDict()
_lock = threading.Lock()
_bump_owed = False


class _Entry:
    __slots__ = ("body", "etag", "generation", "headers", "last_modified", "expires", "has_token")

    def __init__(self, *, body, headers, generation, max_age):
        self.body = body
        self.headers = headers
        self.generation = generation
        self.etag = _etag(body)
        self.last_modified = time.time()
        self.expires = self.last_modified + max_age
        self.has_token = _PLACEHOLDER in body


def public_page(view=None, *, max_age: int = DEFAULT_MAX_AGE):
    """Serve the view's page to anonymous visitors from memory while nothing it shows changed."""
    if view is None:
        return functools.partial(public_page, max_age=max_age)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        generation = _generation()
        if generation is None:  # the shared cache is not reachable: nothing is shared now
            return _conditional(request, view(request, *args, **kwargs))
        key = (request.get_host(), request.is_secure(), request.get_full_path(),
               translation.get_language(), timezone.localdate().toordinal())
        entry = _get(key)
        if entry is None or entry.generation != generation:
            response = view(request, *args, **kwargs)
            entry = _store(key, request, response, generation, max_age)
            if entry is None:
                return _conditional(request, response)
        return _respond(request, entry)

    return wrapper


def pages_changed():
    """Something a public page shows changed: re-render every public page, now and on commit."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def clear_local():
    """Forget this process's pages (tests; the shared generation is untouched)."""
    with _lock:
        _entries.clear()


def connect_signals():
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-pages-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-pages-delete-{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(_changed, sender=field.remote_field.through,
                                dispatch_uid=f"public-pages-m2m-{label}-{field.name}")
    # A data migration writes through historical models, which send no signals above.
    post_migrate.connect(_changed, dispatch_uid="public-pages-migrate")


def _changed(sender, **kwargs):
    pages_changed()


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    # A flash message belongs to this visitor's page only.
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def _shared() -> bool:
    # swecan.cache.FailOpenRedisCache falls back to per-process memory while Redis is down.
    available = getattr(cache, "available", None)
    return available() if available else True


def _generation():
    if not _shared():
        return None
    if _bump_owed:
        _bump()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        generation = cache.get(GENERATION_KEY)
    return generation if _shared() else None


def _bump():
    global _bump_owed
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    # Had Redis gone, the new generation reached only this process's memory: bump again
    # as soon as Redis answers (and at the latest, entries expire after their max_age).
    _bump_owed = not _shared()


def _get(key):
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            if entry.expires <= time.time():
                del _entries[key]
                return None
            _entries.move_to_end(key)
        return entry


def _store(key, request, response, generation, max_age):
    if (response.status_code != 200 or response.streaming or response.cookies
            or response.has_header("Cache-Control")):
        return None
    body = _without_csrf_token(request, response.content)
    headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
    entry = _Entry(body=body, headers=headers, generation=generation, max_age=max_age)
    with _lock:
        _entries[key] = entry
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return entry


def _without_csrf_token(request, body: bytes) -> bytes:
    secret = request.META.get("CSRF_COOKIE")
    if not secret or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return body  # the page did not use the token

    def replace(match):
        token = match.group(0).decode("ascii")
        return _PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group(0)

    return _TOKEN.sub(replace, body)


def _visitor_token(request) -> str:
    """Django's get_token (a fresh mask over the visitor's secret), with the mask drawn from the
    OS in one call instead of 32: it is most of what serving a cached page costs."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token does: renew the cookie
    mask = _random_chars(CSRF_SECRET_LENGTH)
    chars = CSRF_ALLOWED_CHARS
    cipher = "".join(chars[(chars.index(x) + chars.index(y)) % len(chars)] for x, y in zip(secret, mask, strict=True))
    return mask + cipher


def _random_chars(length: int) -> str:
    # 248 = 4 × 62: bytes above it are dropped, so every character is equally likely.
    limit = len(CSRF_ALLOWED_CHARS) * (256 // len(CSRF_ALLOWED_CHARS))
    drawn = []
    while len(drawn) < length:
        drawn += [CSRF_ALLOWED_CHARS[b % len(CSRF_ALLOWED_CHARS)] for b in secrets.token_bytes(length) if b < limit]
    return "".join(drawn[:length])


def _respond(request, entry: _Entry):
    body = entry.body
    if entry.has_token:
        body = body.replace(_PLACEHOLDER, _visitor_token(request).encode("ascii"))
    response = HttpResponse(body)
    for name, value in entry.headers:
        response[name] = value
    _validators(response, entry.etag, entry.last_modified)
    return get_conditional_response(request, etag=entry.etag, last_modified=int(entry.last_modified),
                                    response=response)


def _conditional(request, response):
    """A page rendered but not kept (Redis down, not a 200) still answers conditional GETs."""
    if response.status_code != 200 or response.streaming or response.has_header("Cache-Control"):
        return response
    etag = _etag(_without_csrf_token(request, response.content))
    now = time.time()
    _validators(response, etag, now)
    return get_conditional_response(request, etag=etag, last_modified=int(now), response=response)


def _etag(body: bytes) -> str:
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def _validators(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Ask every time: the answer is a 304 while the page is unchanged.
    response["Cache-Control"] = "no-cache"

