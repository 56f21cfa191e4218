from django.urls import path

from nominations.views import committee

# The arbetsutskott's seats and officers -- nominations/views/committee.py
urlpatterns = [
    path("arbetsutskott/", committee.public_committee, name="public_committee"),
    path("arbetsutskott.json", committee.public_committee_json, name="public_committee_json"),
    path("kansli/arbetsutskott/", committee.committee, name="kansli_committee"),
    path("kansli/arbetsutskott/foresla/", committee.seat_propose, name="kansli_seat_propose"),
    path("kansli/arbetsutskott/plats/<int:pk>/ta-bort-forslag/", committee.seat_withdraw,
         name="kansli_seat_withdraw"),
    path("kansli/arbetsutskott/plats/<int:pk>/lamnar/", committee.seat_vacate, name="kansli_seat_vacate"),
    path("kansli/arbetsutskott/val/", committee.election_propose, name="kansli_election_propose"),
    path("kansli/arbetsutskott/uppdrag/<int:pk>/kontakt/", committee.officer_contact,
         name="kansli_officer_contact"),
]
