from django.urls import path

from decisions.views import kansli, members, minutes, public, public_decisions, roll, room
from decisions.views import speakers as speakers_views

urlpatterns = [
    # The public case register (diarium) -- decisions/views/public.py
    path("arenden/", public.public_cases, name="public_cases"),
    path("arenden.json", public.public_cases_json, name="public_cases_json"),
    path("arenden/<int:year>/<int:number>/", public.public_case, name="public_case"),
    path("arenden/bilaga/<int:pk>/", public.case_document_download, name="case_document_download"),
    # The published decisions -- decisions/views/public_decisions.py
    path("beslut/", public_decisions.public_decisions, name="public_decisions"),
    path("beslut.json", public_decisions.public_decisions_json, name="public_decisions_json"),
    path("beslut/atom.xml", public_decisions.public_decisions_feed, name="public_decisions_feed"),
    path("beslut/<int:pk>/", public_decisions.public_decision, name="public_decision"),
    # Representatives: drafting, co-signing, consultations -- decisions/views/members.py
    path("mina-arenden/", members.my_cases, name="my_cases"),
    path("mina-arenden/nytt/", members.case_new, name="case_new"),
    path("mina-arenden/<int:pk>/", members.my_case, name="my_case"),
    path("mina-arenden/<int:pk>/inlamnat/", members.case_submitted, name="case_submitted"),
    path("mina-arenden/<int:pk>/medundertecknare/", members.case_cosign_request, name="case_cosign_request"),
    path("mina-arenden/<int:pk>/aterkalla/", members.case_withdraw, name="case_withdraw"),
    path("mina-arenden/<int:pk>/bilaga/", members.case_attach, name="case_attach"),
    path("medundertecknande/<int:pk>/", members.cosignature_confirm, name="cosignature_confirm"),
    path("remisser/<int:pk>/", members.consultation_answer, name="consultation_answer"),
    # Preparers (the kansli now, the AU later) -- decisions/views/kansli.py
    path("kansli/arenden/", kansli.inbox, name="kansli_cases"),
    path("kansli/arenden/<int:pk>/", kansli.case_detail, name="kansli_case"),
    path("kansli/arenden/<int:pk>/bered/", kansli.case_prepare, name="kansli_case_prepare"),
    path("kansli/arenden/<int:pk>/arbetsgrupp/", kansli.case_group, name="kansli_case_group"),
    path("kansli/arenden/<int:pk>/remiss/", kansli.consultation_new, name="kansli_consultation_new"),
    path("kansli/arenden/<int:pk>/forslag/", kansli.case_proposal, name="kansli_case_proposal"),
    path("kansli/arenden/<int:pk>/berett/", kansli.case_mark_prepared, name="kansli_case_mark_prepared"),
    path("kansli/arenden/<int:pk>/dagordning/", kansli.case_put_on_agenda, name="kansli_case_agenda"),
    path("kansli/arenden/<int:pk>/rattelse/", kansli.case_correct, name="kansli_case_correct"),
    path("kansli/arenden/bilaga/<int:pk>/undanhall/", kansli.document_withhold,
         name="kansli_case_document_withhold"),
    path("kansli/arenden/bilaga/<int:pk>/visa/", kansli.document_release, name="kansli_case_document_release"),
    path("kansli/arbetsgrupper/<int:pk>/", kansli.group_edit, name="kansli_group_edit"),
    path("kansli/remisser/<int:pk>/", kansli.consultation_detail, name="kansli_consultation"),
    # The meeting room -- decisions/views/room.py
    path("kansli/moten/<int:pk>/sammantradet/", room.meeting_room, name="meeting_room"),
    path("kansli/sammantradet/punkt/<int:pk>/konsensus/", room.decide_by_consensus, name="room_consensus"),
    path("kansli/sammantradet/punkt/<int:pk>/omrostning/", room.vote_open, name="room_vote_open"),
    path("kansli/sammantradet/jav/<int:pk>/", room.conflict_rule, name="room_conflict_rule"),
    path("kansli/omrostning/<int:pk>/handupprackning/", room.ballot_record, name="room_ballot_record"),
    path("kansli/omrostning/<int:pk>/avsluta/", room.vote_close, name="room_vote_close"),
    path("kansli/omrostning/<int:pk>/publicera/", room.vote_publish, name="room_vote_publish"),
    path("kansli/omrostning/<int:pk>/status/", room.vote_progress_panel, name="vote_progress_panel"),
    path("kansli/omrostning/<int:pk>.csv", room.vote_csv, name="vote_csv"),
    path("moten/omrostning/<int:pk>/", room.vote_ballot, name="vote_ballot"),
    path("moten/punkt/<int:pk>/jav/", room.conflict_declare, name="conflict_declare"),
    # The voting roll as a decision -- decisions/views/roll.py
    path("kansli/moten/<int:pk>/rostlangd/<str:kind>/", roll.roll_compile, name="kansli_roll_compile"),
    path("kansli/rostlangd/<int:year>/forslag/", roll.roll_year, name="kansli_roll_year"),
    # The speakers' list (talarlista) -- decisions/views/speakers.py
    path("kansli/sammantradet/punkt/<int:pk>/talarlista/", speakers_views.speakers_panel, name="speakers_panel"),
    path("kansli/sammantradet/punkt/<int:pk>/talarlista/stang/", speakers_views.speakers_close,
         name="room_speakers_close"),
    path("kansli/sammantradet/punkt/<int:pk>/talarlista/oppna/", speakers_views.speakers_reopen,
         name="room_speakers_reopen"),
    path("kansli/talarlista/<int:pk>/ge-ordet/", speakers_views.floor_give, name="room_floor_give"),
    path("kansli/talarlista/<int:pk>/klar/", speakers_views.floor_finish, name="room_floor_finish"),
    path("moten/punkt/<int:pk>/ordet/", speakers_views.floor_request, name="floor_request"),
    path("moten/punkt/<int:pk>/talarlista/", speakers_views.floor_panel, name="floor_panel"),
    path("moten/talarlista/<int:pk>/ta-tillbaka/", speakers_views.floor_withdraw, name="floor_withdraw"),
    # The minutes (protokoll) -- decisions/views/minutes.py
    path("kansli/moten/<int:pk>/protokoll/", minutes.kansli_minutes, name="kansli_minutes"),
    path("kansli/moten/<int:pk>/protokoll/rattelse/", minutes.kansli_minutes_correct, name="kansli_minutes_correct"),
    path("protokoll/", minutes.public_minutes_list, name="public_minutes_list"),
    path("protokoll/<int:pk>/", minutes.public_minutes, name="public_minutes"),
    path("protokoll/<int:pk>/version/<int:number>/", minutes.public_minutes, name="public_minutes_revision"),
    path("protokoll/<int:pk>/version/<int:number>.pdf", minutes.minutes_pdf, name="minutes_pdf"),
]
