from django.urls import path

import swecan.converters  # noqa: F401 - registers <secret:...>
from meetings.views import kansli, kansli_documents, kansli_notice, members

urlpatterns = [
    path("sammantraden/", members.public_meetings, name="public_meetings"),
    path("kalender.ics", members.public_calendar, name="public_calendar"),
    path("kalender/<secret:token>.ics", members.personal_calendar, name="personal_calendar"),
    path("moten/", members.my_meetings, name="my_meetings"),
    path("moten/kalenderlank/", members.calendar_token_reset, name="calendar_token_reset"),
    path("moten/<int:pk>/", members.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/narvaro/", members.attendance_register, name="meeting_attendance"),
    path("moten/<int:pk>/svar/", members.advance_answer, name="meeting_answer"),
    path("moten/<int:pk>/beslutsforhet/", members.quorum_panel, name="meeting_quorum"),
    path("moten/narvaro/<int:pk>/avgang/", members.attendance_depart, name="attendance_depart"),
    path("moten/dokument/<int:pk>/", members.document_download, name="document_download"),
    path("kansli/moten/", kansli.year_view, name="kansli_meetings"),
    path("kansli/moten/nytt/", kansli.meeting_create, name="kansli_meeting_create"),
    path("kansli/moten/<int:pk>/", kansli.meeting_manage, name="kansli_meeting"),
    path("kansli/moten/<int:pk>/andra/", kansli.meeting_edit, name="kansli_meeting_edit"),
    path("kansli/moten/<int:pk>/punkt/", kansli.agenda_item_add, name="kansli_agenda_add"),
    path("kansli/punkt/<int:pk>/andra/", kansli_documents.agenda_item_edit, name="kansli_agenda_edit"),
    path("kansli/dokument/<int:pk>/ersatt/", kansli_documents.document_replace,
         name="kansli_document_replace"),
    path("kansli/dokument/<int:pk>/aterkalla/", kansli_documents.document_withdraw,
         name="kansli_document_withdraw"),
    path("kansli/punkt/<int:pk>/flytta/", kansli.agenda_item_move, name="kansli_agenda_move"),
    path("kansli/punkt/<int:pk>/ta-bort/", kansli.agenda_item_remove, name="kansli_agenda_remove"),
    path("kansli/moten/<int:pk>/dokument/", kansli.document_upload, name="kansli_document_upload"),
    path("kansli/moten/<int:pk>/kallelse/", kansli_notice.notice_send, name="kansli_notice_send"),
    path("kansli/moten/<int:pk>/kallelse/forhandsvisning/", kansli_notice.notice_preview,
         name="kansli_notice_preview"),
    path("kansli/moten/<int:pk>/skicka-om/", kansli.notice_resend_failed, name="kansli_notice_resend"),
    path("kansli/moten/<int:pk>/narvaro/", kansli.attendance_roll, name="kansli_attendance"),
    path("kansli/moten/<int:pk>/narvaro.csv", kansli.attendance_csv, name="kansli_attendance_csv"),
    path("kansli/moten/<int:pk>/status/", kansli.meeting_state, name="kansli_meeting_state"),
]
