from django.urls import path

import swecan.converters  # noqa: F401 - registers <secret:...>
from partnership.views import invitation, kansli, public, representative

urlpatterns = [
    path("partner/", public.partner_list, name="public_partner_list"),
    path("partner/<int:pk>/", public.partner_detail, name="public_partner_detail"),
    path("partner.csv", public.partner_csv, name="public_partner_csv"),
    path("partner.json", public.partner_json, name="public_partner_json"),
    path("inbjudan/<secret:token>/", invitation.invitation_accept, name="invitation_accept"),
    path("mitt-partnerskap/", representative.my_partner, name="my_partner"),
    path("mitt-partnerskap/avsiktsforklaring/", representative.declaration_sign, name="declaration_sign"),
    path("mitt-partnerskap/ersattare/", representative.deputy_invite, name="deputy_invite"),
    path("avsiktsforklaring/<int:pk>/pdf/", representative.declaration_pdf, name="declaration_pdf"),
    path("kansli/partner/", kansli.partner_list, name="kansli_partner_list"),
    path("kansli/partner/ny/", kansli.partner_create, name="kansli_partner_create"),
    path("kansli/partner/<int:pk>/", kansli.partner_detail, name="kansli_partner_detail"),
    path("kansli/partner/<int:pk>/andra/", kansli.partner_edit, name="kansli_partner_edit"),
    path("kansli/partner/<int:pk>/bjud-in/", kansli.partner_invite, name="kansli_partner_invite"),
    path("kansli/partner/<int:pk>/uttrade/", kansli.partner_withdraw, name="kansli_partner_withdraw"),
    path("kansli/partner/<int:pk>/historik/", kansli.partner_history, name="kansli_partner_history"),
    path("kansli/partner/<int:pk>/tackade-nej/", kansli.partner_declined, name="kansli_partner_declined"),
    path("kansli/inbjudan/<int:pk>/skicka-igen/", kansli.invitation_resend, name="kansli_invitation_resend"),
    path("kansli/inbjudan/<int:pk>/aterkalla/", kansli.invitation_revoke, name="kansli_invitation_revoke"),
    path("kansli/rostlangd/", kansli.voting_roll, name="kansli_voting_roll"),
    path("kansli/rostlangd/lagg-till/", kansli.voting_roll_add, name="kansli_voting_roll_add"),
    path("kansli/avsiktsforklaring/", kansli.declaration_texts, name="kansli_declaration_texts"),
    path("kansli/avsiktsforklaring/<int:pk>/skapa-pdf/", kansli.declaration_pdf_again,
         name="kansli_declaration_pdf_again"),
]
