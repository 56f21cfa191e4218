"""Accounts shared by the demo data and the test personas."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from swecan.models import User

DEMO_PASSWORD = "swecan-demo-2026"


def ensure_user(*, email: str, full_name: str, password: str, is_kansli: bool = False) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_kansli": is_kansli}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def ensure_totp(user: User, secret: str | None = None) -> str | None:
    """Activate TOTP for `user` unless already active; returns the new secret."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return None
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
