from django.urls import path

from decisions.views import kansli, members, public

urlpatterns = [
    # The public case register (diarium) -- decisions/views/public.py
    # Representatives: drafting, co-signing, consultations -- decisions/views/members.py
    # Preparers (the kansli now, the AU later) -- decisions/views/kansli.py
]
