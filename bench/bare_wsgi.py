"""The portal's WSGI application plus `/__ok`, a Django view that returns "ok", for
bench/public_pages.py only: nothing in the product changes.

The bare view sits behind the portal's own middleware (sessions, locale, CSRF, CSP, …),
so the ratio a page reaches against it measures the page's own work, as issue 8 asks.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "swecan.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from swecan.urls import urlpatterns as portal_urlpatterns  # noqa: E402


def ok(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("__ok", ok), *portal_urlpatterns]
# The handler reads ROOT_URLCONF on every request, so this module's patterns serve.
settings.ROOT_URLCONF = __name__
