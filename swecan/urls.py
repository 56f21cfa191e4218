from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from swecan import views, views_contact, views_gdpr

admin.autodiscover()
# The admin's own login goes through allauth: rate limits and MFA apply.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "SweCan – systemadministration"

urlpatterns = [
    path("", views.home, name="home"),
    path("arbetsordning/", views.rules_of_procedure, name="rules_of_procedure"),
    path("arbetsordning/version/<int:number>/", views.rules_of_procedure, name="rules_of_procedure_version"),
    path("kontakt/", views_contact.contact, name="contact"),
    path("kansli/ordforande/", views_contact.chair_contact_edit, {"role": "chair"}, name="kansli_chair_edit"),
    path("kansli/vice-ordforande/", views_contact.chair_contact_edit, {"role": "vice_chair"},
         name="kansli_vice_chair_edit"),
    path("mina-sidor/", views.dashboard, name="dashboard"),
    path("kansli/personer/", views_gdpr.person_list, name="kansli_person_list"),
    path("kansli/person/<int:pk>/data.json", views_gdpr.person_export, name="kansli_person_export"),
    path("kansli/person/<int:pk>/pseudonymisera/", views_gdpr.person_pseudonymise,
         name="kansli_person_pseudonymise"),
    path("", include("partnership.urls")),
    path("", include("meetings.urls")),
    path("", include("decisions.urls")),
    path("", include("nominations.urls")),
    path("", include("outbox.urls")),
    # The e-mail address is the identity the invitation proved; only the kansli changes it.
    path("konto/email/", views.email_change_closed, name="account_email"),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
