import base64
import hashlib
from functools import cache

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # No open sign-up: accounts are created by following an invitation.
        return False


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

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
