from django.urls import path

from nominations.views import rounds

urlpatterns = [
    path("nominering/", rounds.public_nominations, name="public_nominations"),
    path("nominering/<int:pk>/nominera/", rounds.nomination_form, name="nomination_form"),
    path("nominering/<int:pk>/tack/", rounds.nomination_receipt, name="nomination_receipt"),
    path("kansli/nominering/", rounds.kansli_rounds, name="kansli_rounds"),
    path("kansli/nominering/<int:year>/", rounds.kansli_round, name="kansli_round"),
    path("kansli/nominering/inbjudan/<int:pk>/", rounds.kansli_call, name="kansli_call"),
    path("kansli/nominering/nominering/<int:pk>/", rounds.kansli_nomination, name="kansli_nomination"),
    path("kansli/verksamhetsar-1/", rounds.kansli_year1, name="kansli_year1"),
]
