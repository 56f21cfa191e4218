from django.urls import include, path

# Each part of the app has its own routes: the AU's seats and elections, working groups and
# the nomination round.
urlpatterns = [
    path("", include("nominations.urls_committee")),
    path("", include("nominations.urls_groups")),
    path("", include("nominations.urls_rounds")),
]
