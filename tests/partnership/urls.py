"""Used only while the real `invitation_accept` view is not mounted (see conftest)."""

from django.http import HttpResponse
from django.urls import include, path


def _invitation_stand_in(request, token):
    return HttpResponse(status=204)


urlpatterns = [
    path("inbjudan/<str:token>/", _invitation_stand_in, name="invitation_accept"),
    path("", include("swecan.urls")),
]
