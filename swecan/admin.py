from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from swecan.models import Pseudonymisation, RulesOfProcedure, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_kansli", "is_staff", "is_active"]
    list_filter = ["is_kansli", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Roller", {"fields": ["is_active", "is_kansli", "is_staff", "is_superuser", "groups"]}),
        ("Datum", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def has_delete_permission(self, request, obj=None):
        # A person's records (signatures, invitations, history) point at the account, so it
        # cannot be deleted; the kansli pseudonymises someone who has left instead
        # (/kansli/personer/, swecan/gdpr.py).
        return False


@admin.register(Pseudonymisation)
class PseudonymisationAdmin(SimpleHistoryAdmin):
    list_display = ["pseudonym", "done_at", "done_by"]

    # Made only by swecan.gdpr.person_pseudonymise, which rewrites the person's rows with it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RulesOfProcedure)
class RulesOfProcedureAdmin(SimpleHistoryAdmin):
    list_display = ["number", "effective_from", "adopted_note"]

    def has_delete_permission(self, request, obj=None):
        # Versions are history: a later version supersedes, nothing is deleted.
        return False
