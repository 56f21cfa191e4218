import base64
import hashlib
from functools import cache

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    # allauth's own Swedish says "Epost-adressen" and "inlogging": the portal's words instead.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("E-postadressen eller lösenordet är fel."),
        "invalid_login": _("Inloggningen misslyckades."),
        "invalid_or_expired_key": _("Länken är ogiltig eller för gammal."),
        "invalid_password_reset": _("Länken för att återställa lösenordet är ogiltig."),
        "unknown_email": _("Ingen användare har den e-postadressen."),
        "email_taken": _("Det finns redan ett konto med den e-postadressen."),
    }

    def is_open_for_signup(self, request):
        # No open sign-up: accounts are created by following an invitation.
        return False

    def format_email_subject(self, subject: str) -> str:
        # allauth would put the host ("[127.0.0.1:8801]") before every subject.
        return f"SweCan: {subject}"

    def send_mail(self, template_prefix, email, context):
        # The sign-off links to the portal's address, as every other e-mail of the portal does.
        return super().send_mail(template_prefix, email, {"site_url": settings.SITE_URL, **context})


# Marks a value we encrypted; anything else stored is a plaintext secret from before.
ENCRYPTED_PREFIX = "enc1:"


@cache
def _fernet(key_material: str) -> Fernet:
    # Any secret string becomes a Fernet key; the label keeps it apart from other uses.
    digest = hashlib.sha256(b"swecan-mfa-secrets:" + key_material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_secret(text: str) -> str:
    if text.startswith(ENCRYPTED_PREFIX):
        return text
    token = _fernet(settings.MFA_ENCRYPTION_KEY).encrypt(text.encode()).decode()
    return ENCRYPTED_PREFIX + token


def decrypt_secret(stored: str) -> str:
    if not stored.startswith(ENCRYPTED_PREFIX):
        return stored  # written before encryption; the migration encrypts these
    token = stored.removeprefix(ENCRYPTED_PREFIX).encode()
    return _fernet(settings.MFA_ENCRYPTION_KEY).decrypt(token).decode()


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (Fernet)."""

    # The portal says "tvåstegsverifiering" where allauth's Swedish says "tvåfaktorsautentisering".
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _("Tvåstegsverifieringen kan inte stängas av för ditt konto."),
        "cannot_generate_recovery_codes": _("Reservkoder kan bara skapas när tvåstegsverifiering är påslagen."),
        "incorrect_code": _("Koden stämmer inte. Skriv den kod som appen visar just nu."),
    }

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
