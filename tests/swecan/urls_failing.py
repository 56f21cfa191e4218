"""The portal's URLs and one that fails, to see the 500 page as a visitor would."""

from django.urls import include, path


def fail(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [
    path("test-500/", fail),
    path("", include("swecan.urls")),
]
