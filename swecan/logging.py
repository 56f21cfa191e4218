"""Some links carry secrets in their paths; logs never keep them.

This is the one list of them. Each path segment after a prefix below is replaced,
also when the path is percent-encoded (a `?next=` or a Referer). A new URL with a
secret in its path goes here; tests/swecan/test_log_redaction.py fails until it does.
"""

import logging
import re

SECRET_PREFIXES = (
    "/inbjudan/",  # invitation tokens
    "/kalender/",  # personal calendar feed tokens
    "/password/reset/key/",  # allauth password-reset keys
    "/confirm-email/",  # allauth e-mail confirmation keys
)

_SLASH = "(?:/|%2[fF])"
SECRET_PATHS = re.compile(
    # a prefix, "/" also percent-encoded,
    "(" + "|".join(re.escape(p).replace("/", _SLASH) for p in SECRET_PREFIXES) + ")"
    # not allauth's .../key/done/ page (no secret there),
    + f"(?!done{_SLASH})"
    # then the secret: up to the next slash (either spelling), query, space or quote.
    + r"(?:(?!%2[fF])[^/\s?&\"'])+"
)


def redact(text: str) -> str:
    return SECRET_PATHS.sub(r"\1[dolt]", text)


class RedactSecretPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET_PATHS.search(message):
            record.msg, record.args = redact(message), ()
        return True
