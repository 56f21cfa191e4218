"""Content-Security-Policy and Permissions-Policy on every response.

Django 5.2 has no CSP of its own; the portal's policy is one fixed string, so a
few lines of middleware serve better than a dependency.
"""

from django.conf import settings

# Every script and stylesheet is a file from the portal itself: no inline style
# or script anywhere (tests/swecan/test_security_headers.py keeps templates so),
# and htmx is told in base.html not to inject its indicator <style>.
# data: images are the TOTP QR code, which allauth renders as an SVG data URI.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# Browser features no page of the portal uses (TOTP and recovery codes need none;
# WebAuthn would need publickey-credentials-*).
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class SecurityHeadersMiddleware:
    """Sends the CSP (or, with CSP_REPORT_ONLY, only reports it) and the Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if settings.DEBUG and response.status_code >= 400:
            # Django's debug error pages are built with inline styles and scripts.
            return response
        header = (
            "Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY
            else "Content-Security-Policy"
        )
        response.headers.setdefault(header, CONTENT_SECURITY_POLICY)
        return response
