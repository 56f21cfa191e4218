from django.shortcuts import redirect
from django.urls import reverse


class RequireKansliMFAMiddleware:
    """Kansli and admin accounts must activate TOTP before doing anything else.

    allauth has no per-group enforcement, so we send such a user to the TOTP
    activation page until they have an authenticator.
    """

    ALLOWED_PREFIXES = ("/konto/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.needs_mfa
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not _has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    # Cached on the user object so one request costs at most one query.
    if not hasattr(user, "_has_totp"):
        user._has_totp = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return user._has_totp
