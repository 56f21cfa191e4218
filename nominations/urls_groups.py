from django.urls import path

from nominations.views import groups

# Working groups and expert panels -- nominations/views/groups.py
urlpatterns = [
    path("arbetsgrupper/", groups.public_groups, name="public_groups"),
    path("arbetsutskott/arbetsgrupper/", groups.committee_groups, name="committee_groups"),
    path("arbetsutskott/arbetsgrupper/ny/", groups.committee_group_new, name="committee_group_new"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/", groups.committee_group, name="committee_group"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/samrad/", groups.committee_group_agree, name="committee_group_agree"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/ordforande/", groups.committee_group_consult,
         name="committee_group_consult"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/forslag/", groups.committee_group_propose,
         name="committee_group_propose"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/medlemmar/", groups.committee_group_member_add,
         name="committee_group_member_add"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/medlemmar/<int:member_pk>/lamnar/",
         groups.committee_group_member_remove, name="committee_group_member_remove"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/moten/", groups.committee_group_meeting_plan,
         name="committee_group_meeting_plan"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/handlingar/", groups.committee_group_document_upload,
         name="committee_group_document_upload"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/handlingar/<int:document_pk>/",
         groups.committee_group_document, name="committee_group_document"),
    path("arbetsutskott/arbetsgrupper/<int:pk>/handlingar/<int:document_pk>/bifoga/",
         groups.committee_group_document_attach, name="committee_group_document_attach"),
]
